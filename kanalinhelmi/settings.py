"""Settings for the Kanalinhelmi customer register.

One module, driven by the environment (django-environ). Every variable is
documented in README.md. Development defaults are safe only with DEBUG on;
production refuses to start without SECRET_KEY and with DEBUG on by mistake
(S27, S32).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "kanalinhelmi.apps.StaffAdminConfig",  # django.contrib.admin with the work queue
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "kanalinhelmi.apps.LoginLockoutsConfig",  # django-axes
    "auditlog",
    "django_otp",
    "kanalinhelmi.apps.TwoStepLoginConfig",  # django_otp.plugins.otp_totp
    "django_tasks",
    "django_tasks_db",
    "kanalinhelmi.apps.MailQueueConfig",  # django-post-office
    "registry",
    "consent",
    "privacy",
    "privacy.audit",
    "privacy.retention",
    "identification",
    # Last, so that its role migration sees every app's permissions.
    "kanalinhelmi.apps.KanalinhelmiConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL in a query string never reaches the database (issue 10 item 9).
    "kanalinhelmi.request_checks.drop_nul_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # S27, S31: a password alone does not open the back-office.
    "django_otp.middleware.OTPMiddleware",
    "kanalinhelmi.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Strict Content-Security-Policy with nonces; third-party hosts only after cookie consent (S25, S26).
    "consent.middleware.ContentSecurityPolicyMiddleware",
    # S39: every change is tied to the staff member and address behind it.
    "kanalinhelmi.client_address.AuditlogMiddleware",
    # A database that fails mid-request gives a clean 503 page (S27, S32).
    "kanalinhelmi.failures.DatabaseUnavailableMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kanalinhelmi.urls"
WSGI_APPLICATION = "kanalinhelmi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "consent.context_processors.cookies",
                "identification.context_processors.identification_status",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A slow query is cut off instead of holding a worker until gunicorn kills
    # it. kanalinhelmi/wsgi.py sets 20 s for web requests; management
    # commands (migrations, retention, verification) have no limit unless set.
    _statement_timeout = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=0)
    if _statement_timeout:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={_statement_timeout}"
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (the quick start) builds registry's care_practitioner_idx without
    # its non-key INCLUDE columns, which only PostgreSQL has; at demo scale
    # that costs nothing, so its warning would only alarm a newcomer (issue 16).
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits must be counted once for all processes: outside DEBUG the
# default is the database cache (`migrate` creates its table), or Redis
# (rediscache://) where CACHE_URL says so. Process memory only in development.
SHARED_CACHE_TABLE = "kanalinhelmi_cache"
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="locmemcache://" if DEBUG else f"dbcache://{SHARED_CACHE_TABLE}"
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # Django's default of 300 entries would drop rate-limit counts as soon as
    # a few hundred addresses post in an hour; expired entries go first.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)

# S31: every staff member logs in with an account of their own; after five
# failed attempts the account is locked for the cool-off period.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Each separately: an account is locked whatever address the guesses come
# from, and an address is locked whatever accounts it tries.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Behind this many reverse proxies the visitor's address is the PROXY_COUNT-th
# from the right of X-Forwarded-For; with 0 the header is never read. One
# function answers for lockouts, the audit trail, rate limits and consent log.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "kanalinhelmi.client_address.client_address"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Only staff log in, and only to the back-office: after login, and when the
# login page's `next` is unsafe, they land on its front page.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Staff give a second factor (authenticator app) after the password.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=not DEBUG)
# The system administrator's one-time enrolment link works this long.
STAFF_ENROLMENT_LINK_HOURS = env.int("STAFF_ENROLMENT_LINK_HOURS", default=72)
# A staff member's authenticator secret and its QR code are never shown in the
# back-office, not even to the responsible person who resets devices.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = "Kanalinhelmi"

# Staff sessions end after 30 minutes without activity (S27).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# S22, S26: a notice shown after a form ("your cookie choice has been saved")
# is kept in the session, whose cookie the cookie table lists, instead of in a
# cookie of its own ("messages") that the table does not list.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("suomi")), ("sv", _("svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Helsinki")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic` first (README: deployment).
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
FORMS_URLFIELD_ASSUME_HTTPS = True

# Mail carries names and links: outside DEBUG it never falls back to the
# console log (issue 10, item 10), so production refuses to start without it.
if not DEBUG and not env.str("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "EMAIL_URL must be set when DEBUG is off, e.g. smtp+tls://user:password@smtp.example.fi:587; "
        "without it e-mail (with names and links) would be written to the console log."
    )
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# S27, S40: no e-mail is sent inside a web request. Every message is stored
# in the database in the same transaction as the change that caused it
# (django-post-office's queue) and sent by the job worker (manage.py
# db_worker) with retries and growing intervals; kanalinhelmi/mail.py.
MAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 (set from EMAIL_URL above)
EMAIL_BACKEND = "post_office.EmailBackend"
POST_OFFICE = {
    "BACKENDS": {"default": MAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": env.int("MAIL_MAX_RETRIES", default=10),
    "RETRY_INTERVAL": timedelta(seconds=env.int("MAIL_RETRY_SECONDS", default=60)),
    "MESSAGE_ID_ENABLED": True,
    "CELERY_ENABLED": False,
}
# Background jobs (django-tasks with its database backend): the queue is a
# table in the register's own database, claimed row by row with SKIP LOCKED,
# so any number of app servers can each run a worker and a job runs once.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Lääkärikeskus Kanalinhelmi <tietosuoja@kanalinhelmi.fi>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# S39: changes are stored as JSON so that erasure can redact values later.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_INCLUDE_ALL_MODELS = False

# S39: the audit trail is chained with a keyed hash (privacy/audit/chain.py,
# docs/audit-chain.md). The key lives outside the database; without one it
# is derived from SECRET_KEY, which a system check warns about in production.
AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default="") or f"derived-from-secret-key:{SECRET_KEY}"
AUDIT_CHAIN_OLD_KEYS = env.list("AUDIT_CHAIN_OLD_KEYS", default=[])
# Where seal_audit_trail also writes each day's seal: a directory the
# database administrator cannot rewrite (another host's mount, WORM storage).
AUDIT_SEAL_DIR = env.str("AUDIT_SEAL_DIR", default="")

# The access report (S33, S35) gathers one part from each app, and erasure
# (S19) asks each app to erase its part; privacy/ calls these in this order.
ACCESS_REPORT_PARTS = [
    "registry.selectors.access_report_part",
    "consent.selectors.access_report_part",
    "privacy.selectors.access_report_part",
    "privacy.retention.selectors.access_report_part",
    "privacy.audit.selectors.access_report_part",
]
# S8: a practitioner sees the customers in the joint register, i.e. those
# whose joint-register consent is in force: their ids for
# Customer.objects.visible_to, and the condition for the audit review's
# highlight (in force at the time of a view).
JOINT_REGISTER_MEMBERS = "consent.selectors.joint_register_members"
JOINT_REGISTER_CONDITION = "consent.selectors.joint_register_condition"
# S10: the back-office refuses "other information collected with consent"
# unless this function says the customer's additional-data consent is in force;
# empty means no check (the register used without the consent app).
ADDITIONAL_DATA_CONSENT = "consent.selectors.has_additional_data_consent"
# S19–S21, GDPR Art. 13(2)(a): the privacy notice and the record of processing
# activities read the retention periods from the retention rules through this
# function (the consent app may not import the privacy app).
PRIVACY_NOTICE_RETENTION = "privacy.retention.selectors.notice_retention_periods"

# Cookies (S22–S26): the visitor's choice is kept in this signed cookie for
# 12 months. The tracking ids are loaded only after their category is
# accepted; empty means the service is not used.
COOKIE_CONSENT_COOKIE_NAME = "kh_cookies"
GOOGLE_ANALYTICS_ID = env.str("GOOGLE_ANALYTICS_ID", default="")
GOOGLE_ADS_ID = env.str("GOOGLE_ADS_ID", default="")
FACEBOOK_PIXEL_ID = env.str("FACEBOOK_PIXEL_ID", default="")
# A customer's link for managing their consents is valid this many days.
CONSENT_LINK_DAYS = env.int("CONSENT_LINK_DAYS", default=14)

# Only this site's own files and scripts carrying the request's nonce; no
# 'unsafe-inline'. consent.middleware adds Google's and Facebook's hosts for
# a visitor who has accepted their cookie category.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Each app's part of erasing a customer (S19), called as
# part(customer=..., reason=...) with reason "request", "ended" or "misuse";
# each returns {"deleted": [...], "kept": [...]}.
ERASURE_PARTS = [
    "kanalinhelmi.mail.erase_customer_part",
    "consent.services.erase_customer_part",
    "privacy.services.erase_customer_requests_part",
    "registry.services.erase_customer_part",
]

# Data-subject requests (S33–S38): the e-mailed confirmation link works this
# long; unconfirmed requests expire after it. The public forms accept this
# many submissions per hour from one address and for one e-mail address.
# Issue 12: the public site's address (https://kanalinhelmi.fi), for links in e-mails sent by the
# worker, where no web request tells it. Without it those e-mails name the own page without a link.
PUBLIC_SITE_URL = env.str("PUBLIC_SITE_URL", default="")
PRIVACY_CONFIRMATION_TIMEOUT = env.int("PRIVACY_CONFIRMATION_HOURS", default=72) * 3600
PRIVACY_RATE_LIMIT_PER_IP = env.int("PRIVACY_RATE_LIMIT_PER_IP", default=10)
PRIVACY_RATE_LIMIT_PER_EMAIL = env.int("PRIVACY_RATE_LIMIT_PER_EMAIL", default=3)
# Scans attached to a request (S14, S34): PDF, JPEG or PNG up to this size,
# kept in the database. Uploads up to the limit stay in memory (never in a
# file on the app server); form fields other than files are capped at 2.5 MB.
PRIVACY_ATTACHMENT_MAX_MB = env.int("PRIVACY_ATTACHMENT_MAX_MB", default=10)
FILE_UPLOAD_MAX_MEMORY_SIZE = (PRIVACY_ATTACHMENT_MAX_MB + 1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Strong electronic identification (issue 12, S34): the clinic is an OpenID
# Connect relying party of an FTN broker (Traficom Recommendation 213/2023 S).
# Off until the issuer, the client id, both keys and PERSON_ID_HMAC_KEY are
# set. A key setting holds a private JWK or JWK set as JSON, or the path of a
# file holding it (manage.py make_identification_keys makes them).
IDENTIFICATION_ISSUER = env.str("IDENTIFICATION_ISSUER", default="")
IDENTIFICATION_CLIENT_ID = env.str("IDENTIFICATION_CLIENT_ID", default="")
IDENTIFICATION_SIGNING_KEY = env.str("IDENTIFICATION_SIGNING_KEY", default="")
IDENTIFICATION_ENCRYPTION_KEY = env.str("IDENTIFICATION_ENCRYPTION_KEY", default="")
# fLoA2 (substantial); a broker's answer at fLoA3 (high) is accepted too.
IDENTIFICATION_ACR_VALUES = env.list("IDENTIFICATION_ACR_VALUES", default=["http://ftn.ficora.fi/2017/loa2"])
IDENTIFICATION_SCOPE = env.str("IDENTIFICATION_SCOPE", default="openid profile personal_identity_code")
# Each call to the broker gives up after this many seconds (a slow broker must
# not hold a web worker).
IDENTIFICATION_HTTP_TIMEOUT = env.float("IDENTIFICATION_HTTP_TIMEOUT", default=5.0)
# An identification is good for this long; a download of one's own data needs
# one made within the fresh window.
IDENTIFICATION_SESSION_SECONDS = env.int("IDENTIFICATION_SESSION_MINUTES", default=15) * 60
IDENTIFICATION_FRESH_SECONDS = env.int("IDENTIFICATION_FRESH_MINUTES", default=5) * 60
# S9: the register never holds the personal identity code, only its keyed
# hash under this key, which lives outside the database. Changing it unlinks
# every identified customer.
PERSON_ID_HMAC_KEY = env.str("PERSON_ID_HMAC_KEY", default="")

# Audit review (S2, S39): what the highlights treat as unusual. Opening hours
# are the clinic's local hours: ISO weekdays (Monday = 1) and [opening hour,
# closing hour). A staff member who opens this many different customers in a
# day is highlighted. Highlights look this many days back unless a range is given.
AUDIT_OPENING_DAYS = env.list("AUDIT_OPENING_DAYS", cast=int, default=[1, 2, 3, 4, 5])
AUDIT_OPENING_HOURS = (env.int("AUDIT_OPENING_HOUR", default=7), env.int("AUDIT_CLOSING_HOUR", default=18))
AUDIT_OPENING_HOURS_TIME_ZONE = env.str("AUDIT_OPENING_HOURS_TIME_ZONE", default="Europe/Helsinki")
AUDIT_BUSY_DAY_CUSTOMERS = env.int("AUDIT_BUSY_DAY_CUSTOMERS", default=50)
AUDIT_HIGHLIGHT_DAYS = env.int("AUDIT_HIGHLIGHT_DAYS", default=31)

# Behind a TLS-terminating proxy (README: deployment).
if env.bool("BEHIND_TLS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health check may speak plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every step of every letter at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
