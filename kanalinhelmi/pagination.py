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
