"""Reusable reads of the register.

``access_report_part`` is the register's part of a customer's access report
(S33, S35); the interface is described in ``privacy/report.py``.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.fields import IBANField, PhoneNumberField, format_iban, format_phone

# S15: every row that says where its data came from shows it, and when it was recorded.
SOURCE_FIELDS = ["source", "source_detail", "created_at", "updated_at"]


def display_value(obj, field_name):
    """A field's value as a person reads it: choice labels, ISO dates, empty as "–".

    Phone numbers and bank accounts are shown grouped as people write them.
    """
    field = obj._meta.get_field(field_name)
    if field_name in getattr(obj, "TRANSLATED_FIELDS", ()):
        # Issue 18 item 9: a ground or profession kept in three languages is shown in the reader's.
        value = obj.translated(field_name)
    elif getattr(field, "choices", None):
        value = getattr(obj, f"get_{field_name}_display")()
    elif isinstance(field, PhoneNumberField):
        value = format_phone(getattr(obj, field_name))
    elif isinstance(field, IBANField):
        value = format_iban(getattr(obj, field_name))
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
            "phone",
            "email",
            "company_name",
            "company_website",
            "preferred_language",
            "classifications",
            "consented_information",
            *SOURCE_FIELDS,
        ],
    )
    for name in (
        "disclosure_prohibited_at",
        "processing_prohibited_at",
        "direct_marketing_prohibited_at",
        "processing_restricted_at",
    ):
        if getattr(customer, name):
            row.update(record(customer, [name]))
    return row


def _staff_name(user):
    return (user.get_full_name() or user.get_username()) if user is not None else "–"


def access_report_part(customer):
    """Everything the register holds on the customer, section by section (S9–S17, S33).

    Every stored field of every row about the customer is shown under its
    (translated) name, with where it came from (S15); only the row ids, the
    links between rows, the customer record's edit counter and the extranet
    password hash are left out. The password is never shown, only that it is
    kept as a one-way hash (S12).
    """
    sections = [{"key": "customer", "title": _("Your details"), "records": [_customer_record(customer)]}]

    def add(key, title, rows):
        sections.append({"key": key, "title": title, "records": list(rows)})

    add(
        "representatives",
        _("Guardians and legal representatives"),
        (
            record(
                r,
                [
                    "kind",
                    "first_name",
                    "last_name",
                    "phone",
                    "email",
                    "mandate",
                    "valid_until",
                    *SOURCE_FIELDS,
                ],
            )
            for r in customer.representatives.all()
        ),
    )
    add(
        "care_relationships",
        _("Customer relationships"),
        (
            record(
                c,
                ["started_on", "ended_on", "source", "source_detail"],
                {_("with"): str(c.practitioner or gettext("the clinic"))},
            )
            for c in customer.care_relationships.select_related("practitioner")
        ),
    )
    add(
        "identifiers",
        _("IP addresses and other identifiers"),
        (
            record(i, ["kind", "value", "seen_in", "first_seen_at", "last_seen_at", *SOURCE_FIELDS])
            for i in customer.identifiers.all()
        ),
    )
    add(
        "feedback",
        _("Feedback"),
        (record(f, ["received_at", "channel", "text", *SOURCE_FIELDS]) for f in customer.feedback.all()),
    )
    account = getattr(customer, "extranet_account", None)
    add(
        "extranet_account",
        _("Extranet account"),
        [
            record(
                account,
                ["username", "is_active", "created_at", "last_login_at", "source", "source_detail"],
                # S12: the hash itself is never shown.
                {_("password"): gettext("stored only as a one-way hash; nobody can read it")},
            )
        ]
        if account
        else [],
    )
    identity = getattr(customer, "electronic_identity", None)
    add(
        "electronic_identity",
        _("Strong electronic identification"),
        [
            record(
                identity,
                ["linked_at"],
                # S9: the identity code is not stored, only a keyed hash of it.
                {
                    _("identification key"): gettext(
                        "a keyed hash of your personal identity code; the code itself is not stored"
                    )
                },
            )
        ]
        if identity
        else [],
    )
    profile = getattr(customer, "billing_profile", None)
    add(
        "billing_profile",
        _("Billing details"),
        [
            record(
                profile,
                ["bank_account", "billing_email", "einvoice_address", "einvoice_operator", *SOURCE_FIELDS],
            )
        ]
        if profile
        else [],
    )
    add(
        "orders",
        _("Orders"),
        (
            record(o, ["number", "ordered_at", "description", "total", "source", "source_detail"])
            for o in customer.orders.all()
        ),
    )
    add(
        "invoices",
        _("Invoices and payments"),
        (
            record(
                i,
                [
                    "number",
                    "order",
                    "issued_on",
                    "due_on",
                    "amount",
                    "paid_on",
                    "reminders_sent",
                    "legal_ground",
                    "source",
                    "source_detail",
                ],
            )
            for i in customer.invoices.select_related("order")
        ),
    )
    add(
        "disclosures",
        _("Disclosures of your data"),
        (
            record(
                d,
                ["disclosed_at", "recipient", "basis", "legal_ground", "data_disclosed"],
                {d._meta.get_field("disclosed_by").verbose_name: _staff_name(d.disclosed_by)},
            )
            for d in customer.disclosures.select_related("disclosed_by")
        ),
    )
    return sections
