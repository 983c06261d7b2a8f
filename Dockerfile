# The maps' one browser library from the npm registry, pinned by maps/js/package-lock.json.
FROM node:20-slim AS map-library
WORKDIR /js
COPY maps/js/package.json maps/js/package-lock.json maps/js/.npmrc ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
# pango lays out the joint report's PDF (WeasyPrint); Noto Sans Lao is in fonts-noto-core
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 \
        libpangoft2-1.0-0 fonts-noto-core && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md alembic.ini ./
COPY gis gis
COPY layers layers
COPY maps maps
COPY --from=map-library /js/node_modules maps/js/node_modules
COPY reports reports
COPY api api
COPY migrations migrations
RUN pip install --no-cache-dir -e .
ENV COTMOC_HOST=0.0.0.0 COTMOC_HOME=/data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["cotmoc", "run"]
