#!/bin/sh
# Container start. `migrate`: bring the schema up to date and load the record on first start
# (once per deployment, before any app server: docker-compose.yml's migrate service). `serve`:
# serve. Without an argument, both, for a single container.
set -e
if [ "${1:-all}" != serve ]; then
  python manage.py migrate --noinput
  python manage.py sync_roles
  python manage.py load_initial_data
fi
if [ "${1:-all}" != migrate ]; then
  BIND=0.0.0.0:8000 exec gunicorn config.wsgi --config config/gunicorn.py
fi
