import { PageLoading } from "@/components/layout/page-loading";

// Shown while the playground loads.
export default PageLoading;
