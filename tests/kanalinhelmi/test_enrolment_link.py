"""The first authenticator needs the system administrator's one-time link (issue 10, item 12; S27, S31).

A password alone, guessed or leaked, must not let anyone enrol their own
authenticator for an account that has none yet.
"""

import time
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kanalinhelmi.two_factor import issue_enrolment_link
from tests.conftest import STAFF_PASSWORD
from tests.kanalinhelmi.test_two_factor import CUSTOMERS, current_code, password_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def administrator(client):
    """The system administrator, logged in with both factors."""
    user = get_user_model().objects.create_superuser("admin", password=STAFF_PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)
    password_login(client, "admin")
    client.post(reverse("two_factor_verify"), {"token": current_code(device)})
    return user


def enrol(client, link):
    client.get(link)
    device = TOTPDevice.objects.filter(confirmed=False).get()
    return client.post(link, {"token": current_code(device), "next": CUSTOMERS})


def test_a_password_alone_cannot_enrol_an_authenticator(client, customer_service_user):
    password_login(client, "sanna")
    page = client.get(reverse("two_factor_enrol")).content.decode()
    assert "two-factor-qr" not in page
    assert "kertakäyttöisen käyttöönottolinkin" in page
    assert not TOTPDevice.objects.exists()
    assert client.get(CUSTOMERS).status_code == 302


def test_the_administrator_issues_a_link_in_the_back_office(client, administrator, customer_service_user):
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "issue_enrolment_links", "_selected_action": [customer_service_user.pk]},
        follow=True,
    )
    message = next(str(m) for m in response.context["messages"])
    link = message.split("http://testserver")[1].split(" ")[0]
    assert link.startswith("/admin/2fa/enrol/")
    client.logout()

    password_login(client, "sanna")
    assert enrol(client, link).url == CUSTOMERS
    assert client.get(CUSTOMERS).status_code == 200


def test_the_link_works_once(client, customer_service_user, django_user_model):
    link = issue_enrolment_link(customer_service_user)
    password_login(client, "sanna")
    enrol(client, link)
    client.logout()
    # The same link again, after the phone was reset, enrols nothing.
    TOTPDevice.objects.all().delete()
    password_login(client, "sanna")
    response = client.get(link)
    assert response.status_code == 400
    assert "two-factor-qr" not in response.content.decode()


def test_the_link_expires(client, customer_service_user, settings):
    long_ago = time.time() - timedelta(hours=settings.STAFF_ENROLMENT_LINK_HOURS + 1).total_seconds()
    with mock.patch("time.time", return_value=long_ago):
        link = issue_enrolment_link(customer_service_user)
    password_login(client, "sanna")
    assert client.get(link).status_code == 400


def test_a_new_link_replaces_the_earlier_one(client, customer_service_user):
    earlier = issue_enrolment_link(customer_service_user)
    issue_enrolment_link(customer_service_user)
    password_login(client, "sanna")
    assert client.get(earlier).status_code == 400


def test_the_link_is_for_its_own_account_only(client, customer_service_user, billing_user):
    link = issue_enrolment_link(customer_service_user)
    password_login(client, "jari")
    assert client.get(link).status_code == 400
    assert not TOTPDevice.objects.filter(user=billing_user).exists()


def test_opening_the_link_before_logging_in_asks_for_the_password_first(client, customer_service_user):
    link = issue_enrolment_link(customer_service_user)
    response = client.get(link)
    assert response.url == f"{reverse('admin:login')}?next={link}"


def test_only_the_system_administrator_issues_links(client, responsible_person, customer_service_user):
    own = TOTPDevice.objects.create(user=responsible_person, name="puhelin", confirmed=True)
    password_login(client, "eero")
    client.post(reverse("two_factor_verify"), {"token": current_code(own)})
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "issue_enrolment_links", "_selected_action": [customer_service_user.pk]},
    )
    assert not TOTPDevice.objects.filter(user=customer_service_user).exists()


def test_no_link_for_an_account_with_an_authenticator_in_use(customer_service_user):
    from django.core.exceptions import ValidationError

    TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    with pytest.raises(ValidationError):
        issue_enrolment_link(customer_service_user)


def test_the_first_superuser_gets_a_link_from_the_command_line(client):
    get_user_model().objects.create_superuser("admin", password=STAFF_PASSWORD)
    out = StringIO()
    call_command("enrolment_link", "admin", "--site", "https://rekisteri.example.fi", stdout=out)
    link = out.getvalue().splitlines()[0].removeprefix("https://rekisteri.example.fi")
    password_login(client, "admin")
    assert enrol(client, link).status_code == 302
    assert TOTPDevice.objects.get().confirmed
