"""The request's state machine: illegal steps are clear errors, stale pages cannot overwrite (S40)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from privacy import services
from privacy.models import DataSubjectRequest
from tests.factories import CustomerFactory, DataSubjectRequestFactory
from tests.privacy.conftest import attach_scan, confirmed, in_progress


@pytest.mark.django_db
def test_unconfirmed_request_cannot_be_verified(customer_service_user):
    dsr = DataSubjectRequestFactory()
    with pytest.raises(ValidationError, match="ei voi todentaa") as error:
        services.verify_identity(request=dsr, by=customer_service_user, method="strong_eid", customer=None)
    assert error.value.code == "illegal_transition"
    dsr.refresh_from_db()
    assert dsr.state == "submitted"


@pytest.mark.django_db
def test_request_cannot_be_completed_before_work_starts(customer_service_user):
    dsr = confirmed()
    with pytest.raises(ValidationError, match="Nyt mahdollista: todenna henkilöllisyys"):
        services.complete_request(request=dsr, by=customer_service_user)


@pytest.mark.django_db
def test_completed_request_cannot_be_completed_again(customer_service_user):
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="prohibit_disclosure")
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    with pytest.raises(ValidationError, match="ei voi päättää"):
        services.complete_request(request=dsr, by=customer_service_user)
    assert dsr.letters.count() == 1


@pytest.mark.django_db
def test_erasure_cannot_be_completed_without_approval(customer_service_user):
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="erasure")
    with pytest.raises(ValidationError, match="rekisterivastaavan hyväksynnällä"):
        services.complete_request(request=dsr, by=customer_service_user)


@pytest.mark.django_db
def test_verifying_a_non_inspection_request_needs_a_customer(customer_service_user):
    dsr = confirmed(kind="correction", details="Nimi väärin")
    with pytest.raises(ValidationError, match="Yhdistä pyyntö asiakkaaseen"):
        services.verify_identity(request=dsr, by=customer_service_user, method="in_person")


@pytest.mark.django_db
def test_inspection_of_someone_not_in_the_register_says_nothing_is_held(customer_service_user):
    dsr = confirmed()
    dsr = services.verify_identity(request=dsr, by=customer_service_user, method="in_person")
    dsr = services.start_processing(request=dsr, by=customer_service_user)
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    assert "Asiakasrekisterissä ei ole sinusta tietoja." in dsr.letters.get().html


@pytest.mark.django_db
def test_a_stale_page_cannot_act_on_a_request_someone_else_changed(customer_service_user, responsible_person):
    dsr = confirmed()
    seen_by_sanna = DataSubjectRequest.objects.get(pk=dsr.pk)
    services.verify_identity(
        request=dsr,
        by=responsible_person,
        method="strong_eid",
        customer=CustomerFactory(first_name=dsr.first_name, last_name=dsr.last_name),
    )
    with pytest.raises(ValidationError, match="Joku muu muutti") as error:
        services.propose_rejection(
            request=seen_by_sanna, by=customer_service_user, reason="unfounded_or_excessive", explanation="x"
        )
    assert error.value.code == "stale"
    dsr.refresh_from_db()
    assert dsr.state == "identity_verified"


@pytest.mark.django_db
def test_rejection_needs_a_reason_an_explanation_and_the_responsible_persons_approval(
    customer_service_user, responsible_person
):
    dsr = confirmed()
    with pytest.raises(ValidationError, match="Perustele"):
        services.propose_rejection(
            request=dsr, by=customer_service_user, reason="identity_not_verified", explanation=" "
        )
    dsr = services.propose_rejection(
        request=dsr,
        by=customer_service_user,
        reason="identity_not_verified",
        explanation="Ei vastausta kirjeeseen.",
    )
    assert dsr.state == "awaiting_approval"
    with pytest.raises(ValidationError, match="Vain rekisterivastaava"):
        services.approve_request(request=dsr, by=customer_service_user)
    dsr = services.approve_request(request=dsr, by=responsible_person)
    assert dsr.state == "rejected"
    letter = dsr.letters.get(kind="rejection")
    assert "emme pystyneet varmistamaan, että olet henkilö" in letter.html
    assert "tietosuojavaltuutetulle" in letter.html


@pytest.mark.django_db
def test_returned_proposal_goes_back_to_where_it_was(customer_service_user, responsible_person):
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="erasure")
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    dsr = services.return_request(request=dsr, by=responsible_person, note="Tarkista laskut ensin.")
    assert dsr.state == "in_progress"
    assert dsr.pending_decision == ""
    assert dsr.events.last().note == "Tarkista laskut ensin."


@pytest.mark.django_db(transaction=True)
def test_two_staff_acting_at_once_cannot_both_succeed(customer_service_user, responsible_person):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (select_for_update); this runs on PostgreSQL, as CI does.")
    from django.db import connections

    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="prohibit_processing")
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user):
        stale_copy = DataSubjectRequest.objects.get(pk=dsr.pk)
        barrier.wait()
        try:
            services.complete_request(request=stale_copy, by=user)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(u,)) for u in (customer_service_user, responsible_person)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "stale"]
    dsr.refresh_from_db()
    assert dsr.letters.count() == 1
    assert dsr.events.filter(to_state="completed").count() == 1


@pytest.mark.django_db
def test_signed_letter_is_not_accepted_as_verification_without_its_scan(customer_service_user):
    """G10, S34: the identity check rests on evidence that can be shown later."""
    dsr = confirmed(kind="inspection")
    with pytest.raises(ValidationError, match="Liitä pyyntöön allekirjoitetun pyyntökirjeen"):
        services.verify_identity(request=dsr, by=customer_service_user, method="signed_letter")
    dsr.refresh_from_db()
    assert dsr.state == "email_confirmed" and dsr.verification_method == ""


@pytest.mark.django_db
def test_signed_letter_with_its_scan_attached_verifies_the_identity(customer_service_user):
    dsr = confirmed(kind="inspection")
    attach_scan(dsr, "signed_letter", by=customer_service_user)
    dsr = services.verify_identity(request=dsr, by=customer_service_user, method="signed_letter")
    assert dsr.state == "identity_verified" and dsr.verification_method == "signed_letter"


@pytest.mark.django_db
def test_mandate_is_not_accepted_without_the_mandate_document(customer_service_user):
    dsr = confirmed(
        kind="inspection",
        on_behalf=True,
        subject_first_name="Aino",
        subject_last_name="Virtanen",
        mandate_kind="guardian",
    )
    attach_scan(dsr, "signed_letter", by=customer_service_user)  # a letter is not the mandate
    with pytest.raises(ValidationError, match="Liitä pyyntöön valtakirjan"):
        services.verify_identity(
            request=dsr, by=customer_service_user, method="mandate", customer=CustomerFactory()
        )


@pytest.mark.django_db
def test_linking_a_request_to_a_customer_with_other_details_needs_a_note(customer_service_user):
    """S34: an access report must not go to the wrong person because of a slip in the customer list."""
    dsr = confirmed(first_name="Aino", last_name="Virtanen", email="aino@example.fi", phone="")
    eino = CustomerFactory(first_name="Eino", last_name="Korhonen", email="eino@example.fi")
    with pytest.raises(ValidationError, match="eivät vastaa asiakkaan") as error:
        services.verify_identity(request=dsr, by=customer_service_user, method="strong_eid", customer=eino)
    assert error.value.code == "different_person"
    dsr.refresh_from_db()
    assert dsr.state == "email_confirmed" and dsr.customer is None

    dsr = services.verify_identity(
        request=dsr,
        by=customer_service_user,
        method="strong_eid",
        customer=eino,
        note="Nimi vaihtunut avioliiton myötä, tarkistettu henkilökortista.",
    )
    assert dsr.customer == eino


@pytest.mark.django_db
@pytest.mark.parametrize(
    "customer_details",
    [
        {"first_name": "aino  maria", "last_name": "VIRTANEN", "email": "toinen@example.fi"},
        {"first_name": "Aina", "last_name": "Salo", "email": "Aino@Example.fi"},
    ],
)
def test_the_same_name_or_the_same_e_mail_is_enough(customer_service_user, customer_details):
    dsr = confirmed(first_name="Aino", last_name="Virtanen", email="aino@example.fi", phone="")
    customer = CustomerFactory(**customer_details)
    dsr = services.verify_identity(
        request=dsr, by=customer_service_user, method="strong_eid", customer=customer
    )
    assert dsr.customer == customer
