"""How letters write dates, times, numbers and phone numbers in their own language (issue 18 item 8).

Finnish and Swedish letters write a date as 2.12.2026 and a decimal with a
comma; English ones write 2 December 2026. The letter's language is the
active one (``privacy.letters`` renders inside ``translation.override``).
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import phonenumbers
from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

register = template.Library()


def _language():
    return (get_language() or "fi")[:2]


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value if isinstance(value, date) else None


@register.filter
def letter_date(value):
    """2.12.2026 in Finnish and Swedish, 2 December 2026 in English; an ISO string is read too."""
    day = _as_date(value)
    if day is None:
        return value or "–"
    if _language() == "en":
        return date_format(day, "j F Y")
    return f"{day.day}.{day.month}.{day.year}"


@register.filter
def letter_datetime(value):
    """A moment in the clinic's local time, to the minute: 2.12.2026 klo 14.05 / kl. 14.05 / at 14:05."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return letter_date(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    day = letter_date(local.date())
    if _language() == "fi":
        return f"{day} klo {local:%H.%M}"
    if _language() == "sv":
        return f"{day} kl. {local:%H.%M}"
    return f"{day} at {local:%H:%M}"


@register.filter
def letter_number(value, places=2):
    """A decimal with a comma in Finnish and Swedish, a point in English."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    text = f"{number:.{int(places)}f}"
    return text if _language() == "en" else text.replace(".", ",")


@register.filter
def letter_phone(value):
    """A phone number as people write it: 02 6354665 for a Finnish reader, +358 2 6354665 for others."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(str(value), "FI")
    except phonenumbers.NumberParseException:
        return value
    national = number.country_code == 358 and _language() in ("fi", "sv")
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
