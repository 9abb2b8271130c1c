"""When the database fails in the middle of a request (S27, S32; issue 14 item 4).

Every request runs in one transaction (``ATOMIC_REQUESTS``), so when the
database goes away, or a query is cut off at the statement timeout, what the
request had written is rolled back. The visitor then gets a plain page in
their language saying that nothing was saved and to try again shortly:
``503 Service Unavailable`` with ``Retry-After``, not a 500, and a worker
that is free again at once. The page touches no database.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("kanalinhelmi.failures")

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
        body = render_to_string("503.html", {"retry_after_minutes": 1})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
