"""Seeing customers in a list, a search, a history page, the autocomplete or an action is logged (S39; issue 17 item 4).

One audit entry per page, holding the customers the page showed; the
customer's log data in the access report includes it.
"""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.admin import helpers
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kanalinhelmi.admin_mixins import ViewsLoggedMixin
from kanalinhelmi.personal_data import ViewLogging, data_map
from privacy.audit.chain import queries_per_entry
from privacy.audit.models import CustomerShown
from privacy.report import build_access_report
from tests.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:registry_customer_changelist")


def page_entries():
    """The audit entries of pages that showed customers, each with the set of customers it showed."""
    return [
        (entry, {shown.customer_id for shown in entry.customers_shown.all()})
        for entry in LogEntry.objects.filter(action=LogEntry.Action.ACCESS, customers_shown__isnull=False)
        .distinct()
        .order_by("pk")
    ]


@pytest.fixture
def staff_client(client, customer_service_user):
    client.force_login(customer_service_user)
    return client


def test_the_customer_list_is_one_entry_holding_every_customer_shown(staff_client, customer_service_user):
    customers = CustomerFactory.create_batch(3)
    assert staff_client.get(LIST).status_code == 200

    ((entry, shown),) = page_entries()
    assert shown == {c.pk for c in customers}
    assert entry.actor == customer_service_user
    assert entry.additional_data["view"] == "list"


def test_search_results_are_logged_without_the_search_term(staff_client):
    found = CustomerFactory(last_name="Hakutulos")
    CustomerFactory(last_name="Muu")
    staff_client.get(LIST, {"q": "Hakutulos"})

    ((entry, shown),) = page_entries()
    assert shown == {found.pk}
    assert entry.additional_data["view"] == "search"
    trail = json.dumps(list(LogEntry.objects.filter(action=LogEntry.Action.ACCESS).values()), default=str)
    assert "Hakutulos" not in trail


def test_the_history_page_is_logged(staff_client):
    customer = CustomerFactory()
    assert staff_client.get(reverse("admin:registry_customer_history", args=[customer.pk])).status_code == 200
    ((entry, shown),) = page_entries()
    assert shown == {customer.pk} and entry.additional_data["view"] == "history"


def test_the_customers_offered_by_the_autocomplete_are_logged(client, billing_user):
    offered = CustomerFactory(last_name="Valittava")
    CustomerFactory(last_name="Muu")
    client.force_login(billing_user)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "order", "field_name": "customer", "term": "Valittava"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(offered.pk)]
    ((entry, shown),) = page_entries()
    assert shown == {offered.pk} and entry.additional_data["view"] == "autocomplete"


def test_e_mailing_consent_links_is_logged_as_a_view_of_the_chosen_customers(staff_client):
    chosen = CustomerFactory(email="valittu@example.fi")
    CustomerFactory()
    response = staff_client.post(
        LIST, {"action": "send_consent_links", helpers.ACTION_CHECKBOX_NAME: [chosen.pk], "index": 0}
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["valittu@example.fi"]]
    entries = [(entry, shown) for entry, shown in page_entries() if entry.additional_data["view"] == "action"]
    assert [shown for _entry, shown in entries] == [{chosen.pk}]


def test_lists_of_rows_that_belong_to_customers_log_those_customers(client, billing_user):
    order = OrderFactory()
    client.force_login(billing_user)
    client.get(reverse("admin:registry_order_changelist"))
    ((_entry, shown),) = page_entries()
    assert shown == {order.customer_id}


def test_the_customers_log_data_in_the_access_report_says_they_were_seen_in_a_list(staff_client):
    customer = CustomerFactory()
    staff_client.get(LIST)
    with translation.override("fi"):
        sections = {s["key"]: s["records"] for s in build_access_report(customer)["sections"]}
    assert any(record["toimenpide"] == "nähty luettelossa" for record in sections["audit_trail"])


def test_the_list_costs_one_entry_and_one_bulk_insert_however_many_customers(
    staff_client, django_assert_max_num_queries
):
    CustomerFactory.create_batch(50)
    # The page, one entry and one bulk insert, and the entry's link in the audit chain (issue 15).
    with django_assert_max_num_queries(16 + queries_per_entry()):
        staff_client.get(LIST)
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 1
    assert CustomerShown.objects.count() == 50


@pytest.mark.parametrize(
    "entry",
    [e for e in data_map() if ViewLogging.LISTED in e.view_logging],
    ids=lambda e: e.model,
)
def test_every_list_the_data_map_says_is_logged_is_logged(entry):
    from django.contrib import admin

    model_admin = admin.site._registry.get(entry.model_class)
    if model_admin is not None:
        assert isinstance(model_admin, ViewsLoggedMixin), f"{entry.model}'s list is not logged"
