"""Paging for back-office lists of a national chain's size.

Counting a million rows on every list page costs more than the page itself,
and nobody pages through a million customers: they search. The count stops
at ``CAP``; lists show "more than 10 000" past it.
"""

from django.core.paginator import Paginator
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
    the search finds up to a thousand rows, and sorting them for the page
    read each with its customer; now only the page's 50 or 100 are read in
    full (bench/README.md). The rows come in the list's order.
    """

    def page(self, number):
        queryset = self.object_list
        query = queryset.query
        if query.annotations or query.deferred_loading != (frozenset(), True):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(queryset.values_list("pk", flat=True)[bottom:top])
        # The ids came through the list's filters; the rows are read by them alone.
        rows = queryset.model._base_manager.filter(pk__in=ids).order_by()
        rows.query.select_related = query.select_related
        by_id = {row.pk: row for row in rows}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)
