"""Shared pieces of the back-office."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


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


class SafeChangeList(ChangeList):
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
