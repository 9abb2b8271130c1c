"""Highlights worth a look: saved queries the responsible person opens (S2, S7, S11, S39)."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.audit.conftest import helsinki, view_entry
from tests.factories import (
    BillingProfileFactory,
    CareRelationshipFactory,
    ConsentRecordFactory,
    CustomerFactory,
)

pytestmark = pytest.mark.django_db

REVIEW = reverse("audit_review:review")
MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


def highlighted(client, slug, **filters):
    response = client.get(REVIEW, {"highlight": slug, **MARCH, **filters})
    assert response.status_code == 200
    return {row.entry for row in response.context["rows"]}


def test_views_outside_opening_hours_are_highlighted_in_helsinki_time(reviewer_client, customer_service_user):
    customer = CustomerFactory()
    # Monday 2 March 2026; opening hours Mon–Fri 7–18 Europe/Helsinki.
    before_opening = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 6, 59))
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 7, 0))
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 17, 59))
    at_closing = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 18, 0))
    saturday = view_entry(customer, customer_service_user, helsinki(2026, 3, 7, 12, 0))
    assert highlighted(reviewer_client, "after-hours") == {before_opening, at_closing, saturday}


def test_opening_hours_come_from_settings(reviewer_client, customer_service_user, settings):
    settings.AUDIT_OPENING_DAYS = [1, 2, 3, 4, 5, 6]
    settings.AUDIT_OPENING_HOURS = (8, 16)
    customer = CustomerFactory()
    saturday = view_entry(customer, customer_service_user, helsinki(2026, 3, 7, 12, 0))
    seven = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 7, 30))
    assert saturday not in highlighted(reviewer_client, "after-hours")
    assert seven in highlighted(reviewer_client, "after-hours")


def test_staff_member_opening_many_customers_in_a_day_is_highlighted(
    reviewer_client, customer_service_user, billing_user, settings
):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 3
    customers = [CustomerFactory() for _ in range(3)]
    for customer in customers:
        view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 9))
        view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))  # same customer again
    for customer in customers[:2]:
        view_entry(customer, billing_user, helsinki(2026, 3, 2, 9))
    # Just after midnight in Helsinki is the next day, though still 2 March in UTC.
    view_entry(customers[0], billing_user, helsinki(2026, 3, 3, 0, 30))
    response = reviewer_client.get(reverse("audit_review:busy_days"), MARCH)
    assert response.status_code == 200
    rows = [(item["row"].actor, item["row"].day, item["row"].customers) for item in response.context["rows"]]
    assert rows == [(customer_service_user, date(2026, 3, 2), 3)]
    drill_down = reviewer_client.get(f"{REVIEW}?{response.context['rows'][0]['query']}")
    assert len(drill_down.context["rows"]) == 6


def test_practitioner_view_without_care_relationship_that_day_is_highlighted(
    reviewer_client, practitioner_user
):
    practitioner = practitioner_user.practitioner
    own = CareRelationshipFactory(
        practitioner=practitioner, started_on=date(2026, 3, 2), ended_on=date(2026, 3, 10)
    ).customer
    during = view_entry(own, practitioner_user, helsinki(2026, 3, 2, 9))
    last_day = view_entry(own, practitioner_user, helsinki(2026, 3, 10, 17))
    before = view_entry(own, practitioner_user, helsinki(2026, 3, 1, 23, 59))
    after = view_entry(own, practitioner_user, helsinki(2026, 3, 11, 0, 1))
    stranger = view_entry(CustomerFactory(), practitioner_user, helsinki(2026, 3, 5, 9))
    found = highlighted(reviewer_client, "no-care-relationship")
    assert found == {before, after, stranger}
    assert not {during, last_day} & found


def test_joint_register_counts_as_it_was_at_the_moment_of_the_view(reviewer_client, practitioner_user):
    """S8: a view while the customer was in the joint register is theirs to make; before or after, it is not."""
    customer = CustomerFactory()
    ConsentRecordFactory(customer=customer, action="grant", recorded_at=helsinki(2026, 3, 4, 12))
    ConsentRecordFactory(customer=customer, action="withdraw", recorded_at=helsinki(2026, 3, 20, 12))
    before_consent = view_entry(customer, practitioner_user, helsinki(2026, 3, 3, 9))
    while_consented = view_entry(customer, practitioner_user, helsinki(2026, 3, 10, 9))
    after_withdrawal = view_entry(customer, practitioner_user, helsinki(2026, 3, 25, 9))
    assert highlighted(reviewer_client, "no-care-relationship") == {before_consent, after_withdrawal}
    assert while_consented not in highlighted(reviewer_client, "no-care-relationship")


def test_another_practitioners_relationship_does_not_count(
    reviewer_client, practitioner_user, other_practitioner_user
):
    customer = CareRelationshipFactory(
        practitioner=other_practitioner_user.practitioner, started_on=date(2026, 1, 1)
    ).customer
    view = view_entry(customer, practitioner_user, helsinki(2026, 3, 5, 9))
    assert highlighted(reviewer_client, "no-care-relationship") == {view}


def test_views_by_staff_who_are_not_practitioners_are_not_in_the_care_highlight(
    reviewer_client, customer_service_user
):
    view_entry(CustomerFactory(), customer_service_user, helsinki(2026, 3, 5, 9))
    assert highlighted(reviewer_client, "no-care-relationship") == set()


def test_bank_account_changes_are_highlighted_and_other_billing_changes_are_not(reviewer_client):
    profile = BillingProfileFactory(bank_account="FI2112345600000785")
    profile.billing_email = "laskut@example.fi"
    profile.save()
    profile.bank_account = "FI4950009420028730"
    profile.save()
    [entry] = highlighted(reviewer_client, "bank-accounts", since="", until="")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["bank_account"] == ["FI2112345600000785", "FI4950009420028730"]


def test_highlights_without_a_range_look_back_a_bounded_number_of_days(reviewer_client, settings):
    settings.AUDIT_HIGHLIGHT_DAYS = 10
    response = reviewer_client.get(REVIEW, {"highlight": "after-hours"})
    assert response.context["form"].cleaned_data["since"] is not None
    assert "since=" in response.context["export_query"]


def test_each_highlight_link_leads_to_that_highlight(reviewer_client):
    """Issue 11 item 1: the template called the highlight's filter, so three links led to busy days."""
    page = reviewer_client.get(REVIEW).content.decode()
    assert f'href="{REVIEW}?highlight=after-hours"' in page
    assert f'href="{REVIEW}?highlight=no-care-relationship"' in page
    assert f'href="{REVIEW}?highlight=bank-accounts"' in page
    assert f'href="{reverse("audit_review:busy_days")}"' in page


def test_the_filter_form_of_a_highlight_keeps_the_highlight(reviewer_client):
    page = reviewer_client.get(REVIEW, {"highlight": "after-hours"}).content.decode()
    assert '<input type="hidden" name="highlight" value="after-hours">' in page
