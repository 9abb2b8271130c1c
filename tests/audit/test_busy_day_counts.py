"""Busy days read daily counts for days that are over, and the counts follow the trail (S39, issue 11 item 11)."""

import os
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from privacy.audit.models import StaffDayViews, SummarisedDay
from tests.audit.conftest import helsinki, view_entry
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

BUSY_DAYS = reverse("audit_review:busy_days")
MARCH_2020 = {"since": "2020-03-01", "until": "2020-03-31"}


def busy(client, filters):
    response = client.get(BUSY_DAYS, filters)
    assert response.status_code == 200
    return [(item["row"].actor, item["row"].day, item["row"].customers) for item in response.context["rows"]]


def test_a_view_written_later_for_a_counted_day_is_counted(reviewer_client, customer_service_user, settings):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 2
    first, second = CustomerFactory(), CustomerFactory()
    view_entry(first, customer_service_user, helsinki(2020, 3, 2, 9))
    assert busy(reviewer_client, MARCH_2020) == []
    assert StaffDayViews.objects.filter(day=date(2020, 3, 2), customers=1).exists()
    view_entry(second, customer_service_user, helsinki(2020, 3, 2, 23, 59))
    assert busy(reviewer_client, MARCH_2020) == [(customer_service_user, date(2020, 3, 2), 2)]


def test_todays_views_are_counted_as_they_happen(reviewer_client, customer_service_user, settings):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 2
    today = timezone.localdate()
    filters = {"since": today.isoformat(), "until": today.isoformat()}
    view_entry(CustomerFactory(), customer_service_user, timezone.now())
    assert busy(reviewer_client, filters) == []
    view_entry(CustomerFactory(), customer_service_user, timezone.now())
    assert busy(reviewer_client, filters) == [(customer_service_user, today, 2)]


def test_a_staff_members_filter_and_other_actions_apply_to_the_counts(
    reviewer_client, customer_service_user, billing_user, settings
):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 1
    view_entry(CustomerFactory(), customer_service_user, helsinki(2020, 3, 2, 9))
    view_entry(CustomerFactory(), billing_user, helsinki(2020, 3, 3, 9))
    assert busy(reviewer_client, {**MARCH_2020, "actor": billing_user.pk}) == [
        (billing_user, date(2020, 3, 3), 1)
    ]
    assert busy(reviewer_client, {**MARCH_2020, "action": "update"}) == []


def test_views_removed_by_retention_are_no_longer_counted(reviewer_client, customer_service_user, settings):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 1
    held, gone = CustomerFactory(), CustomerFactory()
    view_entry(held, customer_service_user, helsinki(2020, 3, 2, 9))
    view_entry(gone, customer_service_user, helsinki(2020, 3, 2, 10))
    gone.delete()
    assert busy(reviewer_client, MARCH_2020) == [(customer_service_user, date(2020, 3, 2), 2)]
    with open(os.devnull, "w") as out:
        call_command("apply_retention", "--rule=audit_entries", stdout=out)
    assert busy(reviewer_client, MARCH_2020) == [(customer_service_user, date(2020, 3, 2), 1)]


def test_a_removed_staff_account_takes_its_counts_with_it(reviewer_client, customer_service_user, settings):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 1
    view_entry(CustomerFactory(), customer_service_user, helsinki(2020, 3, 2, 9))
    assert len(busy(reviewer_client, MARCH_2020)) == 1
    customer_service_user.delete()
    assert busy(reviewer_client, MARCH_2020) == []


def test_many_busy_days_are_shown_a_page_at_a_time(
    reviewer_client, customer_service_user, settings, monkeypatch
):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 1
    monkeypatch.setattr("privacy.audit.views.PER_PAGE", 2)
    for day in (2, 3, 4):
        view_entry(CustomerFactory(), customer_service_user, helsinki(2020, 3, day, 9))
    first = reviewer_client.get(BUSY_DAYS, MARCH_2020).context
    assert [item["row"].day.day for item in first["rows"]] == [4, 3]
    second = reviewer_client.get(f"{BUSY_DAYS}?{first['next_query']}").context
    assert [item["row"].day.day for item in second["rows"]] == [2]
    assert second["next_query"] is None


def test_a_long_range_is_counted_a_month_at_a_time(reviewer_client, customer_service_user, settings):
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 1
    for month in (1, 2, 3, 4):
        view_entry(CustomerFactory(), customer_service_user, helsinki(2020, month, 15, 9))
    rows = busy(reviewer_client, {"since": "2020-01-01", "until": "2020-04-30"})
    assert [day for _actor, day, _count in rows] == [date(2020, month, 15) for month in (4, 3, 2, 1)]
    assert SummarisedDay.objects.filter(day__range=(date(2020, 1, 1), date(2020, 4, 30))).count() == 121
