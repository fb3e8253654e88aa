"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { EmailLinkForm } from "@/components/auth/email-link-form";
import { Button } from "@/components/ui/button";

const RESEND_ENDPOINT = "/api/auth/verify-email/resend";

/** "Send the link again" for an address the page already knows (after sign-up, after an unconfirmed sign-in). */
export function ResendLinkButton({ email, label, busyLabel, sentMessage }: { email: string; label: string; busyLabel: string; sentMessage: string }) {
  const tCommon = useTranslations("common");
  const [state, setState] = useState<{ isBusy: boolean; isSent: boolean; error: string | null }>({ isBusy: false, isSent: false, error: null });

  const resend = async () => {
    setState({ isBusy: true, isSent: false, error: null });
    // The answer is the same whatever the address, so only throttling and bad input are errors.
    const result = await postJson(RESEND_ENDPOINT, { email });
    setState({ isBusy: false, isSent: result.ok, error: result.ok ? null : (result.fieldErrors.email ?? result.message ?? tCommon("networkError")) });
  };

  return (
    <div className="space-y-3">
      {state.isSent && (
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="verification-resent" role="status">
          {sentMessage}
        </p>
      )}
      {state.error && (
        <p className="text-sm text-red-600 dark:text-red-400" role="alert">
          {state.error}
        </p>
      )}
      <Button type="button" variant="outline" className="w-full" isLoading={state.isBusy} onClick={() => void resend()} data-testid="resend-verification">
        {state.isBusy ? busyLabel : label}
      </Button>
    </div>
  );
}

/** The expired/used link page: enter the address to get a new link. */
export function ResendForm() {
  const t = useTranslations("auth.verifyEmail");
  return (
    <EmailLinkForm
      endpoint={RESEND_ENDPOINT}
      sentTestId="verification-resent"
      texts={{ email: t("email"), submit: t("submit"), submitting: t("submitting"), backToSignIn: t("backToSignIn"), sent: (email) => t("sent", { email }) }}
    />
  );
}
