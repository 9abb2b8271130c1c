"""Letters to the requester: one Django template gives the HTML preview and the PDF (S1, S35).

Every letter carries the controller's details from ``ControllerDetails`` and
is written in one language, the requester's: dates (2.12.2026 / 2 December
2026), numbers, phone numbers, state and role names, legal grounds and
professions are all in it (``privacy.templatetags.letter_format``). No
internal code (S1–S40, a raw choice value) appears in a letter. Text that
someone wrote (the request's details, feedback) is shown as stored and
labelled so.

What each letter must say is the law's (issue 18): the erasure letter gives
reasons for what is kept and the remedies; the inspection answer the items
of GDPR Art. 15(1)(a)–(h); the restriction answer its ground, duration and
Art. 18(2)–(3); the objection answer (the old "prohibition of processing")
Art. 21; the rejection the ground of Art. 12(5) or the invitation of
Art. 11(2) and 12(6), with the remedies; the extension notice the reason of
Art. 12(3). Letters are posted: one cannot be written without a postal
address (issue 11 item 8) nor without the controller's e-mail (item 11).
"""

import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.information import ombudsman, retention_period
from privacy.models import RequestLetter
from privacy.report import controller_details
from privacy.templatetags.letter_format import letter_date, letter_number, letter_phone
from registry.models import ControllerDetails

# The staff roles are stored in Finnish (kanalinhelmi.roles); a letter names them in its language.
ROLE_LABELS = {
    "Asiakaspalvelu": _("customer service"),
    "Laskutus": _("billing"),
    "Ammatinharjoittaja": _("independent practitioner"),
    "Rekisterivastaava": _("person responsible for register matters"),
}

DECIMAL = re.compile(r"-?\d+\.\d+")
PHONE = re.compile(r"\+\d[\d ]{6,}")
ISO_DATE = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?)?\b"
)


def _refuse_fetch(url, *args, **kwargs):
    # Letters are self-contained: WeasyPrint must not fetch anything a
    # requester's text might point at.
    raise ValueError(f"Letters may not load external resources ({url[:60]})")


def reference(dsr):
    """The request's reference as the requester quotes it back to us (“Viitteemme: 5”)."""
    return str(dsr.pk)


def readable_dates(text):
    """ISO dates and times inside a stored text in the letter's own form (2.12.2026, 2 December 2026)."""
    from datetime import date, datetime

    from privacy.templatetags.letter_format import letter_datetime

    def replace(match):
        year, month, day, hour, _minute = match.groups()
        try:
            if hour is None:
                return letter_date(date(int(year), int(month), int(day)))
            moment = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
        except ValueError:
            return match.group(0)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return letter_datetime(moment)

    return ISO_DATE.sub(replace, str(text))


def require_controller_email():
    """Issue 18 item 11: every letter tells how to reach the controller by e-mail."""
    controller = ControllerDetails.current()
    if controller is None or not controller.email:
        raise ValidationError(
            _(
                "The controller's contact e-mail is missing. Add it in the controller details before "
                "any letter is written."
            ),
            code="controller_email",
        )


def require_postal_address(dsr):
    """Issue 11 item 8, D6: the letter is posted, so the request needs the requester's postal address.

    Asked before the request is completed, rejected or extended, with a link
    to the request's page where the address is added.
    """
    # Issue 12, D6: an answer waiting on the customer's own page needs no address.
    if dsr.answer_delivery == dsr.AnswerDelivery.OWN_PAGE or (dsr.postal_address or "").strip():
        return
    # The back-office links this error to the request's address field (privacy.admin._fix_for).
    raise ValidationError(
        gettext(
            "The letter is sent by post, but the request has no postal address. Ask the requester "
            "for it and add it to the request first."
        ),
        code="postal_address",
    )


def render_letter_html(template, context, *, language, request=None):
    with translation.override(language):
        return render_to_string(
            template,
            {
                **context,
                "controller": controller_details(),
                "today": timezone.localdate(),
                "LANGUAGE_CODE": language,
                "ombudsman": ombudsman(),
            },
            request=request,
        )


_fonts = threading.local()


def html_to_pdf(html):
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # Given no font configuration, WeasyPrint makes one (fontconfig, Pango) for
    # every document and never frees all of it: about half a MiB per PDF that
    # a job worker or gunicorn worker keeps for good (bench/soak, issue 14).
    # One per thread, reused, keeps their memory flat; the letters use only
    # the system's fonts, so nothing of one letter carries over to the next.
    if not hasattr(_fonts, "configuration"):
        _fonts.configuration = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_refuse_fetch).write_pdf(
        font_config=_fonts.configuration
    )


def write_letter(*, request, kind, template, context=None, by=None, data_export=None):
    """Render, convert and store a letter with the request at once; returns the ``RequestLetter``.

    For the public request form and the erasure; the staff's answers are
    made by a background job instead (``prepare_letter``).
    """
    require_controller_email()
    html, pdf = render_letter(request, template, context or {})
    return RequestLetter.objects.create(
        request=request,
        kind=kind,
        language=request.language,
        created_by=by,
        html=html,
        pdf=pdf,
        data_export=data_export,
    )


def prepare_letter(*, request, kind, template, context=None, by=None, data_export=None):
    """Store a letter as "being prepared"; the job ``privacy.jobs.make_letter`` writes it (issue 14).

    The caller enqueues the job (``privacy.jobs.enqueue_letter``) once the
    request is saved, in the same transaction: the transition, the letter
    row and its job are committed together, and staff get the page back at
    once. ``context`` must be JSON (the job reads it back from the row).
    """
    require_controller_email()
    return RequestLetter.objects.create(
        request=request,
        kind=kind,
        language=request.language,
        created_by=by,
        status=RequestLetter.Status.PREPARING,
        prepared_at=timezone.now(),
        template=template,
        context=context or {},
        data_export=data_export,
    )


def answer_report(dsr):
    """The access report that answers an inspection request, in its language, without the request itself."""
    from privacy.report import build_access_report

    with translation.override(dsr.language):
        report = build_access_report(
            dsr.customer, customer_number=dsr.customer_number, subject=dsr.subject_name
        )
        return without_own_request(report, dsr)


def render_letter(request, template, context):
    """The letter's HTML and PDF, in the requester's language."""
    with translation.override(request.language):
        extra = letter_context(request, template, context)
    html = render_letter_html(template, {"dsr": request, **extra}, language=request.language)
    return html, html_to_pdf(html)


def letter_context(dsr, template, context):
    """What each kind of letter needs beyond its caller's context, in the letter's language."""
    name = template.rsplit("/", 1)[-1].removesuffix(".html")
    extra = {"reference": reference(dsr)}
    if name == "erasure":
        extra.update(erasure_context(dsr, context.get("kept", [])))
    if name == "inspection" and "report" in context:
        extra["report"] = letter_report(context["report"], dsr)
    if name == "correction":
        extra["changes"] = [
            {**change, "old": readable_dates(change["old"]), "new": readable_dates(change["new"])}
            for change in context.get("changes", [])
        ]
        extra["not_done"] = dsr.outcome.get("not_done", "")
    if name == "prohibition":
        extra["compelling_grounds"] = dsr.outcome.get("compelling_grounds", "")
    extra["deleted"] = [readable_dates(item) for item in context.get("deleted", [])]
    return {**context, **extra}


def without_own_request(report, dsr):
    """The access report without the request it answers (issue 18 item 2, issue 11 item 8).

    The answer is that request's outcome: its own workflow ("state: in
    progress") is not shown in it, in the letter or in the machine-readable copy.
    """
    if dsr is None:
        return report  # the report downloaded from the customer's own page answers no request
    request_label = gettext("request")
    own = {reference(dsr), f"#{dsr.pk}"}
    return {
        **report,
        "sections": [
            {
                **section,
                "records": [
                    record
                    for record in section["records"]
                    if not (section["key"] == "requests" and record.get(request_label) in own)
                ],
            }
            for section in report["sections"]
        ],
    }


def letter_report(report, dsr):
    """The access report as the letter shows it: without the request it answers, dates, numbers and
    phone numbers in the letter's form, staff roles in its language."""
    role_label = gettext("role")
    sections = []
    for section in without_own_request(report, dsr)["sections"]:
        records = []
        for record in section["records"]:
            shown = {}
            for label, value in record.items():
                if label == role_label:
                    value = ", ".join(
                        str(ROLE_LABELS.get(r.strip(), r.strip())) for r in value.split(",") if r.strip()
                    )
                if DECIMAL.fullmatch(value):
                    value = letter_number(value)
                elif PHONE.fullmatch(value):
                    value = letter_phone(value)
                shown[label] = readable_dates(value)
            records.append(shown)
        sections.append({**section, "records": records})
    return {**report, "sections": sections}


def erasure_context(dsr, kept):
    """The kept items grouped by their reason, each group with the law that allows the partial refusal.

    Issue 18 item 1: vouchers rest on GDPR Art. 17(3)(b) and the Accounting Act;
    the record of the requests on Art. 17(3)(e) and 5(2) (D8); any other
    ground is shown as the part that kept the item gave it.
    """
    from privacy.services import REQUEST_EVIDENCE_GROUND
    from registry.services import ACCOUNTING_ACT

    groups = OrderedDict()
    for item in kept:
        ground = str(item["legal_ground"])
        if ground == str(ACCOUNTING_ACT):
            key = "vouchers"
        elif ground == str(REQUEST_EVIDENCE_GROUND):
            key = "requests"
        else:
            key = ground
        group = groups.setdefault(key, {"key": key, "ground": ground, "items": [], "until": None})
        group["items"].append({"item": readable_dates(item["item"]), "keep_until": item["keep_until"]})
        until = item["keep_until"]
        group["until"] = (
            until if group["until"] is None or str(until) > str(group["until"]) else group["until"]
        )
    # The law's obligation first, then what the clinic keeps for its own accountability.
    order = {"vouchers": 0, "requests": 2}
    return {
        "kept_groups": sorted(groups.values(), key=lambda group: order.get(group["key"], 1)),
        "customer_kept": dsr.customer_id is not None,
        "access_log_period": retention_period("audit_entries"),
        "request_period": retention_period("handled_requests"),
    }


def readable_value(model, name, value):
    """A value from the audit trail as a person reads it in the letter's language (issue 18 item 7).

    Choice labels instead of stored values ("website", "ip_address"), local
    times to the minute instead of UTC with microseconds, yes and no, phone
    numbers grouped; an empty value is "–".
    """
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    from privacy.templatetags.letter_format import letter_phone
    from registry.fields import PhoneNumberField

    if value in (None, "None", ""):
        return "–"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return readable_dates(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if str(value) in ("True", "true", "1") else gettext("no")
    if isinstance(field, PhoneNumberField):
        return letter_phone(value)
    if isinstance(field, models.DecimalField):
        return letter_number(value, field.decimal_places)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else gettext("[deleted]")
    return readable_dates(value)
