from django import template

from registry.models import ControllerDetails

register = template.Library()


@register.simple_tag
def controller_details():
    """``{% controller_details as controller %}``: the controller's details, for every public page's footer (S1)."""
    return ControllerDetails.current()
