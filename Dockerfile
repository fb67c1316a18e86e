# Bekal: the web server (gunicorn), the Celery worker and beat all run from this one image (see compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BEKAL_DEBUG=0 \
    BEKAL_VAR_DIR=/var/lib/bekal \
    BEKAL_STATIC_ROOT=/app/static \
    PROMETHEUS_MULTIPROC_DIR=/tmp/bekal-metrics

# WeasyPrint draws every printed document (letters, certificates, attendance sheets) with pango and these fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system bekal && useradd --system --gid bekal --home-dir /app --no-create-home bekal

WORKDIR /app
# Runtime dependencies only (no dev extra), pinned by constraints.txt; the project itself non-editable.
COPY pyproject.toml constraints.txt README.md ./
COPY bekal ./bekal
RUN pip install --no-cache-dir -c constraints.txt . \
    && rm -rf /root/.cache
COPY manage.py gunicorn.conf.py ./

# Static files collected once, with hashed and compressed names (WhiteNoise's CompressedManifestStaticFilesStorage).
# The keys are throw-aways: collectstatic signs and encrypts nothing.
RUN BEKAL_SECRET_KEY=collectstatic-only BEKAL_NIK_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLW5pay1rZXk= \
    BEKAL_NIK_HASH_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /var/lib/bekal/media \
    && chown -R bekal:bekal /var/lib/bekal

USER bekal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "bekal.wsgi:application"]
