"""Every way an identification can fail ends on a clear page in the person's language (issue 12 item 2).

Forged, tampered or replayed answers, a broker that refuses, is down or too
slow: never a 500, a message that says what happened with a way to try
again, no one signed in, and nothing stored but the audit entry.
"""

import pytest
from auditlog.models import LogEntry
from django.apps import apps

from identification.broker import Reason
from identification.session import SESSION_KEY
from tests.identification.helpers import identify, return_from_provider

pytestmark = pytest.mark.django_db

HEADINGS = {
    "cancelled": {
        "fi": "Tunnistus keskeytettiin",
        "sv": "Identifieringen avbröts",
        "en": "Identification cancelled",
    },
    "refused": {
        "fi": "Tunnistuspalvelu ei voinut tunnistaa sinua",
        "sv": "Identifieringstjänsten kunde inte identifiera dig",
        "en": "The identification service could not identify you",
    },
    "expired": {
        "fi": "Tämä tunnistus ei ole enää voimassa",
        "sv": "Den här identifieringen gäller inte längre",
        "en": "This identification is no longer valid",
    },
    "unverified": {
        "fi": "Tunnistustasi ei voitu varmistaa",
        "sv": "Din identifiering kunde inte bekräftas",
        "en": "Your identification could not be verified",
    },
    "no_identity_code": {
        "fi": "Henkilötunnustasi ei saatu",
        "sv": "Din personbeteckning kom inte fram",
        "en": "Your personal identity code was not received",
    },
    "unreachable": {
        "fi": "Tunnistuspalveluun ei saada yhteyttä",
        "sv": "Identifieringstjänsten kan inte nås",
        "en": "The identification service cannot be reached",
    },
    "too_slow": {
        "fi": "Tunnistuspalvelu ei vastannut ajoissa",
        "sv": "Identifieringstjänsten svarade inte i tid",
        "en": "The identification service did not answer in time",
    },
}
TRY_AGAIN = {"fi": "Yritä uudelleen", "sv": "Försök igen", "en": "Try again"}
START = {"fi": "/tunnistus/", "sv": "/sv/identifiering/", "en": "/en/identification/"}
LANGUAGES = ["fi", "sv", "en"]

# fault at the provider: (the reason in the audit trail, the page the person sees, its status)
FAULTS = {
    "wrong_key": (Reason.BAD_SIGNATURE, "unverified", 502),
    "unknown_kid": (Reason.UNKNOWN_KEY, "unverified", 502),
    "wrong_audience": (Reason.WRONG_AUDIENCE, "unverified", 502),
    "wrong_issuer": (Reason.WRONG_ISSUER, "unverified", 502),
    "expired": (Reason.EXPIRED, "unverified", 502),
    "plain_id_token": (Reason.NOT_ENCRYPTED, "unverified", 502),
    "plain_userinfo": (Reason.NOT_ENCRYPTED, "unverified", 502),
    "signed_userinfo": (Reason.NOT_ENCRYPTED, "unverified", 502),
    "other_subject": (Reason.WRONG_SUBJECT, "unverified", 502),
    "low_level": (Reason.INSUFFICIENT_LEVEL, "unverified", 502),
    "no_identity_code": (Reason.NO_IDENTITY_CODE, "no_identity_code", 502),
    "foreign_encryption": (Reason.NOT_DECRYPTABLE, "unverified", 502),
    "garbage_id_token": (Reason.NOT_DECRYPTABLE, "unverified", 502),
    "alg_none": (Reason.NOT_SIGNED, "unverified", 502),
    "token_error": (Reason.BROKER_ERROR, "refused", 502),
    "cancel": (Reason.CANCELLED, "cancelled", 200),
    "hang": (Reason.BROKER_TIMEOUT, "too_slow", 504),
}


def row_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def nothing_but_the_audit_entry():
    """Asserts, after the test, that the only rows added are one audit entry and its chain link."""
    before = row_counts()
    yield
    after = row_counts()
    changed = {label: after[label] - before[label] for label in after if after[label] != before[label]}
    changed.pop("sessions.Session", None)  # the visitor's session row (no identity in it, asserted apart)
    assert changed == {"auditlog.LogEntry": 1, "audit_review.AuditChainLink": 1}


def assert_failure_page(response, page, language, status):
    assert response.status_code == status
    text = response.content.decode()
    assert HEADINGS[page][language] in text
    assert TRY_AGAIN[language] in text
    assert f'href="{START[language]}' in text


def assert_no_one_signed_in(client):
    assert SESSION_KEY not in client.session


def audit_reason():
    entry = LogEntry.objects.get()
    assert entry.additional_data["identification"] == "failed"
    return entry.additional_data["reason"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fault", FAULTS)
def test_a_broker_fault_gives_a_clear_page_and_stores_only_the_audit_entry(
    client, provider, settings, fault, language, nothing_but_the_audit_entry
):
    reason, page, status = FAULTS[fault]
    provider.faults.add(fault)
    if fault == "hang":
        settings.IDENTIFICATION_HTTP_TIMEOUT = 0.3
        provider.hang_seconds = 1.0

    response = identify(client, provider, start_url=START[language])

    assert_failure_page(response, page, language, status)
    assert_no_one_signed_in(client)
    assert audit_reason() == reason


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tampered_state_is_refused(client, provider, language, nothing_but_the_audit_entry):
    client.cookies["django_language"] = language
    response = identify(client, provider, start_url=START[language], state="forged-state")

    assert_failure_page(response, "expired", language, 400)
    assert_no_one_signed_in(client)
    assert audit_reason() == Reason.UNKNOWN_STATE


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_broker_down_after_the_person_identified_gives_a_page_to_try_again(
    client, provider, language, nothing_but_the_audit_entry
):
    started = client.get(START[language])
    provider.preselect(0)
    import requests

    answer = requests.get(started["Location"], allow_redirects=False, timeout=5)
    provider.stop()  # the broker goes down before the clinic fetches the tokens: connection refused

    response = client.get(answer.headers["Location"].removeprefix("http://testserver"))

    assert_failure_page(response, "unreachable", language, 503)
    assert_no_one_signed_in(client)
    assert audit_reason() == Reason.BROKER_UNREACHABLE


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_broker_down_at_the_start_gives_a_page_to_try_again(
    client, provider, language, nothing_but_the_audit_entry
):
    provider.stop()

    response = client.get(START[language])

    assert_failure_page(response, "unreachable", language, 503)
    assert audit_reason() == Reason.BROKER_UNREACHABLE


def test_a_replayed_nonce_of_an_earlier_flow_is_refused(client, provider):
    identify(client, provider)  # an earlier flow, whose nonce the provider will replay
    client.session.flush()
    LogEntry.objects.all().delete()
    provider.faults.add("replay_nonce")

    response = identify(client, provider)

    assert_failure_page(response, "unverified", "fi", 502)
    assert audit_reason() == Reason.WRONG_NONCE


def test_a_replayed_callback_is_refused_the_second_time(client, provider):
    started = client.get(START["fi"])
    provider.preselect(0)
    import requests

    location = requests.get(started["Location"], allow_redirects=False, timeout=5).headers["Location"]
    path = location.removeprefix("http://testserver")
    assert client.get(path).status_code == 302
    LogEntry.objects.all().delete()

    again = client.get(path)

    assert_failure_page(again, "expired", "fi", 400)
    assert audit_reason() == Reason.UNKNOWN_STATE


def test_a_callback_in_another_browser_is_refused(client, provider, django_user_model):
    from django.test import Client

    started = client.get(START["fi"])
    other_browser = Client()

    response = return_from_provider(other_browser, provider, started["Location"])

    assert_failure_page(response, "expired", "fi", 400)
    assert SESSION_KEY not in other_browser.session


def test_even_an_unexpected_error_in_checking_the_answer_gives_a_page(
    client, provider, monkeypatch, nothing_but_the_audit_entry
):
    def broken(flow, code):
        raise RuntimeError("a bug")

    monkeypatch.setattr("identification.broker.identify", broken)

    response = identify(client, provider)

    assert_failure_page(response, "refused", "fi", 502)
    assert audit_reason() == Reason.BROKER_ERROR
