"""Paging for back-office lists of a national chain's size.

Counting a million rows on every list page costs more than the page itself,
and nobody pages through a million customers: they search. The count stops
at ``CAP``; lists show "more than 10 000" past it.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    CAP = 10_000

    @cached_property
    def count(self):
        """The number of rows, exact up to ``CAP`` and ``CAP + 1`` beyond it."""
        return self.object_list.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def is_capped(self):
        return self.count > self.CAP


class RowsByIdPaginator(CappedCountPaginator):
    """Finds the page's ids first, then reads only those rows with their related rows.

    For lists of customers' rows searched by customer (invoices, consents):
    the search finds up to a thousand rows, and the database read each of
    them with its customer before sorting them for the page; now the ids are
    sorted and cut to the page inside the query, and only the page's rows are
    read in full (bench/README.md). One query, as before, in the list's order.
    """

    def page(self, number):
        queryset = self.object_list
        query = queryset.query
        if not connections[queryset.db].features.allow_sliced_subqueries_with_in or query.annotations:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = queryset.model._base_manager.filter(pk__in=self.page_ids(bottom, top))
        rows.query.select_related = query.select_related
        if query.order_by:
            rows = rows.order_by(*query.order_by)
        return self._get_page(rows, number, self)

    def page_ids(self, bottom, top):
        """The ids of the page's rows, as a subquery in the list's order."""
        # The ids come through the list's filters; the rows are read by them alone.
        return self.object_list.values("pk")[bottom:top]


class SearchMatchesPaginator(RowsByIdPaginator):
    """Counts and pages a search by its matches alone, then reads only the page's rows.

    ``matches`` counts the matches (``count(cap)``) and gives one page's ids
    in the list's order (``page_ids(offset, limit)``), as
    ``registry.models.customers.SearchMatches`` does from the name indexes.
    Only for a search with no other filter: the matches know nothing of them.
    """

    def __init__(self, object_list, per_page, matches, orphans=0, allow_empty_first_page=True):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.matches = matches

    @cached_property
    def count(self):
        return self.matches.count(self.CAP)

    def page_ids(self, bottom, top):
        return self.matches.page_ids(bottom, top - bottom)
