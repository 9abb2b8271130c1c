"""Reusable reads of the register.

``access_report_part`` is the register's part of a customer's access report
(S33, S35); the interface is described in ``privacy/report.py``.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.fields import format_iban, format_phone
from registry.models import Customer


def display_value(obj, field_name):
    """A field's value as a person reads it: choice labels, ISO dates, empty as "–"."""
    field = obj._meta.get_field(field_name)
    if getattr(field, "choices", None):
        value = getattr(obj, f"get_{field_name}_display")()
    else:
        value = getattr(obj, field_name)
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def record(obj, field_names, extra=None):
    """{translated field label: display string} for the named fields, then ``extra``."""
    fields = {str(obj._meta.get_field(name).verbose_name): display_value(obj, name) for name in field_names}
    fields.update({str(label): value for label, value in (extra or {}).items()})
    return fields


def _customer_record(customer):
    row = record(
        customer,
        [
            "first_name",
            "last_name",
            "email",
            "company_name",
            "company_website",
            "preferred_language",
            "classifications",
            "consented_information",
            "source",
            "source_detail",
            "created_at",
            "updated_at",
        ],
    )
    row[str(Customer._meta.get_field("phone").verbose_name)] = format_phone(customer.phone) or "–"
    for name in (
        "disclosure_prohibited_at",
        "processing_prohibited_at",
        "direct_marketing_prohibited_at",
        "processing_restricted_at",
    ):
        if getattr(customer, name):
            row.update(record(customer, [name]))
    return row


def access_report_part(customer):
    """Everything the register holds on the customer, section by section (S9–S17)."""
    sections = [{"key": "customer", "title": _("Your details"), "records": [_customer_record(customer)]}]

    def add(key, title, rows):
        sections.append({"key": key, "title": title, "records": list(rows)})

    add(
        "representatives",
        _("Guardians and legal representatives"),
        (
            record(r, ["kind", "first_name", "last_name", "email", "mandate", "valid_until", "source"])
            for r in customer.representatives.all()
        ),
    )
    add(
        "care_relationships",
        _("Customer relationships"),
        (
            record(c, ["started_on", "ended_on"], {_("with"): str(c.practitioner or gettext("the clinic"))})
            for c in customer.care_relationships.select_related("practitioner")
        ),
    )
    add(
        "identifiers",
        _("IP addresses and other identifiers"),
        (
            record(i, ["kind", "value", "seen_in", "first_seen_at", "last_seen_at", "source"])
            for i in customer.identifiers.all()
        ),
    )
    add(
        "feedback",
        _("Feedback"),
        (record(f, ["received_at", "channel", "text"]) for f in customer.feedback.all()),
    )
    account = getattr(customer, "extranet_account", None)
    add(
        "extranet_account",
        _("Extranet account"),
        [
            record(
                account,
                ["username", "is_active", "created_at", "last_login_at"],
                {_("password"): gettext("stored only as a one-way hash; nobody can read it")},
            )
        ]
        if account
        else [],
    )
    profile = getattr(customer, "billing_profile", None)
    add(
        "billing_profile",
        _("Billing details"),
        [
            record(
                profile,
                ["billing_email", "einvoice_address", "einvoice_operator", "source"],
                {_("bank account (IBAN)"): format_iban(profile.bank_account) or "–"},
            )
        ]
        if profile
        else [],
    )
    add(
        "orders",
        _("Orders"),
        (record(o, ["number", "ordered_at", "description", "total"]) for o in customer.orders.all()),
    )
    add(
        "invoices",
        _("Invoices and payments"),
        (
            record(i, ["number", "issued_on", "due_on", "amount", "paid_on", "reminders_sent"])
            for i in customer.invoices.all()
        ),
    )
    add(
        "disclosures",
        _("Disclosures of your data"),
        (
            record(d, ["disclosed_at", "recipient", "basis", "legal_ground", "data_disclosed"])
            for d in customer.disclosures.all()
        ),
    )
    return sections
