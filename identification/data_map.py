"""Strong electronic identification's part of the data map (kanalinhelmi/personal_data.py; issue 12)."""

from django.utils.translation import gettext_lazy as _

DATA_MAP = []

NOT_PERSONAL = {
    # S9: an identification stores nothing but its audit entry; the model has no table.
    "identification.Identification": _("no table: names the kind of data of an identification's audit entry"),
}
