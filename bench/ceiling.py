"""The ceiling of this stack on this machine: Django behind the same gunicorn settings, answering
a constant response with no middleware, database or template. These are its settings and its one
URL; bench/load.py serves it with DJANGO_SETTINGS_MODULE=bench.ceiling and compares every
endpoint of the app to it."""

from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = "bench-ceiling-only"  # noqa: S105 - serves one constant response on loopback
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
MIDDLEWARE = []
INSTALLED_APPS = []
DATABASES = {}
USE_I18N = False

CONSTANT = b'{"status": "ok"}'


def constant(request):
    return HttpResponse(CONSTANT, content_type="application/json")


urlpatterns = [path("", constant)]
