# PgBouncer from Debian 12 (1.18, as the suite tests it) in transaction mode.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends pgbouncer \
    && rm -rf /var/lib/apt/lists/*
COPY pgbouncer.ini /etc/pgbouncer/pgbouncer.ini
COPY pgbouncer-entrypoint.sh /usr/local/bin/pgbouncer-entrypoint.sh
EXPOSE 6432
ENTRYPOINT ["/bin/sh", "/usr/local/bin/pgbouncer-entrypoint.sh"]
