# Switchyard — production image. Multi-stage: install, build, then a slim non-root runtime.
# The production server is server.ts (relay door + Next request handler), so the runtime keeps the production
# node_modules and the built .next folder rather than Next's standalone server.js (which would bypass the relay door).
# Needs DATABASE_URL (and REDIS_URL for several instances): the embedded PostgreSQL is for one machine, not containers.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
WORKDIR /app
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
RUN npx next build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOST=0.0.0.0
RUN groupadd --system switchyard && useradd --system --gid switchyard --home /app switchyard
COPY --from=build --chown=switchyard:switchyard /app/node_modules ./node_modules
COPY --from=build --chown=switchyard:switchyard /app/.next ./.next
COPY --from=build --chown=switchyard:switchyard /app/lib ./lib
COPY --from=build --chown=switchyard:switchyard /app/app ./app
COPY --from=build --chown=switchyard:switchyard /app/config ./config
COPY --from=build --chown=switchyard:switchyard /app/messages ./messages
COPY --from=build --chown=switchyard:switchyard /app/i18n ./i18n
COPY --from=build --chown=switchyard:switchyard /app/public ./public
COPY --from=build --chown=switchyard:switchyard /app/prisma ./prisma
COPY --from=build --chown=switchyard:switchyard /app/scripts ./scripts
COPY --from=build --chown=switchyard:switchyard /app/server.ts /app/package.json /app/next.config.ts /app/tsconfig.json ./
USER switchyard
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--import", "./scripts/ts-hooks.mjs", "server.ts"]
