from django.utils.functional import SimpleLazyObject

import identification
from identification.session import current_person


def identification_status(request):
    """``identification_enabled`` and the ``identified_person`` (or None), looked at only where a template asks."""
    return {
        "identification_enabled": SimpleLazyObject(identification.is_enabled),
        "identified_person": SimpleLazyObject(
            lambda: current_person(request) if hasattr(request, "session") else None
        ),
    }
