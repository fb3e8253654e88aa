import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getUserBalance } from "@/lib/account/get-user-balance";
import { requireSession } from "@/lib/auth/guards";
import { listActiveSessions } from "@/lib/auth/sessions";
import { consoleContext } from "@/lib/usage/console-context";
import { getLowBalanceThreshold } from "@/lib/usage/low-balance-threshold";
import { formatUsdExact } from "@/lib/money";
import { SettingsPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

// GET /settings – profile, password, low-balance alert, active sessions, delete account
export default async function SettingsPage() {
  const { user, sessionId } = await requireSession({ returnTo: "/settings" });
  const [sessions, threshold, balance, context] = await Promise.all([
    listActiveSessions({ userId: user.id, currentSessionId: sessionId }),
    getLowBalanceThreshold({ userId: user.id }),
    getUserBalance(user.id),
    consoleContext(),
  ]);
  return (
    <SettingsPageClient
      email={user.email}
      name={user.name ?? ""}
      threshold={threshold === null ? "" : formatUsdExact(threshold).replace(/\.?0+$/, "")}
      sessions={sessions.map((s) => ({ id: s.id, ip: s.ip, userAgent: s.userAgent, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), isCurrent: s.isCurrent }))}
      balance={{ paid: balance.paid.toString(), trial: balance.trial.toString(), total: balance.total.toString() }}
      {...context}
    />
  );
}
