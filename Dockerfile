# Socialwise application image: the same image runs web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=socialwise.settings.production
WORKDIR /app

RUN useradd --create-home --uid 1000 socialwise
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings but no real secrets or services.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build:6379/0 \
    EMAIL_HOST=build WAGTAILADMIN_BASE_URL=https://build.example python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R socialwise /app/var
USER socialwise
EXPOSE 8000
CMD ["gunicorn", "socialwise.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
