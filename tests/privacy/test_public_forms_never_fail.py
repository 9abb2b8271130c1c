"""Arbitrary input to the public forms is answered with a page, never a 500, and each answer means
what it says (issue 6, property-based; issue 17).

The strategies produce valid submissions as well as hostile ones, so each
run reaches the interesting branches: a request stored and its link sent, a
bot's request dropped at the honeypot, a refused one storing nothing, a link
confirmed. Each test counts the outcomes it saw and fails if a branch was
never reached. A redirect is checked for where it lands: a login redirect is
a 302 too.
"""

from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.test import Client
from django.urls import reverse
from django.utils.http import int_to_base36
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.models import CookieChoice
from privacy.models import DataSubjectRequest
from privacy.tokens import confirmation_token_generator
from tests.factories import CustomerFactory, DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


def examples(count):
    return settings(
        max_examples=count, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )


hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(min_size=1, max_size=10).map(lambda s: s * 2000),
    st.sampled_from(
        ["\x00", "a\x00b", "\u202e", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "😀" * 100]
    ),
)
name = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ -'", min_size=1, max_size=40
).filter(str.strip)


def _valid(address):
    try:
        validate_email(address)
    except ValidationError:
        return False
    return len(address) <= 254


email = st.emails().filter(_valid).map(str.lower)
phone = st.sampled_from(["", "040 123 4567", "+358 50 765 4321", "09 1234 567"])


@st.composite
def request_submission(draw):
    """A filled-in request form: mostly as a person fills it in, sometimes with hostile values."""
    on_behalf = draw(st.booleans())
    data = {
        "first_name": draw(name),
        "last_name": draw(name),
        "email": draw(email),
        "phone": draw(phone),
        "postal_address": draw(st.text(max_size=200)),
        "details": draw(st.text(max_size=300)),
        "on_behalf": "on" if on_behalf else "",
        "confirm_truthful": draw(st.sampled_from(["on", "on", "on", ""])),
        "website": draw(st.sampled_from(["", "", "", "", "http://spam.example"])),
    }
    if on_behalf:
        data.update(
            subject_first_name=draw(name),
            subject_last_name=draw(name),
            mandate_kind=draw(st.sampled_from(DataSubjectRequest.MandateKind.values)),
            mandate_details=draw(st.text(max_size=100)),
        )
    for field in draw(st.sets(st.sampled_from(sorted(data)), max_size=2)):
        data[field] = draw(hostile_text)
    return data


def test_any_request_form_input_is_stored_and_sent_dropped_as_a_bot_or_refused_with_nothing_kept():
    outcomes = Counter()
    sent_page = reverse("privacy:sent")

    @examples(80)
    @given(kind=st.sampled_from(DataSubjectRequest.Kind.values), data=request_submission())
    def submit(kind, data):
        cache.clear()
        mail.outbox.clear()
        before = DataSubjectRequest.objects.count()
        response = Client().post(reverse("privacy:request", args=[kind]), data)
        stored = DataSubjectRequest.objects.count() - before
        if data["website"]:
            assert (response.status_code, response["Location"]) == (302, sent_page)
            assert stored == 0 and mail.outbox == []
            outcomes["bot"] += 1
        elif response.status_code == 302:
            assert response["Location"] == sent_page
            assert stored == 1
            dsr = DataSubjectRequest.objects.latest("pk")
            assert (dsr.kind, dsr.state, dsr.email) == (kind, "submitted", data["email"])
            assert [message.to for message in mail.outbox] == [[data["email"]]]
            outcomes["stored"] += 1
        else:
            assert response.status_code == 400
            assert stored == 0 and mail.outbox == []
            outcomes["refused"] += 1

    submit()
    assert outcomes["stored"] and outcomes["bot"] and outcomes["refused"], outcomes


def test_any_cookie_choice_input_is_a_page_and_a_choice_is_stored_only_when_it_redirects():
    outcomes = Counter()

    @examples(40)
    @given(
        action=st.one_of(st.sampled_from(["accept_all", "reject_all", "save"]), hostile_text),
        analytics=st.one_of(st.sampled_from(["on", ""]), hostile_text),
        marketing=st.one_of(st.sampled_from(["on", ""]), hostile_text),
        next_url=st.one_of(st.sampled_from(["/", "/oikeudet/", "https://evil.example/"]), hostile_text),
    )
    def choose(action, analytics, marketing, next_url):
        before = CookieChoice.objects.count()
        response = Client().post(
            reverse("consent:cookie_settings"),
            {"action": action, "analytics": analytics, "marketing": marketing, "next": next_url},
        )
        assert response.status_code in {200, 302, 400}
        if response.status_code == 302:
            # Back on this site, never to another one nor to a login page.
            target = urlsplit(response["Location"])
            assert not target.scheme and not target.netloc
            assert "/admin/" not in target.path
            assert CookieChoice.objects.count() == before + 1
            outcomes["stored"] += 1
        else:
            assert CookieChoice.objects.count() == before
            outcomes["refused"] += 1

    choose()
    assert outcomes["stored"] and outcomes["refused"], outcomes


def test_any_consent_link_request_is_a_page_and_a_link_goes_only_to_a_customer():
    customer = CustomerFactory(email="asiakas@example.fi")
    outcomes = Counter()
    link_page = reverse("consent:link_request")

    @examples(40)
    @given(address=st.one_of(st.just(customer.email), st.just("ASIAKAS@example.fi"), email, hostile_text))
    def ask(address):
        cache.clear()
        mail.outbox.clear()
        response = Client().post(link_page, {"email": address})
        if response.status_code == 302:
            assert response["Location"] == link_page
            known = address.strip().lower() == customer.email
            assert [message.to for message in mail.outbox] == ([[customer.email]] if known else [])
            outcomes["sent" if known else "unknown"] += 1
        else:
            assert response.status_code in {200, 400}
            assert mail.outbox == []
            outcomes["refused"] += 1

    ask()
    assert outcomes["sent"] and outcomes["unknown"] and outcomes["refused"], outcomes


def test_any_confirmation_link_to_a_stored_request_confirms_only_with_its_own_token():
    requests = DataSubjectRequestFactory.create_batch(3)
    tokens = {dsr.pk: confirmation_token_generator.make_token(dsr) for dsr in requests}
    outcomes = Counter()

    @examples(40)
    @given(
        index=st.integers(min_value=0, max_value=2),
        rid=st.one_of(
            st.none(), st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz-_", min_size=1, max_size=30)
        ),
        token=st.one_of(st.none(), st.text(alphabet="0123456789abcdef-", min_size=1, max_size=60)),
        method=st.sampled_from(["get", "post"]),
    )
    def follow(index, rid, token, method):
        dsr = requests[index]
        dsr.refresh_from_db()
        path_rid = rid if rid is not None else int_to_base36(dsr.pk)
        path_token = token if token is not None else tokens[dsr.pk]
        genuine = rid is None and token is None and dsr.state == DataSubjectRequest.State.SUBMITTED
        response = getattr(Client(), method)(f"/oikeudet/vahvista/{path_rid}/{path_token}/")
        dsr.refresh_from_db()
        if genuine and method == "post":
            assert response.status_code == 200 and dsr.state == DataSubjectRequest.State.EMAIL_CONFIRMED
            outcomes["confirmed"] += 1
        elif genuine:
            assert response.status_code == 200 and dsr.state == DataSubjectRequest.State.SUBMITTED
            outcomes["shown"] += 1
        else:
            assert response.status_code in {400, 404}
            outcomes["refused"] += 1

    follow()
    assert outcomes["refused"] and (outcomes["confirmed"] or outcomes["shown"]), outcomes
