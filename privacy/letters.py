"""Letters to the requester: one Django template gives the HTML preview and the PDF (S1, S35).

Every letter carries the controller's details from ``ControllerDetails``
and is written in the requester's language.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from privacy.models import RequestLetter
from privacy.report import controller_details


def _refuse_fetch(url, *args, **kwargs):
    # Letters are self-contained: WeasyPrint must not fetch anything a
    # requester's text might point at.
    raise ValueError(f"Letters may not load external resources ({url[:60]})")


def render_letter_html(template, context, *, language, request=None):
    with translation.override(language):
        return render_to_string(
            template,
            {
                **context,
                "controller": controller_details(),
                "today": timezone.localdate(),
                "LANGUAGE_CODE": language,
            },
            request=request,
        )


def html_to_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_refuse_fetch).write_pdf()


def write_letter(*, request, kind, template, context=None, by=None, data_export=None):
    """Render, convert and store a letter with the request; returns the ``RequestLetter``."""
    html = render_letter_html(template, {"dsr": request, **(context or {})}, language=request.language)
    return RequestLetter.objects.create(
        request=request,
        kind=kind,
        language=request.language,
        created_by=by,
        html=html,
        pdf=html_to_pdf(html),
        data_export=data_export,
    )
