"""What can still be recorded about a customer who prohibited or restricted processing (S38, D4), as tables.

GDPR Art. 18(2): such data is only stored, or processed for legal claims.
The decision for each model that points to a customer is written out here
and in docs/statements.md ("S38 per model"); the models are found through
Django's model meta, so a new model that points to a customer fails
``test_every_model_that_points_to_a_customer_is_in_the_table`` until it
decides. The first table is the rule itself, on every path that saves; the
second is every role on every back-office page that adds such a row
(issue 10 item 5).
"""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consent.models import ConsentPurpose, ConsentRecord
from kanalinhelmi.roles import BILLING, CUSTOMER_SERVICE, PRACTITIONER, RESPONSIBLE_PERSON
from registry import models
from registry.services import set_restriction
from tests.conftest import make_staff
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

pytestmark = pytest.mark.django_db

CS, B, P, RP = CUSTOMER_SERVICE, BILLING, PRACTITIONER, RESPONSIBLE_PERSON
ROLES = [CS, B, P, RP]
REFUSED = "kieltänyt tai rajoittanut"  # every refusal says why, in the staff's language


def models_pointing_to_a_customer():
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is models.Customer
    }


def a_week_ago():
    return timezone.now() - timedelta(days=7)


def consent_record(customer, action):
    purpose = ConsentPurpose.objects.get(key="marketing")
    return ConsentRecord(
        customer=customer,
        purpose=purpose,
        text=purpose.current_text(),
        action=action,
        channel="web",
        ip_address="192.0.2.1",
    )


# model -> (a new row for the customer, whether it may be recorded once processing stopped)
NEW_ROW = {
    "registry.BillingProfile": (lambda c: BillingProfileFactory.build(customer=c), False),
    "registry.Order": (lambda c: OrderFactory.build(customer=c), False),
    # D4: a service delivered before (its order is older) with the legal ground recorded.
    "registry.Invoice": (
        lambda c: InvoiceFactory.build(
            customer=c, order=c.orders.get(), legal_ground="Kirjanpitolaki 2 luku 10 §"
        ),
        True,
    ),
    "registry.Invoice without legal ground": (
        lambda c: InvoiceFactory.build(customer=c, order=c.orders.get()),
        False,
    ),
    "registry.Invoice without an earlier order": (
        lambda c: InvoiceFactory.build(customer=c, legal_ground="Kirjanpitolaki 2 luku 10 §"),
        False,
    ),
    "registry.CareRelationship": (
        lambda c: CareRelationshipFactory.build(customer=c, practitioner=None),
        False,
    ),
    "registry.Representative": (lambda c: RepresentativeFactory.build(customer=c), False),
    "registry.Identifier": (lambda c: IdentifierFactory.build(customer=c), False),
    "registry.ExtranetAccount": (lambda c: ExtranetAccountFactory.build(customer=c, password="!"), False),
    "registry.Feedback": (lambda c: FeedbackFactory.build(customer=c), False),
    # D2, D4: only a disclosure that the law obliges.
    "registry.Disclosure": (lambda c: DisclosureFactory.build(customer=c), True),
    "registry.Disclosure permitted, not obliged": (
        lambda c: DisclosureFactory.build(customer=c, basis=models.Disclosure.Basis.LEGAL_PERMISSION),
        False,
    ),
    # D4: a withdrawal, never a new consent.
    "consent.ConsentRecord": (lambda c: consent_record(c, ConsentRecord.Action.WITHDRAW), True),
    "consent.ConsentRecord grant": (lambda c: consent_record(c, ConsentRecord.Action.GRANT), False),
    # D4: no new e-mailed consent link (the customer withdraws through the request or by letter).
    "consent.ConsentLink": (
        lambda c: apps.get_model("consent", "ConsentLink")(key="k" * 43, customer=c, email_fingerprint="f"),
        False,
    ),
    # The customer's own requests are how they exercise their rights (GDPR Art. 12-22).
    "privacy.DataSubjectRequest": (lambda c: DataSubjectRequestFactory.build(customer=c), True),
    # Issue 12: linking the identification is how staff handle the person's own request.
    "registry.ElectronicIdentity": (
        lambda c: models.ElectronicIdentity(customer=c, person_key="k" * 64, linked_by=make_staff("linker")),
        True,
    ),
    # An ending leads to removal, which a restriction never blocks (S19).
    "retention.RelationshipEnding": (
        lambda c: apps.get_model("retention", "RelationshipEnding")(
            customer=c, customer_number=c.pk, kind="ended", reason="Asiakkuus päättyi"
        ),
        True,
    ),
}

# model -> whether an existing row may still be changed once processing stopped
# (by whom is the second table's question; None: the model is never changed).
CHANGE_ROW = {
    "registry.BillingProfile": (
        lambda c: BillingProfileFactory(customer=c),
        "billing_email",
        "uusi@example.fi",
        False,
    ),
    "registry.Order": (lambda c: OrderFactory(customer=c), "description", "Muutettu", False),
    # D4: a payment of an invoice, with its legal ground.
    "registry.Invoice": (lambda c: InvoiceFactory(customer=c), "legal_ground", "Kirjanpitolaki", True),
    "registry.Invoice without legal ground": (
        lambda c: InvoiceFactory(customer=c),
        "paid_on",
        timezone.localdate(),
        False,
    ),
    # Corrected (GDPR Art. 16) or ended by the responsible person who handles the request.
    "registry.CareRelationship": (
        lambda c: CareRelationshipFactory(customer=c, practitioner=None),
        "ended_on",
        timezone.localdate(),
        True,
    ),
    "registry.Representative": (lambda c: RepresentativeFactory(customer=c), "phone", "+358401112233", True),
    "registry.Identifier": (lambda c: IdentifierFactory(customer=c), "seen_in", "extranet", True),
    "registry.ExtranetAccount": (lambda c: ExtranetAccountFactory(customer=c), "is_active", False, True),
    "registry.Feedback": (lambda c: FeedbackFactory(customer=c), "text", "Korjattu", True),
    "registry.Disclosure": (lambda c: DisclosureFactory(customer=c), "recipient", "Kela", True),
}


def test_every_model_that_points_to_a_customer_is_in_the_table():
    assert {case.split(" ")[0] for case in NEW_ROW} == models_pointing_to_a_customer()


@pytest.fixture(params=["processing", "restriction"])
def stopped_customer(request):
    """A customer whose processing stopped, with an order and a consent from before."""
    customer = CustomerFactory()
    OrderFactory(customer=customer, ordered_at=a_week_ago())
    ConsentRecordFactory(
        customer=customer, purpose=ConsentPurpose.objects.get(key="marketing"), recorded_at=a_week_ago()
    )
    return customer, request.param


@pytest.mark.parametrize(
    ("case", "allowed"), [(case, allowed) for case, (_build, allowed) in NEW_ROW.items()]
)
def test_what_may_be_recorded_once_processing_stopped(stopped_customer, case, allowed):
    customer, restriction = stopped_customer
    set_restriction(customer=customer, restriction=restriction)
    row = NEW_ROW[case][0](customer)
    if allowed:
        row.full_clean()
        row.save()
        return
    with pytest.raises(ValidationError, match=REFUSED):
        row.full_clean()
    # Code that saves without a form is refused too.
    with pytest.raises(ValidationError, match=REFUSED):
        row.save()
    assert row.pk is None or not type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("case", CHANGE_ROW)
def test_what_may_be_changed_once_processing_stopped(stopped_customer, case):
    customer, restriction = stopped_customer
    make, field, value, allowed = CHANGE_ROW[case]
    row = make(customer)
    set_restriction(customer=customer, restriction=restriction)
    setattr(row, field, value)
    if allowed:
        row.full_clean()
        row.save()
        return
    with pytest.raises(ValidationError, match=REFUSED):
        row.full_clean()
    with pytest.raises(ValidationError, match=REFUSED):
        row.save()


def test_every_row_can_still_be_deleted(stopped_customer):
    """Erasure and retention remove rows whatever the customer's restriction (S19, S36)."""
    customer, restriction = stopped_customer
    rows = [make(customer) for make, *_rest in CHANGE_ROW.values()]
    set_restriction(customer=customer, restriction=restriction)
    for row in rows:
        row.delete()


def test_a_prohibition_of_marketing_alone_stops_nothing_here():
    customer = set_restriction(customer=CustomerFactory(), restriction="direct_marketing")
    OrderFactory(customer=customer).full_clean()


# --- Every role on every back-office page that adds a row for the customer -------------------


class FormFields(HTMLParser):
    """What a browser posts from the page's main form, as it was shown."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif attrs.get("type") not in {"submit", "button", "file"}:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n")


def as_posted(page):
    parser = FormFields()
    parser.feed(page.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    parser.data.pop("action", None)
    return parser.data


def day(days_ago=0):
    return (timezone.localdate() - timedelta(days=days_ago)).strftime("%d.%m.%Y")


def now_fields(name):
    return {f"{name}_0": day(), f"{name}_1": "09:00:00"}


def purpose():
    return str(ConsentPurpose.objects.get(key="marketing").pk)


# case -> (what the row's form is given, roles who add it for a customer whose processing stopped)
ON_ITS_OWN_PAGE = {
    "registry.BillingProfile": (
        lambda c: {
            "bank_account": "FI2112345600000785",
            "billing_email": "lasku@example.fi",
            "source": "customer",
        },
        set(),
    ),
    "registry.Order": (
        lambda c: {
            "number": "T999",
            **now_fields("ordered_at"),
            "description": "Vastaanotto",
            "total": "68.00",
        },
        set(),
    ),
    "registry.Invoice": (
        lambda c: {
            "order": c.orders.get().pk,
            "number": "L999",
            "issued_on": day(),
            "due_on": day(-14),
            "amount": "68.00",
            "reminders_sent": "0",
            "legal_ground": "Kirjanpitolaki 2 luku 10 §",
            "source": "transactions",
        },
        {B, RP},  # D4: billing's work; the responsible person holds billing's permissions
    ),
    "registry.Invoice without legal ground": (
        lambda c: {
            "order": c.orders.get().pk,
            "number": "L998",
            "issued_on": day(),
            "due_on": day(-14),
            "amount": "68.00",
            "reminders_sent": "0",
        },
        set(),
    ),
    "registry.Disclosure": (
        lambda c: {
            "recipient": "Poliisi",
            "basis": "legal_obligation",
            "legal_ground": "Poliisilaki 4 luku 3 §",
            "data_disclosed": "Yhteystiedot",
            **now_fields("disclosed_at"),
        },
        {RP},
    ),
    "registry.Disclosure permitted, not obliged": (
        lambda c: {
            "recipient": "Vakuutusyhtiö Oy",
            "basis": "legal_permission",
            "legal_ground": "Vakuutussopimuslaki",
            "data_disclosed": "Yhteystiedot",
            **now_fields("disclosed_at"),
        },
        set(),
    ),
    "consent.ConsentRecord": (
        lambda c: {
            "purpose": purpose(),
            "action": "withdraw",
            "channel": "phone",
            **now_fields("recorded_at"),
        },
        {CS, RP},
    ),
    "consent.ConsentRecord grant": (
        lambda c: {"purpose": purpose(), "action": "grant", "channel": "paper", **now_fields("recorded_at")},
        set(),
    ),
    "retention.RelationshipEnding": (
        lambda c: {"kind": "ended", "ended_on": day(), "reason": "Asiakkuus päättyi"},
        {RP},
    ),
}

# case -> (inline prefix on the customer's page, the new row's fields, roles who add it there).
# Only the responsible person may change such a customer's page at all (S38).
ON_THE_CUSTOMERS_PAGE = {
    "registry.Representative": (
        "representatives",
        {
            "kind": "guardian",
            "first_name": "Kaisa",
            "last_name": "Virtanen",
            "mandate": "Huoltaja",
            "source": "guardian",
        },
        set(),
    ),
    "registry.CareRelationship": ("care_relationships", {"started_on": day()}, set()),
    "registry.Identifier": (
        "identifiers",
        {
            "kind": "ip_address",
            "value": "192.0.2.5",
            **now_fields("first_seen_at"),
            **now_fields("last_seen_at"),
        },
        set(),
    ),
    "registry.ExtranetAccount": ("extranet_account", {"username": "uusi-tunnus", "is_active": "on"}, set()),
    "registry.Feedback": (
        "feedback",
        {**now_fields("received_at"), "channel": "web", "text": "Kiitos"},
        set(),
    ),
    "registry.BillingProfile": (
        "billing_profile",
        {"bank_account": "FI2112345600000785", "billing_email": "lasku@example.fi", "source": "customer"},
        set(),
    ),
    "registry.Invoice": (
        "invoices",
        {
            "number": "L997",
            "issued_on": day(),
            "due_on": day(-14),
            "amount": "68.00",
            "reminders_sent": "0",
            "legal_ground": "Kirjanpitolaki 2 luku 10 §",
        },
        {RP},
    ),
    "registry.Disclosure": (
        "disclosures",
        {
            "recipient": "Poliisi",
            "basis": "legal_obligation",
            "legal_ground": "Poliisilaki 4 luku 3 §",
            "data_disclosed": "Yhteystiedot",
            **now_fields("disclosed_at"),
        },
        {RP},
    ),
    "consent.ConsentRecord": (
        "consent_records",
        {"purpose": purpose, "action": "withdraw", "channel": "phone", **now_fields("recorded_at")},
        {RP},
    ),
    "consent.ConsentRecord grant": (
        "consent_records",
        {"purpose": purpose, "action": "grant", "channel": "paper", **now_fields("recorded_at")},
        set(),
    ),
}

# Rows that no back-office page adds for a chosen customer: the customer's own
# requests are linked to them by the identity check (privacy.services.verify_identity).
# Consent links are made by the "send consent links" action and the public form, never added by hand.
# A strong electronic identification is linked by the request's "link" step (issue 12).
NOT_ADDED_IN_THE_BACK_OFFICE = {
    "privacy.DataSubjectRequest",
    "consent.ConsentLink",
    "registry.ElectronicIdentity",
}


def test_every_model_that_points_to_a_customer_has_its_back_office_pages_in_the_table():
    covered = {case.split(" ")[0] for case in [*ON_ITS_OWN_PAGE, *ON_THE_CUSTOMERS_PAGE]}
    assert covered | NOT_ADDED_IN_THE_BACK_OFFICE == models_pointing_to_a_customer()


@pytest.fixture
def staff_by_role():
    staff = {role: make_staff(f"staff{n}", role) for n, role in enumerate(ROLES)}
    models.Practitioner.objects.create(
        user=staff[P], first_name="Liisa", last_name="Mäkelä", profession="psykologi", business_id="3386427-8"
    )
    return staff


@pytest.fixture
def new_restricted_customer(staff_by_role):
    """Makes a customer of the practitioner's (so every role sees them), with an order and
    a marketing consent from before they restricted processing: one for each role's try."""

    def make():
        customer = CustomerFactory()
        CareRelationshipFactory(customer=customer, practitioner=staff_by_role[P].practitioner)
        OrderFactory(customer=customer, ordered_at=a_week_ago())
        ConsentRecordFactory(
            customer=customer, purpose=ConsentPurpose.objects.get(key="marketing"), recorded_at=a_week_ago()
        )
        return set_restriction(customer=customer, restriction="restriction")

    return make


def rows_of(case, customer):
    return apps.get_model(case.split(" ")[0]).objects.filter(customer=customer).count()


def check(response, added, allowed, role, case):
    assert added == (role in allowed), f"{role}, {case}: {response.status_code}"
    if response.status_code == 200 and not added:
        assert REFUSED in response.content.decode(), f"{role}, {case}: refused without saying why"


@pytest.mark.parametrize("case", ON_ITS_OWN_PAGE)
def test_each_role_on_the_rows_own_page(client, staff_by_role, new_restricted_customer, case):
    fields, allowed = ON_ITS_OWN_PAGE[case]
    model = apps.get_model(case.split(" ")[0])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    for n, (role, user) in enumerate(staff_by_role.items()):
        restricted_customer = new_restricted_customer()
        client.force_login(user)
        data = {"customer": restricted_customer.pk, **fields(restricted_customer)}
        if "number" in data:
            data["number"] += str(n)  # unique, whoever added one before
        before = rows_of(case, restricted_customer)
        response = client.post(url, data)
        check(response, rows_of(case, restricted_customer) > before, allowed, role, case)


@pytest.mark.parametrize("case", ON_THE_CUSTOMERS_PAGE)
def test_each_role_on_the_customers_page(client, staff_by_role, new_restricted_customer, case):
    prefix, fields, allowed = ON_THE_CUSTOMERS_PAGE[case]
    for n, (role, user) in enumerate(staff_by_role.items()):
        restricted_customer = new_restricted_customer()
        url = reverse("admin:registry_customer_change", args=[restricted_customer.pk])
        client.force_login(user)
        data = as_posted(client.get(url))
        new = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
        data[f"{prefix}-TOTAL_FORMS"] = str(new + 1)
        data.update(
            {
                f"{prefix}-{new}-{name}": value() if callable(value) else value
                for name, value in fields.items()
            }
        )
        if prefix == "invoices":
            data[f"{prefix}-{new}-order"] = str(restricted_customer.orders.get().pk)
            data[f"{prefix}-{new}-number"] += str(n)
        before = rows_of(case, restricted_customer)
        response = client.post(url, data)
        check(response, rows_of(case, restricted_customer) > before, allowed, role, case)


def test_no_consent_link_is_mailed_to_a_customer_who_restricted_processing(client, customer_service_user):
    from django.core import mail

    customer = set_restriction(customer=CustomerFactory(email="aino@example.fi"), restriction="processing")
    client.force_login(customer_service_user)
    response = client.post(
        reverse("admin:registry_customer_changelist"),
        {"action": "send_consent_links", "_selected_action": [customer.pk], "index": 0},
        follow=True,
    )
    assert mail.outbox == []
    assert any(REFUSED in str(message) for message in response.context["messages"])


def test_a_refused_withdrawal_on_the_consent_page_is_an_error_on_the_form(client, customer_service_user):
    """Found while building the table: a withdrawal with no consent in force failed the page (500)."""
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    response = client.post(
        reverse("admin:consent_consentrecord_add"),
        {
            "customer": customer.pk,
            "purpose": purpose(),
            "action": "withdraw",
            "channel": "phone",
            **now_fields("recorded_at"),
        },
    )
    assert response.status_code == 200
    assert "ei ole voimassa olevaa suostumusta" in response.content.decode()
    assert not ConsentRecord.objects.filter(customer=customer).exists()
