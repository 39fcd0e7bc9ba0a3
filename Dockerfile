# The campaign worker and web server image of docker-compose.yml (two replicas of each). The
# Temporal servers are not installed here (the compose file runs Temporal's own images), so install
# scripts are skipped. test/compose.test.ts checks that every folder the two programs import is copied.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY config config
COPY contracts contracts
COPY workflows workflows
COPY activities activities
COPY app app
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
