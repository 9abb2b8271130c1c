"""Operations on consents: give, withdraw, erase (S4, S6, S8, S10; GDPR Art. 7)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consent.models import ConsentPurpose, ConsentRecord, PrivacyNotice
from consent.selectors import current_consents
from registry.models import Customer


def _record(
    *, customer, purpose_key, action, channel, recorded_by=None, ip_address=None, user_agent="", note=""
):
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    purpose = ConsentPurpose.objects.get(key=purpose_key)
    latest = current_consents(customer).get(purpose_key)
    if action == ConsentRecord.Action.WITHDRAW and (
        latest is None or latest.action != ConsentRecord.Action.GRANT
    ):
        raise ValidationError(
            _("There is no consent in force to withdraw for “%(purpose)s”.") % {"purpose": purpose}
        )
    text = purpose.current_text() if action == ConsentRecord.Action.GRANT else latest.text
    if text is None:
        raise ValidationError(
            _("“%(purpose)s” has no published consent text yet; the responsible person must publish one.")
            % {"purpose": purpose}
        )
    if (
        action == ConsentRecord.Action.GRANT
        and latest is not None
        and latest.action == action
        and latest.text == text
    ):
        return latest
    record = ConsentRecord(
        customer=customer,
        purpose=purpose,
        text=text,
        action=action,
        channel=channel,
        recorded_by=recorded_by,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
        notice=PrivacyNotice.current(),
        note=note,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def give_consent(
    *, customer, purpose_key, channel, recorded_by=None, ip_address=None, user_agent="", note=""
):
    """Record that the customer consents to the purpose's current text.

    Giving again the same version is a no-op (the grant in force is
    returned); a grant to a newer text version is a new record.
    """
    return _record(
        customer=customer,
        purpose_key=purpose_key,
        action=ConsentRecord.Action.GRANT,
        channel=channel,
        recorded_by=recorded_by,
        ip_address=ip_address,
        user_agent=user_agent,
        note=note,
    )


@transaction.atomic
def withdraw_consent(
    *, customer, purpose_key, channel, recorded_by=None, ip_address=None, user_agent="", note=""
):
    """Record that the customer withdraws the consent (GDPR Art. 7(3)).

    Takes effect at once: the state is derived from the latest record, so
    from this moment the customer drops out of the joint register (S8), the
    marketing list and the research cohort.
    """
    return _record(
        customer=customer,
        purpose_key=purpose_key,
        action=ConsentRecord.Action.WITHDRAW,
        channel=channel,
        recorded_by=recorded_by,
        ip_address=ip_address,
        user_agent=user_agent,
        note=note,
    )


def erase_customer_part(*, customer):
    """Erase the customer's consent records (S19); part of ``privacy``'s erasure.

    Runs inside the caller's transaction. Consent records exist to show
    that processing based on consent was lawful (GDPR Art. 7(1)); when the
    customer is erased that processing ends, and so does the need to
    demonstrate the consent, so nothing is kept. Records are deleted one by
    one so that the audit trail records each deletion (S39). Cookie choices
    are not linked to any person and are not touched.
    """
    deleted = []
    for record in ConsentRecord.objects.filter(customer=customer).select_related("purpose").order_by("pk"):
        deleted.append(
            _("consent record: %(purpose)s, %(action)s %(date)s")
            % {
                "purpose": record.purpose,
                "action": record.get_action_display(),
                "date": record.recorded_at.date().isoformat(),
            }
        )
        record.delete()
    return {"deleted": deleted, "kept": []}
