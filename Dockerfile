# syntax=docker/dockerfile:1
# One image for every process group (gateway, channels, agents, voice, nats): `node dist/index.js <service>`.
# The `signal-cli` stage is a second image (Java + signal-cli) for the separate Signal app
# (fly.signal.toml, `build-target = "signal-cli"`; compose profile `signal`): BuildKit builds only
# the stages the requested target needs, so the clawfleet image never carries Java.
ARG NODE_VERSION=26
ARG NATS_VERSION=2.12.15

# The nats-server binary for the in-app `nats` process group, pinned (≥ 2.12: sync_interval, fixes after Jepsen's 2.12.1 report).
FROM nats:${NATS_VERSION} AS nats

# Build: install everything, compile, bundle the CLI, build the Control UI.
FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/log/package.json packages/log/
COPY packages/core/package.json packages/core/
COPY packages/bus/package.json packages/bus/
COPY packages/config/package.json packages/config/
COPY packages/runtime/package.json packages/runtime/
COPY packages/testkit/package.json packages/testkit/
COPY services/agents/package.json services/agents/
COPY services/channels/package.json services/channels/
COPY services/voice/package.json services/voice/
COPY services/gateway/package.json services/gateway/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime dependencies only (the bundle needs node_modules just for native/optional modules such as @ngrok/ngrok).
FROM node:${NODE_VERSION}-trixie-slim AS deps
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/packages/ /tmp/workspaces/packages/
COPY --from=build /app/services/ /tmp/workspaces/services/
RUN cd /tmp/workspaces && for f in */*/package.json; do mkdir -p "/app/$(dirname "$f")" && cp "$f" "/app/$f"; done \
 && npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# signal-cli's daemon (JSON-RPC over HTTP + event stream) for the Signal app: JRE 25 (signal-cli
# 0.14 needs it) and the release tarball. Runs as `signal`; its data directory is /data/signal-cli.
FROM eclipse-temurin:25-jre AS signal-cli
ARG SIGNAL_CLI_VERSION=0.14.6
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && curl -fsSL "https://github.com/AsamK/signal-cli/releases/download/v${SIGNAL_CLI_VERSION}/signal-cli-${SIGNAL_CLI_VERSION}.tar.gz" \
    | tar xz -C /opt \
 && ln -s "/opt/signal-cli-${SIGNAL_CLI_VERSION}/bin/signal-cli" /usr/local/bin/signal-cli \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /data --shell /usr/sbin/nologin signal \
 && mkdir -p /data && chown signal:signal /data
COPY deploy/signal-cli-entrypoint.sh /usr/local/bin/signal-cli-entrypoint.sh
# A bounded heap (signal-cli's start script reads JAVA_OPTS); the Fly VM / compose limit leaves room
# for metaspace, threads and libsignal's native memory.
ENV JAVA_OPTS="-Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["/usr/local/bin/signal-cli-entrypoint.sh"]
EXPOSE 8080
CMD ["signal-cli", "--config", "/data/signal-cli", "daemon", "--http", "[::]:8080", "--receive-mode", "on-connection", "--no-receive-stdout"]

FROM node:${NODE_VERSION}-trixie-slim
ENV NODE_ENV=production \
    OPENCLAW_STATE_DIR=/data
WORKDIR /app
COPY --from=nats /nats-server /usr/local/bin/nats-server
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/package.json ./package.json
COPY --from=build /app/dist ./dist
COPY --from=build /app/services/gateway/dist/ui ./services/gateway/dist/ui
COPY deploy/ ./deploy/
RUN mkdir -p /data && chown node:node /data
# Starts as root only to make the Fly volume writable, then runs as `node` (see the script).
ENTRYPOINT ["/app/deploy/docker-entrypoint.sh"]
EXPOSE 3000
CMD ["node", "dist/index.js", "gateway", "--allow-unconfigured", "--port", "3000", "--bind", "lan"]
