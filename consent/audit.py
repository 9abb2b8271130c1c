"""What the audit trail records of consents and the notice (S39).

Consent records hold personal data (IP address, browser); consent texts, the
notice and the cookie table are what customers were told, so their changes
are logged too. The cookie-choice log is itself an append-only log with no
personal data and is not registered.
"""

from auditlog.registry import auditlog


def register_models():
    from consent import models

    for model in (
        models.ConsentRecord,
        models.ConsentText,
        models.PrivacyNotice,
        models.PrivacyNoticeSection,
        models.CookieCategory,
        models.CookieService,
        models.Cookie,
        models.CookiePolicy,
    ):
        if not auditlog.contains(model):
            auditlog.register(model)
