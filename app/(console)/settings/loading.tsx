import { PageLoading } from "@/components/layout/page-loading";

// Shown while the settings load.
export default PageLoading;
