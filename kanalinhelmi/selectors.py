"""Reads about staff that more than one page needs."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from kanalinhelmi.models import ConfidentialityUndertaking
from kanalinhelmi.roles import ROLES


def staff_without_undertaking():
    """Active staff who can process the register but have no confidentiality undertaking on record (S30).

    Processing the register means holding one of the roles, or being a
    superuser (the system administrator sees everything). A corrected record
    does not count. Each user comes with ``role_groups``, their role groups.
    Logins are not refused for a missing undertaking: that would lock staff
    out on the day this was deployed; the responsible person sees the list.
    """
    signed = ConfidentialityUndertaking.objects.in_force().filter(staff_member=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=ROLES) | Q(is_superuser=True))
        .exclude(Exists(signed))
        .distinct()
        .prefetch_related(
            Prefetch(
                "groups",
                queryset=Group.objects.filter(name__in=ROLES).order_by("name"),
                to_attr="role_groups",
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def locked_out_accounts(*, now=None, limit=10):
    """Login attempts that lock a username out now, newest first (S31).

    The same rule as django-axes applies: failures reach
    ``AXES_FAILURE_LIMIT`` and the cool-off has not passed. The responsible
    person lifts a lockout by deleting the attempt in the admin.
    """
    from axes.helpers import get_cool_off, get_failure_limit
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(failures_since_start__gte=get_failure_limit(None, None))
    cool_off = get_cool_off(None)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gt=(now or timezone.now()) - cool_off)
    attempts = attempts.only("pk", "username", "ip_address", "attempt_time").order_by("-attempt_time")
    return attempts if limit is None else attempts[:limit]
