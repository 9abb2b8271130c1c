"""The consent app's part of the data map (kanalinhelmi/personal_data.py; S22–S26)."""

from django.utils.translation import gettext_lazy as _

from kanalinhelmi.personal_data import Erasure, PersonalData, Retention

DATA_MAP = [
    PersonalData(
        "consent.ConsentRecord",
        fields=(
            "purpose",
            "text",
            "action",
            "recorded_at",
            "channel",
            "recorded_by",
            "ip_address",
            "user_agent",
            "note",
        ),
        about=_("the customer, and the staff member who recorded the consent"),
        report="consents",
        erasure=Erasure.REMOVE,
        retention=Retention.WITH_CUSTOMER,
        other_fields=("id", "customer", "notice"),
    ),
    PersonalData(
        "consent.CookieChoice",
        fields=("consent_id", "method", "analytics", "marketing", "chosen_at"),
        about=_("a visitor of the website, known only by a random id in their browser"),
        report=None,
        not_reported_because=_("linked to no person: only the visitor's browser knows the id (S26)"),
        erasure=Erasure.NOT_CUSTOMER,
        retention=Retention.COOKIE_CHOICES,
        audited=False,
        not_audited_because=_("an append-only log itself; nobody changes it"),
        view_logging=(),
        other_fields=("id", "policy"),
    ),
    PersonalData(
        "consent.ConsentLink",
        fields=("email_fingerprint", "created_at"),
        about=_("the customer an e-mailed consent link was sent to"),
        report=None,
        not_reported_because=_(
            "a keyed fingerprint of the address a link went to, removed after CONSENT_LINK_DAYS; sending it is "
            "in the customer's log data"
        ),
        erasure=Erasure.REMOVE,
        retention=Retention.WITH_CUSTOMER,
        audited=False,
        not_audited_because=_("a technical record of an e-mailed link; sending it is in the audit trail"),
        view_logging=(),
        other_fields=("id", "key", "customer"),
    ),
]

# What customers were told: published texts, not data about anyone.
NOT_PERSONAL = {
    "consent.ConsentPurpose": _("the purposes consent is asked for"),
    "consent.ConsentText": _("published consent texts"),
    "consent.CookieCategory": _("the cookie table of the website"),
    "consent.CookieService": _("the cookie table of the website"),
    "consent.Cookie": _("the cookie table of the website"),
    "consent.CookiePolicy": _("published versions of the cookie policy"),
    "consent.PrivacyNotice": _("published versions of the privacy notice"),
    "consent.PrivacyNoticeSection": _("published versions of the privacy notice"),
    "consent.ProcessingPurpose": _("the purposes of processing and their legal bases, as published"),
}
