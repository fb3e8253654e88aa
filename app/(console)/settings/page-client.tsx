"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { fieldError, requestJson } from "@/components/data-table/request-json";
import { useFormatters } from "@/components/data-table/use-formatters";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input } from "@/components/ui/input";
import { LanguageSwitcher } from "@/components/ui/language-switcher";
import { PageHeader } from "@/components/ui/page-header";
import { useToast } from "@/components/ui/toast";

type SessionRow = { id: string; ip: string | null; userAgent: string | null; createdAt: string; lastSeenAt: string; isCurrent: boolean };

const PASSWORD_MIN = 10;

/** "Chrome on macOS" from a user agent, without a library: good enough to recognise one's own browsers. */
function describeAgent(agent: string | null): string | null {
  if (!agent) return null;
  const browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" : /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : null;
  const os = /Windows/.test(agent) ? "Windows" : /Mac OS X/.test(agent) ? "macOS" : /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Linux/.test(agent) ? "Linux" : null;
  if (!browser && !os) return agent.slice(0, 60);
  return [browser, os].filter(Boolean).join(" · ");
}

function useSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const tc = useTranslations("common");
  const run = async <T,>(call: () => Promise<{ ok: true; data: T } | { ok: false; message: string | null; fieldErrors: Record<string, string> }>): Promise<T | null> => {
    setIsBusy(true);
    const result = await call();
    setIsBusy(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setFormError(Object.keys(result.fieldErrors).length > 0 ? null : (result.message ?? tc("networkError")));
      return null;
    }
    setErrors({});
    setFormError(null);
    return result.data;
  };
  return { errors, formError, isBusy, run };
}

export function SettingsPageClient({
  email,
  name: initialName,
  threshold: initialThreshold,
  sessions,
  balance,
  timeZone,
  now,
}: {
  email: string;
  name: string;
  threshold: string;
  sessions: SessionRow[];
  balance: { paid: string; trial: string; total: string };
  timeZone: string;
  now: string;
}) {
  const t = useTranslations("settings");
  const router = useRouter();
  const toast = useToast();
  const format = useFormatters({ timeZone, now });
  const [name, setName] = useState(initialName);
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [threshold, setThreshold] = useState(initialThreshold);
  const [isDeleteOpen, setIsDeleteOpen] = useState(false);
  const [deletePassword, setDeletePassword] = useState("");
  const [isForfeited, setIsForfeited] = useState(false);
  const profile = useSubmit();
  const password = useSubmit();
  const alerts = useSubmit();
  const removal = useSubmit();
  const hasBalance = BigInt(balance.total) > 0n;

  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />

      <Card>
        <form method={SCRIPT_FORM_METHOD}
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            if (await profile.run(() => requestJson("PATCH", "/api/settings/profile", { name }))) {
              toast.show({ message: t("profile.saved") });
              router.refresh();
            }
          }}
        >
          <CardHeader>
            <CardTitle>{t("profile.title")}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field id="settings-email" label={t("profile.email")}>
              <Input value={email} readOnly disabled />
            </Field>
            <Field id="settings-name" label={t("profile.name")} error={fieldError(profile.errors, "name")}>
              <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t("profile.namePlaceholder")} autoComplete="name" />
            </Field>
            <div className="space-y-1.5">
              <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("profile.language")}</p>
              <LanguageSwitcher />
            </div>
            {profile.formError && <Alert tone="danger" className="sm:col-span-2">{profile.formError}</Alert>}
          </CardContent>
          <CardFooter>
            <Button type="submit" isLoading={profile.isBusy}>
              {t("profile.save")}
            </Button>
          </CardFooter>
        </form>
      </Card>

      <Card>
        <form method={SCRIPT_FORM_METHOD}
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            const data = await password.run(() => requestJson<{ signedOut: number }>("POST", "/api/settings/password", { currentPassword, newPassword }));
            if (data) {
              setCurrentPassword("");
              setNewPassword("");
              toast.show({ message: t("password.saved", { count: data.signedOut }) });
              router.refresh();
            }
          }}
        >
          <CardHeader>
            <CardTitle>{t("password.title")}</CardTitle>
            <CardDescription>{t("password.description")}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field id="settings-current-password" label={t("password.current")} error={fieldError(password.errors, "currentPassword")}>
              <Input type="password" value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} autoComplete="current-password" />
            </Field>
            <Field id="settings-new-password" label={t("password.new")} hint={t("password.newHint", { min: PASSWORD_MIN })} error={fieldError(password.errors, "newPassword")}>
              <Input type="password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoComplete="new-password" />
            </Field>
            {password.formError && <Alert tone="danger" className="sm:col-span-2">{password.formError}</Alert>}
          </CardContent>
          <CardFooter>
            <Button type="submit" isLoading={password.isBusy}>
              {t("password.save")}
            </Button>
          </CardFooter>
        </form>
      </Card>

      <Card id="alerts">
        <form method={SCRIPT_FORM_METHOD}
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            const data = await alerts.run(() => requestJson<{ threshold: string | null }>("PUT", "/api/settings/alerts", { threshold }));
            if (data) {
              toast.show({ message: data.threshold === null ? t("alerts.off") : t("alerts.saved") });
              router.refresh();
            }
          }}
        >
          <CardHeader>
            <CardTitle>{t("alerts.title")}</CardTitle>
            <CardDescription>{t("alerts.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <Field id="settings-threshold" label={t("alerts.threshold")} hint={t("alerts.thresholdHint")} error={fieldError(alerts.errors, "threshold")} className="sm:max-w-64">
              <Input value={threshold} onChange={(e) => setThreshold(e.target.value)} inputMode="decimal" placeholder="5.00" />
            </Field>
            {alerts.formError && <Alert tone="danger" className="mt-3">{alerts.formError}</Alert>}
          </CardContent>
          <CardFooter>
            <Button type="submit" isLoading={alerts.isBusy}>
              {t("alerts.save")}
            </Button>
          </CardFooter>
        </form>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t("sessions.title")}</CardTitle>
          <CardDescription>{t("sessions.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="sessions">
            {sessions.map((session) => (
              <li key={session.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-zinc-900 dark:text-zinc-100">
                    {describeAgent(session.userAgent) ?? t("sessions.unknownDevice")}
                    {session.isCurrent && <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700 dark:bg-emerald-500/10 dark:text-emerald-300">{t("sessions.current")}</span>}
                  </p>
                  <p className="text-xs text-zinc-500 dark:text-zinc-400">
                    {session.ip ?? t("sessions.unknownIp")} · {t("sessions.lastSeen", { time: format.relative(session.lastSeenAt) })} · {t("sessions.signedIn", { time: format.date(session.createdAt) })}
                  </p>
                </div>
                {!session.isCurrent && (
                  <Button
                    variant="outline"
                    size="sm"
                    onClick={async () => {
                      const result = await requestJson("DELETE", `/api/settings/sessions/${session.id}`);
                      if (result.ok) {
                        toast.show({ message: t("sessions.revoked") });
                        router.refresh();
                      } else toast.show({ tone: "danger", message: result.message ?? "" });
                    }}
                  >
                    {t("sessions.revoke")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          {sessions.length <= 1 && <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("sessions.empty")}</p>}
        </CardContent>
      </Card>

      <Card className="border-red-200 dark:border-red-500/30">
        <CardHeader>
          <CardTitle>{t("delete.title")}</CardTitle>
          <CardDescription>{t("delete.description")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-2 text-sm text-zinc-600 dark:text-zinc-400">
          <p className="font-medium text-zinc-900 dark:text-zinc-100">{t("delete.balance", { paid: format.usd(balance.paid), trial: format.usd(balance.trial) })}</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>{t("delete.rulesPaid")}</li>
            <li>{t("delete.rulesTrial")}</li>
          </ul>
        </CardContent>
        <CardFooter className="justify-between">
          <Link href="/billing" className={buttonClasses({ variant: "ghost", size: "sm" })}>
            {t("delete.billing")}
          </Link>
          <Button variant="danger" onClick={() => setIsDeleteOpen(true)}>
            {t("delete.button")}
          </Button>
        </CardFooter>
      </Card>

      <Dialog
        isOpen={isDeleteOpen}
        onClose={() => setIsDeleteOpen(false)}
        title={t("delete.dialogTitle")}
        description={t("delete.dialogDescription")}
        footer={
          <Button
            variant="danger"
            isLoading={removal.isBusy}
            onClick={async () => {
              const result = await removal.run(() => requestJson("POST", "/api/settings/delete-account", { password: deletePassword, isBalanceForfeited: isForfeited }));
              if (result !== null) window.location.assign("/");
            }}
          >
            {t("delete.confirm")}
          </Button>
        }
      >
        <div className="space-y-4">
          <Field id="settings-delete-password" label={t("delete.password")} error={fieldError(removal.errors, "password")}>
            <Input type="password" value={deletePassword} onChange={(e) => setDeletePassword(e.target.value)} autoComplete="current-password" />
          </Field>
          {hasBalance && (
            <div className="space-y-1">
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" checked={isForfeited} onChange={(e) => setIsForfeited(e.target.checked)} className="mt-0.5 accent-red-600" />
                <span>{t("delete.acknowledge", { amount: format.usd(balance.total) })}</span>
              </label>
              {fieldError(removal.errors, "acknowledge") && <p className="text-xs font-medium text-red-600 dark:text-red-400" data-field-error>{fieldError(removal.errors, "acknowledge")}</p>}
            </div>
          )}
          {removal.formError && <Alert tone="danger">{removal.formError}</Alert>}
        </div>
      </Dialog>
    </div>
  );
}
