"""The public request forms (S33–S38): validate, save, e-mail a link; bad input stores nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from privacy.models import DataSubjectRequest, RequestEvent

pytestmark = pytest.mark.django_db

KINDS = DataSubjectRequest.Kind.values


def valid_data(**extra):
    return {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "email": "aino.virtanen@example.fi",
        "phone": "040 123 4567",
        "postal_address": "Nortamonkatu 1 A 2, 26100 Rauma",
        "details": "Sähköpostiosoitteeni on väärin.",
        "confirm_truthful": "on",
        **extra,
    }


# The rights page's path in each language.
RIGHTS = {"": "oikeudet", "/sv": "rattigheter", "/en": "rights"}


def url(kind):
    return reverse("privacy:request", args=[kind])


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_rights_page_links_to_every_form_in_each_language(client, language):
    prefix = "" if language == "fi" else f"/{language}"
    response = client.get(f"{prefix}/{RIGHTS[prefix]}/")
    assert response.status_code == 200
    page = response.content.decode()
    for kind in KINDS:
        assert f"{prefix}/{RIGHTS[prefix]}/{kind}/" in page
    assert "tietosuoja.fi" in page


def test_rights_page_is_in_finnish_by_default(client):
    assert "Tietosuojaoikeutesi" in client.get("/oikeudet/").content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_valid_request_is_saved_and_a_confirmation_link_is_emailed(client, kind, outbox):
    response = client.post(url(kind), valid_data())
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.kind, dsr.state, dsr.channel, dsr.language) == (kind, "submitted", "web", "fi")
    assert dsr.phone == "+358401234567"
    assert [m.to for m in outbox] == [["aino.virtanen@example.fi"]]
    assert "/oikeudet/vahvista/" in outbox[0].body
    assert RequestEvent.objects.filter(request=dsr, to_state="submitted").exists()


def test_request_in_swedish_is_answered_in_swedish(client, outbox):
    with translation.override("sv"):
        swedish_form = url("inspection")
    assert swedish_form == "/sv/rattigheter/inspection/"
    client.post(swedish_form, valid_data())
    assert DataSubjectRequest.objects.get().language == "sv"
    assert "/sv/rattigheter/bekrafta/" in outbox[0].body
    assert "Bekräfta" in outbox[0].subject


@pytest.mark.parametrize("kind", KINDS)
def test_missing_required_fields_give_finnish_errors_and_store_nothing(client, kind, outbox):
    response = client.post(url(kind), {"first_name": "", "email": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tämä kenttä vaaditaan." in page
    assert "Vahvista, että tiedot ovat oikein." in page
    assert not DataSubjectRequest.objects.exists()
    assert outbox == []


@pytest.mark.parametrize("kind", KINDS)
def test_malformed_email_and_phone_are_refused(client, kind):
    response = client.post(url(kind), valid_data(email="aino@", phone="12"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Syötä kelvollinen sähköpostiosoite." in page
    assert "puhelinnumero" in page
    assert not DataSubjectRequest.objects.exists()


def test_correction_without_details_is_refused(client):
    response = client.post(url("correction"), valid_data(details=""))
    assert response.status_code == 400
    assert "Kerro, mitkä tiedot ovat väärin" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_request_on_behalf_must_name_the_person_and_the_mandate(client):
    response = client.post(url("inspection"), valid_data(on_behalf="on"))
    assert response.status_code == 400
    assert "Nimeä henkilö, jonka puolesta toimit, ja valtuutuksesi." in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_guardian_can_ask_on_behalf_of_a_child(client):
    data = valid_data(
        on_behalf="on",
        subject_first_name="Eeli",
        subject_last_name="Virtanen",
        mandate_kind="guardian",
        mandate_details="Huoltaja, lapsi 8 v.",
    )
    assert client.post(url("inspection"), data).status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert dsr.subject_name == "Eeli Virtanen"
    assert dsr.mandate_kind == "guardian"


def test_unknown_kind_is_not_found(client):
    assert client.get(url("everything")).status_code == 404


def test_honeypot_filled_by_a_bot_stores_and_sends_nothing(client, outbox):
    response = client.post(url("inspection"), valid_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not DataSubjectRequest.objects.exists()
    assert outbox == []


def test_form_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("inspection"), valid_data())
    assert response.status_code == 403
    assert not DataSubjectRequest.objects.exists()


def test_too_many_submissions_from_one_address_are_refused(client, settings):
    settings.PRIVACY_RATE_LIMIT_PER_IP = 2
    for n in range(2):
        client.post(url("inspection"), valid_data(email=f"eri{n}@example.fi"))
    response = client.post(url("inspection"), valid_data(email="kolmas@example.fi"))
    assert response.status_code == 429
    assert "Liian monta pyyntöä" in response.content.decode()
    assert DataSubjectRequest.objects.count() == 2


def test_too_many_submissions_for_one_email_are_refused_from_any_address(settings):
    settings.PRIVACY_RATE_LIMIT_PER_EMAIL = 1
    Client(REMOTE_ADDR="192.0.2.1").post(url("inspection"), valid_data())
    response = Client(REMOTE_ADDR="192.0.2.2").post(
        url("erasure"), valid_data(email="AINO.virtanen@example.fi")
    )
    assert response.status_code == 429
    assert DataSubjectRequest.objects.count() == 1


def test_rate_limiter_keeps_no_email_address_in_clear(client):
    from django.core.cache import cache

    client.post(url("inspection"), valid_data(email="salainen@example.fi"))
    keys = list(cache._cache.keys())
    assert keys
    assert not any("salainen" in key for key in keys)


def test_junk_posts_naming_someone_elses_email_do_not_block_them(settings):
    """Issue 10, item 11: only accepted requests count against an e-mail address."""
    settings.PRIVACY_RATE_LIMIT_PER_EMAIL = 1
    junk = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(3):
        assert junk.post(url("erasure"), valid_data(confirm_truthful="")).status_code == 400
    response = Client(REMOTE_ADDR="192.0.2.2").post(url("inspection"), valid_data())
    assert response.status_code == 302
    assert DataSubjectRequest.objects.count() == 1


def test_every_post_counts_against_the_senders_address(client, settings):
    settings.PRIVACY_RATE_LIMIT_PER_IP = 2
    for n in range(2):
        client.post(url("inspection"), valid_data(email=f"eri{n}@example.fi", confirm_truthful=""))
    assert client.post(url("inspection"), valid_data()).status_code == 429
