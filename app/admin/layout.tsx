import type { Metadata } from "next";
import { ADMIN_NAVIGATION } from "@/config/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { requireOperator } from "@/lib/auth/guards";

export const metadata: Metadata = { robots: { index: false, follow: false } };

// The operator console: operators only; everyone else gets a 404.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireOperator();
  return (
    <AppShell area="admin" sections={ADMIN_NAVIGATION} user={{ email: user.email, name: user.name, isOperator: user.isOperator }}>
      {children}
    </AppShell>
  );
}
