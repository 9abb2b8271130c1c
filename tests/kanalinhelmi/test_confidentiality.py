"""Staff who process the register are bound by confidentiality, and the back-office shows it (S30)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kanalinhelmi import roles
from kanalinhelmi.models import ConfidentialityUndertaking
from registry.management.commands.load_demo_data import DEMO_STAFF
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

LIST = reverse("admin:kanalinhelmi_confidentialityundertaking_changelist")
ADD = reverse("admin:kanalinhelmi_confidentialityundertaking_add")


def change_url(undertaking):
    return reverse("admin:kanalinhelmi_confidentialityundertaking_change", args=[undertaking.pk])


def record(staff_member, recorded_by, **extra):
    return ConfidentialityUndertaking.objects.create(
        staff_member=staff_member, signed_on=datetime.date(2026, 1, 15), recorded_by=recorded_by, **extra
    )


def missing_box(client):
    """The names in the box of staff with no undertaking on record, as the page shows it."""
    page = client.get(LIST).content.decode()
    start = page.index('id="staff-without-undertaking"')
    return page[start : page.index("</div>", start)]


def test_responsible_person_records_an_undertaking_and_it_is_logged(client, responsible_person):
    nurse = make_staff("sanna", roles.CUSTOMER_SERVICE, first_name="Sanna", last_name="Lehtinen")
    client.force_login(responsible_person)
    response = client.post(
        ADD, {"staff_member": nurse.pk, "signed_on": "2026-01-15", "reference": "Henkilöstökansio 12/2026"}
    )
    assert response.status_code == 302
    undertaking = ConfidentialityUndertaking.objects.get(staff_member=nurse)
    assert undertaking.signed_on == datetime.date(2026, 1, 15)
    assert undertaking.reference == "Henkilöstökansio 12/2026"
    assert undertaking.recorded_by == responsible_person
    entry = LogEntry.objects.get_for_object(undertaking).get(action=LogEntry.Action.CREATE)
    assert entry.actor == responsible_person


def test_a_signing_day_in_the_future_is_refused_in_finnish(client, responsible_person):
    client.force_login(responsible_person)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(ADD, {"staff_member": responsible_person.pk, "signed_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "Allekirjoituspäivä ei voi olla tulevaisuudessa." in response.content.decode()
    assert not ConfidentialityUndertaking.objects.exists()


def test_customer_service_cannot_open_the_undertakings(client, customer_service_user, responsible_person):
    undertaking = record(customer_service_user, responsible_person)
    client.force_login(customer_service_user)
    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.get(change_url(undertaking)).status_code == 403


@pytest.fixture
def system_administrator(db):
    return make_staff("yllapito", is_superuser=True)


@pytest.mark.parametrize("who", ["responsible_person", "system_administrator"])
def test_a_recorded_undertaking_cannot_be_changed(
    client, request, who, responsible_person, customer_service_user
):
    undertaking = record(customer_service_user, responsible_person, reference="Kansio A")
    client.force_login(request.getfixturevalue(who))
    page = client.get(change_url(undertaking))
    assert page.status_code == 200
    assert 'name="reference"' not in page.content.decode()
    response = client.post(
        change_url(undertaking),
        {"staff_member": customer_service_user.pk, "signed_on": "2020-01-01", "reference": "Kansio B"},
    )
    assert response.status_code == 403
    undertaking.refresh_from_db()
    assert (undertaking.signed_on, undertaking.reference) == (datetime.date(2026, 1, 15), "Kansio A")


@pytest.mark.parametrize("who", ["responsible_person", "system_administrator"])
def test_a_recorded_undertaking_cannot_be_deleted(
    client, request, who, responsible_person, customer_service_user
):
    undertaking = record(customer_service_user, responsible_person)
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:kanalinhelmi_confidentialityundertaking_delete", args=[undertaking.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(
        LIST, {"action": "delete_selected", "_selected_action": [undertaking.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert ConfidentialityUndertaking.objects.filter(pk=undertaking.pk).exists()


def test_the_missing_list_names_active_staff_with_a_role_and_no_undertaking(client, responsible_person):
    make_staff("unsigned", roles.BILLING, first_name="Jari", last_name="Salminen")
    signed = make_staff("signed", roles.PRACTITIONER, first_name="Liisa", last_name="Mäkelä")
    record(signed, responsible_person)
    make_staff("left", roles.CUSTOMER_SERVICE, first_name="Pekka", last_name="Entinen", is_active=False)
    make_staff("norole", first_name="Olli", last_name="Roolitonta")
    client.force_login(responsible_person)
    box = missing_box(client)
    assert "Jari Salminen" in box
    assert "Laskutus" in box
    assert "Liisa Mäkelä" not in box
    assert "Pekka Entinen" not in box
    assert "Olli Roolitonta" not in box


def test_the_missing_list_names_the_system_administrator_until_signed(client, responsible_person):
    admin = make_staff("yllapito", first_name="Ilkka", last_name="Järvinen", is_superuser=True)
    client.force_login(responsible_person)
    assert "Ilkka Järvinen" in missing_box(client)
    record(admin, responsible_person)
    assert "Ilkka Järvinen" not in missing_box(client)


def test_a_corrected_record_no_longer_counts(client, responsible_person, customer_service_user, billing_user):
    # Recorded for the wrong person; the correction names the right one.
    wrong = record(billing_user, responsible_person)
    client.force_login(responsible_person)
    response = client.post(
        ADD, {"staff_member": customer_service_user.pk, "signed_on": "2026-01-15", "corrects": wrong.pk}
    )
    assert response.status_code == 302
    box = missing_box(client)
    assert billing_user.username in box
    assert customer_service_user.username not in box
    assert ConfidentialityUndertaking.objects.count() == 2


def test_a_record_is_corrected_only_once(client, responsible_person, customer_service_user):
    wrong = record(customer_service_user, responsible_person)
    record(customer_service_user, responsible_person, corrects=wrong)
    client.force_login(responsible_person)
    response = client.post(
        ADD, {"staff_member": customer_service_user.pk, "signed_on": "2026-01-16", "corrects": wrong.pk}
    )
    assert response.status_code == 200
    assert ConfidentialityUndertaking.objects.count() == 2


def test_the_missing_list_links_to_a_prefilled_record(client, responsible_person, billing_user):
    client.force_login(responsible_person)
    assert f"{ADD}?staff_member={billing_user.pk}" in missing_box(client)


def test_list_page_query_count_does_not_grow_with_staff(
    client, responsible_person, django_assert_max_num_queries
):
    for n in range(15):
        user = make_staff(f"staff{n}", roles.CUSTOMER_SERVICE)
        if n % 2:
            record(user, responsible_person)
    client.force_login(responsible_person)
    with django_assert_max_num_queries(15):
        assert client.get(LIST).status_code == 200


def test_demo_data_gives_every_demo_staff_member_one_undertaking_even_when_run_twice():
    call_command("load_demo_data", customers=0, allow_without_debug=True)
    call_command("load_demo_data", customers=0, allow_without_debug=True)
    for username, *_rest in DEMO_STAFF:
        assert ConfidentialityUndertaking.objects.filter(staff_member__username=username).count() == 1


def test_a_recorded_undertaking_names_the_staff_member_without_a_link_the_reader_may_not_follow(
    client, responsible_person, customer_service_user
):
    undertaking = record(customer_service_user, responsible_person)
    client.force_login(responsible_person)
    page = client.get(change_url(undertaking)).content.decode()
    assert customer_service_user.get_full_name() in page
    assert reverse("admin:auth_user_change", args=[customer_service_user.pk]) not in page
