import { CONSOLE_NAVIGATION } from "@/config/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { ContextSwitcher } from "@/components/orgs/context-switcher";
import { getCurrentSession } from "@/lib/auth/current-session";
import { formatUsd } from "@/lib/money";
import { getContextBalance } from "@/lib/orgs/context-balance";
import { pageWalletOwner } from "@/lib/orgs/console-scope";
import { listOrganizations } from "@/lib/orgs/list-organizations";

// The customer console: every page under (console) requires a signed-in user; the top bar shows the balance of the
// selected context (personal or an organization, when the role may see it). Signed out, the layout leaves the
// redirect to the page, which knows its own address: /login?next=/usage brings the user back to /usage (a layout
// cannot tell which page it wraps, and its redirect won the race with the page's).
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await getCurrentSession();
  if (!session) return <>{children}</>;
  const { user } = session;
  const [{ context, owner }, organizations] = await Promise.all([pageWalletOwner(user.id), listOrganizations({ userId: user.id })]);
  const balance = owner ? await getContextBalance(owner) : null;
  const switcher = (
    <ContextSwitcher
      organizations={organizations.map(({ id, name, role }) => ({ id, name, role }))}
      currentOrgId={context.kind === "org" ? context.access.orgId : null}
    />
  );
  return (
    <AppShell
      area="console"
      sections={CONSOLE_NAVIGATION}
      user={{ email: user.email, name: user.name, isOperator: user.isOperator }}
      balance={balance ? formatUsd(balance.available) : undefined}
      contextSwitcher={switcher}
    >
      {children}
    </AppShell>
  );
}
