"""Each row of a back-office list opens that row's own page (bench/README.md: the address is worked out once a page)."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    ConsentRecordFactory,
    CustomerFactory,
    DataSubjectRequestFactory,
    InvoiceFactory,
)


@pytest.mark.parametrize(
    "factory",
    [CustomerFactory, InvoiceFactory, DataSubjectRequestFactory, ConsentRecordFactory],
    ids=["customers", "invoices", "requests", "consents"],
)
def test_every_row_links_to_its_own_change_page(client, responsible_person, factory):
    rows = factory.create_batch(3)
    opts = rows[0]._meta
    client.force_login(responsible_person)

    page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).content.decode()

    linked = set(re.findall(rf'href="(/[^"?]*/{opts.app_label}/{opts.model_name}/\d+/change/)', page))
    assert linked == {
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]) for row in rows
    }


def test_a_filtered_list_s_rows_keep_the_filter_for_the_way_back(client, responsible_person):
    """Saving a request opened from a filtered list returns to that filtered list."""
    open_request = DataSubjectRequestFactory(state="in_progress")
    client.force_login(responsible_person)

    page = client.get(
        reverse("admin:privacy_datasubjectrequest_changelist"), {"state__exact": "in_progress"}
    ).content.decode()

    change = reverse("admin:privacy_datasubjectrequest_change", args=[open_request.pk])
    assert f'href="{change}?_changelist_filters=state__exact%3Din_progress"' in page
