import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { FormHeading } from "@/components/auth/form-heading";
import { Alert } from "@/components/ui/alert";
import { getCurrentSession } from "@/lib/auth/current-session";
import { inspectInvitation } from "@/lib/orgs/invitations/accept-invitation";
import { AcceptInvitation } from "./accept-invitation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orgs.accept"))("metaTitle"), robots: { index: false } };
}

// GET /invite/:token – what an invitation is (or why it no longer works); join signed in, or sign up and join in one step
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await getCurrentSession();
  const [t, format, preview] = await Promise.all([
    getTranslations("orgs"),
    getFormatter(),
    inspectInvitation({ token, viewer: session ? { id: session.user.id, email: session.user.email } : null }),
  ]);
  const problem = preview ? preview.problem : "invalid";
  if (!preview || problem) {
    const key = problem ?? "invalid";
    return (
      <div data-testid="invite-problem" data-problem={key}>
        <FormHeading title={t(`accept.problems.${key}.title`, { org: preview?.orgName ?? "" })} subtitle={t(`accept.problems.${key}.body`, { email: preview?.maskedEmail ?? "", org: preview?.orgName ?? "" })} />
        {session && (
          <Alert tone="info" className="mt-6">
            {t("accept.signedInAs", { email: session.user.email })}
          </Alert>
        )}
      </div>
    );
  }
  const role = t(`roles.${preview.role}`);
  return (
    <>
      <FormHeading
        title={t("accept.title", { org: preview.orgName })}
        subtitle={preview.inviter ? t("accept.invitedBy", { inviter: preview.inviter, org: preview.orgName, role }) : t("accept.invited", { org: preview.orgName, role })}
      />
      <div className="mt-4 space-y-1 text-sm text-zinc-500 dark:text-zinc-400">
        {preview.maskedEmail && <p>{t("accept.forEmail", { email: preview.maskedEmail })}</p>}
        <p>{t("accept.expires", { date: format.dateTime(new Date(preview.expiresAt), { dateStyle: "medium", timeStyle: "short" }) })}</p>
        <p className="text-xs">{t(`roleHints.${preview.role}`)}</p>
      </div>
      <AcceptInvitation token={token} orgName={preview.orgName} signedInEmail={session?.user.email ?? null} />
    </>
  );
}
