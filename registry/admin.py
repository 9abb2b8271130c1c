"""The back-office for the register (S29): what each role may see and change.

Permissions come from the staff roles (kanalinhelmi/roles.py); the row-level
rule for practitioners comes from ``Customer.objects.visible_to``. Which
customers a staff member may change, and not only see, is decided by
``customer_change_refusal`` (S29, S38).
"""

import operator
from functools import reduce

from auditlog.signals import accessed
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten, unquote
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kanalinhelmi.admin_mixins import (
    ChoiceListFilter,
    OneEmptyFormInlineFormSet,
    RowLinksMixin,
    SafeListMixin,
    ViewsLoggedMixin,
)
from kanalinhelmi.pagination import CappedCountPaginator, RowsByIdPaginator, SearchMatchesPaginator
from registry.fields import format_iban, format_phone
from registry.models import (
    BillingProfile,
    CareRelationship,
    ControllerDetails,
    Customer,
    Disclosure,
    ElectronicIdentity,
    ExtranetAccount,
    Feedback,
    Identifier,
    Invoice,
    Order,
    Practitioner,
    Representative,
)
from registry.models.customers import CustomerQuerySet, name_order, visible_customer_ids


def customer_change_refusal(request, customer):
    """Why ``request.user`` may only look at ``customer``, or None if they may change it.

    - S38: a customer who has prohibited or restricted processing is changed
      only by the responsible person, who handles their request.
    - S29, S7: a practitioner changes only their own customers (an ongoing
      care relationship); the joint register's other customers they may see
      but not change (S8).

    Asked many times while one page is built, so the answer is kept on the request.
    """
    if customer is None or customer.pk is None:
        return None
    answers = request.__dict__.setdefault("_customer_change_refusals", {})
    if customer.pk not in answers:
        answers[customer.pk] = _change_refusal(request.user, customer)
    return answers[customer.pk]


def _change_refusal(user, customer):
    if (customer.processing_prohibited or customer.processing_restricted) and not user.has_perm(
        "registry.change_restricted_customer"
    ):
        return gettext(
            "The customer has prohibited or restricted the processing of their data, so their "
            "record can only be viewed. Only the responsible person, who handles the customer's "
            "request, can change it."
        )
    if not user.has_perm("registry.view_all_customers"):
        own = CareRelationship.objects.ongoing().filter(customer=customer, practitioner__user=user)
        if not own.exists():
            return gettext(
                "You can only view this customer: they are in the joint register, but they have no "
                "ongoing care relationship with you."
            )
    return None


class CustomerRecordInlineMixin:
    """The customer's own rows are added, changed and removed only by whoever may change the customer."""

    formset = OneEmptyFormInlineFormSet

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and customer_change_refusal(request, obj) is None

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and customer_change_refusal(request, obj) is None

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and customer_change_refusal(request, obj) is None


class AccessLoggedMixin(ViewsLoggedMixin):
    """Opening a record in the back-office is an access event in the audit trail (S39).

    Seeing records in a list, a search, the history page, the autocomplete or
    an action is logged too (``ViewsLoggedMixin``).

    The entry is about the record opened; privacy.audit links it to the
    customer behind it, so it appears in the customer's access report.
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_view_or_change_permission(request, obj):
                self.opened(request, obj)
            # The page shows the record just read and logged, instead of reading it again.
            request._opened_object = (unquote(object_id), obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        opened = getattr(request, "_opened_object", None)
        if request.method == "GET" and from_field is None and opened and opened[0] == object_id:
            return opened[1]
        return super().get_object(request, object_id, from_field)

    def opened(self, request, obj):
        accessed.send(sender=type(obj), instance=obj)


class VisibleCustomersMixin:
    """Rows that belong to a customer are shown only if the customer is visible."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = visible_customer_ids(request.user)
        if visible is None:
            return queryset
        return queryset.filter(customer_id__in=visible)


class CustomerRowsSearchMixin:
    """A list of customers' rows (invoices, consents) searched as the customer list is.

    The customer is found by the register's own search (the beginning of a
    name, e-mail or company, or a phone number), which the name indexes
    serve, instead of the admin's "contains" scan joining every row to its
    customer; ``exact_search_fields`` (an invoice number) match as typed or
    upper-cased, which their unique index serves.
    """

    exact_search_fields = ()

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        model = queryset.model
        # The matching customers' ids straight from the name indexes, not through the customer
        # table again; each way unsorted (the list sorts once).
        customers = Customer.objects.search_ids(term)
        if not self.exact_search_fields:
            return queryset.filter(customer_id__in=customers), False
        ways = [model.objects.filter(customer_id__in=customers).order_by().values("pk")]
        for name in self.exact_search_fields:
            ways.append(model.objects.filter(**{f"{name}__in": {term, term.upper()}}).order_by().values("pk"))
        # One index lookup for each way, instead of an OR the database answers by reading every row.
        first, *rest = ways
        if not connection.features.supports_slicing_ordering_in_compound:
            return queryset.filter(reduce(operator.or_, (Q(pk__in=way) for way in ways))), False
        return queryset.filter(pk__in=first.union(*rest, all=True)), False


class PractitionerFilter(ChoiceListFilter):
    title = _("practitioner")
    parameter_name = "practitioner"

    def lookups(self, request, model_admin):
        choices = [("clinic", gettext("The clinic's own customers"))]
        choices += [(str(p.pk), str(p)) for p in Practitioner.objects.filter(is_active=True)]
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        relationships = CareRelationship.objects.ongoing().filter(customer=OuterRef("pk"))
        if self.value() == "clinic":
            relationships = relationships.filter(practitioner__isnull=True)
        else:
            relationships = relationships.filter(practitioner_id=self.value())
        return queryset.filter(Exists(relationships))


class RestrictedFilter(ChoiceListFilter):
    title = _("prohibitions and restrictions")
    parameter_name = "restricted"

    def lookups(self, request, model_admin):
        return [("yes", gettext("Restricted")), ("no", gettext("Not restricted"))]

    def queryset(self, request, queryset):
        restricted = (
            Q(disclosure_prohibited_at__isnull=False)
            | Q(processing_prohibited_at__isnull=False)
            | Q(direct_marketing_prohibited_at__isnull=False)
            | Q(processing_restricted_at__isnull=False)
        )
        if self.value() == "yes":
            return queryset.filter(restricted)
        if self.value() == "no":
            return queryset.exclude(restricted)
        return queryset


class RepresentativeInline(CustomerRecordInlineMixin, admin.StackedInline):
    model = Representative
    extra = 0
    fields = [
        ("kind", "valid_until"),
        ("first_name", "last_name"),
        ("phone", "email"),
        "mandate",
        ("source", "source_detail"),
    ]


class CareRelationshipInline(CustomerRecordInlineMixin, admin.TabularInline):
    model = CareRelationship
    extra = 0
    fields = ["practitioner", "started_on", "ended_on"]
    autocomplete_fields = ["practitioner"]


class IdentifierInline(CustomerRecordInlineMixin, admin.TabularInline):
    model = Identifier
    extra = 0
    fields = ["kind", "value", "seen_in", "first_seen_at", "last_seen_at", "source"]


class FeedbackInline(CustomerRecordInlineMixin, admin.StackedInline):
    model = Feedback
    extra = 0
    fields = [("received_at", "channel", "source"), "text"]


class ExtranetAccountInline(CustomerRecordInlineMixin, admin.TabularInline):
    """S12: the password hash is never shown; staff see only that one is set."""

    model = ExtranetAccount
    extra = 0
    fields = ["username", "is_active", "password_set", "created_at", "last_login_at"]
    readonly_fields = ["password_set", "created_at", "last_login_at"]

    @admin.display(boolean=True, description=_("password set"))
    def password_set(self, account):
        return account.has_usable_password


class BillingProfileInline(CustomerRecordInlineMixin, admin.StackedInline):
    model = BillingProfile
    extra = 0
    fields = [
        ("bank_account", "billing_email"),
        ("einvoice_address", "einvoice_operator"),
        ("source", "source_detail"),
    ]


class InvoiceInline(CustomerRecordInlineMixin, admin.TabularInline):
    model = Invoice
    extra = 0
    fields = ["number", "order", "issued_on", "due_on", "amount", "paid_on", "reminders_sent", "legal_ground"]
    show_change_link = True
    ordering = ["-issued_on"]

    def get_formset(self, request, obj=None, **kwargs):
        # An invoice is for one of this customer's own orders: a plain list of
        # them, named like every other field of the row for a screen reader
        # (an autocomplete box has no such name; issue 11 item 10).
        formset = super().get_formset(request, obj, **kwargs)
        order = formset.form.base_fields.get("order")
        if order is not None:
            order.queryset = Order.objects.filter(customer=obj) if obj is not None else Order.objects.none()
        return formset


class DisclosureInline(CustomerRecordInlineMixin, admin.TabularInline):
    model = Disclosure
    extra = 0
    fields = [
        "disclosed_at",
        "recipient",
        "basis",
        "legal_ground",
        "legal_ground_sv",
        "legal_ground_en",
        "data_disclosed",
        "disclosed_by",
    ]
    readonly_fields = ["disclosed_by"]


class CustomerForm(forms.ModelForm):
    """Refuses to save over a change someone else made after this form was opened.

    S10: "other information collected with consent" is written only while the
    customer's additional-data consent is in force, asked of the function the
    ``ADDITIONAL_DATA_CONSENT`` setting names (the consent app's; the register
    does not import it). Only new or changed text is checked: text saved
    before this check existed stays until someone changes or clears it, so a
    phone number can still be corrected on such a record. Clearing the field
    is always allowed. Text is compared word by word, since a browser sends a
    stored line break back as CR LF.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Customer
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets decide which fields are shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            # The row lock makes a second, simultaneous save wait and then see the new version.
            locked = Customer.objects.select_for_update().filter(pk=self.instance.pk)
            current = locked.values_list("version", flat=True).get()
            if cleaned_data.get("loaded_version") != current:
                raise forms.ValidationError(
                    _(
                        "Someone else changed this customer while you were editing. "
                        "Open the customer again to see their change, then make yours."
                    ),
                    code="stale",
                )
        # After the row lock: a withdrawal recorded meanwhile (which takes the
        # same lock) is either seen here or blanks the field after this save.
        self.check_consented_information(cleaned_data.get("consented_information"))
        return cleaned_data

    def check_consented_information(self, information):
        if not information or information.split() == self.instance.consented_information.split():
            return
        has_consent = getattr(settings, "ADDITIONAL_DATA_CONSENT", None)
        if not has_consent or import_string(has_consent)(self.instance):
            return
        if self.instance.pk:
            message = _(
                "Only information the customer has consented to may be written here, and the "
                "customer's consent to collecting additional information is not in force. Record the "
                "consent under Consents on this page and save, then add the information."
            )
        else:
            message = _(
                "Only information the customer has consented to may be written here, and a new "
                "customer has no consents yet. Save the customer without this information, record "
                "their consent to collecting additional information on their page, then add it."
            )
        self.add_error("consented_information", forms.ValidationError(message, code="no_consent"))


@admin.register(Customer)
class CustomerAdmin(RowLinksMixin, AccessLoggedMixin, admin.ModelAdmin):
    form = CustomerForm
    list_display = ["last_name", "first_name", "email", "phone_display", "company_name", "restrictions"]
    list_display_links = ["last_name"]
    list_filter = ["source", PractitionerFilter, RestrictedFilter, "preferred_language"]
    search_fields = ["last_name", "first_name", "email", "phone", "company_name"]
    search_help_text = _("Search by the beginning of a name, e-mail, company or by phone number.")
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    readonly_fields = [
        "payment_behaviour",
        "disclosure_prohibited_at",
        "processing_prohibited_at",
        "direct_marketing_prohibited_at",
        "processing_restricted_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("first_name", "last_name"),
                    ("phone", "email"),
                    "preferred_language",
                    "loaded_version",
                ]
            },
        ),
        (_("Company"), {"fields": [("company_name", "company_website")]}),
        (_("Additional information"), {"fields": ["classifications", "consented_information"]}),
        (_("Source"), {"fields": [("source", "source_detail"), ("created_at", "updated_at")]}),
        (_("Billing"), {"fields": ["payment_behaviour"]}),
        (
            _("Prohibitions and restrictions (S37, S38)"),
            {
                "fields": [
                    ("disclosure_prohibited_at", "processing_prohibited_at"),
                    ("direct_marketing_prohibited_at", "processing_restricted_at"),
                ],
                "description": _("Set only through the customer's request; see data-subject requests."),
            },
        ),
    ]
    inlines = [
        RepresentativeInline,
        CareRelationshipInline,
        IdentifierInline,
        FeedbackInline,
        ExtranetAccountInline,
        BillingProfileInline,
        InvoiceInline,
        DisclosureInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def autocomplete_label(self, customer):
        # S34: the customer picker (kanalinhelmi.sites) tells apart customers of the same name.
        return customer.identifying_label

    def autocomplete_details(self, customer):
        # S34: the request's verify page compares these with the request.
        return {
            "name": f"{customer.first_name} {customer.last_name}",
            "number": customer.pk,
            "email": customer.email,
            "phone": format_phone(customer.phone),
        }

    def get_search_results(self, request, queryset, search_term):
        # Prefix matches that the name, e-mail, phone and company indexes serve,
        # instead of the admin's default "contains" scan over a million rows.
        return queryset.search(search_term), False

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # Django renders this checkbox through the form template engine, 50
        # times a page; written out it is the same markup at a fraction of the
        # cost, which keeps the list within its time budget (bench/README.md).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def get_fieldsets(self, request, obj=None):
        # S29: each role sees what its work needs. Payment behaviour is billing
        # data; the self-given classifications and the information collected
        # with consent are for those who serve the customer, not for billing.
        hidden = set()
        if not request.user.has_perm("registry.view_invoice"):
            hidden.add("payment_behaviour")
        if not request.user.has_perm("registry.change_customer"):
            hidden.update(["classifications", "consented_information"])
        return [
            (name, options)
            for name, options in super().get_fieldsets(request, obj)
            if not hidden.intersection(flatten(options["fields"]))
        ]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and customer_change_refusal(request, obj) is None

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if customer_change_refusal(request, obj):
            # Inlines other apps add to this page (consent) cannot offer new rows either.
            for inline in inlines:
                inline.max_num = 0
        return inlines

    def has_delete_permission(self, request, obj=None):
        # Nobody, not even a superuser, deletes a customer here: erasure goes
        # through a data-subject request or retention, which keep what the law
        # requires and redact the audit trail (S19, S36).
        return False

    def get_ordering(self, request):
        if self.is_search(request):
            # The order CustomerQuerySet.search cuts its matches in, which the
            # PostgreSQL name index keeps; sorting by anything else would make
            # the database sort every match of a common surname (bench/README.md).
            return name_order(connection.vendor)
        return super().get_ordering(request)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator_class = self.paginator
        sees_whole_register = request.user.has_perm("registry.view_all_customers")
        if not sees_whole_register:
            # A practitioner's customers: the page's 50 found from their names by id
            # (migration 0015), then only those read in full (bench/README.md).
            paginator_class = RowsByIdPaginator
        if sees_whole_register and self.is_plain_search(request) and connection.vendor == "postgresql":
            # Counted and cut to the page over the name indexes alone (bench/README.md).
            matches = Customer.objects.search_matches(request.GET[SEARCH_VAR])
            paginator = SearchMatchesPaginator(queryset, per_page, matches, orphans, allow_empty_first_page)
        else:
            paginator = paginator_class(queryset, per_page, orphans, allow_empty_first_page)
        if self.is_search(request):
            paginator.CAP = CustomerQuerySet.SEARCH_MATCH_LIMIT
        return paginator

    def is_plain_search(self, request):
        """A search of the whole register with no filter, ordering or "show all" beside it."""
        return self.is_search(request) and set(request.GET) <= {SEARCH_VAR, PAGE_VAR}

    @staticmethod
    def is_search(request):
        return bool(request.GET.get(SEARCH_VAR, "").strip())

    @admin.display(description=_("phone"), ordering="phone")
    def phone_display(self, customer):
        return format_phone(customer.phone)

    @admin.display(description=_("restrictions"))
    def restrictions(self, customer):
        labels = customer.restriction_labels()
        if not labels:
            return ""
        return format_html('<strong class="restricted">{}</strong>', ", ".join(str(x) for x in labels))

    @admin.display(description=_("payment behaviour"))
    def payment_behaviour(self, customer):
        if not customer.pk:
            return "–"
        behaviour = customer.invoices.payment_behaviour()
        return (
            gettext(
                "%(invoices)s invoices, %(paid_late)s paid late, %(overdue)s overdue, %(reminders)s reminders"
            )
            % behaviour
        )

    def opened(self, request, customer):
        super().opened(request, customer)
        if customer.is_restricted:
            messages.warning(
                request,
                gettext("Note: %(restrictions)s. Check before using or disclosing this data.")
                % {"restrictions": ", ".join(str(x) for x in customer.restriction_labels())},
            )
        refusal = customer_change_refusal(request, customer)
        if refusal and request.user.has_perm("registry.change_customer"):
            messages.info(request, refusal)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, Disclosure) and not instance.disclosed_by_id:
                instance.disclosed_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "profession", "business_id", "is_active"]
    list_filter = ["is_active", "profession"]
    search_fields = ["last_name", "first_name", "business_id"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(BillingProfile)
class BillingProfileAdmin(AccessLoggedMixin, VisibleCustomersMixin, admin.ModelAdmin):
    list_display = ["customer", "bank_account_display", "billing_email", "einvoice_address"]
    list_select_related = ["customer"]
    search_fields = ["customer__last_name", "customer__email", "bank_account", "billing_email"]
    autocomplete_fields = ["customer"]
    show_full_result_count = False

    @admin.display(description=_("bank account (IBAN)"))
    def bank_account_display(self, profile):
        return format_iban(profile.bank_account)


@admin.register(Order)
class OrderAdmin(SafeListMixin, AccessLoggedMixin, VisibleCustomersMixin, admin.ModelAdmin):
    list_display = ["number", "customer", "ordered_at", "total"]
    list_select_related = ["customer"]
    search_fields = ["number", "customer__last_name"]
    autocomplete_fields = ["customer"]
    date_hierarchy = "ordered_at"
    show_full_result_count = False


@admin.register(Invoice)
class InvoiceAdmin(
    RowLinksMixin, CustomerRowsSearchMixin, AccessLoggedMixin, VisibleCustomersMixin, admin.ModelAdmin
):
    list_display = [
        "number",
        "customer",
        "issued_on",
        "due_on",
        "amount",
        "paid_on",
        "days_late",
        "reminders_sent",
    ]
    list_select_related = ["customer"]
    list_filter = ["issued_on", "paid_on"]
    search_fields = ["number", "customer__last_name"]
    exact_search_fields = ["number"]
    search_help_text = _("Search by invoice number, or by the customer as in the customer list.")
    autocomplete_fields = ["customer", "order"]
    show_full_result_count = False
    paginator = RowsByIdPaginator
    # 50 a page, as the customer, consent and request lists: a page of 100 took the search for a
    # common surname over its time budget at a million customers (bench/README.md).
    list_per_page = 50

    @admin.display(description=_("days late"))
    def days_late(self, invoice):
        return invoice.days_late


@admin.register(Disclosure)
class DisclosureAdmin(AccessLoggedMixin, VisibleCustomersMixin, admin.ModelAdmin):
    list_display = ["disclosed_at", "customer", "recipient", "basis", "disclosed_by"]
    list_select_related = ["customer", "disclosed_by"]
    list_filter = ["basis"]
    search_fields = ["recipient", "customer__last_name"]
    autocomplete_fields = ["customer"]
    readonly_fields = ["disclosed_by"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not obj.disclosed_by_id:
            obj.disclosed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ControllerDetails)
class ControllerDetailsAdmin(admin.ModelAdmin):
    """One record (S1–S3), created by a data migration; edited, never added or removed."""

    list_display = ["name", "business_id", "responsible_person_name", "updated_at"]

    def has_add_permission(self, request):
        return not ControllerDetails.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ElectronicIdentity)
class ElectronicIdentityAdmin(AccessLoggedMixin, VisibleCustomersMixin, admin.ModelAdmin):
    """Issue 12: which customers staff have linked to a strong electronic identification, and by whom.

    The link is made on the request's page ("link the identification to the
    customer"), never here; the responsible person may delete a wrong one,
    after which the person's next request is linked again.
    """

    list_display = ["customer", "linked_at", "linked_by", "linked_for_request"]
    list_select_related = ["customer", "linked_by"]
    search_fields = ["^customer__last_name"]
    fields = ["customer", "linked_at", "linked_by", "linked_for_request"]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # A wrong link is deleted one at a time, on its own page, after checking it (no bulk delete).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
