# The worker and web image of docker-compose.yml. The Temporal servers are not installed here (the
# cluster runs them), so install scripts are skipped.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY config config
COPY workflows workflows
COPY activities activities
COPY store store
COPY workers workers
COPY scripts scripts
COPY web web
COPY evaluation evaluation
COPY cli cli
# The data volume (attachments, notices, send ledger): a named volume takes this folder's owner
# when first mounted, so the unprivileged user can write there.
RUN mkdir -p /var/lib/campaigns && chown node:node /var/lib/campaigns
USER node
CMD ["npm", "run", "worker"]
