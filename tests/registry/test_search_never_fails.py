"""Whatever is typed into the back-office search, the answer is a page, never a 500 (issue 6)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CustomerFactory

LIST = reverse("admin:registry_customer_changelist")


@pytest.fixture
def staff_client(client, customer_service_user):
    CustomerFactory(first_name="Aino", last_name="Virtanen")
    client.force_login(customer_service_user)
    return client


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    term=st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda s: s * 500),
        st.sampled_from(["%", "_", "\\", "'", '"', "\x00", "+358", "0" * 30, "Virtanen\x00Aino", "😀"]),
    )
)
def test_any_search_text_gives_a_page(staff_client, term):
    response = staff_client.get(LIST, {"q": term})
    assert response.status_code == 200


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.text(max_size=20), ordering=st.text(max_size=20), restricted=st.text(max_size=10))
def test_any_list_parameters_give_a_page_or_a_clear_refusal(staff_client, page, ordering, restricted):
    response = staff_client.get(LIST, {"p": page, "o": ordering, "restricted": restricted})
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        # The admin's own "invalid parameters" answer, not a login page (a 302 too).
        assert response["Location"] == f"{LIST}?e=1"
