"""Operations on consents: give, withdraw, erase (S4, S6, S8, S10; GDPR Art. 7)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consent.models import ConsentPurpose, ConsentRecord, PrivacyNotice, PrivacyNoticeSection
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
    record.full_clean()
    record.save()
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
    return {"deleted": deleted, "kept": []}


def send_consent_link(*, customer, base_url):
    """E-mail the customer a link to the page where they give and withdraw consents.

    In the customer's own language; ``base_url`` is the site's address
    (``request.build_absolute_uri("/")``). Raises ``ValidationError`` when
    the customer has no e-mail address.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from consent.tokens import make_token

    if not customer.email:
        raise ValidationError(_("%(customer)s has no e-mail address.") % {"customer": customer})
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
