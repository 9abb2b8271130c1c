"""Model fields that validate and normalise Finnish identifiers.

The checksums and formats come from python-stdnum and phonenumbers; nothing
here re-implements them. Each field stores the canonical form, so a search
for a phone number or an IBAN finds it however staff typed it.
"""

from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fi import ytunnus


class PhoneNumberField(models.CharField):
    """A phone number stored in E.164 form (+358401234567).

    Numbers without a country code are read as Finnish ones.
    """

    default_region = "FI"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            number = phonenumbers.parse(value, self.default_region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(
                _("Enter a valid phone number, for example 040 123 4567 or +358 40 123 4567."),
                code="invalid_phone",
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class IBANField(models.CharField):
    """A bank account number as an IBAN, stored without spaces."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 34)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return iban.validate(value)
        except StdnumValidationError:
            raise ValidationError(
                _("Enter a valid IBAN account number, for example FI21 1234 5600 0007 85."),
                code="invalid_iban",
            ) from None


class BusinessIdField(models.CharField):
    """A Finnish business ID (Y-tunnus), stored as 1234567-8."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 9)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return ytunnus.format(ytunnus.validate(value))
        except StdnumValidationError:
            raise ValidationError(
                _("Enter a valid Finnish business ID (Y-tunnus), for example 3386427-8."),
                code="invalid_business_id",
            ) from None


def format_iban(value):
    """IBAN in groups of four, as printed on letters and shown to staff."""
    return iban.format(value) if value else ""


@lru_cache(maxsize=4096)
def format_phone(value):
    """E.164 number in the national form Finnish readers expect.

    Kept per number: parsing and formatting is a third of drawing a list of
    50 customers, and a number always reads the same (bench/README.md).
    """
    if not value:
        return ""
    number = phonenumbers.parse(value, PhoneNumberField.default_region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
