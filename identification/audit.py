"""The audit entry every identification leaves, succeeded or failed (S39, issue 12).

Written through auditlog's ``LogEntry`` like every other entry, so it is
chained (privacy/audit/chain.py) and carries the visitor's address from the
request. It holds what happened and why, never a token or the identity code
(S9); a success holds the person's keyed hash (``person_key``), which says
who it was only to someone who has both the key and the code. No name: the
entry is not linked to a customer, so erasure would not find a name in it.
"""

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from identification.broker import Reason
from identification.models import Identification

EVENT_KEY = "identification"


def log_success(*, person):
    with translation.override(settings.LANGUAGE_CODE):
        label = gettext("Identification succeeded")
    return _log(label, {EVENT_KEY: "succeeded", "acr": person.acr, "person_key": person.person_key})


def log_failure(*, reason, detail=""):
    reason = Reason(reason)
    with translation.override(settings.LANGUAGE_CODE):
        label = gettext("Identification failed: %(reason)s") % {"reason": reason.label}
    return _log(label, {EVENT_KEY: "failed", "reason": reason.value, "detail": detail[:200]})


def _log(label, data):
    # The callback runs outside a request transaction (it waits on the
    # broker): the entry and its chain link are committed together here.
    with transaction.atomic():
        return _create(label, data)


def _create(label, data):
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Identification, for_concrete_model=False),
        object_pk="",
        object_repr=label,
        action=LogEntry.Action.ACCESS,
        additional_data=data,
    )
