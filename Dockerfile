# syntax=docker/dockerfile:1
# Herald's image: Node 24 LTS slim, production dependencies only,
# TypeScript sources run directly on Node's type stripping (no build step),
# a non-root user, state on the /data volume. docs/operating.md tells how to
# run it; test/dockerfile.test.ts keeps this file honest (no Docker engine in CI).

ARG NODE_IMAGE=node:24-bookworm-slim

# --- dependencies: resolved from the lockfile, dev tools left out ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` only links the bin for local development, and no
# dependency has a native addon to build (DESIGN.md: none allowed).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force

# --- runtime ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HERALD_STORE=sqlite:/data/herald.db \
    NODE_COMPILE_CACHE=/tmp/herald-compile-cache
WORKDIR /app
# Code and dependencies stay owned by root: the herald user can read them, not change them.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY prompts ./prompts
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# `node` (uid 1000) ships with the official image.
USER node
EXPOSE 3000
# node:*-slim has no curl; Node's fetch asks /healthz on the port Herald serves.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, without npm in between: SIGTERM reaches Herald itself.
CMD ["node", "bin/herald.js", "serve"]
