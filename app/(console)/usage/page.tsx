import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ContextNotice } from "@/components/orgs/context-notice";
import { requireSession } from "@/lib/auth/guards";
import { pageDataScope } from "@/lib/orgs/console-scope";
import { personalScope } from "@/lib/usage/data-scope";
import { isAppError } from "@/lib/errors";
import { consoleContext } from "@/lib/usage/console-context";
import { listRequestLogs } from "@/lib/usage/list-request-logs";
import { listLogFilterOptions } from "@/lib/usage/list-log-filter-options";
import { modelParam, parseLogQuery, type LogQuery } from "@/lib/usage/log-query";
import { UsagePageClient } from "./page-client";

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("usage"))("title") };
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await requireSession({ returnTo: "/usage" });
  // The selected context's requests: personal, the whole organization (owner, admin) or your own in it (member).
  const { context: orgContext, scope: contextScope } = await pageDataScope(user.id, "usage");
  if (!contextScope && orgContext.kind === "org") return <ContextNotice area="usage" orgName={orgContext.access.orgName} role={orgContext.access.role} />;
  const scope = contextScope ?? personalScope(user.id);
  const params = await searchParams;
  let query: LogQuery;
  let filterError: string | null = null;
  try {
    query = parseLogQuery(params);
  } catch (error) {
    if (!isAppError(error)) throw error;
    filterError = error.message;
    query = parseLogQuery({});
  }
  const [page, options, context] = await Promise.all([listRequestLogs({ scope, query }), listLogFilterOptions({ scope }), consoleContext()]);
  const { filters, sort } = query;
  return (
    <UsagePageClient
      rows={page.rows}
      nextCursor={page.nextCursor}
      prevCursor={page.prevCursor}
      filters={{
        range: filters.range,
        from: filters.from?.toISOString() ?? null,
        to: filters.to?.toISOString() ?? null,
        key: filters.apiKeyId,
        model: filters.model === null ? null : modelParam(filters.model),
        status: filters.status === null ? null : String(filters.status),
        request: filters.requestId,
        sort: sort.column,
        dir: sort.direction,
      }}
      keys={options.keys}
      models={options.models}
      hasNoModel={options.hasNoModel}
      filterError={filterError}
      orgName={orgContext.kind === "org" && scope.kind === "org" && scope.userId === null ? orgContext.access.orgName : null}
      {...context}
    />
  );
}
