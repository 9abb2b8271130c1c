"""A password alone does not open the back-office (S27, S31)."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kanalinhelmi.two_factor import issue_enrolment_link
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

CUSTOMERS = reverse("admin:registry_customer_changelist")


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_login(client, username):
    response = client.post(reverse("admin:login"), {"username": username, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    return response


def test_staff_without_second_factor_cannot_open_customers(client, customer_service_user):
    password_login(client, "sanna")
    response = client.get(CUSTOMERS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))


def test_new_staff_member_enrols_an_authenticator_and_gets_in(client, customer_service_user):
    link = issue_enrolment_link(customer_service_user)
    password_login(client, "sanna")
    page = client.get(link)
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=customer_service_user, confirmed=False)

    response = client.post(link, {"token": current_code(device), "next": CUSTOMERS})

    assert response.status_code == 302
    assert response.url == CUSTOMERS
    assert client.get(CUSTOMERS).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_wrong_code_is_refused_in_finnish(client, customer_service_user):
    TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    password_login(client, "sanna")
    response = client.post(reverse("two_factor_verify"), {"token": "000000"})
    assert response.status_code == 200
    assert "Koodi on väärä tai vanhentunut" in response.content.decode()
    assert client.get(CUSTOMERS).status_code == 302


def test_enrolled_staff_member_logs_in_with_the_current_code(client, customer_service_user):
    device = TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    password_login(client, "sanna")
    client.post(reverse("two_factor_verify"), {"token": current_code(device)})
    assert client.get(CUSTOMERS).status_code == 200


def test_enrolled_staff_member_cannot_enrol_a_second_device(client, customer_service_user):
    TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    password_login(client, "sanna")
    response = client.get(reverse("two_factor_enrol"))
    assert response.url.startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=customer_service_user).count() == 1


def test_responsible_person_resets_a_lost_authenticator(client, responsible_person, customer_service_user):
    lost = TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    own = TOTPDevice.objects.create(user=responsible_person, name="puhelin", confirmed=True)
    password_login(client, "eero")
    client.post(reverse("two_factor_verify"), {"token": current_code(own)})
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()


def test_customer_service_cannot_remove_devices(client, customer_service_user, responsible_person):
    device = TOTPDevice.objects.create(user=responsible_person, name="puhelin", confirmed=True)
    own = TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    password_login(client, "sanna")
    client.post(reverse("two_factor_verify"), {"token": current_code(own)})
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_next_url_to_another_site_is_ignored(client, customer_service_user):
    device = TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    password_login(client, "sanna")
    response = client.post(
        reverse("two_factor_verify"), {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("admin:index")


def test_the_authenticator_list_speaks_finnish(client, responsible_person, customer_service_user):
    TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    own = TOTPDevice.objects.create(user=responsible_person, name="puhelin", confirmed=True)
    password_login(client, "eero")
    client.post(reverse("two_factor_verify"), {"token": current_code(own)})
    page = client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    for label in ["Todennussovellukset", "Työntekijä", "Käytössä", "Otettu käyttöön", "Viimeksi käytetty"]:
        assert label in page
    assert "TOTP device" not in page


def test_no_one_sees_a_colleagues_authenticator_secret(client, responsible_person, customer_service_user):
    """S31: with the secret or its QR code anyone could make a colleague's codes and act in their name."""
    colleague = TOTPDevice.objects.create(user=customer_service_user, name="puhelin", confirmed=True)
    own = TOTPDevice.objects.create(user=responsible_person, name="puhelin", confirmed=True)
    password_login(client, "eero")
    client.post(reverse("two_factor_verify"), {"token": current_code(own)})

    config = client.get(reverse("admin:otp_totp_totpdevice_config", args=[colleague.pk]))
    qr_code = client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[colleague.pk]))
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[colleague.pk])).content.decode()

    assert (config.status_code, qr_code.status_code) == (403, 403)
    assert colleague.key not in page
    assert "puhelin" in page and "sanna" in page
