"""System checks of the consent app."""

from django.core.checks import Warning

from consent.cookies import transfers_outside_eea


def transfers_check(app_configs, **kwargs):
    """S18, D1: a tracker id set means data goes to the United States."""
    services = transfers_outside_eea()
    if not services:
        return []
    return [
        Warning(
            "S18 no longer holds as written: these services send data to the United States: "
            f"{', '.join(str(s) for s in services)}.",
            hint=(
                "The privacy notice in force names the transfer and its ground (the EU-US Data Privacy "
                "Framework). Leave GOOGLE_ANALYTICS_ID, GOOGLE_ADS_ID and FACEBOOK_PIXEL_ID empty to "
                "keep every datum in the EU/EEA (D1)."
            ),
            id="consent.W001",
        )
    ]
