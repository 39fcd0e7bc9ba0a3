#!/bin/sh
# The namespace the campaign workers and web servers use, created once the frontend answers (the
# workers then register the project's search attributes in it). Run by docker-compose.yml's
# `temporal-namespace` service (temporalio/admin-tools, whose `temporal` CLI reads TEMPORAL_ADDRESS
# and TEMPORAL_NAMESPACE from the environment); the compose test runs it with the project's CLI.
set -eu
: "${TEMPORAL_NAMESPACE:=default}"
: "${NAMESPACE_RETENTION:=72h}"
attempt=0
while [ "$attempt" -lt 90 ]; do
  if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
    echo "create-namespace: $TEMPORAL_NAMESPACE exists"
    exit 0
  fi
  if temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION" >/dev/null 2>&1; then
    echo "create-namespace: created $TEMPORAL_NAMESPACE (retention $NAMESPACE_RETENTION)"
    exit 0
  fi
  attempt=$((attempt + 1))
  sleep 2
done
echo "create-namespace: the Temporal frontend at $TEMPORAL_ADDRESS did not answer within 3 minutes" >&2
exit 1
