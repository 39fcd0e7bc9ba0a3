#!/bin/sh
# Temporal's two databases on PostgreSQL, created and brought to the schema of the server's
# version: run by docker-compose.yml's `temporal-schema` service (temporalio/admin-tools, schema
# under /etc/temporal/schema) and, with the same steps, by `npm run cluster` and the cluster tests
# (the tool and the schema built from the same Go module, SCHEMA_DIR pointing at its copy).
# The connection comes from the environment temporal-sql-tool reads: SQL_PLUGIN, SQL_HOST,
# SQL_PORT, SQL_USER, SQL_PASSWORD (never on a command line, where `ps` would show it).
set -eu
: "${SCHEMA_DIR:=/etc/temporal/schema/postgresql/v12}"
: "${SQL_PLUGIN:=postgres12}"
export SQL_PLUGIN

for database in temporal temporal_visibility; do
  case "$database" in
    temporal) folder=temporal ;;
    *) folder=visibility ;;
  esac
  # create-database refuses an existing database (a restart of the stack); every later step is
  # idempotent: the version tables are created if missing, and only newer versions are applied.
  if temporal-sql-tool --db "$database" create-database >/dev/null 2>&1; then
    echo "setup-schema: created the database $database"
  else
    echo "setup-schema: the database $database exists (or could not be created: the next step says which)"
  fi
  temporal-sql-tool --db "$database" setup-schema -v 0.0
  temporal-sql-tool --db "$database" update-schema -d "$SCHEMA_DIR/$folder/versioned"
done
echo "setup-schema: done"
