"""The language of each request, and every page's links to itself in the other languages.

Public pages choose their language by URL alone: English unprefixed, as always, and the
others under ``/fr/``, ``/es/`` and ``/ru/`` (``i18n_patterns`` in ``certdir.urls``). Never
by a cookie or ``Accept-Language`` there: an unprefixed URL is English for everyone, so a
cached page is right for whoever asks, and nobody is redirected away from the URL they
shared. The API and the admin have no prefix; the API answers in the language of
``?lang=`` or ``Accept-Language`` (and says it varies by that header, its cache key
carrying the language), the admin in the curator's browser language (never cached).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

# Paths outside ``i18n_patterns``: their language comes from the request's headers.
NEGOTIATED_PREFIXES = ("/api/", "/admin/")
# Paths outside ``i18n_patterns`` with no language at all (feeds for machines, files).
UNLOCALISED_PREFIXES = ("/healthz", "/robots.txt", "/favicon.ico", "/sitemap")


def supported(code):
    """``code`` as one of ``LANGUAGES``' codes, or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code.strip().lower())
    except LookupError:
        return None


def language_from_header(request):
    """The first of the client's ``Accept-Language`` languages that the site speaks."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        language = supported(code)
        if language:
            return language
    return settings.LANGUAGE_CODE


def request_language(request):
    """The language of ``request`` (see the module's docstring)."""
    path = request.path_info
    if path.startswith("/api/"):
        return supported(request.GET.get("lang")) or language_from_header(request)
    if path.startswith("/admin/"):
        return language_from_header(request)
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def unprefixed(path):
    """``path`` without its language prefix: the English page's path."""
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        return path[len(language) + 1 :]
    return path


def localised(path, language):
    """The path of the English page ``path`` in ``language``."""
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


class LanguageMiddleware:
    """Activate the request's language; say it in ``Content-Language``.

    Replaces Django's LocaleMiddleware, which reads cookies and redirects by
    ``Accept-Language``. ``Vary: Accept-Language`` only where the header is read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.path_info.startswith(NEGOTIATED_PREFIXES):
            patch_vary_headers(response, ["Accept-Language"])
        response.headers.setdefault("Content-Language", language)
        return response


def languages(request):
    """Context: ``language_links``, the current page in each language (for the switcher
    and the ``hreflang`` alternates), with its query string, and ``language_homes``, the
    home page in each language (the error pages' switcher: they never repeat the path they
    were asked for); none on the API's and admin's pages, which have no prefixed twin."""
    path = request.path_info
    if path.startswith(NEGOTIATED_PREFIXES + UNLOCALISED_PREFIXES):
        return {"language_links": [], "language_homes": []}
    current = translation.get_language()
    english = unprefixed(path)
    query = request.META.get("QUERY_STRING", "")
    script_prefix = request.path[: len(request.path) - len(path)]
    links, homes = [], []
    for code, name in settings.LANGUAGES:
        url = script_prefix + localised(english, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": f"{url}?{query}" if query else url,
                "current": code == current,
            }
        )
        home = script_prefix + localised("/", code)
        homes.append({"code": code, "name": name, "url": home, "current": code == current})
    return {"language_links": links, "language_homes": homes}
