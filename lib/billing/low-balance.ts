/**
 * Low-balance alerts: a customer sets a threshold (users.low_balance_threshold); when their wallet's balance
 * (paid + trial − frozen; transient holds do not count) falls below it, ONE e-mail goes out, and the alert is
 * re-armed only when the balance is back at or above the threshold. `users.low_balance_notified_at` is the latch:
 * it is taken with a conditional update, so concurrent checks (several instances) send one e-mail.
 *
 * Checks run off the hot path: wallets reported by onBalanceChange are collected and checked a moment later in
 * the background, and a periodic job (lib/billing/jobs.ts) sweeps every threshold for changes made by other
 * processes. Organization wallets have no threshold (thresholds belong to users).
 */
import "server-only";
import { sql } from "../db";
import { AppError } from "../errors";
import { logger } from "../log";
import { formatUsd } from "../money";
import { singleton } from "../singleton";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { onBalanceChange } from "./ledger";

const CHECK_DELAY_MS = 250;

type Candidate = { user_id: string; email: string; threshold: bigint; notified_at: Date | null; balance: bigint };

/** Set (or clear with null) a user's low-balance threshold, in micro-units. Re-arms the alert. */
export async function setLowBalanceThreshold({ userId, threshold, actor }: { userId: string; threshold: bigint | null; actor: AuditActor }): Promise<void> {
  if (threshold !== null && (typeof threshold !== "bigint" || threshold <= 0n)) throw new AppError("bad_request", "A low-balance threshold must be a positive amount", { param: "threshold" });
  const { rowCount } = await sql(`update users set low_balance_threshold = $2, low_balance_notified_at = null, updated_at = now() where id = $1`, [userId, threshold?.toString() ?? null]);
  if (rowCount === 0) throw new AppError("not_found", "No such user");
  await recordAudit({ actor, action: "user.set_low_balance_threshold", targetType: "user", targetId: userId, details: { threshold } });
  await checkLowBalances({ userIds: [userId] });
}

/**
 * Check the given wallets (or users; or every user with a threshold when neither is given): send the alert to
 * those below their threshold not yet alerted, re-arm those back above. Returns how many e-mails were sent.
 */
export async function checkLowBalances({ accountIds, userIds }: { accountIds?: string[]; userIds?: string[] } = {}): Promise<number> {
  const filter = accountIds ? `and a.id = any($1::uuid[])` : userIds ? `and u.id = any($1::uuid[])` : "";
  const { rows } = await sql<Candidate>(
    `select u.id as user_id, u.email, u.low_balance_threshold as threshold, u.low_balance_notified_at as notified_at,
            a.paid + a.trial - a.frozen as balance
       from users u join ledger_accounts a on a.user_id = u.id
      where u.low_balance_threshold is not null and u.disabled_at is null ${filter}`,
    accountIds ? [accountIds] : userIds ? [userIds] : [],
  );
  let sent = 0;
  for (const row of rows) {
    if (row.balance >= row.threshold) {
      if (row.notified_at) await sql(`update users set low_balance_notified_at = null where id = $1 and low_balance_notified_at is not null`, [row.user_id]);
      continue;
    }
    if (row.notified_at) continue;
    const latch = await sql(`update users set low_balance_notified_at = now() where id = $1 and low_balance_notified_at is null`, [row.user_id]);
    if (latch.rowCount === 0) continue; // another check got there first
    try {
      await sendAlert(row);
      sent += 1;
    } catch (error) {
      await sql(`update users set low_balance_notified_at = null where id = $1`, [row.user_id]);
      throw error;
    }
  }
  return sent;
}

async function sendAlert({ email, threshold, balance }: Candidate): Promise<void> {
  const { sendMail } = await import("../mail/send-mail");
  const { appLink } = await import("../mail/send-action-mail");
  const billing = appLink("/billing") ?? "the Billing page of your console";
  const shown = formatUsd(balance < 0n ? 0n : balance);
  await sendMail({
    to: email,
    kind: "low_balance",
    subject: `Your Switchyard balance is below ${formatUsd(threshold)}`,
    text: [
      `Your balance is ${shown}, below the alert threshold of ${formatUsd(threshold)} you set.`,
      `Top up at ${billing} to keep your API keys working.`,
      "",
      "You will not get this alert again until your balance is back above the threshold.",
    ].join("\n"),
  });
}

type Watcher = { pending: Set<string>; timer: NodeJS.Timeout | null; stop: (() => void) | null };

/**
 * Watch balance changes in this process and check the wallets that changed, in the background, a moment later.
 * Idempotent; returns a stop function.
 */
export function watchLowBalances(): () => void {
  const watcher = singleton<Watcher>("billing.low-balance", () => ({ pending: new Set(), timer: null, stop: null }));
  if (watcher.stop) return watcher.stop;
  const unsubscribe = onBalanceChange((accountIds) => {
    for (const id of accountIds) watcher.pending.add(id);
    if (watcher.timer) return;
    watcher.timer = setTimeout(() => {
      watcher.timer = null;
      const ids = [...watcher.pending];
      watcher.pending.clear();
      checkLowBalances({ accountIds: ids }).catch((error: unknown) => {
        logger().warn({ err: error instanceof Error ? error.message : String(error) }, "low-balance check failed");
      });
    }, CHECK_DELAY_MS);
    watcher.timer.unref();
  });
  watcher.stop = () => {
    unsubscribe();
    if (watcher.timer) clearTimeout(watcher.timer);
    watcher.timer = null;
    watcher.stop = null;
  };
  return watcher.stop;
}
