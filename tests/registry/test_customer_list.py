"""The customer list stays fast at chain scale: constant queries, indexed search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CareRelationshipFactory, CustomerFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:registry_customer_changelist")


def list_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_list_page_query_count_does_not_grow_with_customers(client, customer_service_user):
    client.force_login(customer_service_user)
    CustomerFactory.create_batch(3)
    few = list_page_queries(client)
    CareRelationshipFactory.create_batch(60)
    assert list_page_queries(client) == few <= 14


def test_search_finds_customer_by_phone_typed_in_national_form(client, customer_service_user):
    aino = CustomerFactory(first_name="Aino", last_name="Virtanen", phone="+358401234567")
    other = CustomerFactory(first_name="Eino", last_name="Korhonen", phone="+358409999999")
    client.force_login(customer_service_user)
    page = client.get(LIST, {"q": "040 123 4567"}).content.decode()
    assert reverse("admin:registry_customer_change", args=[aino.pk]) in page
    assert reverse("admin:registry_customer_change", args=[other.pk]) not in page


@pytest.mark.parametrize("term", ["Virta", "aino virtanen", "aino.v@", "Rauman Tel"])
def test_search_by_name_email_and_company(client, customer_service_user, term):
    aino = CustomerFactory(
        first_name="Aino", last_name="Virtanen", email="aino.v@example.fi", company_name="Rauman Telakka Oy"
    )
    client.force_login(customer_service_user)
    page = client.get(LIST, {"q": term}).content.decode()
    assert reverse("admin:registry_customer_change", args=[aino.pk]) in page


def test_filter_by_practitioner(client, customer_service_user, practitioner_user):
    own = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    clinic = CareRelationshipFactory(practitioner=None).customer
    client.force_login(customer_service_user)
    page = client.get(LIST, {"practitioner": practitioner_user.practitioner.pk}).content.decode()
    assert reverse("admin:registry_customer_change", args=[own.pk]) in page
    assert reverse("admin:registry_customer_change", args=[clinic.pk]) not in page


def test_hostile_search_text_is_not_an_error(client, customer_service_user):
    client.force_login(customer_service_user)
    for term in ["%", "'; DROP TABLE", "\x00", "a" * 5000, "+358"]:
        assert client.get(LIST, {"q": term}).status_code == 200


def test_list_counts_up_to_the_cap_and_says_more_beyond_it(client, customer_service_user, monkeypatch):
    from kanalinhelmi.pagination import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 5)
    CustomerFactory.create_batch(4, last_name="Virtanen")
    CustomerFactory.create_batch(2, last_name="Salo")
    client.force_login(customer_service_user)
    assert "yli 5 asiakasta" in client.get(LIST).content.decode()
    assert "2 asiakasta" in client.get(LIST, {"q": "Salo"}).content.decode()


def test_search_results_are_in_name_order_regardless_of_case(client, customer_service_user):
    for last_name in ["Anttila", "ahonen", "Aalto"]:
        CustomerFactory(last_name=last_name, first_name="Aino")
    client.force_login(customer_service_user)
    page = client.get(LIST, {"q": "a"}).content.decode()
    positions = [page.index(f">{name}<") for name in ["Aalto", "ahonen", "Anttila"]]
    assert positions == sorted(positions)


def test_each_row_has_a_labelled_checkbox_for_the_list_actions(client, customer_service_user):
    aino = CustomerFactory(first_name="Aino", last_name="Virtanen")
    client.force_login(customer_service_user)
    page = client.get(LIST).content.decode()
    assert (
        f'<input type="checkbox" name="_selected_action" value="{aino.pk}" class="action-select" '
        f'aria-label="Valitse tämä kohde toiminnolle - Virtanen Aino">'
    ) in page
    assert 'id="action-toggle"' in page
