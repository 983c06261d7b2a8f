#!/bin/sh
# The standby: on first start copy the primary with pg_basebackup (-R writes primary_conninfo
# and standby.signal; -C -S keeps a slot so the primary holds the WAL the standby still
# needs), then run PostgreSQL as a hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h primary -U replicator -d postgres; do sleep 1; done
  mkdir -p "$PGDATA" && chown postgres "$PGDATA" && chmod 700 "$PGDATA"
  PGPASSWORD="$COTMOC_REPLICATION_PASSWORD" gosu postgres pg_basebackup -h primary \
    -U replicator -D "$PGDATA" -R -X stream -c fast -C -S standby1
  # primary_conninfo needs the password for later reconnections (the last line wins).
  echo "primary_conninfo = 'host=primary user=replicator password=$COTMOC_REPLICATION_PASSWORD application_name=standby1'" \
    >> "$PGDATA/postgresql.auto.conf"
fi
exec gosu postgres postgres -c hot_standby=on -c wal_level=logical -c jit=off \
  -c plan_cache_mode=force_custom_plan
