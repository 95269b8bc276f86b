# The Outpost GitHub App (docs/bot.md): `docker build -t outpost-bot .`
#
# Two stages: the first builds the JavaScript (lib/) from the TypeScript sources with the dev
# dependencies; the second holds only that, the production dependencies and the entry point,
# and runs as the unprivileged `node` user. State lives on the /data volume.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `node` devDependency would download a Node binary; this image has Node 24.
RUN npm ci --ignore-scripts
COPY tsconfig.json outpost.schema.json ./
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build-package.ts

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY outpost.schema.json app.yml ./
COPY bin ./bin
COPY --from=build /app/lib ./lib
RUN mkdir -p /data && chown node:node /data
USER node
ENV PORT=3000 OUTPOST_BOT_STATE=/data/state.db
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/outpost-bot.js"]
