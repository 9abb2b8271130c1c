from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Data-subject requests")

    def ready(self):
        from auditlog.registry import auditlog

        from privacy.models import DataSubjectRequest, RequestAttachment, RequestLetter

        # S39: requests hold the requester's personal data; the lock counter is bookkeeping.
        if not auditlog.contains(DataSubjectRequest):
            auditlog.register(DataSubjectRequest, exclude_fields=["version"])
        # The scan itself is not copied into the log; its checksum identifies it.
        if not auditlog.contains(RequestAttachment):
            auditlog.register(RequestAttachment, exclude_fields=["content"])
        # Who wrote each letter and who sent it, when and how; not the letter's
        # text, which is personal data kept with the request itself.
        if not auditlog.contains(RequestLetter):
            auditlog.register(
                RequestLetter, exclude_fields=["html", "pdf", "data_export", "context", "template", "status"]
            )
