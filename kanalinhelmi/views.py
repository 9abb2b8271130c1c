import logging

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from registry.models import ControllerDetails

logger = logging.getLogger(__name__)


def home(request):
    """The public front page: who we are and where the privacy pages are."""
    return render(request, "home.html", {"controller": ControllerDetails.current()})


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database is not reachable")
        return False


# Load balancers probe with HEAD as well as GET.
@require_safe
@never_cache
@transaction.non_atomic_requests
def health(request):
    """For the load balancer: 200 when this app server can use the database, 503 when not."""
    if not database_answers():
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
