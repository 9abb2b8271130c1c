"""Lifting a login lockout leaves an entry in the audit trail (S31, S39).

django-axes keeps each failed login in its own logs and locks a username at
an address out after ``AXES_FAILURE_LIMIT`` failures, for
``AXES_COOLOFF_TIME``. The responsible person may lift a lockout earlier by
deleting its access attempt in the back-office (kanalinhelmi/roles.py). The
entry names who lifted it, when, and whose lockout it was (the username and
the address); never what was typed in the login form.

django-auditlog cannot register a model for deletions only (registering
AccessAttempt would log every failed login as a change), so the entry is
written here, by hand, when an attempt is deleted (receivers.py).
"""

from auditlog.models import LogEntry
from axes.helpers import get_cool_off, get_failure_limit
from django.utils import timezone
from django.utils.translation import gettext_noop

# django-axes' field names shown beside the entry in the audit review; axes
# has no Finnish or Swedish catalogue, so they are translated in ours.
FIELD_LABELS = [gettext_noop("Username"), gettext_noop("IP Address"), gettext_noop("Failed Logins")]


def is_lockout_in_force(attempt, *, now=None):
    """True if ``attempt`` still locks its username and address out.

    A deleted attempt below the failure limit locked no one out, and one
    whose cool-off has passed had already stopped doing so (django-axes
    deletes both by itself, on a successful login and on the next attempt).
    """
    if attempt.failures_since_start < get_failure_limit(None, None):
        return False
    cool_off = get_cool_off(None)
    if cool_off is None:
        return True
    return attempt.attempt_time > (now or timezone.now()) - cool_off


def log_lifted(attempt):
    """Write the audit entry for lifting ``attempt``'s lockout.

    The actor and address come from auditlog's request context, as for any
    other entry, so an entry written outside a request (axes' management
    commands) is shown as the system's.
    """
    return LogEntry.objects.log_create(
        attempt,
        force_log=True,
        action=LogEntry.Action.DELETE,
        object_repr=attempt.username or "",
        changes={
            "username": [attempt.username, None],
            "ip_address": [attempt.ip_address, None],
            "failures_since_start": [str(attempt.failures_since_start), None],
        },
    )
