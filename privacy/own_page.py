"""The customer's own page (issue 12; S33–S38; GDPR Art. 12(3), 15, 20, 7(3)).

Reached after strong electronic identification (``identification``), with
a short session. On it the person sees their data as the access report shows
it and their log data, downloads both (PDF, JSON) after a fresh
identification, gives and withdraws consents with one click, follows their
requests and downloads the answers, and files new requests without paper.

Until staff have linked the identification to a customer (once, on the
request's page), the page shows the person's requests only; if no customer
has the person's name, it says the register holds no data on them.
"""

import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consent.cookies import private_page
from consent.selectors import consent_choices
from consent.templatetags.public_site import unambiguous_date
from consent.views import change_consent
from identification import is_enabled as identification_enabled
from identification.session import current_person, identified_within
from privacy import services
from privacy.audit.selectors import log_data
from privacy.forms import OwnRequestForm
from privacy.models import DataSubjectRequest, RequestLetter
from privacy.report import build_access_report
from privacy.selectors import same_name
from registry.models import Customer

SHOWN_APART = ("privacy.audit.selectors.access_report_part", "privacy.selectors.access_report_part")

# Issue 12 item 4: the log data of the last two years unless the person asks for older entries too.
LOG_YEARS = 2


def identify_url(next_url):
    return reverse("identification:start") + "?" + urlencode({"next": next_url})


def needs_identification(fresh=False):
    """The view runs for an identified person (``request.person``); others are sent to identify.

    ``fresh``: a download of personal data asks for an identification made
    within the last few minutes (``IDENTIFICATION_FRESH_SECONDS``).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            person = current_person(request)
            if person is None or (fresh and not identified_within(request)):
                if fresh and person is not None:
                    messages.info(request, _("Identify yourself again to download your data."))
                if not identification_enabled():
                    return redirect("privacy:own_page")
                return redirect(identify_url(request.get_full_path()))
            request.person = person
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _customer(person):
    return services.linked_customer(person.person_key)


def _has_namesakes(person):
    """Whether any customer has the identified name (then staff may find the person's data)."""
    return Customer.objects.filter(same_name(person.given_name, person.family_name)).exists()


def _requests(person, customer):
    """The person's requests, each with the letters they may download: the ready answers and notices
    of the requests they filed identified (``own_letter`` serves no other)."""
    # The letters' texts and PDFs stay in the database until one is downloaded.
    downloadable = RequestLetter.objects.filter(
        kind__in=RequestLetter.SENT_KINDS, status=RequestLetter.Status.READY
    ).defer("html", "pdf", "data_export", "context")
    rows = []
    for dsr in services.requests_of(person.person_key, customer).prefetch_related(
        Prefetch("letters", queryset=downloadable)
    ):
        rows.append(
            {"dsr": dsr, "letters": list(dsr.letters.all()) if dsr.person_key == person.person_key else []}
        )
    return rows


@private_page
@require_http_methods(["GET", "POST"])
def own_page(request):
    """The own page; without an identification, how to get in."""
    person = current_person(request)
    if person is None:
        return render(request, "privacy/own_page/identify.html", {"enabled": identification_enabled()})
    customer = _customer(person)
    if request.method == "POST":
        # One click gives or withdraws a consent (GDPR Art. 7(3)); only with a linked customer.
        if customer is None:
            raise Http404
        change_consent(request, customer)
        return redirect(reverse("privacy:own_page") + "#consents")
    all_log = request.GET.get("log") == "all"
    sections, log = [], []
    if customer is not None:
        # The log data and the requests have sections of their own on the page, so their parts are not built.
        parts = [path for path in settings.ACCESS_REPORT_PARTS if path not in SHOWN_APART]
        sections = build_access_report(customer, part_paths=parts)["sections"]
        since = None if all_log else timezone.now() - timedelta(days=365 * LOG_YEARS)
        log = log_data(customer, since=since)
    context = {
        "person": person,
        "customer": customer,
        "no_data": customer is None and not _has_namesakes(person),
        "sections": sections,
        "log": list(reversed(log)),
        "log_years": LOG_YEARS,
        "all_log": all_log,
        "purposes": consent_choices(customer) if customer is not None else [],
        "requests": _requests(person, customer),
        "session_ends": person.identified_at + timedelta(seconds=settings.IDENTIFICATION_SESSION_SECONDS),
    }
    return render(request, "privacy/own_page/page.html", context)


@private_page
@needs_identification(fresh=True)
def own_report(request, fmt):
    """The person's data as a PDF or JSON file (GDPR Art. 15(3), 20), after a fresh identification."""
    customer = _customer(request.person)
    if customer is None or fmt not in ("pdf", "json"):
        raise Http404
    report = build_access_report(customer)
    name = f"kanalinhelmi-{slugify(_('Your data'))}-{timezone.localdate().isoformat()}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(report, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    from privacy.letters import html_to_pdf, letter_report, render_letter_html

    language = translation.get_language() or "fi"
    html = render_letter_html(
        "privacy/own_page/report_pdf.html",
        {"report": report, "sections": letter_report(report, None)["sections"], "person": request.person},
        language=language,
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@private_page
@needs_identification(fresh=True)
def own_letter(request, letter_id):
    """A letter answering the person's request; the first download is its "sent" record (issue 12 item 5)."""
    letter = get_object_or_404(
        RequestLetter.objects.select_related("request").defer("html", "data_export", "context"),
        pk=letter_id,
        request__person_key=request.person.person_key,
        kind__in=RequestLetter.SENT_KINDS,
    )
    try:
        letter = services.record_download(letter=letter, person=request.person)
    except ValidationError:
        raise Http404 from None
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    return response


@private_page
@needs_identification()
@require_http_methods(["GET", "POST"])
def own_request(request):
    """File a request without paper: the identification verifies the identity (S34, issue 12 item 4)."""
    form = OwnRequestForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dsr = services.file_online_request(
                person=request.person,
                kind=data["kind"],
                language=translation.get_language() or "fi",
                details=data["details"],
                email=data["email"],
                answer_by_post=data["answer_by_post"],
                postal_address=data["postal_address"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            received = (
                _(
                    "Your request number %(number)s has been received. We answer it by %(due)s; the answer "
                    "will be on this page."
                )
                if dsr.answer_delivery == DataSubjectRequest.AnswerDelivery.OWN_PAGE
                else _(
                    "Your request number %(number)s has been received. We answer it by %(due)s, by post "
                    "to the address you gave."
                )
            )
            messages.success(request, received % {"number": dsr.pk, "due": unambiguous_date(dsr.due_on)})
            return redirect(reverse("privacy:own_page") + "#requests")
    return render(
        request,
        "privacy/own_page/new_request.html",
        {"form": form, "person": request.person},
    )
