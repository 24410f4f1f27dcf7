#!/bin/sh
# Container start: bring the schema up to date, load the record on first start, then serve.
set -e
python manage.py migrate --noinput
python manage.py sync_roles
python manage.py load_initial_data
BIND=0.0.0.0:8000 exec gunicorn config.wsgi --config config/gunicorn.py
