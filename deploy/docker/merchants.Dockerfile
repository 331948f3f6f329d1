# syntax=docker/dockerfile:1
# Image for the merchants subgraph (shops, alliance, catalog, stock, carts, orders, fulfillment).
# The same image also runs the one-shot demo seed (npm run seed).
# Build context: the repository root, e.g.
#   docker build -f deploy/docker/merchants.Dockerfile -t alliance/merchants .

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
RUN npm ci --workspace @alliance/merchants --include-workspace-root --no-audit --no-fund \
 && npm cache clean --force

# --- runtime
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=4001
COPY --from=deps /app/ ./
COPY tsconfig.base.json tsconfig.json ./
COPY packages/ ./packages/
COPY schemas/ ./schemas/
COPY subgraphs/merchants/ ./subgraphs/merchants/
# Sources stay root-owned and read-only for the service; tsx keeps its cache under /tmp.
USER node
EXPOSE 4001
CMD ["node", "--import", "tsx", "subgraphs/merchants/src/main.ts"]
