"""S22, S26: the cookie table lists every cookie the site itself sets, and says what it is for."""

import pytest
from django.urls import reverse

from consent.models import Cookie, CookiePolicy
from consent.tokens import make_token
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def unlisted(*responses):
    """Cookies the responses set that no row of the cookie table describes."""
    table = list(Cookie.objects.values_list("name", flat=True))

    def listed(name):
        return any(name == row or (row.endswith("*") and name.startswith(row[:-1])) for row in table)

    set_ = {name for response in responses for name, morsel in response.cookies.items() if morsel.value}
    assert set_, "the form should have set at least one cookie"
    return {name for name in set_ if not listed(name)}


def post_and_follow(client, url, data, **extra):
    """The form's answer and the page it leads to: each may set cookies."""
    answer = client.post(url, data, **extra)
    assert answer.status_code == 302
    return answer, client.get(answer["Location"])


def test_saving_the_cookie_settings_sets_only_cookies_in_the_table(client):
    answer, page = post_and_follow(
        client, reverse("consent:cookie_settings"), {"action": "reject_all", "next": "/"}
    )
    assert "Evästevalintasi on tallennettu." in page.content.decode()
    assert unlisted(answer, page) == set()


def test_asking_for_a_consent_link_sets_only_cookies_in_the_table(client):
    assert (
        unlisted(*post_and_follow(client, reverse("consent:link_request"), {"email": "aino@example.fi"}))
        == set()
    )


def test_changing_a_consent_sets_only_cookies_in_the_table(client):
    url = reverse("consent:manage", args=[make_token(CustomerFactory())])
    responses = post_and_follow(
        client, url, {"purpose": "marketing", "action": "grant"}, REMOTE_ADDR="192.0.2.3"
    )
    assert unlisted(*responses) == set()


def test_the_table_says_visitors_get_the_session_cookie_too(client):
    page = client.get(reverse("consent:privacy_notice")).content.decode()
    assert "sivuston kävijälle lomakkeen lähettämisen jälkeen näytettävä ilmoitus" in page
    assert "Henkilökunnan kirjautuminen ylläpitoon." not in page


def test_the_correction_is_a_new_policy_version_so_visitors_are_asked_again():
    policy = CookiePolicy.current()
    assert policy.version == 2
    assert "sessionid" in policy.changes_fi and "sessionid" in policy.changes_sv
