"""Small filters for the public pages (issue 13 item 5)."""

from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

register = template.Library()


@register.filter
def distinct(values):
    """The same message once: a form's and a model's check may both give it."""
    seen = []
    for value in values or ():
        if str(value) not in [str(earlier) for earlier in seen]:
            seen.append(value)
    return seen


@register.filter
def unambiguous_date(value):
    """A date no reader can misread: "2 January 2027" in English, 2.1.2027 in Finnish and Swedish."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if (get_language() or "fi")[:2] == "en":
        return formats.date_format(value, "j F Y")
    return formats.date_format(value, "j.n.Y")
