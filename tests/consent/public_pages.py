"""Every public page in Finnish, Swedish and English, for the markup and accessibility tests (issue 13 item 7).

``public_pages()`` makes the data the token pages need (a customer, a request)
and returns ``(name, url, post)`` rows: ``post`` is form data to send (the
form again with its errors, or the page after it), or ``None`` for a GET.
The confirmation row must come before the confirmed row: confirming uses the link up.
"""

from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.http import int_to_base36

LANGUAGES = ["fi", "sv", "en"]


def public_pages(languages=LANGUAGES):
    from consent.tokens import make_token
    from privacy.tokens import confirmation_token_generator
    from tests.factories import CustomerFactory, DataSubjectRequestFactory

    customer = CustomerFactory(email="aino.virtanen@example.fi")
    rows = []
    for language in languages:
        dsr = DataSubjectRequestFactory(email="aino.virtanen@example.fi")
        confirm_url = reverse(
            "privacy:confirm", args=[int_to_base36(dsr.pk), confirmation_token_generator.make_token(dsr)]
        )
        with translation.override(language):
            rows += [
                (f"home-{language}", reverse("home"), None),
                (f"notice-{language}", reverse("consent:privacy_notice"), None),
                (f"notice-v1-{language}", reverse("consent:privacy_notice_version", args=[1]), None),
                (f"cookies-{language}", reverse("consent:cookie_settings"), None),
                (f"consent-link-{language}", reverse("consent:link_request"), None),
                (
                    f"consent-link-error-{language}",
                    reverse("consent:link_request"),
                    {"email": "not-an-address"},
                ),
                (
                    f"consent-link-sent-{language}",
                    reverse("consent:link_request"),
                    {"email": f"{language}@example.fi"},
                ),
                (f"consents-{language}", reverse("consent:manage", args=[make_token(customer)]), None),
                (f"consents-invalid-{language}", reverse("consent:manage", args=["not-a-token"]), None),
                (f"rights-{language}", reverse("privacy:rights"), None),
                (f"inspection-{language}", reverse("privacy:request", args=["inspection"]), None),
                (f"correction-{language}", reverse("privacy:request", args=["correction"]), None),
                (f"correction-errors-{language}", reverse("privacy:request", args=["correction"]), {}),
                (f"restriction-{language}", reverse("privacy:request", args=["restriction"]), None),
                (f"sent-{language}", reverse("privacy:sent"), None),
                (f"confirm-{language}", confirm_url, None),
                (f"confirmed-{language}", confirm_url, {}),
                (
                    f"confirm-invalid-{language}",
                    reverse("privacy:confirm", args=[int_to_base36(dsr.pk), "x-y"]),
                    None,
                ),
                (
                    f"letter-{language}",
                    reverse(
                        "privacy:request_letter", args=[signing.dumps(dsr.pk, salt="privacy.request-letter")]
                    )
                    + "?format=html",
                    None,
                ),
            ]
    return rows
