"""The audit trail's operations (S39): views of many customers, verification and seals.

``log_customers_shown`` writes the views of many customers at once (a list,
a search, a history page; issue 17 item 4). ``verify_trail`` walks the keyed
hash chain (``chain.py``) and records the outcome, which the audit review
shows with its time. ``seal_trail`` signs the head of the chain, keeps a copy
for the review and sends it where the database administrator cannot rewrite
it: a file in ``AUDIT_SEAL_DIR`` and an e-mail to the responsible persons. A
seal holds no personal data (a count, a hash and a time), so e-mail is a fit
channel for it (D6).
"""

import json
import logging
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from privacy.audit import chain
from privacy.audit.models import AuditSeal, AuditVerification, CustomerShown

logger = logging.getLogger("privacy.audit")

# Stored with the entry as the kind of page that showed the customers.
VIEWS = {
    "list": _("seen in a list"),
    "search": _("seen in search results"),
    "history": _("seen on a history page"),
    "autocomplete": _("seen in a customer search field"),
    "action": _("chosen for an action (such as e-mailing a consent link)"),
}
VIEW_KEY = "view"


def log_customers_shown(*, request, model, customer_ids, view):
    """One access entry for a page that showed ``customer_ids``, and a link to each customer.

    ``model`` is the model whose rows the page listed; ``view`` a key of
    ``VIEWS``. Nothing is written for a page that showed no customer. The
    entry holds no name and no search term (a name typed into the search
    would stay in the trail after the person is erased), only the kind of
    page and how many customers it showed. Costs one entry and one bulk
    insert. Returns the entry, or None.
    """
    customer_ids = sorted({int(pk) for pk in customer_ids if pk is not None})
    if not customer_ids:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        label = f"{model._meta.verbose_name_plural}: {len(customer_ids)}"
    user = getattr(request, "user", None)
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=label,
        action=LogEntry.Action.ACCESS,
        actor=user if user is not None and user.is_authenticated else None,
        additional_data={VIEW_KEY: view},
    )
    CustomerShown.objects.bulk_create(
        [CustomerShown(log_entry=entry, customer_id=customer_id) for customer_id in customer_ids]
    )
    return entry


class SealError(ValueError):
    """A seal that cannot be used: unreadable, or not signed with our key."""


def read_seal(path):
    """The seal in the file ``path``, checked for our signature."""
    try:
        seal = json.loads(Path(path).read_text(encoding="utf-8"))
        seal["seq"], seal["entries"] = int(seal["seq"]), int(seal["entries"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SealError(f"The seal {path} cannot be read: {error}") from None
    if not chain.seal_is_genuine(seal):
        raise SealError(f"The seal {path} is not signed with the audit chain key: it was altered or forged.")
    return seal


def verify_trail(*, seal=None, progress=None, jobs=1):
    """Verify the whole chain (against ``seal`` if given) and record the outcome."""
    checked, problem = chain.verify(seal=seal, progress=progress, jobs=jobs)
    stored_seal = None
    if seal is not None:
        stored_seal = AuditSeal.objects.filter(seq=seal["seq"], chain_hash=seal["chain_hash"]).first()
    result = AuditVerification.objects.create(
        finished_at=timezone.now(),
        entries=checked,
        intact=problem is None,
        problem=str(problem or ""),
        problem_kind=problem.kind if problem else "",
        problem_seq=problem.seq if problem else None,
        problem_entry=problem.entry_id if problem else None,
        seal=stored_seal,
    )
    if problem is None:
        logger.info("Audit trail verified: %s entries intact.", checked)
    else:
        logger.error("Audit trail verification failed: %s", problem)
    return result, problem


def seal_file_name(seal):
    return f"audit-seal-{seal['time'].replace(':', '').replace('+0000', 'Z')}.json"


def seal_trail(*, now=None, recipients=None):
    """Seal the head of the chain: store it, write it to ``AUDIT_SEAL_DIR``, e-mail it."""
    from privacy.notifications import reminder_recipients

    seal = chain.make_seal(now)
    record = AuditSeal.objects.create(
        sealed_at=timezone.datetime.fromisoformat(seal["time"]),
        seq=seal["seq"],
        chain_hash=seal["chain_hash"],
        key_id=seal["key_id"],
        mac=seal["mac"],
    )
    text = json.dumps(seal, indent=2) + "\n"
    name = seal_file_name(seal)
    if settings.AUDIT_SEAL_DIR:
        directory = Path(settings.AUDIT_SEAL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
    people = reminder_recipients() if recipients is None else recipients
    if people:
        # In the body, not as an attachment: the mail queue keeps no files
        # (an app server's disk is not shared), and a seal is short.
        EmailMessage(
            subject=f"Audit trail seal {seal['time']} ({seal['seq']} entries)",
            body=(
                "The daily seal of the register's audit trail is below. Keep this message: the seal shows "
                "later whether entries were removed from the end of the trail. To check against it, save "
                f"the text between the lines as {name} and run verify_audit_trail --seal {name}.\n\n"
                "Lokitietojen päivittäinen sinetti on alla. Säilytä tämä viesti: sinetin avulla nähdään "
                "myöhemmin, onko lokin lopusta poistettu merkintöjä.\n\n"
                f"-----\n{text}-----\n"
            ),
            to=[user.email for user in people],
        ).send()
    return record, seal
