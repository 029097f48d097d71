FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=kamportal.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput
RUN useradd --create-home kam && mkdir -p /data/private && chown kam /data/private
USER kam
EXPOSE 8000
# Web never migrates: the one-off `migrate` job does (docker-compose.yml, DEPLOY.md).
# Bind address, workers and timeouts: gunicorn.conf.py in /app (WEB_CONCURRENCY, GUNICORN_THREADS).
CMD ["gunicorn", "kamportal.wsgi:application"]
