/** A path on this site to go to after signing in or confirming an address, or null: never another site (no open redirect). */
export function sameSitePath(value: string | string[] | null | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.startsWith("/") && !text.startsWith("//") && !text.startsWith("/\\") ? text : null;
}
