"""Every kind of row about a customer says where its data came from, and the access report shows it (S14, S15; issue 17 item 5)."""

import pytest
from django.utils import translation

from privacy.report import build_access_report
from registry.models import DataSource
from tests.factories import CareRelationshipFactory, ExtranetAccountFactory, InvoiceFactory, OrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "section", "source", "shown"),
    [
        (OrderFactory, "orders", DataSource.TRANSACTIONS, "asiakkaan ostos- ja asiointitiedot"),
        (InvoiceFactory, "invoices", DataSource.TRANSACTIONS, "asiakkaan ostos- ja asiointitiedot"),
        (CareRelationshipFactory, "care_relationships", DataSource.STAFF, "henkilökunnan kirjaama"),
        (ExtranetAccountFactory, "extranet_account", DataSource.WEBSITE, "lääkärikeskuksen verkkosivusto"),
    ],
)
def test_the_report_says_where_each_order_invoice_relationship_and_account_came_from(
    factory, section, source, shown
):
    row = factory(source_detail="tuotu vanhasta järjestelmästä 2024")
    assert row.source == source
    with translation.override("fi"):
        report = build_access_report(row.customer)
    (record,) = next(s for s in report["sections"] if s["key"] == section)["records"]
    assert record["tietolähde"] == shown
    assert record["tietolähteen tarkennus"] == "tuotu vanhasta järjestelmästä 2024"
