# The worker and web image of docker-compose.yml: compiled JavaScript with production dependencies
# only. The build stage has the development tools (TypeScript, tsx) and compiles the entry points
# to dist/ with the workflows bundled once (npm run build); the image that runs copies dist/ and
# installs `npm ci --omit=dev`, so no TypeScript runner, no mail catcher, no test tools land in it.
# The Temporal servers are not installed (the cluster runs them), so install scripts are skipped.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY config config
COPY contracts contracts
COPY workflows workflows
COPY activities activities
COPY store store
COPY workers workers
COPY scripts scripts
COPY app app
COPY web web
COPY evaluation evaluation
COPY cli cli
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The worker starts from the bundle built above instead of bundling workflows/ at every start.
ENV WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist dist
# The data volume (attachments, notices, send ledger): a named volume takes this folder's owner
# when first mounted, so the unprivileged user can write there.
RUN mkdir -p /var/lib/campaigns && chown node:node /var/lib/campaigns
USER node
CMD ["node", "dist/workers/main.js"]
