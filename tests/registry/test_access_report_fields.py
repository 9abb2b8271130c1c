"""The access report shows every stored field about the customer, never the password hash (S12, S15, S33)."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone, translation

from privacy.report import build_access_report
from registry.fields import IBANField, PhoneNumberField, format_iban, format_phone
from registry.models import (
    BillingProfile,
    CareRelationship,
    Customer,
    DataSource,
    Disclosure,
    ExtranetAccount,
    Feedback,
    Identifier,
    Invoice,
    Order,
    Representative,
)
from tests.factories import (
    BillingProfileFactory,
    CareRelationshipFactory,
    CustomerFactory,
    DisclosureFactory,
    ExtranetAccountFactory,
    FeedbackFactory,
    IdentifierFactory,
    InvoiceFactory,
    OrderFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

# Not data about the customer: row ids and links between rows, the record's
# edit counter, and the password hash, which S12 keeps from everyone.
NOT_SHOWN = {"id", "customer", "version", "password"}

SECTIONS = {
    Customer: "customer",
    Representative: "representatives",
    CareRelationship: "care_relationships",
    Identifier: "identifiers",
    Feedback: "feedback",
    ExtranetAccount: "extranet_account",
    BillingProfile: "billing_profile",
    Order: "orders",
    Invoice: "invoices",
    Disclosure: "disclosures",
}


@pytest.fixture(autouse=True)
def in_finnish():
    with translation.override("fi"):
        yield


@pytest.fixture
def customer_with_every_kind_of_row():
    now = timezone.now() - timedelta(hours=1)
    customer = CustomerFactory(
        phone="+358401234567",
        company_name="Kanalin Kukka Oy",
        company_website="https://kukka.example.fi",
        preferred_language="sv",
        classifications="kasvissyöjä",
        consented_information="kiinnostunut uutiskirjeestä",
        source=DataSource.POPULATION_REGISTER,
        source_detail="DVV-päivitys 2024-03-01",
    )
    RepresentativeFactory(
        customer=customer,
        phone="+358501112233",
        email="kaisa.virtanen@example.fi",
        valid_until=date(2031, 5, 31),
        source_detail="huoltajuuspäätös 12/2020",
    )
    CareRelationshipFactory(customer=customer, ended_on=timezone.localdate(), source_detail="lähete 2024")
    IdentifierFactory(customer=customer, source_detail="ajanvarauksen lokitiedosto")
    FeedbackFactory(customer=customer, source=DataSource.STAFF, source_detail="kirjattu puhelusta")
    account = ExtranetAccountFactory(customer=customer, last_login_at=now, source_detail="rekisteröityi")
    BillingProfileFactory(
        customer=customer,
        einvoice_address="003712345678",
        einvoice_operator="003721291126",
        source=DataSource.CREDIT_REGISTER,
        source_detail="Asiakastieto 2024-02",
    )
    order = OrderFactory(customer=customer, source_detail="kassajärjestelmä")
    InvoiceFactory(
        customer=customer,
        order=order,
        paid_on=timezone.localdate(),
        reminders_sent=1,
        legal_ground="Kirjanpitolaki 2 luku 10 §",
        source_detail="laskutus",
    )
    staff = get_user_model().objects.create_user("laura", first_name="Laura", last_name="Lehto")
    DisclosureFactory(customer=customer, disclosed_at=now, disclosed_by=staff)
    # Every prohibition, set after the rows: once processing stops, most of them
    # could no longer be recorded (S38, D4).
    customer.disclosure_prohibited_at = customer.processing_prohibited_at = now
    customer.direct_marketing_prohibited_at = customer.processing_restricted_at = now
    customer.save()
    return customer, account


def shown_as(obj, field):
    """How a Finnish reader expects to see the stored value."""
    value = getattr(obj, field.name)
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(field, PhoneNumberField):
        return format_phone(value)
    if isinstance(field, IBANField):
        return format_iban(value)
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, models.Model):
        return value.get_full_name() if hasattr(value, "get_full_name") else str(value)
    return str(value)


def is_translation(model, field):
    """``legal_ground_sv``: the Swedish form of a field the report shows in the reader's language."""
    return any(field.name in (f"{name}_sv", f"{name}_en") for name in getattr(model, "TRANSLATED_FIELDS", ()))


def stored_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in NOT_SHOWN
        and not (field.is_relation and field.name == "practitioner")
        and not is_translation(model, field)
    ]


def test_every_stored_field_of_every_row_is_in_the_report_under_its_finnish_name(
    customer_with_every_kind_of_row,
):
    customer, _account = customer_with_every_kind_of_row
    sections = {s["key"]: s["records"] for s in build_access_report(customer)["sections"]}

    for model, key in SECTIONS.items():
        rows = (
            model.objects.filter(pk=customer.pk)
            if model is Customer
            else model.objects.filter(customer=customer)
        )
        assert len(sections[key]) == rows.count() > 0, key
        for obj, shown in zip(rows, sections[key], strict=True):
            for field in stored_fields(model):
                label = str(field.verbose_name)
                assert shown.get(label) == shown_as(obj, field), f"{key}: {field.name} ({label})"


def test_the_fields_the_audit_found_missing_are_shown(customer_with_every_kind_of_row):
    customer, _account = customer_with_every_kind_of_row
    sections = {s["key"]: s["records"] for s in build_access_report(customer)["sections"]}

    representative = sections["representatives"][0]
    assert representative["puhelin"] == "+358 50 1112233"
    assert representative["tietolähteen tarkennus"] == "huoltajuuspäätös 12/2020"
    assert sections["identifiers"][0]["tietolähteen tarkennus"] == "ajanvarauksen lokitiedosto"
    assert sections["feedback"][0]["tietolähde"] == "henkilökunnan kirjaama"
    assert sections["feedback"][0]["tietolähteen tarkennus"] == "kirjattu puhelusta"
    assert sections["billing_profile"][0]["tietolähteen tarkennus"] == "Asiakastieto 2024-02"
    assert sections["disclosures"][0]["luovuttaja"] == "Laura Lehto"


def test_the_extranet_password_hash_never_appears(customer_with_every_kind_of_row):
    customer, account = customer_with_every_kind_of_row
    report = build_access_report(customer)

    assert account.password and account.password not in json.dumps(report, ensure_ascii=False)
    shown = report["sections"][[s["key"] for s in report["sections"]].index("extranet_account")]["records"][0]
    assert shown["salasana"] == "tallennettu vain yksisuuntaisena tiivisteenä; kukaan ei voi lukea sitä"
