#!/usr/bin/env bash
# Install the Debian packages cotmoc needs, if any is missing.
#   scripts/system-deps.sh run    PostgreSQL 15 + PostGIS 3 (the embedded cluster), and for
#                                 the joint report's PDF: pango (WeasyPrint lays text out
#                                 with it) and the Noto fonts (Noto Sans Lao among them);
#                                 npm, unless the machine has it, for the maps' vector-tile
#                                 library (maps/js)
#   scripts/system-deps.sh test   the same, plus GDAL's command-line tools, Chromium,
#                                 PgBouncer (the suite's read tests run through it),
#                                 docker-compose (it checks the deployment's compose file) and
#                                 poppler-utils (pdftotext, pdffonts, pdftoppm read the report)
set -euo pipefail

purpose=${1:-run}
packages=(postgresql-15 postgresql-15-postgis-3 libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core)
# Node.js may come from elsewhere than Debian (its own package brings npm): only ask for
# Debian's npm when there is none.
command -v npm >/dev/null || packages+=(npm)
if [ "$purpose" = test ] || [ "$purpose" = bench ]; then
  packages+=(gdal-bin chromium pgbouncer docker-compose poppler-utils)
fi
if [ "$purpose" = bench ]; then
  packages+=(wrk postgresql-contrib)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "cotmoc needs these Debian packages: ${missing[*]}" >&2
  echo "Install them as root:  apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
