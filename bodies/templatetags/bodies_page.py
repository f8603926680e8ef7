"""An accreditation on its body's page, as HTML: its facts, freshness and timeline.

Each accreditation of a body page was three template partials (the accreditation, its
"last checked" line and its timeline): some 90 nodes, five URL reversals and a dozen date
filters each, about 0.8 ms of a page's 3.5 ms of rendering (in-process, 10,000 bodies).
Here it is a few ``format_html`` calls with the same markup and the same messages, so the
catalogues still translate it; the fixed words are translated once per language, and
reference rows' URLs are built around their slugs. The page's rendering took 2.8 ms then.
"""

import functools

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from bodies.templatetags.bodies_results import (
    around_slug,
    recognition_tag,
    status_badge,
    status_labels,
)
from bodies.text import country_name

register = template.Library()

ARTICLE = (
    '<article class="accreditation" aria-labelledby="accreditation-{pk}">\n'
    '  <h3 id="accreditation-{pk}">\n'
    '    <a href="{ab_url}">{ab}</a>\n'
    "    {number}\n"
    "    {badge}\n"
    "  </h3>\n"
    "  {then}\n"
    '  <dl class="facts">\n'
    "    <dt>{t[ab]}</dt>\n"
    "    <dd>{ab_name}{country}{recognition}</dd>\n"
    "    <dt>{t[accredited_to]}</dt>\n"
    '    <dd><a href="{casco_url}">{casco}</a> \N{EN DASH} {applies_to}</dd>\n'
    "    <dt>{t[standards]}</dt>\n"
    "    <dd>{standards}</dd>\n"
    "    <dt>{t[sectors]}</dt>\n"
    "    <dd>{sectors}</dd>\n"
    "    <dt>{t[status]}</dt>\n"
    "    <dd>{status}{recorded_as}</dd>\n"
    "    <dt>{t[granted]}</dt><dd>{granted}</dd>\n"
    "    <dt>{t[valid_until]}</dt><dd>{valid_until}</dd>\n"
    "    <dt>{t[scope_document]}</dt><dd>{scope_document}</dd>\n"
    "    <dt>{t[last_checked]}</dt><dd>\n{freshness}\n</dd>\n"
    "  </dl>\n"
    '  <details class="timeline">\n'
    '  <summary>{t[timeline]}<span class="visually-hidden"> {timeline_of}</span></summary>\n'
    '  <ol class="timeline__list">\n'
    "    {entries}\n"
    "  </ol>\n"
    "</details>\n"
    "</article>\n"
)


@functools.lru_cache(maxsize=8)
def _texts(language):
    """The fixed words of an accreditation in ``language``, escaped, and the URLs of
    accreditation-body and standard pages around their slugs."""
    with translation.override(language):
        pages = ("accreditation_bodies:detail", "standards:detail")
        urls = {name: around_slug(name) for name in pages}
        words = {
            "ab": gettext("Accreditation body"),
            "accredited_to": gettext("Accredited to"),
            "standards": gettext("Standards in scope"),
            "sectors": gettext("IAF sectors"),
            "status": gettext("Status"),
            "granted": gettext("Granted"),
            "valid_until": gettext("Valid until"),
            "scope_document": gettext("Scope document"),
            "last_checked": gettext("Last checked"),
            "timeline": gettext("Timeline"),
            "none_listed": gettext("None listed"),
            "not_recorded": gettext("Not recorded"),
            "not_linked": gettext("Not linked"),
            "source": gettext("source"),
            "no_listed_standard": gettext(", for no listed standard"),
        }
        texts = {key: conditional_escape(word) for key, word in words.items()}
        article = ARTICLE
        for key, word in texts.items():
            article = article.replace(f"{{t[{key}]}}", word.replace("{", "{{").replace("}", "}}"))
        return {
            **texts,
            "article": article,
            "urls": urls,
            "status": status_labels(),
        }


def _url(texts, name, slug):
    before, after = texts["urls"][name]
    return f"{before}{slug}{after}"


def _message(translated, **values):
    """A translated message with escaped ``values``, as ``{% blocktranslate %}`` renders it."""
    return mark_safe(translated % {k: conditional_escape(v) for k, v in values.items()})


def _time(value):
    """``<time datetime="2025-03-03">3 March 2025</time>``."""
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), date_format(value, "DATE_FORMAT")
    )


@register.simple_tag
def accreditation_block(history, as_of):
    """One accreditation of a body page (``bodies.ondate.AccreditationHistory``), with how
    it stood on ``as_of``'s date when that is past."""
    language = translation.get_language()
    texts = _texts(language)
    accreditation = history.accreditation
    ab = accreditation.accreditation_body
    casco = accreditation.casco_standard
    current = accreditation.effective_status_on(as_of.today)
    country = format_html(" ({})", country_name(ab.country, language)) if ab.country else ""
    return format_html(
        texts["article"],
        pk=accreditation.pk,
        ab_url=_url(texts, "accreditation_bodies:detail", ab.slug),
        ab=ab.acronym,
        number=accreditation.number,
        badge=status_badge(current, texts["status"][current]),
        then=_then(history.then, as_of, texts) if history.then else "",
        ab_name=ab.name,
        country=country,
        recognition=format_html(" {}", recognition_tag(ab)) if ab.is_not_member else "",
        casco_url=_url(texts, "standards:detail", casco.slug),
        casco=casco.code,
        applies_to=casco.get_applies_to_display().lower(),
        standards=format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (_url(texts, "standards:detail", standard.slug), standard.code)
                for standard in accreditation.standards.all()
            ),
        )
        or texts["none_listed"],
        sectors=format_html_join(
            ", ",
            '<abbr title="{}">{}</abbr>',
            ((sector.name, sector.code) for sector in accreditation.sectors.all()),
        )
        or texts["none_listed"],
        status=texts["status"][current],
        recorded_as=(
            format_html(
                " {}",
                _message(
                    gettext("(recorded as %(status)s; past its valid-until date)"),
                    status=texts["status"][accreditation.status].lower(),
                ),
            )
            if current != accreditation.status
            else ""
        ),
        granted=_time(accreditation.granted_on)
        if accreditation.granted_on
        else texts["not_recorded"],
        valid_until=_time(accreditation.valid_until)
        if accreditation.valid_until
        else texts["not_recorded"],
        scope_document=(
            format_html(
                '<a href="{}" rel="nofollow noopener">{}</a>',
                accreditation.scope_document_url,
                _message(gettext("Scope at %(ab)s"), ab=ab.acronym),
            )
            if accreditation.scope_document_url
            else texts["not_linked"]
        ),
        freshness=_freshness(accreditation),
        timeline_of=_message(
            gettext("of %(ab)s %(number)s"), ab=ab.acronym, number=accreditation.number
        ),
        entries=format_html_join(
            "\n    ", "{}", ((_entry(entry, texts),) for entry in history.timeline)
        ),
    )


def _then(then, as_of, texts):
    """How the accreditation stood on the past date asked for."""
    scope = ""
    if then.status:
        scope = (
            _message(gettext(", for %(scope)s"), scope=", ".join(then.scope))
            if then.scope
            else texts["no_listed_standard"]
        )
    unsure = ""
    if then.unsure:
        unsure = format_html(
            " {}",
            _message(
                gettext(
                    "CertDir does not know when it became %(state)s (%(when)s): it may already "
                    "have been on that date."
                ),
                state=str(then.unsure.label).lower(),
                when=then.unsure.when,
            ),
        )
    return format_html(
        '<p class="accreditation__then">{}{}.{}</p>',
        _message(
            gettext('On <time datetime="%(iso)s">%(date)s</time>: <strong>%(state)s</strong>'),
            iso=as_of.on.isoformat(),
            date=as_of.label,
            state=then.label.lower(),
        ),
        scope,
        unsure,
    )


def _freshness(accreditation):
    """When the record was last checked against the accreditation body's register; flagged
    after 12 months (``Accreditation.is_stale``)."""
    ab = accreditation.accreditation_body.acronym
    checked = accreditation.last_verified_on
    if not checked:
        return format_html(
            '<strong class="flag flag--stale">{}</strong>',
            _message(gettext("Not checked against %(ab)s’s register yet"), ab=ab),
        )
    date = date_format(checked, "DATE_FORMAT")
    line = _message(
        gettext(
            'Last checked against %(ab)s’s register on <time datetime="%(iso)s">%(date)s</time>'
        ),
        ab=ab,
        iso=checked.isoformat(),
        date=date,
    )
    if not accreditation.is_stale:
        return line
    return format_html(
        '{} <strong class="flag flag--stale">{}</strong>',
        line,
        _message(gettext("Not checked since %(date)s: over 12 months ago"), date=date),
    )


def _entry(entry, texts):
    """One line of a timeline (``accreditation.timeline.Entry``)."""
    if entry.effective_on:
        when = _time(entry.effective_on)
    else:
        when = _message(
            gettext('Date not on record (by <time datetime="%(iso)s">%(date)s</time>)'),
            iso=entry.known_by.isoformat(),
            date=date_format(entry.known_by, "DATE_FORMAT"),
        )
    explanation = entry.explanation
    return format_html(
        "<li>{}: {}{}{}</li>",
        when,
        entry.what,
        format_html(". {}", explanation) if explanation else "",
        format_html(
            ' (<a href="{}" rel="nofollow noopener">{}</a>)', entry.source_url, texts["source"]
        )
        if entry.source_url
        else "",
    )
