"""One function decides the visitor's address from PROXY_COUNT (issue 10, items 2 and 3; S31, S39).

Lockouts, the audit trail, the public forms' rate limits and the consent log
all see the same address; a client can neither choose it nor break a page
with a made-up X-Forwarded-For.
"""

import pytest
from auditlog.models import LogEntry
from django.test import Client, RequestFactory
from django.urls import reverse

from kanalinhelmi.client_address import client_address
from privacy.models import DataSubjectRequest
from tests.conftest import STAFF_PASSWORD
from tests.factories import CustomerFactory
from tests.privacy.test_public_forms import valid_data
from tests.registry.test_validation import customer_form

PROXY = "127.0.0.1"


def address(forwarded=None, remote="192.0.2.10"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_without_a_proxy_the_header_is_never_trusted(settings):
    settings.PROXY_COUNT = 0
    assert address("203.0.113.5") == "192.0.2.10"


def test_behind_one_proxy_the_right_most_address_is_the_visitor(settings):
    settings.PROXY_COUNT = 1
    assert address("6.6.6.6, 203.0.113.5", remote=PROXY) == "203.0.113.5"


def test_behind_two_proxies_the_second_from_the_right_is_the_visitor(settings):
    settings.PROXY_COUNT = 2
    assert address("6.6.6.6, 203.0.113.5, 10.0.0.2", remote="10.0.0.3") == "203.0.113.5"


@pytest.mark.parametrize("forwarded", ["", "unknown", "6.6.6.6, unknown", "203.0.113.5:80", "<script>"])
def test_a_malformed_or_short_header_is_ignored(settings, forwarded):
    settings.PROXY_COUNT = 1
    assert address(forwarded, remote=PROXY) == PROXY


def test_a_header_shorter_than_the_proxy_chain_is_ignored(settings):
    settings.PROXY_COUNT = 2
    assert address("203.0.113.5", remote="10.0.0.3") == "10.0.0.3"


@pytest.mark.django_db
def test_audit_trail_records_the_connection_not_a_made_up_header(client, customer_service_user, settings):
    settings.PROXY_COUNT = 0
    customer = CustomerFactory(email="vanha@example.fi")
    client.force_login(customer_service_user)
    client.post(
        reverse("admin:registry_customer_change", args=[customer.pk]),
        customer_form(first_name=customer.first_name, last_name=customer.last_name, email="uusi@example.fi"),
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    entry = LogEntry.objects.get_for_object(customer).get(action=LogEntry.Action.UPDATE)
    assert entry.remote_addr == "198.51.100.7"


@pytest.mark.django_db
def test_audit_trail_records_the_visitor_behind_the_proxy(client, customer_service_user, settings):
    settings.PROXY_COUNT = 1
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    client.get(
        reverse("admin:registry_customer_change", args=[customer.pk]),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )
    entry = LogEntry.objects.get_for_object(customer).get(action=LogEntry.Action.ACCESS)
    assert entry.remote_addr == "198.51.100.7"


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [0, 1])
def test_a_non_ip_forwarded_header_breaks_no_page(client, customer_service_user, settings, proxies):
    settings.PROXY_COUNT = proxies
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    bad = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "unknown, 127.0.0.1, unknown"}
    response = client.post(reverse("privacy:request", args=["inspection"]), valid_data(), **bad)
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert set(LogEntry.objects.get_for_object(dsr).values_list("remote_addr", flat=True)) == {PROXY}
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    change = reverse("admin:registry_customer_change", args=[customer.pk])
    assert client.get(change, **bad).status_code == 200
    saved = client.post(
        change,
        customer_form(first_name=customer.first_name, last_name=customer.last_name, email="uusi@example.fi"),
        **bad,
    )
    assert saved.status_code == 302
    assert LogEntry.objects.get_for_object(customer).latest("pk").remote_addr == PROXY


@pytest.mark.django_db
def test_failed_logins_behind_the_proxy_lock_out_the_guesser_not_everyone(customer_service_user, settings):
    """Five made-up usernames from one visitor lock that visitor's address, not the staff's (S31)."""
    settings.PROXY_COUNT = 1
    login = reverse("admin:login")
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for n in range(5):
        guesser.post(login, {"username": f"keksitty{n}", "password": "x"})
    assert guesser.post(login, {"username": "sanna", "password": STAFF_PASSWORD}).status_code == 429
    staff = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = staff.post(login, {"username": "sanna", "password": STAFF_PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert staff.session["_auth_user_id"] == str(customer_service_user.pk)


@pytest.mark.django_db
def test_the_request_form_limit_counts_each_visitor_behind_the_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.PRIVACY_RATE_LIMIT_PER_IP = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    form = reverse("privacy:request", args=["inspection"])
    busy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for n in range(2):
        busy.post(form, valid_data(email=f"eri{n}@example.fi"))
    assert busy.post(form, valid_data(email="kolmas@example.fi")).status_code == 429
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.post(form, valid_data(email="toinen@example.fi")).status_code == 302


@pytest.mark.django_db
def test_the_consent_log_records_the_visitor_behind_the_proxy(client, settings):
    from consent.models import ConsentRecord
    from consent.tokens import make_token

    settings.PROXY_COUNT = 1
    customer = CustomerFactory()
    client.post(
        reverse("consent:manage", args=[make_token(customer)]),
        {"purpose": "marketing", "action": "grant"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )
    assert ConsentRecord.objects.get(customer=customer).ip_address == "198.51.100.7"
