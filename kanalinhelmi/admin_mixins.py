"""Shared pieces of the back-office."""


class ReadOnlyAdminMixin:
    """A record kept as evidence (a log, a consent choice): shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
