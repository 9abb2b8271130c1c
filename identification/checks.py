"""System checks: identification half configured is a mistake worth a warning at start-up."""

from django.conf import settings
from django.core.checks import Warning, register

from identification import config


@register()
def configuration_check(app_configs, **kwargs):
    """Warn when some of the identification settings are set and others not, or a key cannot be read."""
    missing = config.missing_settings()
    # PERSON_ID_HMAC_KEY alone does not count as starting the configuration:
    # the tests and the integrator's code may set it without a broker.
    started = any(
        getattr(settings, name)
        for name in (
            "IDENTIFICATION_ISSUER",
            "IDENTIFICATION_CLIENT_ID",
            "IDENTIFICATION_SIGNING_KEY",
            "IDENTIFICATION_ENCRYPTION_KEY",
        )
    )
    if not started:
        return []
    warnings = []
    if missing:
        warnings.append(
            Warning(
                "Strong electronic identification is partly configured, so it stays off; missing: "
                + ", ".join(missing)
                + ".",
                hint="Set the rest (README: Strong electronic identification (FTN)), or unset all of them.",
                id="identification.W001",
            )
        )
    for name, read in (
        ("IDENTIFICATION_SIGNING_KEY", config.signing_keys),
        ("IDENTIFICATION_ENCRYPTION_KEY", config.encryption_keys),
    ):
        if getattr(settings, name):
            try:
                read()
            except config.KeyProblem as problem:
                warnings.append(
                    Warning(
                        str(problem),
                        hint="Make keys with manage.py make_identification_keys.",
                        id="identification.W002",
                    )
                )
    issuer = settings.IDENTIFICATION_ISSUER
    if issuer and not issuer.startswith("https://") and not settings.DEBUG:
        warnings.append(
            Warning(
                "IDENTIFICATION_ISSUER is not an https:// address.",
                hint="A broker is reached over TLS only; plain HTTP is for the local test provider.",
                id="identification.W003",
            )
        )
    return warnings
