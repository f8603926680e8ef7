"""One search page: results from the index, facets, a page of bodies and the links around them."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_countries import countries

from bodies.models import CertificationBody
from bodies.text import search_words
from search import sql
from search.criteria import FILTER_PARAMS, STATUS_CHOICES
from search.facets import FacetResult, build_facets
from search.filters import BodyFilterSet
from search.indexes import index_for_version
from search.reference import reference_for_version

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A paginator told its count, because the facet query already computed it."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class BodiesInOrder:
    """The bodies with the given primary keys, in that order, fetched a slice at a time.

    Each accreditation gets ``scope_standards`` and ``recognised`` (by scope) from the
    search index and the reference data, which hold them already: two queries a page.
    """

    def __init__(self, ids, index, standards_by_pk):
        self.ids = ids
        self.index = index
        self.standards_by_pk = standards_by_pk

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, item):
        ids = self.ids[item].tolist()
        bodies = CertificationBody.objects.filter(pk__in=ids).for_list().in_bulk()
        # A body deleted since the index was read is simply left out of this page.
        page = [bodies[pk] for pk in ids if pk in bodies]
        accreditations = [a for body in page for a in body.accreditations.all()]
        scope = self.index.scope_standard_ids([a.pk for a in accreditations])
        recognised = self.index.recognised_ids([a.pk for a in accreditations])
        for accreditation in accreditations:
            accreditation.recognised = accreditation.pk in recognised
            accreditation.scope_standards = sorted(
                (self.standards_by_pk[pk] for pk in scope.get(accreditation.pk, ())),
                key=lambda standard: standard.code,
            )
        return page


@dataclass(frozen=True)
class IgnoredNote:
    """An ignored value as the page tells it, with the link to its suggestion."""

    item: object
    suggestion_url: str

    def __getattr__(self, name):
        return getattr(self.item, name)


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


class SearchPage:
    """What the search page shows for one parsed search (a bound ``BodyFilterSet``)."""

    def __init__(self, filterset, *, version=None):
        self.filterset = filterset
        self.search = filterset.search
        self.criteria = self.search.criteria
        self.today = filterset.today
        self.version = version

    @classmethod
    def from_params(cls, params, *, today=None, version=None):
        """The page for a query string's parameters (a QueryDict)."""
        reference = reference_for_version(version)
        return cls(BodyFilterSet(params, reference=reference, today=today), version=version)

    @cached_property
    def ignored(self):
        """The ignored values, each with a link to the search with its suggestion instead."""
        return [
            IgnoredNote(item, self._with(item.param, item.suggestion) if item.suggestion else "")
            for item in self.search.ignored
        ]

    def _with(self, param, value):
        """This search with ``value`` added to ``param`` (in place of it, for one-value ones)."""
        values = self.query_dict.getlist(param)
        many = param in ("standard", "casco", "ab", "sector", "country")
        return self.url(**{param: [*values, value] if many else value, "page": None})

    @property
    def ignored_more(self):
        return self.search.ignored_more

    @property
    def query(self):
        return self.criteria.text

    @property
    def raw_page(self):
        return self.search.page

    @property
    def sort_by(self):
        return self.search.sort_by

    @cached_property
    def index(self):
        return index_for_version(self.version)

    # What ``release`` drops: the index and the arrays worked out from it.
    _ARRAYS = ("index", "_text", "_indexed", "page")

    def release(self):
        """Let go of the index and the search's arrays, once the page is rendered.

        A rendered template's context is a reference cycle (Django's ``ContextDict``
        refers back to its context), freed only by the collector's next full pass: at a
        million bodies a worker kept 25 MiB of searches' arrays (each search's ordered
        results up to 8 MB) that way, and an index replaced after a write.
        """
        for name in self._ARRAYS:
            self.__dict__.pop(name, None)

    @cached_property
    def _text(self):
        """The text's (mask over the index, relevance, bodies holding every typed word or
        None), or (None, None, None) without text: one query."""
        if not self.query:
            return None, None, None
        extra = self._understood_words
        key = (self.query, None if extra is None else tuple(extra))
        return self.index.text(key, lambda: self._read_text(extra))

    def _read_text(self, extra):
        """(pks, relevance, literal count) of the bodies matching the text: one query."""
        # Unordered: the index orders; sorting 40,000 names for "cert" took most of the query.
        bodies = sql.with_relevance(
            sql.text_matching(CertificationBody.objects.order_by(), self.query), self.query
        )
        if extra is not None:
            # The literal reading's count in the same query: it matches a subset of these.
            bodies = sql.with_words(bodies, extra)
        pks, relevance, held = sql.text_match_arrays(bodies)
        return pks, relevance, None if extra is None else int(held.sum())

    @cached_property
    def _understood_words(self):
        """The typed words the search took as filters, where the text it kept holds the
        other typed words (so the literal reading's bodies are among the text's); else None."""
        if not self.understood:
            return None
        typed, kept = search_words(self.understood_from), set(search_words(self.query))
        if not kept <= set(typed):
            return None
        return [word for word in typed if word not in kept]

    @property
    def text_mask(self):
        """The bodies whose text matches the search's words (None without text)."""
        return self._text[0]

    @cached_property
    def _indexed(self):
        """The results (ordered primary keys) and facet counts, from the search index."""
        index = self.index
        text_mask, relevance, _ = self._text
        mask, counts = index.search(self.today, self.criteria, text_mask)
        return index.ordered_ids(mask, self.sort_by, relevance), counts

    def ordered_ids_and_counts(self):
        """The matching bodies' primary keys in the search's order, and the facet counts."""
        # For outputs that page by position themselves (the API's cursors).
        return self._indexed

    @cached_property
    def facet_result(self):
        _, counts = self._indexed
        return FacetResult(total=counts.total, facets=build_facets(self.filterset, counts))

    def results(self):
        """The matching bodies in the requested order (all of them, unpaginated), in SQL."""
        return self.filterset.qs

    @cached_property
    def page(self):
        ids, counts = self._indexed
        paginator = CountedPaginator(
            BodiesInOrder(ids, self.index, self.filterset.reference.standards_by_pk),
            PAGE_SIZE,
            count=counts.total,
        )
        return paginator.get_page(self.raw_page)

    @property
    def page_was_adjusted(self):
        return bool(self.raw_page) and self.raw_page != str(self.page.number)

    @cached_property
    def query_dict(self):
        """The canonical search as a QueryDict, for ``{% querystring %}`` (page links)."""
        params = QueryDict(mutable=True)
        for name, value in self.search.params():
            if name != "page":
                params.appendlist(name, value)
        return params

    def url(self, **changes):
        """The query string of this search with ``changes`` (a value of None drops the key)."""
        params = {key: self.query_dict.getlist(key) for key in self.query_dict}
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value if isinstance(value, list) else [value]
        order = {name: n for n, name in enumerate((*FILTER_PARAMS, "q", "literal", "sort"))}
        keys = sorted(params, key=lambda key: order.get(key, len(order)))
        query = urlencode([(k, v) for k in keys for v in params[k]])
        return f"?{query}" if query else "?"

    def _without(self, param, value):
        remaining = [v for v in self.query_dict.getlist(param) if v != value]
        return self.url(**{param: remaining or None})

    @cached_property
    def chips(self):
        """Removable labels for every active filter, the text query first."""
        criteria = self.criteria
        chips = []
        if self.query:
            chips.append(Chip(_("Text: “%(text)s”") % {"text": self.query}, self.url(q=None)))
        labelled = [
            *(
                ("standard", s.slug, _("Standard: %(code)s") % {"code": s.code})
                for s in criteria.standards
            ),
            *(
                ("casco", s.slug, _("Kind of body: %(code)s") % {"code": s.code})
                for s in criteria.cascos
            ),
            *(
                ("ab", ab.slug, _("Accreditation body: %(ab)s") % {"ab": ab.acronym})
                for ab in criteria.accreditation_bodies
            ),
            *(
                ("sector", str(code), _("IAF sector %(code)s") % {"code": code})
                for code in criteria.sectors
            ),
            *(
                ("country", code, _("Country: %(name)s") % {"name": countries.name(code)})
                for code in criteria.countries
            ),
        ]
        if criteria.status:
            status = dict(STATUS_CHOICES)[criteria.status]
            labelled.append(
                ("status", criteria.status, _("Status: %(status)s") % {"status": status})
            )
        if criteria.recognised:
            labelled.append(
                ("recognised", "yes", _("Recognised for its scope (IAF MLA / ILAC MRA)"))
            )
        if criteria.expires:
            labelled.append(
                (
                    "expires",
                    criteria.expires,
                    _("Valid until: %(month)s") % {"month": criteria.expires},
                )
            )
        if criteria.granted:
            labelled.append(
                ("granted", criteria.granted, _("Granted in %(year)s") % {"year": criteria.granted})
            )
        chips += [Chip(label, self._without(param, value)) for param, value, label in labelled]
        return chips

    @property
    def kept_params(self):
        """Filters the page has no control for, which its form must send again."""
        return [(k, v) for k, v in self.criteria.filter_params() if k in ("expires", "granted")]

    @property
    def understood(self):
        return self.search.understood

    @property
    def understood_from(self):
        return self.search.understood_from

    @property
    def literal_url(self):
        """The search for the typed words only, nothing understood."""
        return "?" + urlencode(self.search.literal_params)

    @cached_property
    def literal_count(self):
        """Bodies whose names, city or numbers hold every typed word (counted by the text's
        query where the search kept text, else one query)."""
        if not self.understood:
            return 0
        if self._text[2] is not None:
            return self._text[2]
        return sql.text_matching(CertificationBody.objects.all(), self.understood_from).count()

    @cached_property
    def did_you_mean(self):
        """[(name, search URL)] of bodies named like the text, when the text itself (whatever
        the filters) matches no body."""
        if not self.query or self.facet_result.total or self.text_mask.any():
            return []
        return [
            (name, "?" + urlencode([("q", name), ("literal", "yes")]))
            for name in sql.similar_names(self.query)
        ]

    @property
    def clear_url(self):
        return self.url(**dict.fromkeys(FILTER_PARAMS))

    @property
    def has_filters(self):
        return self.criteria.has_filters

    @property
    def export_url(self):
        return self.url(page=None)
