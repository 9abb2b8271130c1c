"""Payment behaviour is derived from invoices, never typed in (S11)."""

from datetime import date, timedelta

import pytest

from tests.factories import CustomerFactory, InvoiceFactory

pytestmark = pytest.mark.django_db


def test_payment_behaviour_counts_late_and_overdue_invoices():
    customer = CustomerFactory()
    today = date(2026, 11, 25)
    InvoiceFactory(
        customer=customer, issued_on=date(2026, 1, 1), due_on=date(2026, 1, 15), paid_on=date(2026, 1, 10)
    )
    InvoiceFactory(
        customer=customer,
        issued_on=date(2026, 2, 1),
        due_on=date(2026, 2, 15),
        paid_on=date(2026, 3, 1),
        reminders_sent=1,
    )
    InvoiceFactory(
        customer=customer, issued_on=date(2026, 10, 1), due_on=date(2026, 10, 15), reminders_sent=2
    )
    InvoiceFactory(customer=customer, issued_on=today, due_on=today + timedelta(days=14))
    behaviour = customer.invoices.payment_behaviour(on=today)
    assert behaviour == {"invoices": 4, "paid_late": 1, "overdue": 1, "reminders": 3}


def test_days_late_counts_to_payment():
    invoice = InvoiceFactory.build(
        issued_on=date(2026, 1, 1), due_on=date(2026, 1, 15), paid_on=date(2026, 1, 25)
    )
    assert invoice.days_late == 10


def test_customer_page_shows_payment_behaviour(client, billing_user):
    from django.urls import reverse

    customer = CustomerFactory()
    InvoiceFactory(
        customer=customer, issued_on=date(2026, 2, 1), due_on=date(2026, 2, 15), paid_on=date(2026, 3, 1)
    )
    client.force_login(billing_user)
    page = client.get(reverse("admin:registry_customer_change", args=[customer.pk])).content.decode()
    assert "1 laskua, 1 maksettu myöhässä" in page
