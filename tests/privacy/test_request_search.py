"""The request list's search: by the beginning of either last name or the e-mail, from indexes on PostgreSQL."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from privacy.models import DataSubjectRequest
from tests.factories import DataSubjectRequestFactory

LIST = reverse("admin:privacy_datasubjectrequest_changelist")


def test_search_finds_a_request_by_either_last_name_or_the_email(client, customer_service_user):
    guardian = DataSubjectRequestFactory(
        last_name="Koskinen", subject_last_name="Heinonen", email="k@example.fi"
    )
    other = DataSubjectRequestFactory(last_name="Mäkelä", subject_last_name="", email="makela@example.fi")
    client.force_login(customer_service_user)

    for term in ["kosk", "HEINO", "k@exa"]:
        page = client.get(LIST, {"q": term}).content.decode()
        assert reverse("admin:privacy_datasubjectrequest_change", args=[guardian.pk]) in page
        assert reverse("admin:privacy_datasubjectrequest_change", args=[other.pk]) not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the prefix indexes exist on PostgreSQL")
def test_a_name_search_reads_the_prefix_indexes_not_every_request(db):
    """Migration 0013: each of the three ways of matching has its index (sequential reading priced out,
    since at test scale the planner would rather read the few rows)."""
    DataSubjectRequestFactory.create_batch(3)
    search = (
        DataSubjectRequest.objects.filter(last_name__istartswith="Virta")
        | DataSubjectRequest.objects.filter(email__istartswith="Virta")
        | DataSubjectRequest.objects.filter(subject_last_name__istartswith="Virta")
    )
    sql, params = search.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    used = set(re.findall(r"request_(\w+)_prefix_idx", plan))
    assert used == {"last_name", "email", "subject_last_name"}
