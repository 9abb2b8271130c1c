"""The retention pages of the back-office cost a fixed number of queries (STYLE rule 8)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from privacy.audit.chain import queries_per_entry
from tests.factories import CustomerFactory, IdentifierFactory

pytestmark = pytest.mark.django_db

OLD = datetime(2018, 1, 1, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:retention_retentionrule_changelist",
        "admin:retention_relationshipending_changelist",
        "admin:retention_retentionbatch_changelist",
    ],
)
def test_retention_list_pages_cost_a_fixed_number_of_queries(
    client, responsible_person, url_name, django_assert_max_num_queries
):
    from privacy.retention.services import end_customer_relationship

    for _ in range(5):
        IdentifierFactory(first_seen_at=OLD, last_seen_at=OLD)
        end_customer_relationship(customer=CustomerFactory(), reason="Muutti pois", by=responsible_person)
    call_command("apply_retention", "--rule=identifiers", "--batch-size=1", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(responsible_person)
    # The list of endings also logs the customers it shows (S39): entry, roles, one bulk insert.
    # A list that logs its customers also chains that entry (issue 15).
    logged = url_name.endswith("relationshipending_changelist")
    with django_assert_max_num_queries(17 + (queries_per_entry() if logged else 0)):
        assert client.get(reverse(url_name)).status_code == 200
