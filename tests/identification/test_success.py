"""A person identifies through the broker and lands signed in, with only the keyed hash kept (S9)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from identification.session import SESSION_KEY, current_person, person_key
from tests.identification.helpers import identify
from tests.identification.provider import PERSONS

pytestmark = pytest.mark.django_db


def test_identified_person_lands_on_their_own_page_signed_in_by_name_and_keyed_hash(client, provider):
    response = identify(client, provider, person=1)

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:own_page")
    stored = client.session[SESSION_KEY]
    assert stored["person_key"] == person_key(PERSONS[1].identity_code)
    assert (stored["given_name"], stored["family_name"]) == ("Väinö", "Kokeilija")
    assert stored["acr"] == "http://ftn.ficora.fi/2017/loa2"
    assert set(stored) == {"person_key", "given_name", "family_name", "identified_at", "acr"}


def test_the_identity_code_is_stored_nowhere_not_in_the_session_nor_the_audit_trail(client, provider, caplog):
    identify(client, provider, person=0)

    code = PERSONS[0].identity_code
    assert code not in str(dict(client.session))
    entries = list(LogEntry.objects.values_list("object_repr", "additional_data", "changes_text"))
    assert entries and code not in str(entries)
    assert code not in caplog.text


def test_success_leaves_one_audit_entry_with_the_person_key_and_level(client, provider):
    identify(client, provider, person=2)

    entry = LogEntry.objects.get()
    assert entry.object_repr == "Tunnistus onnistui"
    assert entry.additional_data["identification"] == "succeeded"
    assert entry.additional_data["person_key"] == person_key(PERSONS[2].identity_code)
    assert entry.actor is None


def test_next_takes_the_person_back_to_the_page_that_asked(client, provider):
    response = identify(client, provider, start_url=reverse("identification:start") + "?next=/en/rights/")

    assert response["Location"] == "/en/rights/"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_next_elsewhere_is_ignored(client, provider, unsafe):
    response = identify(client, provider, start_url=f"{reverse('identification:start')}?next={unsafe}")

    assert response["Location"] == reverse("privacy:own_page")


def test_the_broker_is_asked_in_the_page_language_and_the_person_returns_to_it(client, provider):
    started = client.get("/en/identification/")
    assert "ui_locales" not in started["Location"]  # only inside the signed request object

    from tests.identification.helpers import return_from_provider

    response = return_from_provider(client, provider, started["Location"])
    assert response["Location"] == "/en/my-data/"


def test_two_tabs_identifying_at_once_each_come_back_to_their_own(client, provider):
    from tests.identification.helpers import return_from_provider

    first = client.get(reverse("identification:start") + "?next=/first/")
    second = client.get(reverse("identification:start") + "?next=/second/")

    assert return_from_provider(client, provider, second["Location"], person=1)["Location"] == "/second/"
    assert return_from_provider(client, provider, first["Location"], person=0)["Location"] == "/first/"
    assert client.session[SESSION_KEY]["given_name"] == "Sanna"


def test_current_person_is_known_after_identification(rf, client, provider):
    identify(client, provider)
    request = rf.get("/")
    request.session = client.session

    assert current_person(request).full_name == "Sanna Testinen"
