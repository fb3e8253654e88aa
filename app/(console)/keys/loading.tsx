import { PageLoading } from "@/components/layout/page-loading";

// Shown while the keys load.
export default PageLoading;
