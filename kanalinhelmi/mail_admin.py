"""The mail queue in the back-office (S40): the responsible person sees what could not be sent.

django-post-office's own admin, with its "requeue" action replaced by one
that declares its permission and hands the mail to the worker at once.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin
from post_office.models import STATUS, Email


@admin.action(description=_("Send the selected e-mails again"), permissions=["change"])
def send_again(modeladmin, request, queryset):
    from kanalinhelmi.mail import deliver_mail

    count = queryset.exclude(status=STATUS.sent).update(
        status=STATUS.queued, number_of_retries=0, scheduled_time=None
    )
    if count:
        deliver_mail.enqueue()
    modeladmin.message_user(
        request,
        ngettext("%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.", count)
        % {"count": count},
        messages.SUCCESS,
    )


class MailQueueAdmin(EmailAdmin):
    actions = [send_again]


def register(site=admin.site):
    if site.is_registered(Email):
        site.unregister(Email)
    site.register(Email, MailQueueAdmin)
