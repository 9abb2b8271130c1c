"""Back-office for consents, the cookie table and the privacy notice.

Consent records are append-only: they can be added (on the customer's page
or here) and read, never changed or deleted. Published consent texts, notice
versions and cookie policy versions are read-only; a change is a new version.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from consent import services
from consent.models import (
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    Cookie,
    CookieCategory,
    CookieChoice,
    CookiePolicy,
    CookieService,
    PrivacyNotice,
    PrivacyNoticeSection,
    ProcessingPurpose,
)
from consent.models.notice import processing_activities
from kanalinhelmi.admin_mixins import OneEmptyFormInlineFormSet, ReadOnlyAdminMixin, SafeListMixin
from kanalinhelmi.pagination import RowsByIdPaginator
from registry.admin import AccessLoggedMixin, CustomerAdmin, CustomerRowsSearchMixin
from registry.models.customers import visible_customer_ids


class ConsentRecordForm(forms.ModelForm):
    """Staff record a grant or withdrawal received on paper, in person or by phone.

    The text version is the purpose's current published text for a grant and
    the granted one for a withdrawal; the staff member is the evidence.
    """

    channel = forms.ChoiceField(
        label=_("channel"), choices=[(c.value, c.label) for c in ConsentRecord.STAFF_CHANNELS]
    )
    staff_user = None

    class Meta:
        model = ConsentRecord
        fields = ["customer", "purpose", "action", "channel", "recorded_at", "note"]

    def clean(self):
        cleaned = super().clean()
        # On the customer's page the customer is the page's (None while it is being created).
        customer = cleaned.get("customer") or getattr(self.instance, "customer", None)
        purpose = cleaned.get("purpose")
        action = cleaned.get("action")
        # First: the model's own check asks for it even when the text is refused below.
        self.instance.recorded_by = self.staff_user
        if customer is not None and purpose is not None and action:
            try:
                self.instance.text = services.text_for(customer=customer, purpose=purpose, action=action)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return cleaned


class NewConsentRecordsFormSet(OneEmptyFormInlineFormSet):
    """The consent rows on the register's customer page.

    The consent app adds this inline to a page it does not own; a post that
    carries no consent rows at all (no management form, e.g. from a script
    written before the inline existed) adds none instead of failing the whole
    customer form. Existing rows are read-only, so nothing is lost.
    """

    def __init__(self, data=None, *args, **kwargs):
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, **kwargs)

    def save_new(self, form, commit=True):
        # Through the service, so that a withdrawal has its consequences (S10).
        record = super().save_new(form, commit=False)
        if commit:
            services.save_record(record)
        return record


class ConsentRecordInline(admin.TabularInline):
    """The customer's consent history on the customer's page; new rows only."""

    model = ConsentRecord
    form = ConsentRecordForm
    formset = NewConsentRecordsFormSet
    extra = 0
    can_delete = False
    fields = ["purpose", "action", "channel", "recorded_at", "note", "text_version", "evidence"]
    readonly_fields = ["text_version", "evidence"]
    ordering = ["-recorded_at", "-pk"]
    verbose_name = _("consent record")
    verbose_name_plural = _("consents (newest first; a change is recorded as a new row)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("purpose", "text", "recorded_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("StaffConsentRecordForm", (formset.form,), {"staff_user": request.user})
        return formset

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("text version"))
    def text_version(self, record):
        return record.text.version if record.text_id else "–"

    @admin.display(description=_("evidence"))
    def evidence(self, record):
        return record.evidence if record.pk else "–"


@admin.action(
    description=_("Send the selected customers a link to manage their consents"),
    permissions=["send_consent_links"],
)
def send_consent_links(modeladmin, request, queryset):
    base_url = request.build_absolute_uri("/")
    sent = 0
    for customer in queryset:
        try:
            services.send_consent_link(customer=customer, base_url=base_url)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            sent += 1
    if sent:
        messages.success(
            request,
            ngettext(
                "A consent link was sent to %(count)d customer.",
                "Consent links were sent to %(count)d customers.",
                sent,
            )
            % {"count": sent},
        )


def has_send_consent_links_permission(modeladmin, request):
    """Consent links are mailed by those who record consents: customer service and the
    responsible person, not billing or practitioners (S29, issue 10 item 7)."""
    return request.user.has_perm("consent.add_consentrecord")


# The consent app extends the register's customer page (consent may import
# registry, not the other way round): the consent history and the link action.
CustomerAdmin.inlines = [*CustomerAdmin.inlines, ConsentRecordInline]
CustomerAdmin.actions = [*(CustomerAdmin.actions or []), send_consent_links]
CustomerAdmin.has_send_consent_links_permission = has_send_consent_links_permission


@admin.register(ConsentRecord)
class ConsentRecordAdmin(CustomerRowsSearchMixin, SafeListMixin, AccessLoggedMixin, admin.ModelAdmin):
    form = ConsentRecordForm
    list_display = ["recorded_at", "customer", "purpose", "action", "channel", "text_version", "recorded_by"]
    # A time filter instead of a date drill-down: the drill-down reads the year of every record
    # to draw itself (a DISTINCT over 600,000 records; bench/README.md), as the audit trail's did.
    list_filter = ["purpose", "action", "channel", "recorded_at"]
    list_select_related = ["customer", "purpose", "text", "recorded_by"]
    search_fields = ["customer__last_name"]
    search_help_text = _("Search by the customer as in the customer list.")
    autocomplete_fields = ["customer"]
    show_full_result_count = False
    paginator = RowsByIdPaginator
    # As the customer and request lists: 100 rows took the page past its 50 ms budget (bench/README.md).
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = visible_customer_ids(request.user)
        if visible is None:
            return queryset
        return queryset.filter(customer_id__in=visible)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type("StaffConsentRecordForm", (form,), {"staff_user": request.user})

    def save_model(self, request, obj, form, change):
        # Through the service, so that a withdrawal has its consequences (S10).
        services.save_record(obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return super().get_fields(request, obj)
        return [
            "customer",
            "purpose",
            "action",
            "text",
            "recorded_at",
            "channel",
            "recorded_by",
            "ip_address",
            "user_agent",
            "notice",
            "note",
        ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("text version"))
    def text_version(self, record):
        return record.text.version


@admin.register(ConsentPurpose)
class ConsentPurposeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "current_version"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("text in force"))
    def current_version(self, purpose):
        text = purpose.current_text()
        return text.version if text else "–"


class PublishableAdmin(admin.ModelAdmin):
    """Drafts are edited; a published version is read-only and cannot be deleted."""

    actions = ["publish"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for obj in queryset.filter(published_at__isnull=True).order_by("pk"):
            with transaction.atomic():
                obj.publish()
            published += 1
        messages.success(
            request,
            ngettext("%(count)d version published.", "%(count)d versions published.", published)
            % {"count": published},
        )

    @admin.display(description=_("state"))
    def state(self, obj):
        return gettext("published") if obj.is_published else gettext("draft")


@admin.register(ConsentText)
class ConsentTextAdmin(PublishableAdmin):
    list_display = ["purpose", "version", "state", "published_at"]
    list_filter = ["purpose"]
    list_select_related = ["purpose"]
    fields = ["purpose", "version", "text_fi", "text_sv", "text_en", "published_at"]
    readonly_fields = ["published_at"]


class PrivacyNoticeSectionInline(admin.StackedInline):
    model = PrivacyNoticeSection
    extra = 0
    fields = ["key", "body_fi", "body_sv", "body_en"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(PublishableAdmin):
    """The responsible person drafts a new version from the latest one and publishes it (S1–S18)."""

    list_display = ["version", "state", "published_at", "created_at"]
    fields = ["version", "published_at"]
    readonly_fields = ["published_at"]
    inlines = [PrivacyNoticeSectionInline]
    actions = ["publish", "new_draft"]

    def get_urls(self):
        record = path(
            "record-of-processing/",
            self.admin_site.admin_view(self.processing_record),
            name="consent_processing_record",
        )
        return [record, *super().get_urls()]

    def processing_record(self, request):
        """The record of processing activities (GDPR Art. 30), printable, from the notice's own data."""
        if not request.user.has_perm("consent.view_processingpurpose"):
            raise PermissionDenied
        from registry.models import ControllerDetails

        notice = PrivacyNotice.current()
        sections = {section.key: section for section in notice.sections.all()} if notice else {}
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Record of processing activities"),
            "controller": ControllerDetails.current(),
            "processing": processing_activities(),
            "notice": notice,
            "sections": sections,
        }
        return TemplateResponse(request, "admin/consent/processing_record.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_print_record": request.user.has_perm("consent.view_processingpurpose"),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Create a new draft from the selected version"), permissions=["add"])
    def new_draft(self, request, queryset):
        source = queryset.order_by("-version").first()
        draft = services.draft_privacy_notice(source=source)
        messages.success(
            request,
            gettext("Draft version %(version)s created; edit it and publish it.")
            % {"version": draft.version},
        )


@admin.register(ProcessingPurpose)
class ProcessingPurposeAdmin(admin.ModelAdmin):
    """Purposes and their legal bases: the notice in force and the Art. 30 record read them."""

    list_display = ["__str__", "legal_basis", "position"]
    fields = [
        "key",
        "position",
        "name_fi",
        "name_sv",
        "name_en",
        "legal_basis",
        "basis_detail_fi",
        "basis_detail_sv",
        "basis_detail_en",
        "data_subjects_fi",
        "data_subjects_sv",
        "data_subjects_en",
        "data_categories_fi",
        "data_categories_sv",
        "data_categories_en",
    ]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CookiePolicy)
class CookiePolicyAdmin(PublishableAdmin):
    """Publishing a new version asks every visitor for their cookie choice again."""

    list_display = ["version", "state", "published_at"]
    fields = ["version", "changes_fi", "changes_sv", "changes_en", "published_at"]
    readonly_fields = ["published_at"]


@admin.register(CookieCategory)
class CookieCategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position"]
    fields = ["key", "position", "description_fi", "description_sv", "description_en"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CookieInline(admin.TabularInline):
    model = Cookie
    extra = 0
    fields = ["name", "purpose_fi", "purpose_sv", "purpose_en", "duration_fi", "duration_sv", "duration_en"]


@admin.register(CookieService)
class CookieServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "provider"]
    list_filter = ["category"]
    list_select_related = ["category"]
    inlines = [CookieInline]


@admin.register(CookieChoice)
class CookieChoiceAdmin(SafeListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The log of visitors' cookie choices: read-only evidence (S25)."""

    list_display = ["chosen_at", "consent_id", "method", "analytics", "marketing", "policy"]
    list_filter = ["method", "analytics", "marketing", "policy"]
    list_select_related = ["policy"]
    search_fields = ["=consent_id"]
    date_hierarchy = "chosen_at"
    show_full_result_count = False
