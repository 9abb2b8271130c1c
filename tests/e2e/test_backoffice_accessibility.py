"""The admin pages each role uses have no critical or serious axe-core violation (issue 11 item 10, WCAG 2.1 AA).

Staff include people who use a screen reader or zoom. Every role is checked
on the pages its work takes it to at 1366×768: the front page, the customer
list and page, the request list, page and its step pages, and the login page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from privacy import services
from privacy.models import DataSubjectRequest, RequestLetter
from tests.e2e.test_backoffice_layout import log_in, shot
from tests.factories import (
    BillingProfileFactory,
    CareRelationshipFactory,
    CustomerFactory,
    DataSubjectRequestFactory,
    DisclosureFactory,
    ExtranetAccountFactory,
    FeedbackFactory,
    IdentifierFactory,
    InvoiceFactory,
    RepresentativeFactory,
)

SERIOUS = {"critical", "serious"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


# WCAG 2.2's target size (24×24 px) is checked too: staff click small checkboxes all day.
OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def serious_violations(axe, page):
    results = axe.run(page, options=OPTIONS)
    return [
        f"{v['id']} ({v['impact']}) ×{len(v['nodes'])}: {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def assert_no_serious_violations(axe, page):
    found = serious_violations(axe, page)
    assert not found, "\n".join(found)


@pytest.fixture
def office(customer_service_user, responsible_person, billing_user, practitioner_user):
    """A small register as staff meet it: customers, a care relationship, requests in each state."""
    customer = CustomerFactory(
        first_name="Aino", last_name="Virtanen", email="aino.virtanen@example.fi", phone="+358401234567"
    )
    for n in range(12):
        CustomerFactory(first_name="Mikael", last_name=f"Virtanen{n}")
    CareRelationshipFactory(customer=customer, practitioner=practitioner_user.practitioner)
    # A row in each of the customer page's tables: their fields must be named too.
    RepresentativeFactory(customer=customer)
    IdentifierFactory(customer=customer)
    FeedbackFactory(customer=customer)
    ExtranetAccountFactory(customer=customer)
    BillingProfileFactory(customer=customer)
    InvoiceFactory(customer=customer)
    DisclosureFactory(customer=customer)
    confirmed = DataSubjectRequestFactory(kind="inspection", first_name="Aino", last_name="Virtanen")
    confirmed = services.confirm_email(
        request=confirmed, token=services.confirmation_token_generator.make_token(confirmed)
    )
    verified = DataSubjectRequestFactory(kind="erasure", first_name="Aino", last_name="Virtanen")
    verified = services.confirm_email(
        request=verified, token=services.confirmation_token_generator.make_token(verified)
    )
    verified = services.verify_identity(
        request=verified,
        by=customer_service_user,
        method=DataSubjectRequest.VerificationMethod.STRONG_EID,
        customer=customer,
    )
    in_progress = services.start_processing(request=verified, by=customer_service_user)
    awaiting = services.propose_erasure(request=in_progress, by=customer_service_user)
    completed = DataSubjectRequestFactory(kind="inspection", first_name="Aino", last_name="Virtanen")
    completed.state = DataSubjectRequest.State.COMPLETED
    completed.save()
    letter = RequestLetter.objects.create(
        request=completed, kind="answer", language="fi", html="<p>Vastaus</p>", pdf=b"%PDF-1.4"
    )
    for n in range(8):
        DataSubjectRequestFactory(
            kind="prohibit_direct_marketing", first_name="Eino", last_name=f"Korhonen{n}"
        )
    return {
        "customer": customer,
        "confirmed": confirmed,
        "awaiting": awaiting,
        "completed": completed,
        "letter": letter,
    }


def request_pages(office):
    confirmed, awaiting, completed = office["confirmed"], office["awaiting"], office["completed"]
    base = "/admin/privacy/datasubjectrequest"
    return [
        f"{base}/",
        f"{base}/{confirmed.pk}/change/",
        f"{base}/{awaiting.pk}/change/",
        f"{base}/{confirmed.pk}/action/verify_identity/",
        f"{base}/{confirmed.pk}/action/extend_deadline/",
        f"{base}/{confirmed.pk}/attach/",
        f"{base}/{completed.pk}/letter/{office['letter'].pk}/sent/",
        f"{base}/add/",
    ]


def customer_pages(office):
    return ["/admin/registry/customer/", f"/admin/registry/customer/{office['customer'].pk}/change/"]


def check(page, axe, paths, name):
    """Every page is checked, and all that is found is reported at once."""
    found = []
    for n, path in enumerate(paths):
        page.goto(path)
        shot(page, f"axe_{name}_{n}")
        found += [f"{path}: {violation}" for violation in serious_violations(axe, page)]
    assert not found, "\n".join(found)


def test_the_login_page_has_a_heading_and_no_serious_violations(wide_page, axe):
    wide_page.goto("/admin/login/")
    assert_no_serious_violations(axe, wide_page)
    results = axe.run(wide_page, options=OPTIONS)
    assert "page-has-heading-one" not in {v["id"] for v in results.response["violations"]}
    assert wide_page.get_by_role("heading", level=1).inner_text() == "Kirjaudu rekisteriin"


def test_customer_service_pages_have_no_serious_violations(wide_page, axe, office):
    log_in(wide_page, "sanna")
    check(wide_page, axe, ["/admin/", *customer_pages(office), *request_pages(office)], "cs")


def test_the_responsible_persons_pages_have_no_serious_violations(wide_page, axe, office):
    log_in(wide_page, "eero")
    approve = f"/admin/privacy/datasubjectrequest/{office['awaiting'].pk}/action/approve_request/"
    check(wide_page, axe, ["/admin/", *customer_pages(office), *request_pages(office), approve], "rp")


def test_billing_pages_have_no_serious_violations(wide_page, axe, office):
    log_in(wide_page, "jari")
    check(wide_page, axe, ["/admin/", *customer_pages(office)], "billing")


def test_the_practitioners_pages_have_no_serious_violations(wide_page, axe, office):
    log_in(wide_page, "liisa")
    check(wide_page, axe, ["/admin/", *customer_pages(office)], "practitioner")
