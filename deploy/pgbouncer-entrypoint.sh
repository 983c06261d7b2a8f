#!/bin/sh
# The user list comes from the environment, so no password is kept in the image.
set -eu
umask 077
printf '"%s" "%s"\n' "$COTMOC_DB_USER" "$COTMOC_DB_PASSWORD" > /etc/pgbouncer/userlist.txt
chown postgres /etc/pgbouncer/userlist.txt
exec runuser -u postgres -- pgbouncer /etc/pgbouncer/pgbouncer.ini
