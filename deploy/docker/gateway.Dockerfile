# syntax=docker/dockerfile:1
# Image for the GraphQL gateway (Apollo Gateway over the checked-in supergraph).
# Build context: the repository root, e.g.
#   docker build -f deploy/docker/gateway.Dockerfile -t alliance/gateway .

FROM node:20-bookworm-slim AS base
WORKDIR /app

# --- manifests: the lock file and every workspace's package.json, nothing else, so the
# dependency layer below is rebuilt only when dependencies change, not on every source edit.
FROM base AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out \
 && cp package.json package-lock.json /out/ \
 && find . -mindepth 2 -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /out/ \;

# --- deps: this workspace, the workspaces it links to (@alliance/*) and the root tooling.
# The services run their TypeScript sources with tsx, a root devDependency, so dev
# dependencies are installed on purpose.
FROM base AS deps
COPY --from=manifests /out/ ./
RUN npm ci --workspace @alliance/gateway --include-workspace-root --no-audit --no-fund \
 && npm cache clean --force

# --- runtime
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=4000
COPY --from=deps /app/ ./
COPY tsconfig.base.json tsconfig.json ./
COPY packages/ ./packages/
COPY schemas/ ./schemas/
COPY gateway/ ./gateway/
# The gateway serves the composed, checked-in supergraph: fail the build, not the start-up,
# when it is missing.
RUN test -s schemas/supergraph.graphql
# Sources stay root-owned and read-only for the service; tsx keeps its cache under /tmp.
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
