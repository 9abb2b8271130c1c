import pytest
from django.core import mail

from privacy import services
from privacy.models import DataSubjectRequest
from privacy.tokens import confirmation_token_generator
from tests.factories import DataSubjectRequestFactory

State = DataSubjectRequest.State


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def finnish_by_default():
    """A request in another language leaves it active in this thread; tests start in Finnish."""
    from django.utils import translation

    translation.activate("fi")
    yield
    translation.activate("fi")


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


# A minimal but real PDF, as a scanner would save a signed letter or a mandate.
SCANNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def attach_scan(dsr, kind, by=None):
    """Staff attach a scanned document (``signed_letter`` or ``mandate``) to the request."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(f"{kind}.pdf", SCANNED_PDF, content_type="application/pdf")
    return services.attach_document(request=dsr, by=by, kind=kind, upload=upload)


def confirmed(**kwargs):
    """A web request whose e-mail link has been followed."""
    dsr = DataSubjectRequestFactory(**kwargs)
    return services.confirm_email(request=dsr, token=confirmation_token_generator.make_token(dsr))


def in_progress(staff, *, customer, kind="inspection", **kwargs):
    """A request by ``customer`` (their name unless given), verified and taken up."""
    if customer is not None:
        kwargs.setdefault("first_name", customer.first_name)
        kwargs.setdefault("last_name", customer.last_name)
    dsr = confirmed(kind=kind, **kwargs)
    dsr = services.verify_identity(
        request=dsr, by=staff, method=DataSubjectRequest.VerificationMethod.STRONG_EID, customer=customer
    )
    return services.start_processing(request=dsr, by=staff)


def confirmation_link(message):
    """The confirmation URL in an e-mail sent by the request form."""
    paths = ("/oikeudet/vahvista/", "/sv/rattigheter/bekrafta/", "/en/rights/confirm/")
    return next(line for line in message.body.splitlines() if any(path in line for path in paths)).strip()


@pytest.fixture
def outbox():
    return mail.outbox


def submit_and_confirm(client, kind, outbox, **data):
    """A requester fills in the public form and follows the e-mailed link; returns the request."""
    from django.urls import reverse

    fields = {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "email": "aino.virtanen@example.fi",
        "details": "Puhelinnumeroni on nykyään 040 765 4321.",
        "postal_address": "Nortamonkatu 1 A 2, 26100 Rauma",
        "confirm_truthful": "on",
        **data,
    }
    assert client.post(reverse("privacy:request", args=[kind]), fields).status_code == 302
    link = confirmation_link(outbox[-1])
    assert client.post(link).status_code == 200
    return DataSubjectRequest.objects.get(email=fields["email"], kind=kind)


def admin_action(client, dsr, action, **data):
    """Staff carry out an action from the request's admin page; returns the response."""
    from django.urls import reverse

    dsr.refresh_from_db()
    url = reverse("admin:privacy_request_action", args=[dsr.pk, action])
    return client.post(url, {"version": dsr.version, **data})
