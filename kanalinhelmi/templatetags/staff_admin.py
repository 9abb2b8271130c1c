"""Template filters of the back-office's own admin templates."""

from django import template

register = template.Library()


@register.filter
def named_by_column(bound_field):
    """The field's widget with its label as ``aria-label`` (issue 11 item 10, WCAG 1.3.1, 4.1.2).

    A tabular inline shows the label once, as the column heading; a screen
    reader reaching a row's date or username field would hear no name.
    """
    if not hasattr(bound_field, "as_widget") or bound_field.is_hidden:
        return bound_field
    if "aria-label" in bound_field.field.widget.attrs:
        return bound_field
    return bound_field.as_widget(attrs={"aria-label": str(bound_field.label)})
