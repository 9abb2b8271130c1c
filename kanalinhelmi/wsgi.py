"""WSGI entry point for gunicorn: ``gunicorn kanalinhelmi.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanalinhelmi.settings")
# A web request's query never runs longer than this (gunicorn's own timeout is
# 30 s); the request then gets the 503 page of kanalinhelmi/failures.py.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "20000")

application = get_wsgi_application()
