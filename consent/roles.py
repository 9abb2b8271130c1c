"""What each staff role may do with consents, the cookie table and the notice (S29).

Consent records are append-only, so no role may change or delete them; a
mistake is corrected by recording a new grant or withdrawal. The responsible
person (S2) manages what customers are told: consent texts, the privacy
notice and the cookie table. Merged with the other apps' roles in
``kanalinhelmi.roles``.
"""

from kanalinhelmi.roles import CUSTOMER_SERVICE, PRACTITIONER, RESPONSIBLE_PERSON, crud

_read_consents = [
    "consent.view_consentrecord",
    "consent.view_consentpurpose",
    "consent.view_consenttext",
]

_customer_service = [*_read_consents, "consent.add_consentrecord"]

ROLE_PERMISSIONS = {
    CUSTOMER_SERVICE: _customer_service,
    # Row-level: only the records of customers visible to them (S7, S8).
    PRACTITIONER: _read_consents,
    RESPONSIBLE_PERSON: [
        *_customer_service,
        *crud("consent", "consenttext", "add", "change", "delete"),
        *crud("consent", "privacynotice", "view", "add", "change", "delete"),
        *crud("consent", "privacynoticesection", "view", "add", "change", "delete"),
        # GDPR Art. 30: the purposes and legal bases, and the printable record of processing.
        *crud("consent", "processingpurpose", "view", "add", "change"),
        *crud("consent", "cookiecategory", "view", "change"),
        *crud("consent", "cookieservice", "view", "add", "change", "delete"),
        *crud("consent", "cookie", "view", "add", "change", "delete"),
        *crud("consent", "cookiepolicy", "view", "add", "change", "delete"),
        "consent.view_cookiechoice",
    ],
}
