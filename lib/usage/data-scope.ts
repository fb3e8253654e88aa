/**
 * Whose rows a console view reads. Personal: the user's own rows outside every organization. Organization: that
 * organization's rows — every member's (`userId: null`, for owners and admins) or one member's. Every console
 * query of keys, request logs, rollups and wallets is built from a scope, so a page in one context can never
 * show another context's data (the context itself comes from lib/orgs/console-scope.ts, checked against the
 * membership and its role).
 */
export type DataScope = { kind: "personal"; userId: string } | { kind: "org"; orgId: string; userId: string | null };

export const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

export function personalScope(userId: string): DataScope {
  return { kind: "personal", userId };
}

/**
 * The WHERE condition of a scope over a table with user_id and org_id columns. `bind` appends a value and returns
 * its placeholder. Rollups keep the zero UUID, not NULL, for "no organization" (`isRollup`).
 */
export function scopeWhere(scope: DataScope, alias: string, bind: (value: unknown) => string, { isRollup = false }: { isRollup?: boolean } = {}): string {
  const a = alias ? `${alias}.` : "";
  if (scope.kind === "personal") return `${a}user_id = ${bind(scope.userId)} and ${isRollup ? `${a}org_id = '${ZERO_UUID}'` : `${a}org_id is null`}`;
  const org = `${a}org_id = ${bind(scope.orgId)}`;
  return scope.userId === null ? org : `${org} and ${a}user_id = ${bind(scope.userId)}`;
}

/** A binder over an existing values array (placeholders continue its numbering). */
export function binder(values: unknown[]): (value: unknown) => string {
  return (value) => {
    values.push(value);
    return `$${values.length}`;
  };
}
