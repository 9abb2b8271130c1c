from django.shortcuts import render

from registry.models import ControllerDetails


def home(request):
    """The public front page: who we are and where the privacy pages are."""
    return render(request, "home.html", {"controller": ControllerDetails.current()})
