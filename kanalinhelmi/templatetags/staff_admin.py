"""Template filters of the back-office's own admin templates (issue 11 item 10, WCAG 1.3.1, 4.1.2).

A screen reader names a form box by its label. Django's admin leaves two
kinds of boxes without one: each row's boxes in a table of related records
(the label is only the column heading) and the date and time boxes of a
date-and-time field (the label points at neither).
"""

import copy

from django import forms, template
from django.utils.translation import gettext

register = template.Library()


def _part_names(widget):
    if isinstance(widget, forms.SplitDateTimeWidget):
        return [gettext("date"), gettext("time")]
    return [None] * len(widget.widgets)


def _with_names(bound_field, *, single):
    if not hasattr(bound_field, "as_widget") or bound_field.is_hidden:
        return bound_field
    widget = bound_field.field.widget
    label = str(bound_field.label)
    if isinstance(widget, forms.MultiWidget):
        widget = copy.deepcopy(widget)
        for part, name in zip(widget.widgets, _part_names(widget), strict=True):
            part.attrs.setdefault("aria-label", f"{label}: {name}" if name else label)
        return bound_field.as_widget(widget=widget)
    if not single or "aria-label" in widget.attrs:
        return bound_field
    return bound_field.as_widget(attrs={"aria-label": label})


@register.filter
def named_by_column(bound_field):
    """The field's boxes named by its label, for a row of a table whose column heading is the only label."""
    return _with_names(bound_field, single=True)


@register.filter
def named_parts(bound_field):
    """A date-and-time (or other multi-box) field's boxes named "<label>: date" and "<label>: time"."""
    return _with_names(bound_field, single=False)
