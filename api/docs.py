"""The OpenAPI schema (``/api/v1/schema/``) and the human-readable docs (``/api/``).

The docs page is Swagger UI served from this site's static files (drf-spectacular-sidecar)
and started by ``static/js/api-docs.js``, which reads the schema's URL from a data
attribute: the page holds no inline script or style, so the site's Content Security
Policy applies to it unchanged.
"""

from django.conf import settings
from django.templatetags.static import static
from django.views.generic import TemplateView
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView

from api.base import PublicAPI, origin

SWAGGER_UI = "drf_spectacular_sidecar/swagger-ui-dist/"


class SchemaView(PublicAPI, SpectacularAPIView):
    """The schema as JSON, made on request from the views and the filter sets (so its
    allowed values are the directory's), and cached like a page per directory version
    (it names the site, so one per host name)."""

    renderer_classes = [OpenApiJsonRenderer]


class DocsView(TemplateView):
    template_name = "api/docs.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The docs page reads no parameter; its example names the site, so one per host."""
        return origin(request)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            swagger_ui_css=static(SWAGGER_UI + "swagger-ui.css"),
            swagger_ui_bundle=static(SWAGGER_UI + "swagger-ui-bundle.js"),
            rate_limit=settings.API_RATE_LIMIT,
            **kwargs,
        )
