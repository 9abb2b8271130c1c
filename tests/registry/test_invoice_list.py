"""The invoice list at chain scale: searched like the customer list, counted only up to a cap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CustomerFactory, InvoiceFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:registry_invoice_changelist")


def shown(page, invoice):
    return reverse("admin:registry_invoice_change", args=[invoice.pk]) in page


@pytest.mark.parametrize("term", ["L000123", "l000123", "Virta", "aino virtanen", "aino.v@"])
def test_invoice_is_found_by_its_number_or_by_its_customer(client, billing_user, term):
    aino = CustomerFactory(first_name="Aino", last_name="Virtanen", email="aino.v@example.fi")
    invoice = InvoiceFactory(customer=aino, number="L000123")
    other = InvoiceFactory(customer=CustomerFactory(first_name="Eino", last_name="Korhonen"))
    client.force_login(billing_user)
    page = client.get(LIST, {"q": term}).content.decode()
    assert shown(page, invoice)
    assert not shown(page, other)


def test_invoice_list_says_more_than_the_cap_instead_of_counting_every_invoice(
    client, billing_user, monkeypatch
):
    from kanalinhelmi.pagination import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    InvoiceFactory.create_batch(4)
    client.force_login(billing_user)
    assert "yli 3 riviä" in client.get(LIST).content.decode()


def test_invoice_list_query_count_does_not_grow_with_invoices(client, billing_user):
    client.force_login(billing_user)
    InvoiceFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    InvoiceFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)


def test_invoice_list_pages_show_the_invoices_newest_first(client, billing_user, monkeypatch):
    from datetime import date

    from registry.admin import InvoiceAdmin

    # A page's invoices are found by id first and then read (RowsByIdPaginator); they keep the list's order.
    monkeypatch.setattr(InvoiceAdmin, "list_per_page", 2)
    invoices = [InvoiceFactory(issued_on=date(2026, 1, day)) for day in (3, 1, 5, 2, 4)]
    newest_first = sorted(invoices, key=lambda invoice: invoice.issued_on, reverse=True)
    client.force_login(billing_user)
    for number, expected in ((1, newest_first[:2]), (2, newest_first[2:4]), (3, newest_first[4:])):
        rows = list(client.get(LIST, {"p": number}).context["cl"].result_list)
        assert rows == expected
