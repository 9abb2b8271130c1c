"""The customer's own page and answers delivered electronically (issue 12 items 3–6; S33–S38, S40, D6).

The person is identified by strong electronic identification; here the
session is set as the identification's callback sets it
(``identification.session.sign_in``), the broker itself is tested in
tests/identification.
"""

from dataclasses import asdict
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consent.models import ConsentRecord
from consent.services import give_consent
from identification.session import SESSION_KEY, IdentifiedPerson, person_key
from privacy import services
from privacy.models import DataSubjectRequest, RequestEvent, RequestLetter
from registry.models import Customer, ElectronicIdentity
from tests.factories import CustomerFactory

State = DataSubjectRequest.State
AINO_CODE = "131052-308T"  # a valid test identity code


@pytest.fixture(autouse=True)
def identity_key(settings):
    settings.PERSON_ID_HMAC_KEY = "test-person-key"


def person(code=AINO_CODE, given="Aino Maria", family="Virtanen", at=None):
    return IdentifiedPerson(
        person_key=person_key(code),
        given_name=given,
        family_name=family,
        identified_at=at or timezone.now(),
    )


def identify(client, who):
    """The session as ``identification.session.sign_in`` leaves it."""
    session = client.session
    session[SESSION_KEY] = {**asdict(who), "identified_at": who.identified_at.isoformat()}
    session.save()
    return who


def file(who, kind="inspection", **kwargs):
    return services.file_online_request(person=who, kind=kind, language="fi", **kwargs)


@pytest.fixture
def aino(db):
    return CustomerFactory(first_name="Aino", last_name="Virtanen", email="aino.virtanen@example.fi")


def link(dsr, staff, customer, note=""):
    dsr.refresh_from_db()
    return services.link_identified_customer(request=dsr, by=staff, customer=customer, note=note)


# --- Filing without paper ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_filed_after_identification_starts_verified_and_is_due_a_month_from_filing():
    who = person()
    dsr = file(who, email="aino@example.fi")
    assert dsr.state == State.IDENTITY_VERIFIED
    assert dsr.channel == DataSubjectRequest.Channel.OWN_PAGE
    assert dsr.verification_method == DataSubjectRequest.VerificationMethod.STRONG_EID
    assert dsr.answer_delivery == DataSubjectRequest.AnswerDelivery.OWN_PAGE
    assert (dsr.first_name, dsr.last_name) == ("Aino Maria", "Virtanen")
    assert dsr.received_on == timezone.localdate()
    assert dsr.due_on > dsr.received_on and (dsr.due_on - dsr.received_on).days in range(28, 32)
    assert dsr.events.get().action == RequestEvent.Action.FILED_ONLINE
    # S9: only the keyed hash is stored, never the code.
    assert dsr.person_key == who.person_key and AINO_CODE not in str(DataSubjectRequest.objects.values())


@pytest.mark.django_db
def test_the_same_open_request_twice_is_refused_clearly():
    who = person()
    first = file(who)
    with pytest.raises(Exception) as refused:
        file(who)
    assert str(first.pk) in " ".join(refused.value.messages)
    assert DataSubjectRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_form_on_the_own_page_files_the_request_and_says_when_it_is_answered(client):
    identify(client, person())
    page = client.get(reverse("privacy:own_request"))
    assert page.status_code == 200 and "Aino Maria Virtanen" in page.content.decode()
    response = client.post(
        reverse("privacy:own_request"), {"kind": "erasure", "email": "aino@example.fi"}, follow=True
    )
    dsr = DataSubjectRequest.objects.get()
    assert dsr.kind == "erasure" and dsr.state == State.IDENTITY_VERIFIED
    assert f"numero {dsr.pk}" in response.content.decode()


@pytest.mark.django_db
def test_an_answer_by_post_needs_the_address_and_nothing_is_stored_without_it(client):
    identify(client, person())
    response = client.post(reverse("privacy:own_request"), {"kind": "inspection", "answer_by_post": "on"})
    assert response.status_code == 200
    assert "Anna postiosoite" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()
    client.post(
        reverse("privacy:own_request"),
        {"kind": "inspection", "answer_by_post": "on", "postal_address": "Kauppakatu 1, 26100 Rauma"},
    )
    assert DataSubjectRequest.objects.get().answer_delivery == DataSubjectRequest.AnswerDelivery.POST


@pytest.mark.django_db
def test_a_correction_needs_its_details(client):
    identify(client, person())
    response = client.post(reverse("privacy:own_request"), {"kind": "correction"})
    assert "Kerro, mitkä tiedot ovat väärin" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.django_db
def test_without_identification_the_own_page_offers_identification_and_shows_nothing(client, aino):
    response = client.get(reverse("privacy:own_page"))
    assert response.status_code == 200
    assert aino.email not in response.content.decode()
    assert response["Cache-Control"].count("no-store") == 1
    assert client.get(reverse("privacy:own_request")).status_code == 302


# --- Linking the identification to the customer, once -------------------------------------------


@pytest.mark.django_db
def test_someone_with_no_data_in_the_register_is_told_so(client):
    identify(client, person(given="Ilmari", family="Pitsiniekka"))
    body = client.get(reverse("privacy:own_page")).content.decode()
    assert "ei ole tietoja henkilöstä Ilmari Pitsiniekka" in body


@pytest.mark.django_db
def test_staff_link_the_identification_once_and_then_the_person_sees_their_data(
    client, aino, customer_service_user
):
    who = identify(client, person())
    body = client.get(reverse("privacy:own_page")).content.decode()
    assert aino.email not in body and "Emme ole vielä yhdistäneet" in body
    dsr = file(who)
    assert "link_customer" in services.possible_actions(dsr)
    link(dsr, customer_service_user, aino)
    identity = ElectronicIdentity.objects.get()
    assert (identity.customer, identity.person_key, identity.linked_by) == (
        aino,
        who.person_key,
        customer_service_user,
    )
    dsr.refresh_from_db()
    assert dsr.customer == aino and dsr.events.last().action == RequestEvent.Action.CUSTOMER_LINKED
    body = client.get(reverse("privacy:own_page")).content.decode()
    assert aino.email in body
    # The next request finds the customer without staff.
    assert file(who, kind="prohibit_direct_marketing").customer == aino


@pytest.mark.django_db
def test_a_name_that_does_not_match_needs_a_note(customer_service_user):
    other = CustomerFactory(first_name="Pekka", last_name="Korhonen")
    dsr = file(person())
    with pytest.raises(Exception) as refused:
        link(dsr, customer_service_user, other)
    assert refused.value.code == "different_person"
    assert not ElectronicIdentity.objects.exists()
    link(dsr, customer_service_user, other, note="Soitin asiakkaalle, nimi muuttunut avioliitossa.")
    assert ElectronicIdentity.objects.get().customer == other


@pytest.mark.django_db
def test_an_identity_already_linked_to_another_customer_is_refused(aino, customer_service_user):
    who = person()
    link(file(who), customer_service_user, aino)
    namesake = CustomerFactory(first_name="Aino", last_name="Virtanen")
    # A second request of the same person, linked by staff to another customer by mistake.
    dsr = DataSubjectRequest.objects.create(
        kind="correction",
        details="x",
        state=State.IDENTITY_VERIFIED,
        first_name="Aino",
        last_name="Virtanen",
        person_key=who.person_key,
        verification_method=DataSubjectRequest.VerificationMethod.STRONG_EID,
    )
    with pytest.raises(Exception) as refused:
        link(dsr, customer_service_user, namesake)
    assert refused.value.code == "identity_linked_elsewhere"
    assert str(aino.pk) in " ".join(refused.value.messages)
    assert ElectronicIdentity.objects.get().customer == aino


@pytest.mark.django_db
def test_a_customer_already_linked_to_another_persons_identification_is_refused(aino, customer_service_user):
    link(file(person()), customer_service_user, aino)
    impostor = file(person(code="010101-123N", given="Aino", family="Virtanen"))
    with pytest.raises(Exception) as refused:
        link(impostor, customer_service_user, aino)
    assert refused.value.code == "customer_linked_elsewhere"
    assert ElectronicIdentity.objects.count() == 1


@pytest.mark.django_db
def test_staff_link_on_the_requests_page_with_the_comparison(client, aino, customer_service_user):
    dsr = file(person())
    client.force_login(customer_service_user)
    url = reverse("admin:privacy_request_action", args=[dsr.pk, "link_customer"])
    page = client.get(url).content.decode()
    assert "Aino Maria Virtanen" in page and aino.email in page
    response = client.post(url, {"version": dsr.version, "customer": aino.pk, "note": ""})
    assert response.status_code == 302
    assert ElectronicIdentity.objects.get().customer == aino


# --- The own page: data, log data, consents -----------------------------------------------------


@pytest.fixture
def linked(client, aino, customer_service_user):
    who = identify(client, person())
    link(file(who), customer_service_user, aino)
    return who


@pytest.mark.django_db
def test_the_own_page_shows_the_data_and_the_log_data_of_two_years(
    client, aino, linked, customer_service_user
):
    from auditlog.models import LogEntry

    old = LogEntry.objects.filter(object_pk=str(aino.pk)).first()
    LogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=3 * 365))
    aino.phone = "+358401234567"
    aino.save()
    body = client.get(reverse("privacy:own_page")).content.decode()
    assert aino.email in body and "Kuka on katsonut tai muuttanut tietojasi" in body
    shown = body.count("<tr>")
    everything = client.get(reverse("privacy:own_page") + "?log=all").content.decode()
    assert everything.count("<tr>") == shown + 1


@pytest.mark.django_db
def test_a_consent_is_withdrawn_with_one_click(client, aino, linked):
    give_consent(
        customer=aino, purpose_key="marketing", channel="web", ip_address="192.0.2.1", user_agent="Firefox"
    )
    response = client.post(
        reverse("privacy:own_page"), {"purpose": "marketing", "action": "withdraw"}, follow=True
    )
    assert "Suostumuksesi on peruutettu" in response.content.decode()
    assert ConsentRecord.objects.filter(customer=aino).latest("recorded_at").action == "withdraw"


@pytest.mark.django_db
def test_downloads_need_a_fresh_identification(client, aino, customer_service_user, monkeypatch):
    monkeypatch.setattr("privacy.own_page.identification_enabled", lambda: True)
    who = identify(client, person(at=timezone.now() - timedelta(minutes=10)))
    link(file(who), customer_service_user, aino)
    response = client.get(reverse("privacy:own_report", args=["json"]))
    assert response.status_code == 302 and reverse("identification:start") in response["Location"]
    identify(client, person())
    response = client.get(reverse("privacy:own_report", args=["json"]))
    assert response.status_code == 200 and aino.email in response.content.decode()
    pdf = client.get(reverse("privacy:own_report", args=["pdf"]))
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_an_expired_identification_shows_nothing(client, aino, customer_service_user):
    who = identify(client, person(at=timezone.now() - timedelta(hours=1)))
    link(file(who), customer_service_user, aino)
    assert aino.email not in client.get(reverse("privacy:own_page")).content.decode()


# --- Answers delivered electronically -----------------------------------------------------------


def answered_inspection(who, staff, customer, **kwargs):
    dsr = file(who, email="aino@example.fi", **kwargs)
    link(dsr, staff, customer)
    dsr.refresh_from_db()
    dsr = services.start_processing(request=dsr, by=staff)
    return services.complete_request(request=dsr, by=staff)


@pytest.mark.django_db
def test_the_answer_waits_on_the_own_page_and_the_download_is_its_sent_record(
    client, aino, customer_service_user
):
    who = identify(client, person())
    mail.outbox.clear()
    dsr = answered_inspection(who, customer_service_user, aino)  # no postal address needed
    letter = dsr.letters.get(kind=RequestLetter.Kind.ANSWER)
    assert letter.is_ready and not letter.is_sent
    # Not among the answers staff still have to send: the work queue and the request list's filter.
    assert not DataSubjectRequest.objects.answer_not_sent().filter(pk=dsr.pk).exists()
    assert not RequestLetter.awaiting_sending().filter(pk=letter.pk).exists()
    # D6: the e-mail says a letter is ready, with no personal data.
    (ready,) = [m for m in mail.outbox if "aino@example.fi" in m.to]
    for secret in ("Aino", "Virtanen", aino.email, str(dsr.pk)):
        assert secret not in ready.subject + ready.body
    assert not ready.attachments
    page = client.get(reverse("privacy:own_page")).content.decode()
    url = reverse("privacy:own_letter", args=[letter.pk])
    assert url in page
    response = client.get(url)
    assert response.content.startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.sent_how == RequestLetter.Delivery.OWN_PAGE and letter.sent_on == timezone.localdate()
    first = letter.sent_at
    assert first is not None
    client.get(url)
    letter.refresh_from_db()
    assert letter.sent_at == first
    assert dsr.events.filter(action=RequestEvent.Action.LETTER_SENT).count() == 1


@pytest.mark.django_db
def test_another_persons_letter_cannot_be_downloaded(client, aino, customer_service_user):
    dsr = answered_inspection(person(), customer_service_user, aino)
    letter = dsr.letters.get(kind=RequestLetter.Kind.ANSWER)
    identify(client, person(code="010101-123N", given="Eero", family="Laine"))
    assert client.get(reverse("privacy:own_letter", args=[letter.pk])).status_code == 404
    letter.refresh_from_db()
    assert not letter.is_sent


@pytest.mark.django_db
def test_an_answer_asked_by_post_is_not_marked_sent_by_a_download(client, aino, customer_service_user):
    who = identify(client, person())
    dsr = answered_inspection(
        who, customer_service_user, aino, answer_by_post=True, postal_address="Kauppakatu 1, 26100 Rauma"
    )
    letter = dsr.letters.get(kind=RequestLetter.Kind.ANSWER)
    client.get(reverse("privacy:own_letter", args=[letter.pk]))
    letter.refresh_from_db()
    assert not letter.is_sent


@pytest.mark.django_db
def test_an_extension_notice_of_an_electronic_request_says_it_is_on_the_own_page(aino, customer_service_user):
    dsr = file(person(), email="aino@example.fi")
    link(dsr, customer_service_user, aino)
    dsr.refresh_from_db()
    mail.outbox.clear()
    services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="complex")
    (notice,) = mail.outbox
    assert "omalla sivullasi" in notice.body and "postitse" not in notice.body
    assert "Aino" not in notice.body


@pytest.mark.django_db
def test_erasure_after_identification_keeps_the_answer_for_the_person_and_removes_the_link(
    client, aino, customer_service_user, responsible_person
):
    who = identify(client, person())
    dsr = file(who, kind="erasure")
    link(dsr, customer_service_user, aino)
    dsr.refresh_from_db()
    dsr = services.start_processing(request=dsr, by=customer_service_user)
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    services.approve_request(request=dsr, by=responsible_person)
    assert not Customer.objects.filter(pk=aino.pk).exists()
    assert not ElectronicIdentity.objects.exists()
    letter = RequestLetter.objects.get(request=dsr, kind=RequestLetter.Kind.ANSWER)
    page = client.get(reverse("privacy:own_page")).content.decode()
    assert reverse("privacy:own_letter", args=[letter.pk]) in page
    assert client.get(reverse("privacy:own_letter", args=[letter.pk])).content.startswith(b"%PDF")


@pytest.mark.django_db
def test_someone_with_no_data_gets_that_answer_in_writing_on_the_own_page(client, customer_service_user):
    who = identify(client, person(given="Ilmari", family="Pitsiniekka"))
    dsr = file(who)
    dsr = services.start_processing(request=dsr, by=customer_service_user)
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    letter = dsr.letters.get(kind=RequestLetter.Kind.ANSWER)
    assert letter.data_export["nothing_held"] is True
    response = client.get(reverse("privacy:own_letter", args=[letter.pk]))
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_staff_see_when_the_customer_downloaded_the_answer(client, aino, customer_service_user):
    who = identify(client, person())
    dsr = answered_inspection(who, customer_service_user, aino)
    letter = dsr.letters.get(kind=RequestLetter.Kind.ANSWER)
    staff = Client()
    staff.force_login(customer_service_user)
    page = staff.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()
    assert "odottaa asiakkaan omalla sivulla" in page
    client.get(reverse("privacy:own_letter", args=[letter.pk]))
    letter.refresh_from_db()
    page = staff.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()
    assert "ladattu asiakkaan omalta sivulta" in page
    assert timezone.localtime(letter.sent_at).strftime("%Y-%m-%d %H:%M") in page


# --- Markup -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_own_pages_are_valid_html_in_every_language(client, aino, customer_service_user, html_errors):
    from django.utils import translation

    who = identify(client, person())
    answered_inspection(who, customer_service_user, aino)
    pages = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            urls = {
                "own-page": (reverse("privacy:own_page"), None),
                "own-page-all-log": (reverse("privacy:own_page") + "?log=all", None),
                "new-request": (reverse("privacy:own_request"), None),
                "new-request-errors": (reverse("privacy:own_request"), {"kind": "correction"}),
            }
        for name, (url, post) in urls.items():
            response = client.post(url, post) if post is not None else client.get(url)
            assert response.status_code == 200, (name, language)
            pages[f"{name}-{language}"] = response.content
    client.session.flush()
    pages["identify"] = client.get(reverse("privacy:own_page")).content
    errors = html_errors(pages)
    assert not errors, "\n".join(errors)
