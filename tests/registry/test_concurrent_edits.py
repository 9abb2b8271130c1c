"""Two staff editing the same customer never lose an update silently (issue 6: reliability)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from registry.models import Customer
from tests.factories import CustomerFactory
from tests.registry.test_validation import customer_form


def change(client, customer, loaded_version, **fields):
    data = customer_form(
        first_name=customer.first_name,
        last_name=customer.last_name,
        phone=customer.phone,
        email=customer.email,
        loaded_version=str(loaded_version),
    )
    data.update(fields)
    return client.post(reverse("admin:registry_customer_change", args=[customer.pk]), data)


@pytest.mark.django_db
def test_saving_a_stale_form_is_refused_and_keeps_the_other_change(client, customer_service_user):
    customer = CustomerFactory(email="alku@example.fi")
    client.force_login(customer_service_user)
    opened_version = customer.version

    first = change(client, customer, opened_version, email="ensimmainen@example.fi")
    assert first.status_code == 302
    second = change(client, customer, opened_version, email="toinen@example.fi")

    assert second.status_code == 200
    assert "Joku muu muutti tätä asiakasta" in second.content.decode()
    customer.refresh_from_db()
    assert customer.email == "ensimmainen@example.fi"


@pytest.mark.django_db
def test_a_fresh_form_saves_after_someone_elses_change(client, customer_service_user):
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    assert change(client, customer, customer.version, company_name="Telakka Oy").status_code == 302
    customer.refresh_from_db()
    assert change(client, customer, customer.version, company_name="Pitsi Oy").status_code == 302
    customer.refresh_from_db()
    assert customer.company_name == "Pitsi Oy"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_on_two_connections_let_exactly_one_win(customer_service_user):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serialises whole-database writes instead.")
    customer = CustomerFactory(company_name="Alku Oy")
    barrier = threading.Barrier(2)
    results = {}

    def save_as(name):
        client = Client()
        client.force_login(customer_service_user)
        barrier.wait()
        response = change(client, customer, customer.version, company_name=f"{name} Oy")
        results[name] = response.status_code
        connection.close()

    threads = [threading.Thread(target=save_as, args=(name,)) for name in ("Eka", "Toka")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == [200, 302]
    winner = next(name for name, status in results.items() if status == 302)
    assert Customer.objects.get(pk=customer.pk).company_name == f"{winner} Oy"
