"""The interface other apps use: person_key, current_person, identified_within, sign_out (issue 12)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from identification.session import (
    SESSION_KEY,
    IdentityCodeError,
    current_person,
    identified_within,
    person_key,
    sign_in,
    sign_out,
)
from tests.identification.helpers import identified_person, sign_in_person

pytestmark = pytest.mark.django_db


def request_with_session(session=None):
    request = RequestFactory().get("/")
    request.session = session or SessionStore()
    return request


def test_person_key_is_a_keyed_hash_of_the_normalised_code():
    assert person_key("020702a944w") == person_key(" 020702A944W ") == person_key("020702A944W")
    assert len(person_key("150385-9013")) == 64


def test_person_key_changes_with_the_key(settings):
    before = person_key("150385-9013")
    settings.PERSON_ID_HMAC_KEY = "another key"

    assert person_key("150385-9013") != before


@pytest.mark.parametrize("code", ["150385-9014", "not a code", "320385-9013", ""])
def test_person_key_refuses_a_code_that_is_not_valid(code):
    with pytest.raises(IdentityCodeError):
        person_key(code)


def test_person_key_needs_its_key(settings):
    settings.PERSON_ID_HMAC_KEY = ""

    with pytest.raises(ImproperlyConfigured):
        person_key("150385-9013")


def test_sign_in_changes_the_session_key_and_keeps_only_the_allowed_fields():
    request = request_with_session()
    request.session["something"] = "kept"
    request.session.save()
    old_key = request.session.session_key

    sign_in(request, identified_person())

    assert request.session.session_key != old_key
    assert request.session["something"] == "kept"
    assert set(request.session[SESSION_KEY]) == {
        "person_key",
        "given_name",
        "family_name",
        "identified_at",
        "acr",
    }
    assert current_person(request).given_name == "Sanna"


def test_an_identification_older_than_the_session_lifetime_is_forgotten(settings):
    request = request_with_session()
    sign_in(request, identified_person(minutes_ago=settings.IDENTIFICATION_SESSION_SECONDS // 60))

    assert current_person(request) is None
    assert SESSION_KEY not in request.session


def test_identified_within_tells_a_fresh_identification_from_an_older_one(settings):
    fresh, older = request_with_session(), request_with_session()
    sign_in(fresh, identified_person(minutes_ago=1))
    sign_in(older, identified_person(minutes_ago=10))

    assert identified_within(fresh) and not identified_within(older)
    assert identified_within(older, seconds=11 * 60)
    assert not identified_within(request_with_session())


def test_sign_out_forgets_the_person():
    request = request_with_session()
    sign_in(request, identified_person())

    sign_out(request)

    assert current_person(request) is None


def test_the_sign_out_button_forgets_the_person_and_shows_the_front_page(client):
    sign_in_person(client)

    response = client.post(reverse("identification:sign_out"), follow=True)

    assert SESSION_KEY not in client.session
    assert "Olet kirjautunut ulos." in response.content.decode()


def test_sign_out_is_a_post(client):
    assert client.get(reverse("identification:sign_out")).status_code == 405


def test_the_test_helper_signs_a_person_in_through_the_client(client, rf):
    person = sign_in_person(client, given_name="Liisa", minutes_ago=2)
    request = rf.get("/")
    request.session = client.session

    assert current_person(request) == person
    assert timezone.now() - current_person(request).identified_at > timedelta(minutes=1)


def test_every_page_shows_who_is_identified_with_a_sign_out_button(client):
    sign_in_person(client)

    page = client.get("/").content.decode()

    assert "Tunnistettu: Sanna Testinen" in page
    assert f'action="{reverse("identification:sign_out")}"' in page


def test_no_one_is_shown_when_no_one_is_identified(client):
    assert "Tunnistettu" not in client.get("/").content.decode()
