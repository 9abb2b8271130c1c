"""Reads about consents that other code relies on (S4, S6, S8, S10, S33)."""

from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from consent.models import ConsentPurpose, ConsentRecord
from consent.models.consents import consent_in_force
from registry.models import Customer
from registry.models.customers import processing_stopped


def _processing_stopped(customer=None, at=None):
    """A boolean expression: the customer has prohibited or restricted processing (S38), by ``at`` if given."""
    return Exists(
        Customer.objects.filter(
            processing_stopped(at=at), pk=customer if customer is not None else OuterRef("pk")
        )
    )


def joint_register_condition(customer=None, at=None):
    """Customers in the clinic's joint register (S8, S38).

    A boolean expression for ``Customer`` rows, read through the
    ``JOINT_REGISTER_CONDITION`` setting: a customer is in the joint register
    exactly while their latest joint-register consent record is a grant and
    they have not prohibited or restricted processing, so a withdrawal, a
    prohibition or a restriction hides them from other practitioners at once.
    The audit review asks it with ``customer`` and ``at`` of a log entry: was
    the customer in the joint register when the entry was written?
    """
    return consent_in_force(
        ConsentPurpose.Key.JOINT_REGISTER, customer=customer, at=at
    ) & ~_processing_stopped(customer=customer, at=at)


def joint_register_members():
    """Ids of the customers in the joint register now (S8, S38).

    Their latest joint-register record is a grant, and they have not
    prohibited or restricted processing: such a customer's data is processed
    only as far as the law obliges (S38), which showing it to practitioners
    who do not treat them is not. Their own practitioners still see them
    through the care relationship.

    Read by ``Customer.objects.visible_to`` through the
    ``JOINT_REGISTER_MEMBERS`` setting, as a subquery that starts from the
    consent records, so a practitioner's list does not test every customer.
    """
    # The purpose by its id, looked up first: joined by its key, PostgreSQL cannot tell how
    # few of the consent records are joint-register ones and reads them all (a practitioner's
    # list took 0.8 s with 600,000 marketing consents in the register; bench/README.md).
    purpose_id = (
        ConsentPurpose.objects.filter(key=ConsentPurpose.Key.JOINT_REGISTER)
        .values_list("pk", flat=True)
        .first()
    )
    return (
        ConsentRecord.objects.in_force()
        .filter(purpose_id=purpose_id)
        .exclude(processing_stopped(prefix="customer__"))
        .order_by()
        .values("customer_id")
    )


def consent_history(customer):
    """Every grant and withdrawal of the customer, newest first."""
    return (
        ConsentRecord.objects.filter(customer=customer)
        .select_related("purpose", "text", "recorded_by")
        .latest_first()
    )


def current_consents(customer):
    """{purpose key: the record that decides it now}; a purpose never answered is absent."""
    records = ConsentRecord.objects.filter(customer=customer).current().select_related("purpose", "text")
    return {record.purpose.key: record for record in records}


def consent_choices(customer):
    """Each purpose with its current text and the customer's state, as the consent pages show them.

    Shared by the consent link's page and the customer's own page (issue 12):
    one button to give or withdraw each (GDPR Art. 7(3)).
    """
    current = current_consents(customer)
    choices = []
    for purpose in ConsentPurpose.objects.all():
        record = current.get(purpose.key)
        text = purpose.current_text()
        if text is None:
            continue
        in_force = record is not None and record.action == "grant"
        choices.append(
            {
                "purpose": purpose,
                "record": record,
                "in_force": in_force,
                "text": record.text if in_force else text,
                "newer_text": text if in_force and record.text != text else None,
            }
        )
    return choices


def consents_in_force(customer):
    """The purpose keys the customer has consented to and not withdrawn."""
    return {
        key
        for key, record in current_consents(customer).items()
        if record.action == ConsentRecord.Action.GRANT
    }


def has_consent(customer, purpose_key):
    return Customer.objects.filter(pk=customer.pk).filter(consent_in_force(purpose_key)).exists()


def has_additional_data_consent(customer):
    """Whether the customer's consent to collecting additional information is in force (S10).

    Read by the register's customer form through the ``ADDITIONAL_DATA_CONSENT``
    setting: only then may staff write "other information collected with
    consent". A customer not yet saved has given no consent.
    """
    if customer.pk is None:
        return False
    return has_consent(customer, ConsentPurpose.Key.ADDITIONAL_DATA)


def marketing_recipients():
    """Customers to whom electronic marketing may be sent (S4, S37, S38).

    Only with the marketing consent in force, an e-mail address, and no
    prohibition of direct marketing or of processing, nor a restriction.
    """
    return (
        Customer.objects.processing_allowed()
        .filter(direct_marketing_prohibited_at__isnull=True)
        .exclude(email="")
        .filter(consent_in_force(ConsentPurpose.Key.MARKETING))
    )


def research_cohort():
    """Customers whose data may be exported for research (S6, S37, S38).

    Only with the research consent in force and no prohibition of processing
    or of disclosure, nor a restriction: an export is a disclosure.
    """
    return (
        Customer.objects.processing_allowed()
        .filter(disclosure_prohibited_at__isnull=True)
        .filter(consent_in_force(ConsentPurpose.Key.RESEARCH))
    )


def _when(value):
    # Helsinki time, as every other time in the report, not the stored UTC.
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def access_report_part(customer):
    """The customer's consents for the access report (S33, S35).

    One section: every grant and withdrawal with the text version, time,
    channel and evidence, newest first. Cookie choices are not linked to a
    person (only a random id in the visitor's browser), so there is nothing
    to report of them here.
    """
    records = []
    for record in consent_history(customer):
        records.append(
            {
                _("purpose"): str(record.purpose),
                _("action"): str(record.get_action_display()),
                _("text version"): str(record.text.version),
                _("time"): _when(record.recorded_at),
                _("channel"): str(record.get_channel_display()),
                # S33: every piece of evidence kept, whoever recorded it.
                _("evidence"): ", ".join(
                    str(part)
                    for part in (
                        record.evidence if record.recorded_by_id else "",
                        record.ip_address,
                        record.user_agent,
                    )
                    if part
                ),
                _("note"): record.note or "–",
                _("consent text"): record.text.translated("text"),
            }
        )
    return [{"key": "consents", "title": _("Consents"), "records": records}]
