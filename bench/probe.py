"""The benchmark's Django side, run by ``bench/run`` against one database (``DATABASE_URL``).

    probe.py streams --searches 300 --popular 60 --out FILE   search URLs (JSON)
    probe.py bodies --count 300 --popular 60 --warmup 10 --out FILE   body page URLs
    probe.py queries --urls FILE --cold 60 --out FILE   SQL queries, results per search URL

Search URLs are drawn deterministically from the database's reference data and from the
words of its body names and cities, so the same database gives the same stream; every
URL in a stream is a distinct page to the page cache, whose key is the parsed search.
"""

import argparse
import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
STREAM_SEED = 2026
# Share of each kind of search in the uncached stream (sums to 1).
MIX = {
    "text": 0.24,
    "filter": 0.20,
    "combined": 0.26,
    "sort": 0.08,
    "deep page": 0.12,
    "empty": 0.10,
}
STATUSES = ["accredited", "suspended", "withdrawn", "expired", "unaccredited"]
SORTS = ["relevance", "name", "country", "updated"]
# Letter strings no body name or number contains: searches that find nothing.
NONSENSE = [
    "qzxv", "zzyzx", "xylqph", "wqkjz", "plvmxq", "jjqxw", "kqzzt", "vxqjb", "qwfpgj", "zxqv",
    "bzzqk", "xkcdq", "qqvv", "mxzq", "fjqz", "yzqx", "hqxz", "gqzv", "zqpx", "vqzk",
]  # fmt: skip
WORD = re.compile(r"[^\W\d_]{4,}")


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    import django

    django.setup()


def sample(rng, items, k):
    return rng.sample(items, min(k, len(items)))


def search_url(*pairs):
    return "/bodies/?" + urlencode(pairs)


class Pool:
    """What the streams are drawn from, read once from the database, in a stable order."""

    def __init__(self):
        from django.db.models import Count

        from accreditation.models import Accreditation, AccreditationBody, Standard
        from bodies.models import CertificationBody

        standards = Standard.objects.order_by("slug")
        self.certifiable = [s.slug for s in standards if not s.is_casco]
        self.cascos = [s.slug for s in standards if s.is_casco]
        self.abs = list(
            AccreditationBody.objects.annotate(n=Count("accreditations"))
            .order_by("-n", "slug")
            .values_list("slug", flat=True)
        )
        self.countries = list(
            CertificationBody.objects.values("country")
            .annotate(n=Count("pk"))
            .order_by("-n", "country")
            .values_list("country", flat=True)
        )
        words, cities, names = Counter(), Counter(), []
        for name, city in CertificationBody.objects.order_by("pk").values_list("name", "city"):
            names.append(name)
            words.update(WORD.findall(name))
            if city:
                cities[city] += 1
        ranked = sorted(words, key=lambda w: (-words[w], w))
        self.common_words = ranked[:40]
        self.mid_words = ranked[len(ranked) // 4 : len(ranked) // 4 + 40]
        self.rare_words = sorted(w for w in ranked if words[w] <= 2)
        self.cities = sorted(cities, key=lambda c: (-cities[c], c))
        self.names = names
        self.numbers = list(Accreditation.objects.order_by("pk").values_list("number", flat=True))


def candidates(pool, rng):
    """Candidate search URLs by kind of search, more of each than a stream needs."""
    pick = rng.choice
    big_filters = [
        (),
        (("standard", pool.certifiable[0]),),
        (("status", "accredited"),),
        (("casco", pool.cascos[0]),),
        (("country", pool.countries[0]),),
        (("ab", pool.abs[0]),),
    ]
    if "iso-9001" in pool.certifiable:
        big_filters[1] = (("standard", "iso-9001"),)
    if "iso-iec-17021-1" in pool.cascos:
        big_filters[3] = (("casco", "iso-iec-17021-1"),)
    kinds = {kind: [] for kind in MIX}

    text = kinds["text"]
    for words in (pool.common_words, pool.mid_words):
        text += [search_url(("q", w)) for w in words]
    text += [search_url(("q", w)) for w in sample(rng, pool.rare_words, 40)]
    text += [search_url(("q", w.lower()[:4])) for w in pool.common_words[:20]]  # prefixes
    text += [search_url(("q", c)) for c in pool.cities[:30]]
    for name in sample(rng, pool.names, 40):
        words = WORD.findall(name)
        if len(words) >= 2:
            text.append(search_url(("q", " ".join(sample(rng, words, 2)))))
        text.append(search_url(("q", name)))
    text += [search_url(("q", n)) for n in sample(rng, pool.numbers, 30)]

    filters = kinds["filter"]
    filters += [search_url(("standard", s)) for s in pool.certifiable]
    filters += [search_url(("casco", s)) for s in pool.cascos]
    filters += [search_url(("ab", s)) for s in pool.abs[:25]]
    filters += [search_url(("country", c)) for c in pool.countries[:25]]
    filters += [search_url(("sector", str(code))) for code in range(1, 40)]
    filters += [search_url(("status", s)) for s in STATUSES]

    combined = kinds["combined"]
    for _ in range(400):
        shape = rng.randrange(10)
        if shape == 0:
            pairs = [("standard", pick(pool.certifiable)), ("country", pick(pool.countries[:20]))]
        elif shape == 1:
            pairs = [("standard", pick(pool.certifiable)), ("status", pick(STATUSES))]
        elif shape == 2:
            pairs = [("casco", pick(pool.cascos)), ("ab", pick(pool.abs[:30]))]
        elif shape == 3:
            pairs = [("standard", pick(pool.certifiable)), ("sector", str(rng.randint(1, 39)))]
        elif shape == 4:
            pairs = [("standard", s) for s in sample(rng, pool.certifiable, 2)]
        elif shape == 5:
            pairs = [("country", c) for c in sample(rng, pool.countries[:20], 2)]
        elif shape == 6:
            pairs = [
                ("standard", pick(pool.certifiable)),
                ("casco", pick(pool.cascos)),
                ("ab", pick(pool.abs[:20])),
                ("status", pick(STATUSES)),
            ]
        elif shape == 7:
            pairs = [("q", pick(pool.common_words)), ("standard", pick(pool.certifiable))]
        elif shape == 8:
            pairs = [("q", pick(pool.mid_words)), ("country", pick(pool.countries[:20]))]
        else:
            pairs = [
                ("ab", pick(pool.abs[:20])),
                ("sector", str(rng.randint(1, 39))),
                ("status", pick(STATUSES)),
                ("country", pick(pool.countries[:20])),
            ]
        combined.append(search_url(*pairs))

    sort = kinds["sort"]
    for _ in range(100):
        base = pick([*big_filters, (("q", pick(pool.common_words)),)])
        sort.append(search_url(*base, ("sort", pick(SORTS))))

    deep = kinds["deep page"]
    for base in big_filters:
        for page in (20, 50, 100, 200, 400, 99999):
            deep.append(search_url(*base, ("page", str(page))))
            deep.append(search_url(*base, ("sort", pick(SORTS[1:])), ("page", str(page))))

    empty = kinds["empty"]
    for word in NONSENSE:
        empty.append(search_url(("q", word)))
        empty.append(search_url(("q", word), ("standard", pick(pool.certifiable))))
        empty.append(search_url(("q", f"{pick(pool.common_words)} {word}")))
    for kind in kinds.values():
        rng.shuffle(kind)
    return kinds


def quotas(count):
    """How many URLs of each kind a stream of ``count`` takes (each kind at least one)."""
    wanted = {kind: max(1, round(share * count)) for kind, share in MIX.items()}
    while sum(wanted.values()) > count:
        wanted[max(wanted, key=wanted.get)] -= 1
    while sum(wanted.values()) < count:
        wanted[min(wanted, key=wanted.get)] += 1
    return wanted


def search_stream(pool, count, rng, taken):
    """``count`` distinct search URLs of every kind, interleaved so any prefix mixes them."""
    from django.test.client import RequestFactory

    from accreditation.models import DirectoryVersion
    from search.views import BodyListView

    factory, version = RequestFactory(), DirectoryVersion.current()

    def cache_variant(url):
        """The search page's part of the page cache key: URLs equal in it share a page."""
        request = factory.get(url)
        request.directory_version = version
        return BodyListView.page_cache_variant(request)

    by_kind = candidates(pool, rng)
    chosen = {kind: [] for kind in by_kind}
    for kind, quota in quotas(count).items():
        for url in by_kind[kind]:
            key = cache_variant(url)
            if len(chosen[kind]) < quota and key not in taken:
                taken.add(key)
                chosen[kind].append(url)
    stream = []
    while any(chosen.values()):
        for kind, urls in chosen.items():
            if urls:
                stream.append({"kind": kind, "url": urls.pop(0)})
    return stream


def popular_searches(pool, count):
    """A fixed mix of searches many people ask: single filters, pairs, common words, page 2."""
    urls = [search_url(("standard", s)) for s in pool.certifiable]
    urls += [search_url(("country", c)) for c in pool.countries[:12]]
    urls += [search_url(("casco", s)) for s in pool.cascos[:4]]
    urls += [search_url(("ab", s)) for s in pool.abs[:8]]
    urls += [search_url(("status", "accredited"))]
    urls += [
        search_url(("standard", s), ("country", c))
        for s in pool.certifiable[:4]
        for c in pool.countries[:3]
    ]
    urls += [search_url(("q", w)) for w in pool.common_words[:10]]
    urls += [search_url(("standard", s), ("page", "2")) for s in pool.certifiable[:4]]
    urls += [search_url(("page", str(p))) for p in range(1, 11)]
    urls = list(dict.fromkeys(urls))
    return [{"kind": "popular", "url": url} for url in urls[:count]]


def cmd_streams(args):
    pool = Pool()
    rng = random.Random(STREAM_SEED)
    stream = search_stream(pool, args.searches, rng, set())
    result = {"searches": stream, "popular": popular_searches(pool, args.popular)}
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")


def cmd_bodies(args):
    from bodies.models import CertificationBody

    slugs = list(CertificationBody.objects.order_by("pk").values_list("slug", flat=True))
    wanted = args.count + args.popular + args.warmup
    # Evenly spaced over the primary keys, so every era and shape of seeded body is in.
    spread = [slugs[i * len(slugs) // wanted] for i in range(min(wanted, len(slugs)))]
    random.Random(STREAM_SEED).shuffle(spread)
    urls = [f"/bodies/{slug}/" for slug in dict.fromkeys(spread)]
    warmup, rest = urls[: args.warmup], urls[args.warmup :]
    result = {
        "warmup": warmup,
        "stream": rest[: args.count],
        "popular": rest[args.count :] or rest[: args.popular],
    }
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")


def write_one_body():
    """A curator's write of one body, as bench/run's write phases do (this is a scratch copy):
    the triggers bump the directory version and log the change."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE bodies_certificationbody SET updated_at = now() "
            "WHERE id = (SELECT min(id) FROM bodies_certificationbody)"
        )


def cmd_queries(args):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.client import RequestFactory
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from certdir.cache import page_cache_key
    from search.views import BodyListView

    setup_test_environment()  # so responses carry their template context
    # A page that fails is measured as a 500, as gunicorn would serve it, not a crash.
    client, factory = Client(raise_request_exception=False), RequestFactory()
    urls = json.loads(Path(args.urls).read_text(encoding="utf-8"))
    # A worker that has served a search, and brought its index forward once, before the
    # write: without this the first URL would count a fresh process's whole build, or
    # the recognition records its first patch reads once (a start, not a write).
    client.get("/bodies/?q=warm+up")
    write_one_body()
    client.get("/bodies/?q=warm+up+again")
    rows = []
    for position, item in enumerate(urls):
        url = item["url"]
        row = {**item}
        if position < args.cold:
            # The first search after a write: what is kept per directory version is brought forward.
            write_one_body()
            with CaptureQueriesContext(connection) as cold:
                client.get(url)
            row["queries_first_after_write"] = len(cold)
            # Forget the page just stored, so the count below is of a miss too. The variant
            # sets the request's directory version, read after the bump above.
            request = factory.get(url)
            variant = BodyListView.page_cache_variant(request)
            cache.delete(page_cache_key(request.path, request.directory_version, variant))
        with CaptureQueriesContext(connection) as warm:
            response = client.get(url)
        ok = response.status_code == 200 and response.context
        search = response.context.get("search") if ok else None
        row.update(
            status=response.status_code,
            x_cache=response.get("X-Cache"),
            queries=len(warm),
            # The number found, for the report; None if the page's context no longer says.
            results=getattr(getattr(search, "facet_result", None), "total", None),
        )
        rows.append(row)
    Path(args.out).write_text(json.dumps(rows, indent=1), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    streams = sub.add_parser("streams")
    streams.add_argument("--searches", type=int, default=300)
    streams.add_argument("--popular", type=int, default=60)
    streams.add_argument("--out", required=True)
    bodies = sub.add_parser("bodies")
    bodies.add_argument("--count", type=int, default=300)
    bodies.add_argument("--popular", type=int, default=60)
    bodies.add_argument("--warmup", type=int, default=10)
    bodies.add_argument("--out", required=True)
    queries = sub.add_parser("queries")
    queries.add_argument("--urls", required=True)
    queries.add_argument(
        "--cold", type=int, default=60, help="Also count the first URLs with an empty cache."
    )
    queries.add_argument("--out", required=True)
    args = parser.parse_args()
    setup_django()
    {"streams": cmd_streams, "bodies": cmd_bodies, "queries": cmd_queries}[args.command](args)


if __name__ == "__main__":
    main()
