"""One search of the directory: filters, facets, a page of results and the links around them."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property
from django_countries import countries

from bodies.facets import FacetResult, build_facets
from bodies.filters import STATUS_CHOICES, BodyFilter, Reference
from bodies.index import index_for_version
from bodies.models import CertificationBody

PAGE_SIZE = 25
FILTER_PARAMS = ("standard", "casco", "ab", "sector", "country", "status")


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

    Each accreditation gets ``scope_standards`` from the search index and the
    reference data, which hold them already: two queries a page.
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
        for accreditation in accreditations:
            accreditation.scope_standards = sorted(
                (self.standards_by_pk[pk] for pk in scope.get(accreditation.pk, ())),
                key=lambda standard: standard.code,
            )
        return page


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


class BodySearch:
    """The search page's state for one request's GET parameters."""

    def __init__(self, params, *, queryset=None, today=None, version=None):
        self.raw_page = params.get("page", "")
        self.today = today or timezone.localdate()
        self.version = version
        self.filterset = BodyFilter(
            params,
            queryset=queryset or CertificationBody.objects.all(),
            today=self.today,
            reference=Reference.load(version),
        )
        self.filterset.is_valid()
        self.params = self.filterset.data

    @property
    def ignored(self):
        return self.filterset.ignored

    @property
    def query(self):
        return self.filterset.query

    @cached_property
    def index(self):
        return index_for_version(self.version)

    @cached_property
    def _indexed(self):
        """The results (ordered primary keys) and facet counts, from the search index."""
        index = self.index
        criteria = {k: v for k, v in self.filterset.criteria.items() if k != "today"}
        relevance = text_mask = None
        if self.query:
            pairs = list(
                self.filterset.queryset.search(self.query)
                .with_relevance(self.query)
                .values_list("pk", "relevance")
            )
            text_mask = index.ids_mask([pk for pk, _ in pairs])
            relevance = index.relevance(pairs)
        mask, counts = index.search(
            self.today, criteria, self.filterset.selected_countries, text_mask
        )
        return index.ordered_ids(mask, self.filterset.sort_by, relevance), counts

    @cached_property
    def facet_result(self):
        _, counts = self._indexed
        return FacetResult(total=counts.total, facets=build_facets(self.filterset, counts))

    def results(self):
        """The matching bodies in the requested order (all of them, unpaginated), in SQL."""
        return self.filterset.ordered(self.filterset.qs)

    @cached_property
    def page(self):
        ids, counts = self._indexed
        standards_by_pk = {s.pk: s for s in self.filterset.reference.standards.values()}
        paginator = CountedPaginator(
            BodiesInOrder(ids, self.index, standards_by_pk),
            PAGE_SIZE,
            count=counts.total,
        )
        return paginator.get_page(self.raw_page)

    @property
    def page_was_adjusted(self):
        return bool(self.raw_page) and self.raw_page != str(self.page.number)

    def url(self, **changes):
        """The query string of this search with ``changes`` (a value of None drops the key)."""
        params = {key: self.params.getlist(key) for key in self.params}
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value if isinstance(value, list) else [value]
        query = urlencode([(k, v) for k, values in params.items() for v in values])
        return f"?{query}" if query else "?"

    def _without(self, param, value):
        remaining = [v for v in self.params.getlist(param) if v != value]
        return self.url(**{param: remaining or None})

    @cached_property
    def chips(self):
        """Removable labels for every active filter, the text query first."""
        reference = self.filterset.reference
        labels = {
            "standard": lambda v: f"Standard: {reference.standards[v].code}",
            "casco": lambda v: f"Kind of body: {reference.standards[v].code}",
            "ab": lambda v: f"Accreditation body: {reference.accreditation_bodies[v].acronym}",
            "sector": lambda v: f"IAF sector {v}",
            "country": lambda v: f"Country: {countries.name(v)}",
            "status": lambda v: f"Status: {dict(STATUS_CHOICES)[v]}",
        }
        chips = []
        if self.query:
            chips.append(Chip(f"Text: “{self.query}”", self.url(q=None)))
        for param in FILTER_PARAMS:
            for value in self.params.getlist(param):
                chips.append(Chip(labels[param](value), self._without(param, value)))
        return chips

    @property
    def clear_url(self):
        return self.url(**dict.fromkeys(FILTER_PARAMS))

    @property
    def has_filters(self):
        return any(self.params.getlist(param) for param in FILTER_PARAMS)

    @property
    def export_url(self):
        return self.url(page=None, sort=None)
