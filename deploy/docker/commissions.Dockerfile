# syntax=docker/dockerfile:1
# Image for the commissions subgraph (share links and bindings, commission rules, the double-entry
# ledger fed by order and promotion events, settlement runs, statements, withdrawals).
# Build context: the repository root, e.g.
#   docker build -f deploy/docker/commissions.Dockerfile -t alliance/commissions .

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
RUN npm ci --workspace @alliance/commissions --include-workspace-root --no-audit --no-fund \
 && npm cache clean --force

# --- runtime
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=4004
COPY --from=deps /app/ ./
COPY tsconfig.base.json tsconfig.json ./
COPY packages/ ./packages/
COPY schemas/ ./schemas/
COPY subgraphs/commissions/ ./subgraphs/commissions/
# Sources stay root-owned and read-only for the service; tsx keeps its cache under /tmp.
USER node
EXPOSE 4004
CMD ["node", "--import", "tsx", "subgraphs/commissions/src/main.ts"]
