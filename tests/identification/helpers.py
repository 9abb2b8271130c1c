"""Helpers for tests that need an identified person, with or without the local provider.

``sign_in_person(client)`` puts an identified person into the test client's
session as ``identification.session.sign_in`` would, without a provider:
tests of pages behind identification (the customer's own page) use it.
``identify(client, provider)`` runs the real flow against the local provider.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.urls import reverse
from django.utils import timezone

from identification.session import IdentifiedPerson, person_key, store_for_tests
from tests.identification.provider import PERSONS


def identified_person(
    *, identity_code=PERSONS[0].identity_code, given_name=None, family_name=None, minutes_ago=0
):
    """An ``IdentifiedPerson`` as a successful identification makes it (the code only as its key)."""
    known = next((person for person in PERSONS if person.identity_code == identity_code), PERSONS[0])
    return IdentifiedPerson(
        person_key=person_key(identity_code),
        given_name=known.given_name if given_name is None else given_name,
        family_name=known.family_name if family_name is None else family_name,
        identified_at=timezone.now() - timedelta(minutes=minutes_ago),
        acr="http://ftn.ficora.fi/2017/loa2",
    )


def sign_in_person(client, person=None, **fields):
    """Make ``client``'s session identified as ``person`` (or ``identified_person(**fields)``); returns it."""
    person = person or identified_person(**fields)
    session = client.session
    store_for_tests(session, person)
    session.save()
    return person


def identify(client, provider, *, person=0, start_url=None, state=None):
    """Run one identification: start, the provider (person preselected), and the callback's response.

    ``state`` replaces the state the provider sends back (a tampered callback).
    """
    started = client.get(start_url or reverse("identification:start"))
    assert started.status_code == 302, started.content
    return return_from_provider(client, provider, started["Location"], person=person, state=state)


def return_from_provider(client, provider, authorization_url, *, person=0, state=None):
    provider.preselect(person)
    answer = requests.get(authorization_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, (answer.status_code, answer.text, provider.refusals)
    back = urlsplit(answer.headers["Location"])
    query = back.query
    if state is not None:
        from urllib.parse import parse_qs, urlencode

        params = {key: values[0] for key, values in parse_qs(query).items()}
        params["state"] = state
        query = urlencode(params)
    return client.get(f"{back.path}?{query}")
