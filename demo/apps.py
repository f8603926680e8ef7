"""The demo app: fictional bodies for demos and load tests (``manage.py seed_demo``).

It has no models of its own; it writes ``bodies`` and ``accreditation`` records marked
as demo records, and nothing but tests, benchmarks and settings depends on it.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data generator and its seed_demo command."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Demo data")
