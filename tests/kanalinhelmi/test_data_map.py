"""The data map lists every model and field holding personal data, and the register keeps what it says (issue 17).

Walked against every model Django knows: a model or field missing from the
map fails, as does a listed field that the access report leaves out (S33)
or that the audit trail does not follow (S39). What erasure and retention
leave behind is searched for in ``tests/privacy/test_nothing_left_behind.py``.
"""

import io
import json
from datetime import date, datetime, timedelta

import pytest
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone, translation

from kanalinhelmi.personal_data import Erasure, Retention, ViewLogging, data_map, not_personal
from privacy.report import build_access_report
from privacy.retention.models import RelationshipEnding
from registry.models import DataSource, ElectronicIdentity
from tests.factories import (
    BillingProfileFactory,
    CareRelationshipFactory,
    ConsentRecordFactory,
    CustomerFactory,
    DataSubjectRequestFactory,
    DisclosureFactory,
    ExtranetAccountFactory,
    FeedbackFactory,
    IdentifierFactory,
    InvoiceFactory,
    OrderFactory,
    RepresentativeFactory,
)
from tests.registry.test_access_report_fields import shown_as

ENTRIES = data_map()
BY_MODEL = {entry.model: entry for entry in ENTRIES}


def every_model():
    return [model for model in apps.get_models() if not model._meta.proxy and not model._meta.auto_created]


def test_every_model_django_knows_is_in_the_data_map_or_said_to_hold_no_personal_data():
    reasons = not_personal()
    missing = [
        model._meta.label
        for model in every_model()
        if model._meta.label not in BY_MODEL and model._meta.label not in reasons
    ]
    assert missing == [], "Add these to their app's data_map.py (DATA_MAP or NOT_PERSONAL)"
    assert not set(BY_MODEL) & set(reasons)
    assert len(BY_MODEL) == len(ENTRIES), "a model is listed twice"
    assert all(str(reason).strip() for reason in reasons.values())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.model)
def test_every_field_of_a_listed_model_is_said_to_hold_personal_data_or_not(entry):
    model = entry.model_class
    stored = {field.name for field in model._meta.concrete_fields} | {
        field.name for field in model._meta.many_to_many
    }
    declared = set(entry.fields) | set(entry.other_fields) | set(entry.unreported_fields)
    assert stored - declared == set(), f"{entry.model}: fields missing from the data map"
    assert declared - stored == set(), f"{entry.model}: the data map names fields the model does not have"
    assert not set(entry.fields) & set(entry.other_fields)
    assert entry.erasure in Erasure.values and entry.retention in Retention.values
    assert set(entry.view_logging) <= set(ViewLogging.values)
    assert entry.owner
    if entry.report is None:
        assert str(entry.not_reported_because).strip(), f"{entry.model}: why is it not in the report?"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.audited], ids=lambda entry: entry.model)
def test_every_audited_model_and_its_personal_fields_are_in_the_audit_trail(entry):
    """S39: the trail records every change of personal data (ControllerDetails and Feedback once were not)."""
    model = entry.model_class
    assert auditlog.contains(model), f"{entry.model} is not in the audit trail"
    options = auditlog._registry[model]
    left_out = set(options["exclude_fields"]) | set(options["mask_fields"])
    if options["include_fields"]:
        left_out |= set(entry.fields) - set(options["include_fields"])
    assert left_out & set(entry.fields) <= set(entry.unaudited_fields), f"{entry.model}: not in the trail"
    assert set(entry.unaudited_fields) <= set(entry.fields)
    if entry.unaudited_fields:
        assert str(entry.notes).strip()


@pytest.mark.parametrize("entry", [e for e in ENTRIES if not e.audited], ids=lambda entry: entry.model)
def test_a_model_the_trail_does_not_follow_says_why(entry):
    assert str(entry.not_audited_because).strip()


# --- The access report shows every listed field (S33) -------------------------------------------

# Shown by a part of its value: the consent text by its version (its wording is shown beside it).
SHOWN_BY = {("consent.ConsentRecord", "text"): lambda record: str(record.text.version)}


def renderings(entry, obj, field):
    """The ways the report may show the value: as the register's fields show it, or in the local format."""
    if (entry.model, field.name) in SHOWN_BY:
        return [SHOWN_BY[entry.model, field.name](obj)]
    value = getattr(obj, field.name)
    shown = [shown_as(obj, field)]
    if isinstance(value, datetime):
        shown.append(formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT"))
    elif isinstance(value, date):
        shown.append(formats.date_format(value, "SHORT_DATE_FORMAT"))
    return [json.dumps(text, ensure_ascii=False).strip('"') for text in shown]


# Checked by tests/audit/test_access_report_log_data.py and test_list_views_logged.py: the
# trail's report shows who, when and what kind of data, never a value.
REPORTED_ELSEWHERE = {"auditlog.LogEntry", "audit_review.CustomerLogEntry", "audit_review.CustomerShown"}


@pytest.fixture
def customer_with_a_row_of_every_kind(responsible_person):
    """A customer with one row of every model the report shows, every personal field filled in."""
    now = timezone.now() - timedelta(hours=1)
    staff = get_user_model().objects.create_user("laura", first_name="Laura", last_name="Lehto")
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
    order = OrderFactory(customer=customer, source_detail="kassajärjestelmä")
    rows = {
        "registry.Customer": customer,
        "registry.Representative": RepresentativeFactory(
            customer=customer,
            phone="+358501112233",
            email="kaisa.virtanen@example.fi",
            valid_until=date(2031, 5, 31),
            source_detail="huoltajuuspäätös 12/2020",
        ),
        "registry.CareRelationship": CareRelationshipFactory(
            customer=customer, ended_on=timezone.localdate(), source_detail="lähete"
        ),
        "registry.Identifier": IdentifierFactory(customer=customer, source_detail="ajanvarauksen loki"),
        "registry.Feedback": FeedbackFactory(customer=customer, source_detail="kirjattu puhelusta"),
        "registry.ExtranetAccount": ExtranetAccountFactory(
            customer=customer, last_login_at=now, source_detail="rekisteröityi itse"
        ),
        "registry.ElectronicIdentity": ElectronicIdentity.objects.create(
            customer=customer, person_key="a" * 64, linked_by=staff
        ),
        "registry.BillingProfile": BillingProfileFactory(
            customer=customer,
            einvoice_address="003712345678",
            einvoice_operator="003721291126",
            source_detail="Asiakastieto 2024-02",
        ),
        "registry.Order": order,
        "registry.Invoice": InvoiceFactory(
            customer=customer,
            order=order,
            paid_on=timezone.localdate(),
            reminders_sent=1,
            legal_ground="Kirjanpitolaki 2 luku 10 §",
            source_detail="laskutusjärjestelmä",
        ),
        "registry.Disclosure": DisclosureFactory(customer=customer, disclosed_at=now, disclosed_by=staff),
        "consent.ConsentRecord": ConsentRecordFactory(
            customer=customer, recorded_by=staff, note="Lomake arkistossa, kansio 7"
        ),
        "privacy.DataSubjectRequest": DataSubjectRequestFactory(
            customer=customer,
            kind="correction",
            phone="+358409876543",
            postal_address="Kanalinkatu 1 A 2\n00100 Helsinki",
            details="Sukunimeni on muuttunut",
            on_behalf=True,
            subject_first_name="Pikku",
            subject_last_name="Virtanen",
            mandate_kind="guardian",
            mandate_details="Huoltajuus syntymästä",
            closed_at=now,
        ),
        "retention.RelationshipEnding": RelationshipEnding.objects.create(
            customer=customer,
            customer_number=customer.pk,
            kind=RelationshipEnding.Kind.ENDED,
            ended_on=timezone.localdate(),
            reason="Muutti ulkomaille",
            recorded_by=responsible_person,
            data_removed_at=now,
        ),
    }
    from tests.privacy.conftest import attach_scan

    rows["privacy.RequestAttachment"] = attach_scan(rows["privacy.DataSubjectRequest"], "mandate")
    # S38: the prohibitions come last, as in life; rows are not added after them (D4).
    customer.disclosure_prohibited_at = customer.processing_prohibited_at = now
    customer.direct_marketing_prohibited_at = customer.processing_restricted_at = now
    customer.save()
    return customer, rows


def test_every_listed_field_is_in_the_customers_access_report(customer_with_a_row_of_every_kind):
    customer, rows = customer_with_a_row_of_every_kind
    with translation.override("fi"):
        sections = {s["key"]: s["records"] for s in build_access_report(customer)["sections"]}
        missing = []
        for entry in ENTRIES:
            if entry.report is None or entry.model in REPORTED_ELSEWHERE:
                continue
            assert entry.model in rows, f"add a row of {entry.model} to this test's customer"
            obj = rows[entry.model]
            obj.refresh_from_db()
            shown = json.dumps(sections.get(entry.report, []), ensure_ascii=False)
            for field in entry.field_objects():
                value = getattr(obj, field.name)
                assert value not in (None, ""), f"fill {entry.model}.{field.name} in this test's customer"
                expected = renderings(entry, obj, field)
                if not any(text in shown for text in expected):
                    missing.append(f"{entry.model}.{field.name} = {expected[0]!r} (section {entry.report})")
    assert missing == [], "\n".join(missing)


def test_the_request_and_consent_fields_the_audit_found_missing_are_shown(customer_with_a_row_of_every_kind):
    """Issue 17 item 3: a request's postal address, phone, details and mandate; a consent's note."""
    customer, _rows = customer_with_a_row_of_every_kind
    with translation.override("fi"):
        sections = {s["key"]: s["records"] for s in build_access_report(customer)["sections"]}
    request = sections["requests"][0]
    assert request["postiosoite"] == "Kanalinkatu 1 A 2\n00100 Helsinki"
    assert request["puhelin"] == "+358 40 9876543"
    assert request["pyynnön tarkennukset"] == "Sukunimeni on muuttunut"
    assert "Huoltajuus syntymästä" in json.dumps(request, ensure_ascii=False)
    assert sections["consents"][0]["huomautus"] == "Lomake arkistossa, kansio 7"


# --- The map as a document and as a printable page (GDPR Art. 30) ------------------------------


def test_docs_data_map_is_current():
    """Run ``manage.py data_map`` after changing an app's data_map.py."""
    from django.core.management import call_command

    call_command("data_map", "--check", stdout=io.StringIO())


def test_the_responsible_person_prints_the_data_map_from_the_audit_review(client, responsible_person):
    client.force_login(responsible_person)
    review = client.get(reverse("audit_review:review")).content.decode()
    assert reverse("audit_review:data_map") in review
    with translation.override("fi"):
        page = client.get(reverse("audit_review:data_map"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "registry.Customer" in text and "auditlog.LogEntry" in text
    assert "window.print()" in text


def test_customer_service_cannot_open_the_data_map(client, customer_service_user):
    client.force_login(customer_service_user)
    assert client.get(reverse("audit_review:data_map")).status_code == 403


def test_opening_a_row_the_data_map_says_is_logged_leaves_an_access_entry(
    customer_with_a_row_of_every_kind, client, admin_user
):
    """S39: every back-office page that opens a listed row logs the view (opening a record)."""
    from auditlog.models import LogEntry
    from django.contrib import admin

    _customer, rows = customer_with_a_row_of_every_kind
    client.force_login(admin_user)
    not_logged = []
    for entry in ENTRIES:
        model = entry.model_class
        if ViewLogging.OPENED not in entry.view_logging or model not in admin.site._registry:
            continue
        assert entry.model in rows, f"add a row of {entry.model} to this test's customer"
        obj = rows[entry.model]
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert response.status_code == 200, entry.model
        if not LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS).exists():
            not_logged.append(entry.model)
    assert not_logged == []
