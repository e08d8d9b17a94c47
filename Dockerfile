# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 KKR_DEV=0
# WeasyPrint needs Pango; fonts for the PDFs.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The runtime set only (no test or lint tools), every file checked against its hash.
COPY requirements/runtime.lock requirements/runtime.lock
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.lock
COPY . .
RUN SECRET_KEY="$(python -c "import secrets; print(secrets.token_urlsafe(50))")" ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db CELERY_BROKER_URL=memory:// \
    python manage.py collectstatic --noinput
RUN useradd --system --home /app kkr && mkdir -p /srv/kkr/media && chown kkr /srv/kkr/media
USER kkr
EXPOSE 8000
# gunicorn's worker count is WEB_CONCURRENCY (its own variable; settings read it for the check kkr.W001).
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "kkr.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
