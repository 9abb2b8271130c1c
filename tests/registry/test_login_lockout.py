"""Each staff member logs in with their own account; guessing locks it (S31)."""

import pytest
from django.urls import reverse

from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_five_failed_logins_lock_the_account_even_with_the_right_password(client, customer_service_user):
    for _ in range(5):
        login(client, "sanna", "väärä salasana")
    response = login(client, "sanna", STAFF_PASSWORD)
    assert response.status_code == 429
    assert "lukittu" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failed_logins_do_not_lock(client, customer_service_user):
    for _ in range(4):
        login(client, "sanna", "väärä salasana")
    response = login(client, "sanna", STAFF_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(customer_service_user.pk)


def test_lockout_is_per_account_across_addresses(client, customer_service_user):
    for n in range(5):
        client.post(LOGIN, {"username": "sanna", "password": "x"}, REMOTE_ADDR=f"203.0.113.{n}")
    response = client.post(
        LOGIN, {"username": "sanna", "password": STAFF_PASSWORD}, REMOTE_ADDR="203.0.113.99"
    )
    assert response.status_code == 429


def test_staff_session_expires_after_thirty_idle_minutes(client, customer_service_user):
    login(client, "sanna", STAFF_PASSWORD)
    client.get(reverse("admin:index"))
    assert client.session.get_expiry_age() == 30 * 60
    assert client.session.get_expire_at_browser_close()


def test_short_staff_password_is_refused(customer_service_user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Lyhyt-123", customer_service_user)
