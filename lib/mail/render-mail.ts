/**
 * A plain, readable HTML frame for transactional mail, beside the text version every message carries.
 */
import "server-only";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** Paragraphs, with an optional call-to-action button linking to `action.url`. */
export function renderMailHtml({ paragraphs, action, footer }: { paragraphs: string[]; action?: { label: string; url: string }; footer?: string[] }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#1b5ef5;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(action.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#52525b;word-break:break-all">${escapeHtml(action.url)}</p>`
    : "";
  const tail = (footer ?? []).map((p) => `<p style="margin:0 0 8px;font-size:13px;color:#71717a">${escapeHtml(p)}</p>`).join("");
  return `<!doctype html><html><body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#18181b;font-size:15px;line-height:1.5"><div style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:10px;padding:28px">${body}${button}${tail}</div></body></html>`;
}
