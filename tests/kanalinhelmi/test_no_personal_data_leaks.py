"""Personal data stays out of logs and error pages (S27, issue 6)."""

import logging
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import STAFF_PASSWORD
from tests.factories import CustomerFactory
from tests.registry.test_validation import customer_form

pytestmark = pytest.mark.django_db


def test_working_with_a_customer_writes_none_of_their_data_to_the_log(client, customer_service_user, caplog):
    customer = CustomerFactory(
        first_name="Salainen", last_name="Henkilö", email="salainen.henkilo@example.fi", phone="+358405556667"
    )
    caplog.set_level(logging.DEBUG)
    client.post(reverse("admin:login"), {"username": "sanna", "password": "väärä salasana"})
    client.post(reverse("admin:login"), {"username": "sanna", "password": STAFF_PASSWORD})
    client.get(reverse("admin:registry_customer_changelist"), {"q": "Salainen"})
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    client.post(
        reverse("admin:registry_customer_change", args=[customer.pk]),
        customer_form(first_name="Salainen", last_name="Henkilö", email="ei-kelpaa@", phone="+358405556667"),
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in [
        "Salainen",
        "Henkilö",
        "salainen.henkilo",
        "405556667",
        "ei-kelpaa",
        STAFF_PASSWORD,
        "väärä salasana",
    ]:
        assert secret not in logged


def test_an_unexpected_error_shows_no_customer_data(billing_user):
    customer = CustomerFactory(first_name="Salainen", email="salainen@example.fi")
    client = Client(raise_request_exception=False)
    client.force_login(billing_user)  # payment behaviour is shown to billing only
    with mock.patch(
        "registry.admin.CustomerAdmin.payment_behaviour", side_effect=RuntimeError(f"boom {customer.email}")
    ):
        response = client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Salainen" not in page
    assert "salainen@example.fi" not in page
    assert "Traceback" not in page
