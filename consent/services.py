"""Operations on consents: give, withdraw, erase (S4, S6, S8, S10; GDPR Art. 7)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from consent.models import ConsentLink, ConsentPurpose, ConsentRecord, PrivacyNotice, PrivacyNoticeSection
from consent.selectors import current_consents
from registry.models import Customer


def text_for(*, customer, purpose, action):
    """The text version a new grant or withdrawal refers to, or a ``ValidationError`` saying why not.

    A grant is to the purpose's current published text; a withdrawal is of
    the consent in force. ``customer`` may be ``None`` for a customer being
    created (no history yet).
    """
    latest = current_consents(customer).get(purpose.key) if customer is not None and customer.pk else None
    in_force = latest is not None and latest.action == ConsentRecord.Action.GRANT
    if action == ConsentRecord.Action.WITHDRAW:
        if not in_force:
            raise ValidationError(
                _("There is no consent in force to withdraw for “%(purpose)s”.") % {"purpose": purpose}
            )
        return latest.text
    text = purpose.current_text()
    if text is None:
        raise ValidationError(
            _("“%(purpose)s” has no published consent text yet; the responsible person must publish one.")
            % {"purpose": purpose}
        )
    if in_force and latest.text_id == text.pk:
        raise ValidationError(
            _("The consent for “%(purpose)s” is already in force (text version %(version)s).")
            % {"purpose": purpose, "version": text.version}
        )
    return text


def _record(
    *, customer, purpose_key, action, channel, recorded_by=None, ip_address=None, user_agent="", note=""
):
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    purpose = ConsentPurpose.objects.get(key=purpose_key)
    record = ConsentRecord(
        customer=customer,
        purpose=purpose,
        text=text_for(customer=customer, purpose=purpose, action=action),
        action=action,
        channel=channel,
        recorded_by=recorded_by,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
        notice=PrivacyNotice.current(),
        note=note,
    )
    return save_record(record)


def _with_sentence(note, sentence):
    """``note`` followed by ``sentence``, the note shortened so that both fit the field."""
    room = ConsentRecord._meta.get_field("note").max_length - len(sentence) - 1
    note = note.strip()
    if len(note) > room:
        note = note[: room - 1].rstrip() + "…"
    return f"{note} {sentence}".strip()


@transaction.atomic
def save_record(record):
    """Save a new grant or withdrawal, with what follows from it; returns the record.

    Every way of recording a consent goes through here (the customer's own
    page, ``give_consent``/``withdraw_consent`` and the back-office), so the
    consequences cannot be skipped. S10: the customer's "other information
    collected with consent" exists only by the additional-data consent, so
    withdrawing that consent removes the information in the same
    transaction, saved through the model so that the audit trail shows the
    removal, and the withdrawal's note says so. Withdrawing any other
    consent keeps it.
    """
    customer = Customer.objects.select_for_update().get(pk=record.customer_id)
    removes_information = (
        record.action == ConsentRecord.Action.WITHDRAW
        and record.purpose.key == ConsentPurpose.Key.ADDITIONAL_DATA
        and bool(customer.consented_information)
    )
    if removes_information:
        # Notes are read by staff; they are kept in the register's own language.
        with translation.override(settings.LANGUAGE_CODE):
            sentence = _("The other information collected with this consent was removed from the register.")
        record.note = _with_sentence(record.note, sentence)
    record.full_clean()
    record.save()
    if removes_information:
        customer.consented_information = ""
        customer.save(update_fields=["consented_information", "updated_at"])
    return record


@transaction.atomic
def give_consent(
    *, customer, purpose_key, channel, recorded_by=None, ip_address=None, user_agent="", note=""
):
    """Record that the customer consents to the purpose's current text.

    A grant to a newer text version is a new record; giving again a consent
    already in force for the same text is refused with a ``ValidationError``.
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
    marketing list and the research cohort. Withdrawing the additional-data
    consent also removes the information collected with it (S10, see
    ``save_record``).
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


def erase_customer_part(*, customer, reason=None):
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
    # The links e-mailed to the customer lead nowhere once they are erased.
    ConsentLink.objects.filter(customer=customer).delete()
    return {"deleted": deleted, "kept": []}


def send_consent_link(*, customer, base_url):
    """E-mail the customer a link to the page where they give and withdraw consents.

    In the customer's own language; ``base_url`` is the site's address
    (``request.build_absolute_uri("/")``). Raises ``ValidationError`` when
    the customer has no e-mail address, or has prohibited or restricted
    the processing of their data (S38).
    """
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from consent.tokens import make_token

    if not customer.email:
        raise ValidationError(_("%(customer)s has no e-mail address.") % {"customer": customer})
    if customer.processing_prohibited or customer.processing_restricted:
        # S38, D4: no mail asks for a new consent once processing stopped.
        raise ValidationError(
            _(
                "%(customer)s has prohibited or restricted the processing of their data, so no consent "
                "link is sent."
            )
            % {"customer": customer}
        )
    with translation.override(customer.preferred_language):
        path = reverse("consent:manage", args=[make_token(customer)])
        context = {
            "customer": customer,
            "url": base_url.rstrip("/") + path,
            "days": settings.CONSENT_LINK_DAYS,
        }
        subject = render_to_string("consent/email/consent_link_subject.txt", context).strip()
        body = render_to_string("consent/email/consent_link_body.txt", context)
    send_mail(subject, body, None, [customer.email])


@transaction.atomic
def draft_privacy_notice(*, source=None):
    """A new draft of the privacy notice, copied from ``source`` (default: the latest version)."""
    from django.db.models import Max

    source = source or PrivacyNotice.objects.order_by("-version").first()
    version = (PrivacyNotice.objects.aggregate(latest=Max("version"))["latest"] or 0) + 1
    draft = PrivacyNotice.objects.create(version=version)
    if source is not None:
        for section in source.sections.all():
            PrivacyNoticeSection.objects.create(
                notice=draft,
                key=section.key,
                body_fi=section.body_fi,
                body_sv=section.body_sv,
                body_en=section.body_en,
            )
    return draft
