"""Every view of the trail shows people and values as a person reads them (S39; issue 11 item 2).

The history showed ``in_progress → completed``, ``käsittelijä: → 1``,
``privacy.RequestEvent.None``, times in UTC and staff by username.
"""

from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import translation

from tests.audit.conftest import helsinki, view_entry
from tests.factories import (
    BillingProfileFactory,
    CustomerFactory,
    DataSubjectRequestFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def page_text(client, url, **filters):
    response = client.get(url, filters, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    return response.content.decode()


def handled_request(customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Lehtinen"
    customer_service_user.save()
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    request = DataSubjectRequestFactory(customer=customer, state="in_progress")
    request.state = "completed"
    request.assigned_to = customer_service_user
    request.save()
    return customer, request


def test_history_shows_field_labels_choice_labels_and_related_names(reviewer_client, customer_service_user):
    customer, _request = handled_request(customer_service_user)
    with translation.override("fi"):
        text = page_text(
            reviewer_client, reverse("audit_review:customer", args=[customer.pk]), action="change"
        )
    assert "<strong>tila</strong>: käsittelyssä → valmis" in text
    assert "<strong>käsittelijä</strong>: → Sanna Lehtinen" in text
    assert "in_progress" not in text


def test_history_leaves_out_reverse_relations_recorded_as_app_model_none(
    reviewer_client, customer_service_user
):
    customer, _request = handled_request(customer_service_user)
    with translation.override("fi"):
        text = page_text(reviewer_client, reverse("audit_review:customer", args=[customer.pk]))
    assert ".None" not in text


def test_a_related_row_that_is_gone_is_shown_as_deleted(reviewer_client, customer_service_user):
    customer = CustomerFactory()
    request = DataSubjectRequestFactory(customer=customer)
    gone = CustomerFactory()
    gone_pk = gone.pk
    gone.delete()
    LogEntry.objects.log_create(
        request, action=LogEntry.Action.UPDATE, changes={"customer": [gone_pk, customer.pk]}, force_log=True
    )
    with translation.override("fi"):
        text = page_text(
            reviewer_client, reverse("audit_review:customer", args=[customer.pk]), action="change"
        )
    assert f"<strong>asiakas</strong>: [poistettu] → {customer}" in text


def test_times_are_in_helsinki_time_whatever_the_servers_zone(
    reviewer_client, customer_service_user, settings
):
    settings.TIME_ZONE = "UTC"
    customer = CustomerFactory()
    view_entry(customer, customer_service_user, datetime(2026, 3, 2, 8, 15, tzinfo=UTC))
    request = DataSubjectRequestFactory(customer=customer)
    request.confirmed_at = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)
    request.save()
    with translation.override("fi"):
        text = page_text(reviewer_client, reverse("audit_review:customer", args=[customer.pk]))
    assert "2.3.2026 10.15" in text  # the view
    assert "<strong>vahvistettu</strong>: → 2.3.2026 10.15" in text  # a date-time value
    assert "8.15" not in text


def test_staff_are_shown_by_full_name_with_the_role_they_held(reviewer_client, customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Lehtinen"
    customer_service_user.save()
    customer = CustomerFactory()
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))
    response = reviewer_client.get(reverse("audit_review:customer", args=[customer.pk]), {"action": "access"})
    [row] = response.context["rows"]
    assert (row.staff, row.roles) == ("Sanna Lehtinen", "Asiakaspalvelu")


def test_the_staff_members_activity_page_shows_readable_values_too(reviewer_client, customer_service_user):
    handled_request(customer_service_user)
    with translation.override("fi"):
        text = page_text(
            reviewer_client, reverse("audit_review:staff", args=[customer_service_user.pk]), action="change"
        )
    assert "Lehtinen" in text


def test_yes_and_no_instead_of_true_and_false(reviewer_client):
    customer = CustomerFactory()
    RepresentativeFactory(customer=customer)
    with translation.override("fi"):
        text = page_text(reviewer_client, reverse("audit_review:customer", args=[customer.pk]))
    assert ": → False" not in text and ": → True" not in text


def test_the_access_report_uses_the_same_formatter_with_helsinki_time(settings):
    from privacy.audit.selectors import access_report_part

    settings.TIME_ZONE = "UTC"
    customer = CustomerFactory()
    view_entry(customer, None, datetime(2026, 3, 2, 8, 15, tzinfo=UTC))
    with translation.override("en"):
        [section] = access_report_part(customer)
    assert section["records"][0]["time"] == "2026-03-02 10:15"


def queries_for_customer_page(client, customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("audit_review:customer", args=[customer.pk])).status_code == 200
    return len(queries)


def test_names_are_looked_up_in_bulk_so_the_page_costs_the_same_for_many_entries(
    reviewer_client, customer_service_user, billing_user
):
    customer, _request = handled_request(customer_service_user)
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 9))
    few = queries_for_customer_page(reviewer_client, customer)
    for user in (customer_service_user, billing_user) * 10:
        request = DataSubjectRequestFactory(customer=customer, state="in_progress")
        request.assigned_to = user
        request.state = "completed"
        request.save()
        BillingProfileFactory(customer=CustomerFactory()).delete()
    view_entry(customer, billing_user, helsinki(2026, 3, 2, 10))
    assert LogEntry.objects.filter(customer_link__customer_id=customer.pk).count() > 40
    assert queries_for_customer_page(reviewer_client, customer) == few


def test_a_new_rows_empty_fields_are_left_out(reviewer_client):
    customer = CustomerFactory()
    with translation.override("fi"):
        text = page_text(reviewer_client, reverse("audit_review:customer", args=[customer.pk]))
    assert "(tyhjä)" not in text


def test_joining_and_leaving_a_role_says_added_and_removed(reviewer_client, customer_service_user):
    from django.contrib.auth.models import Group

    from kanalinhelmi import roles

    customer_service_user.groups.add(Group.objects.get(name=roles.BILLING))
    customer_service_user.groups.remove(Group.objects.get(name=roles.BILLING))
    with translation.override("fi"):
        text = page_text(reviewer_client, reverse("audit_review:review"), action="change")
    assert "<strong>ryhmät</strong>: → lisätty: Laskutus" in text
    assert "<strong>ryhmät</strong>: → poistettu: Laskutus" in text


def test_changes_to_a_staff_account_name_it_by_full_name(reviewer_client, customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Lehtinen"
    customer_service_user.save()
    page = reviewer_client.get(reverse("audit_review:review"), {"action": "change"})
    records = {row.record for row in page.context["rows"]}
    assert "Sanna Lehtinen (sanna)" in records
