"""The browser suite: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

Missing tools skip these tests on a developer's machine and fail them in CI (``CI=true``),
where ``.ci/run`` installs Chromium, Java and the npm packages (axe-core, vnu-jar).
"""

import datetime
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connections
from django.utils import timezone
from django.utils.text import slugify

from bodies.models import CertificationBody
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 10_000
# A few Playwright calls (evaluate, request sizes, downloads) wait without a time limit;
# a hung browser fails its test after this long instead of holding up CI.
HANG_LIMIT_S = 120


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(what):
    """Skip for want of a tool on a developer's machine; in CI a missing tool is a failure."""
    message = f"{what} is missing; .ci/run installs it (see README, 'Browser tests')."
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def axe_js():
    if not AXE_JS.exists():
        missing(f"axe-core ({AXE_JS.relative_to(ROOT)}, from `npm ci`)")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_command():
    if not VNU_JAR.exists():
        missing(f"The Nu HTML Checker ({VNU_JAR.relative_to(ROOT)}, from `npm ci`)")
    java = shutil.which("java")
    if java is None:
        missing("Java (Debian's default-jre-headless)")
    return [java, "-jar", str(VNU_JAR)]


def nu_errors(vnu_command, documents):
    """The Nu HTML Checker's errors in ``documents`` ({name: HTML bytes}), one line each."""
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, content in documents.items():
            files.append(Path(folder) / f"{name}.html")
            files[-1].write_bytes(content)
        result = subprocess.run(
            [*vnu_command, "--errors-only", "--format", "json", *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
        )
    # vnu writes its JSON report to stderr, and exits 1 when it found errors.
    assert result.stderr.startswith("{"), result.stderr
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in json.loads(result.stderr)["messages"]
    ]


@pytest.fixture(scope="package")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        missing(f"Chromium ({CHROMIUM}, Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Python Playwright (the project's dev extra)")
    # Playwright's sync API marks its event loop as running in this thread between
    # calls. Django's ORM refuses to run beside a running loop (the tests never await,
    # so it is safe), and asgiref then keys connections by async context: without
    # pinning them, the tests would get new connections that lack the test database's
    # serialized contents (so serialized rollback would restore nothing).
    test_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in test_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


def _open_context(browser, live_server, **options):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser, live_server):
    context = _open_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def request_log(context):
    """Every request any page of the context makes, in order."""
    log = []
    context.on("request", lambda request: log.append(request))
    return log


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def axe_page(browser, live_server):
    """A page that takes an injected axe-core: the site's Content-Security-Policy forbids
    inline scripts, and this one is the test's own, so only this context bypasses it."""
    context = _open_context(browser, live_server, bypass_csp=True)
    yield context.new_page()
    context.close()


def offsite_requests(log, live_server):
    """The requests in ``log`` that went anywhere but the live server (data: URLs stay local)."""
    home = urlsplit(live_server.url).netloc
    return [
        request.url
        for request in log
        if urlsplit(request.url).scheme != "data" and urlsplit(request.url).netloc != home
    ]


def query(url):
    """The query parameters of ``url`` as {name: [values]}."""
    return parse_qs(urlsplit(url).query)


def focus_report(page):
    """What has the keyboard focus, and whether it is visibly marked and on screen."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const rect = el.getBoundingClientRect();
            const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
            const hit = document.elementFromPoint(
                rect.left + rect.width / 2, rect.top + rect.height / 2);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                name: (el.getAttribute('aria-label') || el.labels?.[0]?.textContent
                       || el.textContent || el.value || '').trim().replace(/\\s+/g, ' '),
                href: el.getAttribute('href'),
                focusVisible: el.matches(':focus-visible'),
                outlined: outlined || style.boxShadow !== 'none',
                onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0
                    && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
                // Not hidden under something else, such as a sticky bar.
                unobscured: hit !== null && (hit === el || el.contains(hit)),
            };
        }"""
    )


def _accredited(name, country, ab, standards, status="active", city=""):
    body = CertificationBodyFactory(name=name, slug=slugify(name), country=country, city=city)
    AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body(ab),
        standards=[standard(slug) for slug in standards],
        status=status,
    )
    return body


@dataclass
class Directory:
    accredited_de: list  # the 27 bodies accredited for ISO 9001 in Germany
    showcase: CertificationBody  # /bodies/ausgesetzt-zert-1/, every section of its page filled


@pytest.fixture
def directory(transactional_db, django_db_serialized_rollback):
    """38 bodies, each test afresh in the live server's database.

    27 accredited for ISO 9001 (and ISO 14001) in Germany by DAkkS, so a search for them
    has a page 2, every fifth also by UKAS for ISO/IEC 27001; 3 suspended for ISO 9001
    in Germany; 4 accredited for ISO 9001 in France; 2 accredited for ISO/IEC 27001 only
    in Germany; 2 unaccredited in the United Kingdom. Serialized rollback restores the
    reference data (standards, accreditation bodies, the Curator group) that the
    migrations created and each test's flush removes.
    """
    accredited_de = []
    for i in range(1, 28):
        body = _accredited(
            f"Qualitätszert {i:02}", "DE", "dakks", ["iso-9001", "iso-14001"], city="Köln"
        )
        if i % 5 == 0:
            # A second accreditation: the export has one row per accreditation.
            AccreditationFactory(
                body=body,
                accreditation_body=accreditation_body("ukas"),
                standards=[standard("iso-iec-27001")],
                sectors=[33],
            )
        accredited_de.append(body)
    suspended = [
        _accredited(f"Ausgesetzt Zert {i}", "DE", "dakks", ["iso-9001"], status="suspended")
        for i in range(1, 4)
    ]
    for i in range(1, 5):
        _accredited(f"Certizert Lyon {i}", "FR", "cofrac", ["iso-9001"], city="Lyon")
    for i in range(1, 3):
        _accredited(f"Infosec Prüfung {i}", "DE", "dakks", ["iso-iec-27001"])
        CertificationBodyFactory(
            name=f"Unlisted Auditors {i}", slug=f"unlisted-auditors-{i}", country="GB"
        )

    # Verdicts of three colours (suspended, expired, withdrawn) and contact details.
    showcase = suspended[0]
    showcase.aliases = "AZ Prüfgesellschaft\nAusgesetzt Zertifizierung alt"
    showcase.address = "Hauptstraße 1\n50667 Köln"
    showcase.email = "info@ausgesetzt.example"
    showcase.phone = "+49 221 000000"
    showcase.description = "Audits quality management systems."
    showcase.save()
    ended = timezone.localdate() - datetime.timedelta(days=10)
    AccreditationFactory(
        body=showcase,
        accreditation_body=accreditation_body("dakks"),
        standards=[standard("iso-45001")],
        sectors=[28, 34],
        granted_on=ended - datetime.timedelta(days=1000),
        valid_until=ended,
    )
    AccreditationFactory(
        body=showcase,
        accreditation_body=accreditation_body("ukas"),
        standards=[standard("iso-iec-27001")],
        status="withdrawn",
    )
    return Directory(accredited_de=accredited_de, showcase=showcase)
