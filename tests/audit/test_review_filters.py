"""The responsible person reviews the trail by customer, staff member, action and time (S2, S39)."""

import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from privacy.audit import selectors
from tests.audit.conftest import helsinki, view_entry
from tests.factories import BillingProfileFactory, CustomerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

REVIEW = reverse("audit_review:review")


def shown_entries(response):
    assert response.status_code == 200
    return [row.entry for row in response.context["rows"]]


def test_customer_filter_shows_the_customer_and_their_related_rows_only(reviewer_client):
    customer, other = CustomerFactory(), CustomerFactory()
    representative = RepresentativeFactory(customer=customer)
    profile = BillingProfileFactory(customer=customer)
    RepresentativeFactory(customer=other)
    entries = shown_entries(reviewer_client.get(REVIEW, {"customer": customer.pk}))
    assert {(e.content_type.model, int(e.object_pk)) for e in entries} == {
        ("customer", customer.pk),
        ("representative", representative.pk),
        ("billingprofile", profile.pk),
    }


def test_customer_timeline_page_is_the_customers_full_history(reviewer_client):
    customer = CustomerFactory()
    RepresentativeFactory(customer=customer).delete()
    response = reviewer_client.get(reverse("audit_review:customer", args=[customer.pk]))
    actions = [(e.content_type.model, e.action) for e in shown_entries(response)]
    assert ("representative", LogEntry.Action.DELETE) in actions
    assert ("representative", LogEntry.Action.CREATE) in actions
    assert ("customer", LogEntry.Action.CREATE) in actions


def test_staff_member_filter_shows_only_their_activity(reviewer_client, customer_service_user, billing_user):
    customer = CustomerFactory()
    mine = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))
    view_entry(customer, billing_user, helsinki(2026, 3, 2, 11))
    assert shown_entries(reviewer_client.get(REVIEW, {"actor": customer_service_user.pk})) == [mine]
    page = reviewer_client.get(reverse("audit_review:staff", args=[customer_service_user.pk]))
    assert shown_entries(page) == [mine]


def test_action_filter_shows_only_that_action(reviewer_client, customer_service_user):
    customer = CustomerFactory()
    viewed = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))
    customer.email = "uusi@example.fi"
    customer.save()
    assert shown_entries(reviewer_client.get(REVIEW, {"action": "access"})) == [viewed]
    changed = shown_entries(reviewer_client.get(REVIEW, {"action": "change"}))
    # The staff fixtures' role memberships are changes too (S31).
    assert {e.action for e in changed} == {LogEntry.Action.UPDATE}
    assert ("customer", customer.pk) in {(e.content_type.model, int(e.object_pk)) for e in changed}


def test_time_range_includes_both_end_days_in_local_time(reviewer_client, customer_service_user):
    customer = CustomerFactory()
    view_entry(customer, customer_service_user, helsinki(2026, 3, 1, 23, 59))
    first = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 0, 0))
    last = view_entry(customer, customer_service_user, helsinki(2026, 3, 3, 23, 59))
    view_entry(customer, customer_service_user, helsinki(2026, 3, 4, 0, 0))
    response = reviewer_client.get(REVIEW, {"since": "2026-03-02", "until": "2026-03-03", "action": "access"})
    assert shown_entries(response) == [last, first]


def test_reversed_time_range_is_refused_with_a_message(reviewer_client):
    response = reviewer_client.get(REVIEW, {"since": "2026-03-03", "until": "2026-03-02"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Aikavälin alku on sen lopun jälkeen." in str(response.context["form"].errors)


def test_newest_entries_come_first_and_pages_do_not_overlap(
    reviewer_client, customer_service_user, monkeypatch
):
    monkeypatch.setattr("privacy.audit.views.PER_PAGE", 2)
    customer = CustomerFactory()
    made = [view_entry(customer, customer_service_user, helsinki(2026, 3, 2, hour)) for hour in (8, 9, 10)]
    first = reviewer_client.get(REVIEW, {"action": "access"})
    assert shown_entries(first) == [made[2], made[1]]
    assert first.context["next_query"]
    second = reviewer_client.get(f"{REVIEW}?{first.context['next_query']}")
    assert shown_entries(second) == [made[0]]
    assert second.context["next_query"] is None


def test_opening_a_customers_history_is_itself_logged_as_a_view(reviewer_client, responsible_person):
    customer = CustomerFactory()
    reviewer_client.get(reverse("audit_review:customer", args=[customer.pk]))
    view = LogEntry.objects.get_for_object(customer).get(action=LogEntry.Action.ACCESS)
    assert view.actor == responsible_person


def queries_for_review_page(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(REVIEW).status_code == 200
    return len(queries)


def add_customers_with_views(count, *staff):
    for n in range(count):
        customer = CustomerFactory()
        RepresentativeFactory(customer=customer)
        view_entry(customer, staff[n % len(staff)], helsinki(2026, 3, 2, 10))


def test_page_costs_the_same_number_of_queries_for_few_and_many_entries(
    reviewer_client, customer_service_user, billing_user, django_assert_max_num_queries
):
    add_customers_with_views(1, customer_service_user)
    few = queries_for_review_page(reviewer_client)
    add_customers_with_views(40, customer_service_user, billing_user)
    assert queries_for_review_page(reviewer_client) == few
    # 16, and one for the last check of the chain shown at the top (issue 15).
    with django_assert_max_num_queries(17):
        response = reviewer_client.get(REVIEW)
    assert len(response.context["rows"]) == 100


def test_review_lists_no_count_of_the_whole_trail(reviewer_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CustomerFactory()
    with CaptureQueriesContext(connection) as queries:
        reviewer_client.get(REVIEW)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_customer_history_is_found_through_the_customer_indexes_not_by_walking_the_trail(
    customer_service_user,
):
    """A customer with a few entries in a long trail: their entries are looked up, not searched for.

    Walking the trail newest first and testing every entry took over 20 s
    for such a customer at 10,000,000 entries (bench/soak, issue 14). Here a
    trail of 5,000 entries of someone else, with fresh statistics, is enough
    for the planner to show which way it reads: the trail only by entry id.
    """
    customer, someone_else = CustomerFactory(), CustomerFactory()
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type_id=LogEntry.objects.values_list("content_type_id", flat=True).first(),
            object_pk=str(someone_else.pk),
            object_id=someone_else.pk,
            object_repr="",
            action=LogEntry.Action.ACCESS,
            actor=customer_service_user,
            timestamp=helsinki(2026, 3, 3, 10),
        )
        for _ in range(5000)
    )
    history = selectors.with_review_details(selectors.filter_entries(customer_id=customer.pk))
    sql, params = history[:51].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE auditlog_logentry, audit_review_customerlogentry, audit_review_customershown")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    trail_reads = re.findall(r"Scan(?: Backward)? using (\w+) on auditlog_logentry\b", plan)
    assert trail_reads == ["auditlog_logentry_pkey"], plan
