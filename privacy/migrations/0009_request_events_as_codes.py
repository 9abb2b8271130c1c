"""Timeline steps become codes with parameters, worded in the reader's language when shown (issue 11 item 9).

Until now a step was stored as text in whichever language was active when it
happened (English for a request sent from the English form, Finnish for a
step taken in the Finnish back-office). Each stored text is matched against
the old wordings in English, Finnish and Swedish; the choice labels inside
it (verification method, letter kind, ...) are turned back into their codes.
A text that matches nothing is kept as it was, as an "other" step.
"""

import re

from django.db import migrations, models
from django.utils import translation
from django.utils.translation import gettext

# The wordings as they were stored, by code; copied here so that later code changes cannot change this migration.
WORDINGS = {
    "submitted": "submitted on the website",
    "recorded_paper": "recorded a request received by letter",
    "email_confirmed": "e-mail address confirmed",
    "expired": "expired: the e-mail was not confirmed",
    "identity_verified": "identity verified: %(method)s",
    "work_started": "work started",
    "answered": "answered",
    "erasure_proposed": "erasure sent for approval",
    "rejection_proposed": "rejection proposed: %(reason)s",
    "erasure_approved": "erasure approved and carried out",
    "rejection_approved": "rejection approved",
    "returned": "returned without approval",
    "deadline_extended": "deadline extended to %(due)s",
    "letter_sent": "letter sent: %(letter)s, %(how)s, %(day)s",
    "document_attached": "document attached: %(kind)s",
    "document_removed": "document removed: %(kind)s",
}
# The labels that were put into the wordings, by parameter and code.
LABELS = {
    "method": {
        "signed_letter": "signed letter received",
        "strong_eid": "strong electronic identification",
        "in_person": "in person with an identity document",
        "mandate": "representative's mandate checked",
    },
    "reason": {
        "identity_not_verified": "the requester's identity could not be verified",
        "unfounded_or_excessive": "manifestly unfounded or excessive",
        "legal_exception": "an exception provided by law",
    },
    "letter": {
        "request_form": "request form to sign",
        "answer": "answer",
        "extension_notice": "notice of extension",
        "rejection": "rejection",
    },
    "how": {"post": "by post", "in_person": "handed over in person", "secure_email": "by secure e-mail"},
    "kind": {"signed_letter": "signed request letter", "mandate": "representative's mandate document"},
}
LANGUAGES = ["en", "fi", "sv"]


def _patterns():
    """[(code, compiled pattern, {param: {label in any language: code}})], most specific first."""
    patterns = []
    for code, wording in WORDINGS.items():
        for language in LANGUAGES:
            with translation.override(language):
                text = gettext(wording)
                labels = {
                    name: {gettext(label): value for value, label in choices.items()}
                    for name, choices in LABELS.items()
                }
            regex = "".join(
                f"(?P<{part[2:-2]}>.+?)" if part.startswith("%(") else re.escape(part)
                for part in re.split(r"(%\(\w+\)s)", text)
                if part
            )
            patterns.append((code, re.compile(f"^{regex}$", re.DOTALL), labels))
    return patterns


def convert(text, patterns):
    """(code, params) of a stored step."""
    for code, pattern, labels in patterns:
        match = pattern.match(text.strip())
        if match is None:
            continue
        params = {}
        for name, value in match.groupdict().items():
            if name in labels:
                if value not in labels[name]:
                    break
                value = labels[name][value]
            params[name] = value
        else:
            return code, params
    return "other", {"text": text}


def to_codes(apps, schema_editor):
    RequestEvent = apps.get_model("privacy", "RequestEvent")
    patterns = _patterns()
    for event in RequestEvent.objects.exclude(action__in=list(WORDINGS)).iterator():
        event.action, event.params = convert(event.action, patterns)
        event.save(update_fields=["action", "params"])


def to_text(apps, schema_editor):
    """Back to English text (the catalogue translated nothing that was stored)."""
    RequestEvent = apps.get_model("privacy", "RequestEvent")
    for event in RequestEvent.objects.iterator():
        if event.action == "other":
            event.action = event.params.get("text", "")[:100]
        else:
            params = {name: LABELS.get(name, {}).get(value, value) for name, value in event.params.items()}
            wording = WORDINGS.get(event.action, event.action)
            event.action = (wording % params if params else wording)[:100]
        event.save(update_fields=["action"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0008_letter_unsent_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="requestevent",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="details of the action"),
        ),
        migrations.RunPython(to_codes, to_text),
        migrations.AlterField(
            model_name="requestevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submitted", "submitted on the website"),
                    ("recorded_paper", "recorded a request received by letter"),
                    ("email_confirmed", "e-mail address confirmed"),
                    ("expired", "expired: the e-mail was not confirmed"),
                    ("identity_verified", "identity verified: %(method)s"),
                    ("work_started", "work started"),
                    ("answered", "answered"),
                    ("erasure_proposed", "erasure sent for approval"),
                    ("rejection_proposed", "rejection proposed: %(reason)s"),
                    ("erasure_approved", "erasure approved and carried out"),
                    ("rejection_approved", "rejection approved"),
                    ("returned", "returned without approval"),
                    ("deadline_extended", "deadline extended to %(due)s"),
                    ("letter_sent", "letter sent: %(letter)s, %(how)s, %(day)s"),
                    ("document_attached", "document attached: %(kind)s"),
                    ("document_removed", "document removed: %(kind)s"),
                    ("other", "other"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
    ]
