import { CONSOLE_NAVIGATION } from "@/config/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { getUserBalance } from "@/lib/account/get-user-balance";
import { requireSession } from "@/lib/auth/guards";
import { formatUsd } from "@/lib/money";

// The customer console: every page under (console) requires a signed-in user.
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireSession();
  const balance = await getUserBalance(user.id);
  return (
    <AppShell area="console" sections={CONSOLE_NAVIGATION} user={{ email: user.email, name: user.name, isOperator: user.isOperator }} balance={formatUsd(balance.available)}>
      {children}
    </AppShell>
  );
}
