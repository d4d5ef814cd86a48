# syntax=docker/dockerfile:1
# The Food Commons API: built from the lockfile in one stage, run from the compiled files only.
#   docker build -t food-commons .      docker compose up    (see docs/production.md)

# Node LTS, pinned to the exact release; update the tag (and re-run the start sequence test) to move it.
ARG NODE_IMAGE=node:22.23.5-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN npm install --global pnpm@12.21.0
# Dependencies first, from the lockfile alone: this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
# The install's postinstall generates the Prisma client and builds the API (tsc → packages/api/dist)
# and the widgets (Vite → packages/widgets/dist), as on a developer's machine.
RUN pnpm install --frozen-lockfile --offline
RUN node deploy/assemble.mjs /out

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# Owned by root: the server cannot change its own code. Only .data/ (the embedded database, when
# DATABASE_URL is not set) is writable.
COPY --from=build /out/ /app/
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
# Readiness, not liveness: a replica whose database is unreachable leaves the proxy's rotation.
# Slim images have no curl; Node's fetch does the request.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A larger young generation: a GraphQL server allocates a lot per request, and with V8's default
# semi-space the scavenger ran often enough to cost a tenth of the processor time.
CMD ["node", "--max-semi-space-size=32", "packages/api/dist/server.js"]
