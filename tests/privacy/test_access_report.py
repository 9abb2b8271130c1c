"""The access report gathers every app's part (S33, S35); a missing part is skipped, a broken one is not."""

import pytest

from privacy.report import build_access_report, load_parts
from tests.factories import CustomerFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


def broken_part(customer):
    raise RuntimeError("a part failed")


def test_every_configured_part_contributes_its_sections():
    customer = CustomerFactory()
    FeedbackFactory(customer=customer, text="Hyvä palvelu")
    report = build_access_report(customer)
    keys = {section["key"] for section in report["sections"]}
    assert {"customer", "feedback", "consents", "requests"} <= keys
    feedback = next(s for s in report["sections"] if s["key"] == "feedback")
    assert feedback["records"][0]["asiakaspalaute"] == "Hyvä palvelu"


def test_report_carries_the_legal_information_and_the_controller():
    report = build_access_report(CustomerFactory())
    titles = [item["title"] for item in report["information"]]
    assert "Kuinka kauan tietoja säilytetään" in titles and "Oikeutesi" in titles
    assert report["controller"]["name"] == "Lääkärikeskus Kanalinhelmi Oy"
    assert any("tietosuoja.fi" in p for item in report["information"] for p in item["paragraphs"])


def test_a_part_whose_module_is_not_written_yet_is_skipped():
    parts = load_parts(
        ["registry.selectors.access_report_part", "nonexistent_app.selectors.access_report_part"]
    )
    assert [part.__module__ for part in parts] == ["registry.selectors"]


def test_an_error_inside_a_part_is_not_swallowed(settings):
    settings.ACCESS_REPORT_PARTS = ["tests.privacy.test_access_report.broken_part"]
    with pytest.raises(RuntimeError):
        build_access_report(CustomerFactory())


def test_a_missing_function_in_an_existing_module_fails_loudly():
    with pytest.raises(ImportError):
        load_parts(["registry.selectors.no_such_part"])


def test_report_lists_relationships_extranet_account_and_bank_account_but_never_the_password(
    practitioner_user,
):
    from registry.models import ExtranetAccount
    from tests.factories import BillingProfileFactory, CareRelationshipFactory

    customer = CustomerFactory()
    CareRelationshipFactory(customer=customer, practitioner=practitioner_user.practitioner)
    CareRelationshipFactory(customer=customer, practitioner=None)
    account = ExtranetAccount(customer=customer, username="aino")
    account.set_password("pitkä ja hyvä salasana")
    account.save()
    BillingProfileFactory(customer=customer, bank_account="FI2112345600000785")

    report = build_access_report(customer)

    sections = {section["key"]: section["records"] for section in report["sections"]}
    relationships = {row["kenen kanssa"] for row in sections["care_relationships"]}
    assert relationships == {str(practitioner_user.practitioner), "lääkärikeskus"}
    assert sections["extranet_account"][0]["käyttäjätunnus"] == "aino"
    assert account.password not in str(report)
    assert "FI21 1234 5600 0007 85" in str(sections["billing_profile"])
