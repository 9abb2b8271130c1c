"""Extranet passwords are only ever stored as strong one-way hashes (S12)."""

import pytest
from django.urls import reverse

from kanalinhelmi import settings as project_settings
from registry.models import ExtranetAccount
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_password_is_stored_as_an_argon2_hash(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    account = ExtranetAccount(customer=CustomerFactory(), username="aino")
    account.set_password("pitkä ja hyvä salasana")
    account.save()
    account.refresh_from_db()
    assert account.password.startswith("argon2$")
    assert "pitkä ja hyvä salasana" not in account.password
    assert account.check_password("pitkä ja hyvä salasana")
    assert not account.check_password("väärä")


def test_admin_shows_that_a_password_is_set_but_never_the_hash(client, customer_service_user):
    account = ExtranetAccount(customer=CustomerFactory(), username="aino")
    account.set_password("pitkä ja hyvä salasana")
    account.save()
    client.force_login(customer_service_user)
    page = client.get(reverse("admin:registry_customer_change", args=[account.customer.pk])).content.decode()
    assert "aino" in page
    assert account.password not in page
    assert account.password.split("$")[-1] not in page
