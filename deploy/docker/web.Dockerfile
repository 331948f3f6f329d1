# syntax=docker/dockerfile:1
# Image for the alliance portal (Next.js App Router: storefront, merchant console, alliance admin).
# Build context: the repository root, e.g.
#   docker build -f deploy/docker/web.Dockerfile -t alliance/web .
# All runtime settings (GATEWAY_URL, KEYCLOAK_*, PORTAL_*, SESSION_SECRET) are read at request
# time from the container environment; nothing secret is baked in at build time.

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# --- manifests: the lock file and every workspace's package.json, nothing else, so the
# dependency layer below is rebuilt only when dependencies change, not on every source edit.
FROM base AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out \
 && cp package.json package-lock.json /out/ \
 && find . -mindepth 2 -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /out/ \;

# --- deps: the portal, the workspaces it links to and the root tooling.
FROM base AS deps
COPY --from=manifests /out/ ./
RUN npm ci --workspace @alliance/web --include-workspace-root --no-audit --no-fund \
 && npm cache clean --force

# --- build: `next build` of the portal.
FROM deps AS build
COPY tsconfig.base.json tsconfig.json ./
COPY packages/ ./packages/
COPY schemas/ ./schemas/
COPY web/ ./web/
RUN npm run build --workspace @alliance/web

# --- runtime
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000
# Next.js writes its cache under web/.next at run time, so the app tree belongs to `node`.
COPY --from=build --chown=node:node /app/ ./
USER node
EXPOSE 3000
CMD ["npm", "run", "start", "--workspace", "@alliance/web"]
