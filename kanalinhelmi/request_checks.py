"""Checks on the request itself, before any view sees it."""

from django.http import QueryDict


def drop_nul_characters(get_response):
    """NUL characters in a query string are dropped, on every page.

    No text in the register can hold one (PostgreSQL refuses it), so such a
    character in a list filter, a search or a link could only fail the page
    when it reaches the database (issue 10 item 9). Forms already refuse it
    in what is posted.
    """

    def middleware(request):
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return get_response(request)

    return middleware
