# One image for web, worker and beat (docker-compose.yml). Front-end packages come from npm in a
# build stage; only the compiled CSS and the packages' dist folders reach the final image.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
RUN npm run build:css

FROM python:3.11-slim-bookworm
# DEBUG off unless the environment says otherwise: the image then refuses to start without
# SECRET_KEY and ALLOWED_HOSTS.
ENV DEBUG=false PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PQTRACKER_VAR_DIR=/app/var STATIC_ROOT=/app/staticfiles
WORKDIR /app
RUN useradd --create-home --uid 1000 pqtracker
COPY pyproject.toml README.md ./
COPY pqtracker ./pqtracker
RUN pip install .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY --from=assets /app/static/build ./static/build
COPY --from=assets /app/node_modules/govuk-frontend/dist ./node_modules/govuk-frontend/dist
COPY --from=assets /app/node_modules/htmx.org/dist ./node_modules/htmx.org/dist
# collectstatic builds the hashed manifest the production storage reads; it needs no real secret,
# so this build step alone gets a placeholder.
RUN DEBUG=false SECRET_KEY=collectstatic-build-step-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput && mkdir -p var/exports && chown -R pqtracker /app/var
USER pqtracker
EXPOSE 8000
# Threaded workers, short timeouts, keep-alive: pqtracker/gunicorn_conf.py and docs/adr/0006.
CMD ["gunicorn", "-c", "python:pqtracker.gunicorn_conf", "--bind", "0.0.0.0:8000", "pqtracker.wsgi:application"]
