"""A letter is written only when it can reach the person and name the controller (issue 11 item 8, issue 18 item 11).

A letter is posted (D6), so a request without a postal address cannot be
completed, rejected or extended: staff are asked for the address, with a
link to where it is added. Every letter gives the controller's e-mail.
"""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacy import services
from privacy.retention.models import RetentionRule
from registry.models import ControllerDetails
from tests.factories import CustomerFactory
from tests.privacy.conftest import admin_action, confirmed, in_progress

pytestmark = pytest.mark.django_db


def test_the_seeded_controller_details_have_the_privacy_notices_contact_email():
    """Issue 18 item 11: filled by a data migration."""
    assert ControllerDetails.current().email == "tietosuoja@kanalinhelmi.fi"


def test_an_empty_controller_email_is_filled_by_the_migration_and_required_by_the_form():
    migration = importlib.import_module("registry.migrations.0011_controller_email_required")
    controller = ControllerDetails.current()
    ControllerDetails.objects.update(email="")

    from django.apps import apps

    migration.fill_contact_email(apps, None)
    assert ControllerDetails.objects.get(pk=controller.pk).email == "tietosuoja@kanalinhelmi.fi"
    assert ControllerDetails._meta.get_field("email").blank is False


def test_no_letter_is_written_without_the_controllers_email(customer_service_user):
    ControllerDetails.objects.update(email="")
    ControllerDetails.forget_current()
    dsr = in_progress(customer_service_user, customer=CustomerFactory())
    with pytest.raises(ValidationError, match="yhteyssähköposti puuttuu"):
        services.complete_request(request=dsr, by=customer_service_user)
    dsr.refresh_from_db()
    assert dsr.state == "in_progress" and not dsr.letters.exists()


def test_a_request_without_a_postal_address_is_not_completed(customer_service_user):
    """Issue 11 item 8: the check is in the service, whatever page calls it."""
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), postal_address="")
    with pytest.raises(ValidationError) as error:
        services.complete_request(request=dsr, by=customer_service_user)
    message = error.value.messages[0]
    assert "ei ole postiosoitetta" in message
    # The back-office links this refusal to the address field (the next test shows the link).
    assert error.value.error_list[0].code == "postal_address"
    dsr.refresh_from_db()
    assert dsr.state == "in_progress" and not dsr.letters.exists()


def test_nor_rejected_nor_extended(customer_service_user, responsible_person):
    dsr = confirmed(postal_address="")
    with pytest.raises(ValidationError, match="postiosoitetta"):
        services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="complex")
    dsr = services.propose_rejection(
        request=dsr, by=customer_service_user, reason="excessive", explanation="Sama pyyntö viidettä kertaa."
    )
    with pytest.raises(ValidationError, match="postiosoitetta"):
        services.approve_request(request=dsr, by=responsible_person)


def test_staff_see_a_link_to_where_the_address_is_added_and_can_add_it_there(client, customer_service_user):
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), postal_address="")
    client.force_login(customer_service_user)
    page = admin_action(client, dsr, "complete_request").content.decode()
    change_url = reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])
    assert f'<a href="{change_url}#id_postal_address">Lisää postiosoite</a>' in page
    form = client.get(change_url).content.decode()
    assert 'name="postal_address"' in form


def test_the_letter_is_addressed_to_the_postal_address_never_to_an_email(customer_service_user):
    dsr = in_progress(
        customer_service_user, customer=CustomerFactory(), postal_address="Kotikatu 1\n26100 Rauma"
    )
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    recipient = dsr.letters.get().html.split('<div class="recipient">')[1].split("</div>")[0]
    assert "Kotikatu 1" in recipient and "@" not in recipient


def test_a_restriction_is_not_completed_without_its_ground(customer_service_user):
    """Issue 18 item 3: the letter names the ground of Art. 18(1)."""
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="restriction")
    with pytest.raises(ValidationError, match="rajoittamisen peruste"):
        services.complete_request(request=dsr, by=customer_service_user)


def test_an_extension_needs_one_of_the_reasons_the_law_accepts(customer_service_user):
    """Issue 18 item 6: complexity or number of requests, never free text."""
    dsr = confirmed()
    with pytest.raises(ValidationError, match="syy"):
        services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="Kiire")


def test_the_inspection_answer_reads_retention_periods_from_the_rules(customer_service_user):
    """Issue 18 item 2: a period the responsible person changes is the one the letter gives."""
    RetentionRule.objects.filter(key="ended_relationships").update(period=24, unit="months")
    dsr = in_progress(customer_service_user, customer=CustomerFactory())
    html = services.complete_request(request=dsr, by=customer_service_user).letters.get().html
    assert "24 kuukautta" in html and "36 kuukautta" not in html


def test_staff_choose_the_restriction_ground_and_the_extension_reason_in_the_back_office(
    client, customer_service_user
):
    client.force_login(customer_service_user)
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="restriction")
    assert admin_action(client, dsr, "complete_request", restriction_ground="legal_claims").status_code == 302
    dsr.refresh_from_db()
    assert dsr.restriction_ground == "legal_claims"
    other = confirmed()
    assert admin_action(client, other, "extend_deadline", months=1, ground="many_requests").status_code == 302
    other.refresh_from_db()
    assert other.extension_ground == "many_requests"


def test_the_machine_readable_copy_leaves_out_the_request_it_answers(customer_service_user):
    """Issue 18 item 2: the answered request's own workflow ("in progress") is in neither copy."""
    customer = CustomerFactory()
    earlier = in_progress(customer_service_user, customer=customer)
    services.complete_request(request=earlier, by=customer_service_user)
    dsr = in_progress(customer_service_user, customer=customer)
    export = services.complete_request(request=dsr, by=customer_service_user).letters.get().data_export
    requests = next(s for s in export["sections"] if s["key"] == "requests")["records"]
    assert [r["pyyntö"] for r in requests] == [str(earlier.pk)]
    assert "käsittelyssä" not in str(export)


def test_an_objection_answer_says_which_processing_continues_on_compelling_grounds(customer_service_user):
    """Issue 18 item 4: the clinic stops unless it shows compelling grounds, and the letter says which applies."""
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="prohibit_processing")
    grounds = "Avoimen laskun L000123 perintä jatkuu oikeusvaatimuksen esittämiseksi."
    dsr = services.complete_request(request=dsr, by=customer_service_user, compelling_grounds=grounds)
    html = dsr.letters.get().html
    assert grounds in html and "lukuun ottamatta alla kuvattua käsittelyä" in html
    assert "Tällaista syytä meillä ei ole" not in html
    assert "tietosuojavaltuutetulle" in html and "käräjäoikeuteen" in html
