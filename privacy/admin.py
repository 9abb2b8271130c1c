"""The staff side of data-subject requests (S33–S38, S40).

The list is ordered by due date with overdue and soon-due requests marked;
a request's page shows its timeline, letters and the actions its state
allows. Each action is a service in ``privacy.services``; the page carries
the version it was shown so that a colleague's concurrent change is not
overwritten.
"""

import json
import logging
from datetime import timedelta

from auditlog.signals import accessed
from django import forms as django_forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kanalinhelmi.admin_mixins import ChoiceListFilter, RowLinksMixin, ViewsLoggedMixin
from privacy import forms, services
from privacy.models import DataSubjectRequest, RequestAttachment, RequestLetter
from privacy.selectors import candidate_customers, former_customers

logger = logging.getLogger("privacy.admin")

SOON_DAYS = 7


class DueFilter(ChoiceListFilter):
    title = _("deadline")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext("Overdue")),
            ("soon", gettext("Due within 7 days")),
            ("open", gettext("All open")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=SOON_DAYS))
        if self.value() == "open":
            return queryset.open()
        return queryset


class AssigneeFilter(ChoiceListFilter):
    title = _("handled by")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(
            is_staff=True, groups__permissions__codename="change_datasubjectrequest"
        )
        choices = [("me", gettext("Me")), ("none", gettext("Nobody yet"))]
        return choices + [(str(u.pk), u.get_full_name() or u.get_username()) for u in users.distinct()]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        if self.value():
            return queryset.filter(assigned_to_id=self.value())
        return queryset


class AnswerSentFilter(ChoiceListFilter):
    """G11, S35: handled requests whose answer letter is written but has not left the clinic."""

    title = _("answer sent")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [("not_sent", gettext("Answer not yet sent"))]

    def queryset(self, request, queryset):
        if self.value() == "not_sent":
            return queryset.answer_not_sent()
        return queryset


class LetterSentForm(django_forms.Form):
    """How and when a letter left the clinic; ``privacy.services.mark_letter_sent`` checks the day."""

    how = django_forms.ChoiceField(
        label=_("sent how"),
        choices=RequestLetter.Delivery.choices,
        initial=RequestLetter.Delivery.POST,
        widget=django_forms.RadioSelect,
    )
    sent_on = django_forms.DateField(
        label=_("day sent"),
        widget=django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the day the letter was sent.")},
    )
    note = django_forms.CharField(
        label=_("note"),
        required=False,
        widget=django_forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example to whom the letter was handed over, or a registered letter's number."),
    )


ACTION_FORMS = {
    "verify_identity": forms.VerifyIdentityForm,
    "link_customer": forms.LinkCustomerForm,
    "start_processing": forms.NoteForm,
    "complete_request": forms.CompleteForm,
    "propose_erasure": forms.NoteForm,
    "propose_rejection": forms.RejectionForm,
    "approve_request": forms.NoteForm,
    "return_request": forms.RequiredNoteForm,
    "extend_deadline": forms.ExtensionForm,
}


# What staff are told when a step succeeded: a sentence of its own in each
# language, not the button's label pasted into "Done: …".
ACTION_DONE = {
    "verify_identity": _("The identity is recorded as verified."),
    "link_customer": _(
        "The identification is linked to the customer: from now on the person sees their own data on "
        "their own page."
    ),
    "start_processing": _("Work on the request has started."),
    "complete_request": _(
        "The request is completed and the answer letter written. Send it and mark it sent."
    ),
    "propose_erasure": _("The erasure was sent to the responsible person for approval."),
    "propose_rejection": _("The rejection was sent to the responsible person for approval."),
    "approve_request": _("Approved."),
    "return_request": _("The proposal was returned without approval."),
    "extend_deadline": _("The deadline is extended and the requester was sent a notice."),
}


def staff_name(user):
    """A staff member as colleagues know them: full name, or the username when none is given."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


class StaffChoiceField(django_forms.ModelChoiceField):
    def label_from_instance(self, user):
        return staff_name(user)


def _chosen_customer(form):
    """The customer chosen on the verify form (posted, or the one suggested), or None."""
    if form.is_bound:
        value = form.data.get("customer")
        if not value:
            return None
        try:
            return form.fields["customer"].queryset.filter(pk=value).first()
        except (TypeError, ValueError, ValidationError):
            return None
    return form.initial.get("customer")


def identity_comparison(dsr, customer):
    """Rows of (label, key, the request's value, the chosen customer's value) for the verify page (S34).

    The person concerned is named by the request; for a request made on
    someone's behalf the requester's own contact details are shown too.
    """
    from registry.fields import format_phone

    person = dsr.subject_name if dsr.on_behalf else dsr.requester_name
    rows = [
        (_("name"), "name", person, f"{customer.first_name} {customer.last_name}" if customer else ""),
        (_("customer number"), "number", "", str(customer.pk) if customer else ""),
        (_("e-mail"), "email", dsr.email, customer.email if customer else ""),
        (_("phone"), "phone", format_phone(dsr.phone), format_phone(customer.phone) if customer else ""),
        (_("postal address"), "address", dsr.postal_address, ""),
    ]
    if dsr.on_behalf:
        rows.insert(1, (_("requester"), "requester", dsr.requester_name, ""))
        rows.append(
            (_("mandate"), "mandate", f"{dsr.get_mandate_kind_display()} {dsr.mandate_details}".strip(), "")
        )
    return rows


# Where each refusal of a step is put right (issue 11 item 6): the page to
# open, or the field of the same form, by the ValidationError's code.
def _fix_for(code, dsr, form, params=None):
    """(url, link text) of the place where the error ``code`` is put right, or None."""
    attach = reverse("admin:privacy_request_attach", args=[dsr.pk])
    if code == "evidence":
        kind = "mandate" if form.data.get("method") == "mandate" else "signed_letter"
        return (
            f"{attach}?kind={kind}&then=verify_identity",
            gettext("Attach the scan"),
        )
    if code == "mandate":
        return (f"{attach}?kind=mandate&then=verify_identity", gettext("Attach the mandate document"))
    if code in ("stale", "illegal_transition"):
        return (
            reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]),
            gettext("Open the request again"),
        )
    if code == "no_changes" and dsr.customer_id:
        return (
            reverse("admin:registry_customer_change", args=[dsr.customer_id]),
            gettext("Open the customer's record"),
        )
    if code == "needs_approval":
        return (
            reverse("admin:privacy_request_action", args=[dsr.pk, "propose_erasure"]),
            gettext("Send the erasure for approval"),
        )
    if code == "postal_address":
        return (
            reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]) + "#id_postal_address",
            gettext("Add the postal address"),
        )
    if code in ("identity_linked_elsewhere", "customer_linked_elsewhere") and params:
        return (
            reverse("admin:registry_customer_change", args=[params["number"]]),
            gettext("Open that customer's record"),
        )
    if code in ("already_sent", "customer", "too_late"):
        return (
            reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]),
            gettext("Open the request"),
        )
    return None


# Errors put right in a field of the same form go beside that field.
FIELD_OF_ERROR = {
    "different_person": "note",
    "customer": "customer",
    "former_customer": "former_customer_number",
    "method": "method",
    "reason": "reason",
    "too_long": "months",
    "note": "note",
    "explanation": "explanation",
    "future": "sent_on",
    "before_written": "sent_on",
    "sent_on": "sent_on",
    "how": "how",
}


def add_errors_with_links(form, error, dsr):
    """Put a service's refusal on the form, each message beside its field or with a link to where it is fixed."""
    for item in error.error_list:
        message = " ".join(ValidationError([item]).messages)
        field = FIELD_OF_ERROR.get(item.code)
        if field in form.fields:
            form.add_error(field, message)
            continue
        fix = _fix_for(item.code, dsr, form, item.params)
        if fix is None:
            form.add_error(None, message)
        else:
            form.add_error(None, format_html('{} <a href="{}">{}</a>', message, fix[0], fix[1]))


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(RowLinksMixin, ViewsLoggedMixin, admin.ModelAdmin):
    list_display = ["due", "kind", "state", "requester", "customer", "assigned_to", "received"]
    list_display_links = ["due", "kind"]
    list_filter = [DueFilter, "kind", "state", AssigneeFilter, "channel", "answer_delivery", AnswerSentFilter]
    list_select_related = ["customer", "assigned_to"]
    ordering = ["due_on", "id"]
    search_fields = ["^last_name", "^email", "^subject_last_name"]
    search_help_text = _("Search by the beginning of the requester's or the person's last name, or e-mail.")
    show_full_result_count = False
    list_per_page = 50
    change_form_template = "admin/privacy/datasubjectrequest/change_form.html"

    add_fieldsets = [
        (None, {"fields": ["kind", "language", "received_at"]}),
        (
            _("Requester"),
            {"fields": [("first_name", "last_name"), ("email", "phone"), "postal_address", "details"]},
        ),
        (
            _("On behalf of another person"),
            {
                "fields": [
                    "on_behalf",
                    ("subject_first_name", "subject_last_name"),
                    ("mandate_kind", "mandate_details"),
                ]
            },
        ),
    ]
    change_fieldsets = [
        (None, {"fields": [("kind", "state"), ("channel", "language", "answer_delivery"), "assigned_to"]}),
        (
            _("Deadline"),
            {
                "fields": [
                    ("received_at", "due_on", "original_due_on"),
                    ("extension_ground", "extension_reason"),
                ]
            },
        ),
        (
            _("Requester"),
            {"fields": [("first_name", "last_name"), ("email", "phone"), "postal_address", "details"]},
        ),
        (
            _("On behalf of another person"),
            {
                "fields": [
                    "on_behalf",
                    ("subject_first_name", "subject_last_name"),
                    ("mandate_kind", "mandate_details"),
                ]
            },
        ),
        (
            _("Handling"),
            {
                "fields": [
                    ("customer", "customer_number"),
                    ("confirmed_at", "verification_method", "verified_by_name", "verified_at"),
                    ("pending_decision", "rejection_reason"),
                    "rejection_explanation",
                    "restriction_ground",
                    ("approved_by_name", "approved_at", "closed_at"),
                ]
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.change_fieldsets if obj else self.add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Issue 11 item 8: a letter is posted, so staff add a missing postal address here.
        editable = {"assigned_to", "postal_address"}
        return [
            name
            for fieldset in self.change_fieldsets
            for line in fieldset[1]["fields"]
            for name in (line if isinstance(line, tuple) else (line,))
            if name not in editable
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, groups__permissions__codename="change_datasubjectrequest")
                .distinct()
            )
            kwargs["form_class"] = StaffChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Requests are evidence that the customer's rights were met; erasure keeps them (S19).
        return False

    @admin.display(description=_("due"), ordering="due_on")
    def due(self, obj):
        if obj.is_closed:
            return obj.due_on.isoformat()
        days = obj.days_left()
        if days < 0:
            label = gettext("%(date)s – overdue by %(days)s d") % {
                "date": obj.due_on.isoformat(),
                "days": -days,
            }
            return format_html('<strong class="request-overdue">{}</strong>', label)
        if days <= SOON_DAYS:
            label = gettext("%(date)s – %(days)s d left") % {"date": obj.due_on.isoformat(), "days": days}
            return format_html('<strong class="request-due-soon">{}</strong>', label)
        return obj.due_on.isoformat()

    # Staff are named by their full name, as on the timeline (issue 11 item 9).
    @admin.display(description=DataSubjectRequest._meta.get_field("verified_by").verbose_name)
    def verified_by_name(self, obj):
        return staff_name(obj.verified_by)

    @admin.display(description=DataSubjectRequest._meta.get_field("approved_by").verbose_name)
    def approved_by_name(self, obj):
        return staff_name(obj.approved_by)

    @admin.display(description=_("received"), ordering="received_at")
    def received(self, obj):
        # Short, like the due date: the long form pushed the list off a 1366 px screen (issue 11 item 7).
        return timezone.localtime(obj.received_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("requester"), ordering="last_name")
    def requester(self, obj):
        if obj.on_behalf:
            return f"{obj.requester_name} → {obj.subject_name}"
        return obj.requester_name

    class Media:
        css = {"all": ["privacy/admin.css"]}

    # --- Paper requests and the request page -------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
            super().save_model(request, obj, form, change)
        else:
            services.record_paper_request(request=obj, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET":
            accessed.send(sender=DataSubjectRequest, instance=obj)
        extra_context = {
            **(extra_context or {}),
            # Issue 11 item 9: "Muokkaa rekisteröidyn pyyntö" is not Finnish; the page is named by what it shows.
            "title": capfirst(self.opts.verbose_name),
            "dsr": obj,
            "actions": services.possible_actions(obj) if self.has_change_permission(request, obj) else {},
            "events": obj.events.select_related("actor"),
            "letters": obj.letters.defer("html", "pdf", "data_export", "context").select_related(
                "created_by", "sent_by"
            ),
            "can_mark_sent": self.has_change_permission(request, obj),
            "legal_holds": obj.legal_holds.all(),
            "attachments": obj.attachments.defer("content").select_related("uploaded_by"),
            "can_attach": self.has_change_permission(request, obj),
            "can_remove_attachments": request.user.has_perm("privacy.delete_requestattachment"),
            "candidates": candidate_customers(obj) if obj.customer_id is None and not obj.is_closed else [],
            "former_customers": former_customers(obj)
            if obj.customer_id is None and not obj.is_closed
            else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Actions and letters -----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/action/<str:action>/", view(self.action_view), name="privacy_request_action"),
            # Before the letter's formats, which would take "sent" for one.
            path(
                "<int:pk>/letter/<int:letter_pk>/sent/",
                view(self.letter_sent_view),
                name="privacy_request_letter_sent",
            ),
            path(
                "<int:pk>/letter/<int:letter_pk>/retry/",
                view(self.letter_retry_view),
                name="privacy_request_letter_retry",
            ),
            path(
                "<int:pk>/letter/<int:letter_pk>/<str:fmt>/",
                view(self.letter_view),
                name="privacy_request_letter",
            ),
            path("<int:pk>/attach/", view(self.attach_view), name="privacy_request_attach"),
            path(
                "<int:pk>/attachment/<int:attachment_pk>/",
                view(self.attachment_view),
                name="privacy_request_attachment",
            ),
            path(
                "<int:pk>/attachment/<int:attachment_pk>/remove/",
                view(self.remove_attachment_view),
                name="privacy_request_attachment_remove",
            ),
            *super().get_urls(),
        ]

    def action_view(self, request, pk, action):
        dsr = get_object_or_404(DataSubjectRequest, pk=pk)
        if action not in ACTION_FORMS:
            raise Http404
        if not self.has_change_permission(request, dsr):
            raise PermissionDenied
        form_class = ACTION_FORMS[action]
        initial, form_kwargs = {}, {}
        if action in ("verify_identity", "link_customer"):
            candidates = list(candidate_customers(dsr))
            initial["customer"] = dsr.customer or (candidates[0] if len(candidates) == 1 else None)
        if action == "verify_identity":
            form_kwargs["former_customers"] = former_customers(dsr)
        if action == "complete_request":
            form_kwargs["dsr"] = dsr
        form = form_class(request.POST or None, initial=initial, **form_kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                dsr.version = int(request.POST.get("version", -1))
            except ValueError:
                dsr.version = -1
            try:
                self._run(action, dsr, request.user, form.cleaned_data)
            except ValidationError as error:
                add_errors_with_links(form, error, dsr)
            else:
                messages.success(request, ACTION_DONE[action])
                return redirect(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]))
        extra = {}
        compares = action in ("verify_identity", "link_customer")
        if compares:
            extra["comparison"] = identity_comparison(dsr, _chosen_customer(form))
        return self._step_page(
            request,
            "verify.html" if compares else "action.html",
            dsr,
            form,
            title=services.possible_actions_label(action),
            action=action,
            action_label=services.possible_actions_label(action),
            version=request.POST.get("version", dsr.version),
            media=self.media + form.media + django_forms.Media(js=["privacy/verify.js"])
            if compares
            else self.media + form.media,
            **extra,
        )

    def _step_page(self, request, template, dsr, form, *, title, status=200, **extra):
        """A page of one step on a request (templates extend ``step.html``)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "dsr": dsr,
            "form": form,
            "title": capfirst(title),
            **extra,
        }
        return TemplateResponse(
            request, f"admin/privacy/datasubjectrequest/{template}", context, status=status
        )

    def _run(self, action, dsr, user, data):
        if action == "verify_identity":
            return services.verify_identity(
                request=dsr,
                by=user,
                method=data["method"],
                customer=data["customer"],
                former_customer_number=data.get("former_customer_number"),
                note=data["note"],
            )
        if action == "link_customer":
            return services.link_identified_customer(
                request=dsr, by=user, customer=data["customer"], note=data["note"]
            )
        if action == "propose_rejection":
            return services.propose_rejection(
                request=dsr, by=user, reason=data["reason"], explanation=data["explanation"]
            )
        if action == "extend_deadline":
            return services.extend_deadline(
                request=dsr, by=user, months=data["months"], ground=data["ground"], note=data["note"]
            )
        if action == "complete_request":
            return services.complete_request(request=dsr, by=user, **data)
        return getattr(services, action)(request=dsr, by=user, note=data["note"])

    def letter_view(self, request, pk, letter_pk, fmt):
        letter = get_object_or_404(
            RequestLetter.objects.select_related("request"), pk=letter_pk, request_id=pk
        )
        if not letter.is_ready:
            raise Http404  # issue 14: still being prepared, or its job failed
        if not self.has_view_permission(request, letter.request):
            raise PermissionDenied
        # S39: reading a letter is reading the person's data.
        accessed.send(sender=DataSubjectRequest, instance=letter.request)
        if fmt == "pdf":
            response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
            return response
        if fmt == "html":
            # The stored letter's own style sheet may run under this response's CSP nonce.
            nonce = getattr(request, "csp_nonce", None)
            html = letter.html.replace("<style>", f'<style nonce="{nonce}">', 1) if nonce else letter.html
            return HttpResponse(html)
        if fmt == "json" and letter.data_export is not None:
            response = HttpResponse(
                json.dumps(letter.data_export, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{letter.filename[:-4]}.json"'
            return response
        raise Http404

    def letter_sent_view(self, request, pk, letter_pk):
        """Staff who handle the request record how and when a letter left the clinic (G11, S35)."""
        letter = get_object_or_404(
            RequestLetter.objects.select_related("request", "sent_by").defer("html", "pdf", "data_export"),
            pk=letter_pk,
            request_id=pk,
        )
        dsr = letter.request
        if not self.has_change_permission(request, dsr):
            raise PermissionDenied
        form = LetterSentForm(request.POST or None, initial={"sent_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.mark_letter_sent(
                    letter=letter,
                    by=request.user,
                    how=form.cleaned_data["how"],
                    sent_on=form.cleaned_data["sent_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_errors_with_links(form, error, dsr)
            else:
                messages.success(
                    request,
                    gettext("Marked as sent: %(letter)s.") % {"letter": letter.get_kind_display()},
                )
                return redirect(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]))
        return self._step_page(
            request, "letter_sent.html", dsr, form, title=gettext("Mark the letter as sent"), letter=letter
        )

    def letter_retry_view(self, request, pk, letter_pk):
        """Issue 14: staff who handle the request make a letter whose job failed again."""
        letter = get_object_or_404(
            RequestLetter.objects.select_related("request").defer("html", "pdf", "data_export"),
            pk=letter_pk,
            request_id=pk,
        )
        if request.method != "POST" or not self.has_change_permission(request, letter.request):
            raise PermissionDenied
        try:
            services.retry_letter(letter=letter, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext("The letter is being prepared again: %(letter)s.")
                % {"letter": letter.get_kind_display()},
            )
        return redirect(reverse("admin:privacy_datasubjectrequest_change", args=[pk]))

    # --- Attached documents (S14, S34) -------------------------------------------------------

    def attach_view(self, request, pk):
        """Staff who handle the request attach the signed letter or a mandate document."""
        dsr = get_object_or_404(DataSubjectRequest, pk=pk)
        if not self.has_change_permission(request, dsr):
            raise PermissionDenied
        # The link from a refused identity check names the document and the step to return to.
        kind = request.GET.get("kind")
        then = request.GET.get("then")
        form = forms.AttachmentForm(
            request.POST or None,
            request.FILES or None,
            initial={"kind": kind} if kind in RequestAttachment.Kind.values else {},
        )
        if request.method == "POST" and form.is_valid():
            try:
                # A savepoint: a refused file leaves nothing behind, even in ATOMIC_REQUESTS.
                with transaction.atomic():
                    attachment = services.attach_document(
                        request=dsr,
                        by=request.user,
                        kind=form.cleaned_data["kind"],
                        upload=form.cleaned_data["file"],
                    )
            except ValidationError as error:
                form.add_error("file", error)
            except DatabaseError:
                # Issue 14 item 4: a full disk or a database that refuses the file
                # rolls back to the savepoint above; the request stays as it was.
                logger.exception("Attaching a document to request %s failed in the database", dsr.pk)
                form.add_error(
                    "file",
                    gettext(
                        "The file could not be saved: the database refused it (it may be full). Nothing "
                        "was changed. Try again in a moment, and tell the system administrator if it "
                        "happens again."
                    ),
                )
            else:
                messages.success(
                    request,
                    gettext("Attached: %(name)s.") % {"name": attachment.original_name},
                )
                if then in ACTION_FORMS:
                    return redirect(reverse("admin:privacy_request_action", args=[dsr.pk, then]))
                return redirect(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]))
        return self._step_page(
            request,
            "attach.html",
            dsr,
            form,
            title=gettext("Attach a document"),
            status=400 if request.method == "POST" else 200,
            max_mb=settings.PRIVACY_ATTACHMENT_MAX_MB,
        )

    def remove_attachment_view(self, request, pk, attachment_pk):
        """The responsible person removes a document that should not be kept, with a reason."""
        attachment = get_object_or_404(
            RequestAttachment.objects.select_related("request").defer("content"),
            pk=attachment_pk,
            request_id=pk,
        )
        if request.method != "POST" or not request.user.has_perm("privacy.delete_requestattachment"):
            raise PermissionDenied
        try:
            services.remove_attachment(
                attachment=attachment, by=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Removed: %(name)s.") % {"name": attachment.original_name})
        return redirect(reverse("admin:privacy_datasubjectrequest_change", args=[pk]))

    def attachment_view(self, request, pk, attachment_pk):
        """The stored file, only to staff who may view the request; never shown inline."""
        attachment = get_object_or_404(
            RequestAttachment.objects.select_related("request"), pk=attachment_pk, request_id=pk
        )
        if not self.has_view_permission(request, attachment.request):
            raise PermissionDenied
        # S39: opening the scan is reading the person's data.
        accessed.send(sender=DataSubjectRequest, instance=attachment.request)
        response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
        response["Content-Disposition"] = content_disposition_header(True, attachment.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
