from django import template

from consent.selectors import site_controller as cached_site_controller

register = template.Library()


@register.simple_tag
def site_controller():
    """``{% site_controller as controller %}``: the controller's name and address for the footer (S1)."""
    return cached_site_controller()
