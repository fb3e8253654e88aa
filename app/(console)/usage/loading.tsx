import { PageLoading } from "@/components/layout/page-loading";

// Shown while the first page of logs loads (server rendering with the filters in the URL).
export default PageLoading;
