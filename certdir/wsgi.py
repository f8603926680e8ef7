"""WSGI entry point (gunicorn certdir.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")

application = get_wsgi_application()
