"""Consents (S4, S6, S8, S10), cookie consent (S22–S26) and the privacy notice (S1–S18)."""

from consent.models.consents import ConsentPurpose, ConsentRecord, ConsentText
from consent.models.cookies import Cookie, CookieCategory, CookieChoice, CookiePolicy, CookieService
from consent.models.links import ConsentLink
from consent.models.notice import PrivacyNotice, PrivacyNoticeSection, ProcessingPurpose
from consent.models.translated import Translated

__all__ = [
    "ConsentLink",
    "ConsentPurpose",
    "ConsentRecord",
    "ConsentText",
    "Cookie",
    "CookieCategory",
    "CookieChoice",
    "CookiePolicy",
    "CookieService",
    "PrivacyNotice",
    "PrivacyNoticeSection",
    "ProcessingPurpose",
    "Translated",
]
