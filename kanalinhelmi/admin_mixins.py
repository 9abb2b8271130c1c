"""Shared pieces of the back-office."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.functional import cached_property


class ReadOnlyAdminMixin:
    """A record kept as evidence (a log, a consent choice): shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChoiceListFilter(admin.SimpleListFilter):
    """A list filter that acts only on the values it offers; any other value is ignored.

    A value typed into the address (``?practitioner=abc``, a number too big
    for the database) would otherwise reach the query and fail the page
    (issue 10 item 9). The offered choices are computed anyway to draw the
    filter, so checking against them costs nothing.
    """

    def value(self):
        value = super().value()
        if value is None or value not in {str(key) for key, _label in self.lookup_choices}:
            return None
        return value


class RowLinkChangeList(ChangeList):
    """Django's list page, linking each row through one address worked out per page.

    Django resolves the change page's address for every row, and on a
    filtered list resolves it once more to decide how to carry the filters
    along: on a page of 50 requests that was a fifth of drawing it
    (bench/README.md). The address differs from row to row only by the key.
    """

    KEY = "0rowkey0"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The filters still go on every row's link (saving returns to the same
        # filtered list), added once to the address pattern instead of per link.
        self.row_link_filters, self.preserved_filters = self.preserved_filters, ""

    def _with_filters(self, url):
        return add_preserved_filters({"preserved_filters": self.row_link_filters, "opts": self.opts}, url)

    @cached_property
    def change_url_pattern(self):
        opts = self.opts
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(self.KEY,),
            current_app=self.model_admin.admin_site.name,
        )
        return self._with_filters(url)

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int):
            return self._with_filters(super().url_for_result(result))
        return self.change_url_pattern.replace(self.KEY, str(pk), 1)


class RowLinksMixin:
    """For a ModelAdmin whose list shows a page of rows: see ``RowLinkChangeList``."""

    def get_changelist(self, request, **kwargs):
        return RowLinkChangeList


class SafeChangeList(RowLinkChangeList):
    """Django's list page, answering a date drill-down out of the calendar as a bad address.

    Django turns ``?ordered_at__year=abc`` into its "bad filter" answer but
    lets a year beyond 9999, or one too big for a machine integer, fail the
    page (issue 10 item 9).
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class SafeListMixin:
    """For a ModelAdmin whose list has a date drill-down: see ``SafeChangeList``."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList


class OneEmptyFormInlineFormSet(BaseInlineFormSet):
    """An inline formset that builds its blank "add another" form once per page.

    Django builds a new one each time the admin asks for it (the column
    headings, the rows, the media, the multipart check): some five times per
    inline, each copying every field. The customer page has nine inlines
    (bench/README.md).
    """

    @cached_property
    def empty_form(self):
        return super().empty_form


def customer_id_of(obj):
    """The number of the customer a row shows: the customer's own, or the one it belongs to."""
    if obj._meta.label == "registry.Customer":
        return obj.pk
    return getattr(obj, "customer_id", None)


class ViewsLoggedMixin:
    """Seeing customers is a view of their data, wherever they are seen (S39; issue 17 item 4).

    Opening one record is logged by ``registry.admin.AccessLoggedMixin``.
    This logs the pages that show many: the list and its search results,
    the history page, the customer search field (autocomplete, through
    ``kanalinhelmi.sites.LabelledAutocompleteJsonView``) and an action on chosen customers (such
    as e-mailing a consent link). Each page is one audit entry holding the
    customers it showed (``privacy.audit.services.log_customers_shown``): one
    entry and one bulk insert, so the list stays within its time budget.
    """

    def log_shown(self, request, rows, view):
        from privacy.audit.services import log_customers_shown

        return log_customers_shown(
            request=request, model=self.model, customer_ids=[customer_id_of(row) for row in rows], view=view
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # The page's rows, read once here and again from the same cache when the page is drawn.
            self.log_shown(request, changelist.result_list, "search" if changelist.query else "list")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = (getattr(response, "context_data", None) or {}).get("object")
        if obj is not None:
            self.log_shown(request, [obj], "history")
        return response

    def response_action(self, request, queryset):
        from django.contrib.admin import helpers

        chosen = None
        if request.POST.get("action"):
            if request.POST.get("select_across") == "1":
                chosen = queryset
            else:
                chosen = queryset.filter(pk__in=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            chosen = list(chosen)
        response = super().response_action(request, queryset)
        if chosen:
            self.log_shown(request, chosen, "action")
        return response
