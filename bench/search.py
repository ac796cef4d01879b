"""Site search: relevance on the demo data and on a development set of real
guides and questions, and latency beside stock Wagtail.

    python bench/search.py                         # about 5 minutes on 2 cores
    python bench/search.py --dev ../shared/eval-dev   # the development set only
    python bench/search.py --no-latency            # relevance on the demo data only

Runs in a throwaway SQLite database (never the project's own): migrates it,
loads the demo data, then

1. relevance: recall@3 and MRR (over the first 10 results) for every query of
   `bench/search_queries.json`, per kind of input and overall, for this
   engine and for stock Wagtail (`ServiceGuidePage.objects.live().search(q)`,
   database backend);
2. latency p50/p95 of the same queries with 50 and with 5,000 guides
   (generated from the demo guides' vocabulary), this engine's full answer
   (page 1 with facets and snippets) against stock Wagtail's (count and the
   first 10 results), interleaved so both see the same machine load.

With `--dev FOLDER` (a folder holding `corpus.json` and `queries.json`, as
`../shared/eval-dev/`), only that corpus is imported (no demo data) and every
question is scored for this engine, for BM25 over CJK character bigrams on the
same corpus (title ×3, Traditional folded: what Elasticsearch's `cjk` analyzer
gives with no dictionary) and for stock Wagtail. Use it to find mechanisms,
never to tune answers to its questions.

Prints figures; asserts nothing. Goals (issues #5, #14): demo recall@3 ≥ 0.95,
MRR ≥ 0.90; development set recall@3 ≥ 0.90, MRR ≥ 0.80 and every kind at least
as good as bigram BM25; latency p50 no worse than stock Wagtail at both sizes,
p95 under 100 ms at 5,000 guides.
"""

import argparse
import json
import math
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KEEP = os.environ.get("BENCH_DATABASE")  # a path: build the database there and keep it
DATABASE = Path(KEEP) if KEEP else Path(tempfile.mkdtemp(prefix="search-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings.dev")
os.environ.pop("ELASTICSEARCH_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from guides.importing import import_items, read_items  # noqa: E402
from guides.models import Material, ProcessStep, ServiceGuidePage, WindowIndexPage  # noqa: E402
from search import engine  # noqa: E402

QUERIES = json.loads((Path(__file__).with_name("search_queries.json")).read_text(encoding="utf-8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SIZES = (50, 5000)
ACTIONS = ["申请", "变更", "注销", "补办", "年审", "延续", "备案", "认定", "核发", "查询", "登记", "确认"]


def stock_search(query):
    results = ServiceGuidePage.objects.live().search(query)
    return results.count(), list(results[:10])


def engine_codes(query):
    return [hit.code for hit in engine.search(query).hits]


def stock_codes(query):
    return [guide.code for guide in stock_search(query)[1]]


def relevance(codes_for, queries=None):
    """{kind: (recall@3, MRR, n)} and the overall figures, plus the misses.
    Each query row has "query", "kind" and "expected" (a code or a list of codes)."""
    per_kind = defaultdict(list)
    misses = []
    for row in QUERIES if queries is None else queries:
        codes = codes_for(row["query"])[:10]
        wanted = row["expected"] if isinstance(row["expected"], list) else [row["expected"]]
        rank = next((i + 1 for i, code in enumerate(codes) if code in wanted), None)
        per_kind[row["kind"]].append(rank)
        if rank is None or rank > 3:
            misses.append((row["query"], row["expected"], rank, codes[:3]))
    figures = {kind: figures_of(ranks) for kind, ranks in per_kind.items()}
    figures["overall"] = figures_of([rank for ranks in per_kind.values() for rank in ranks])
    return figures, misses


def figures_of(ranks):
    recall = sum(1 for rank in ranks if rank and rank <= 3) / len(ranks)
    mrr = sum(1 / rank for rank in ranks if rank) / len(ranks)
    return recall, mrr, len(ranks)


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def latency():
    ours, stock = [], []
    for query in [row["query"] for row in QUERIES]:  # warm up both
        engine.search(query)
        stock_search(query)
    for _ in range(ROUNDS):
        for row in QUERIES:
            start = time.perf_counter()
            engine.search(row["query"])
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            stock_search(row["query"])
            stock.append((time.perf_counter() - start) * 1000)
    return ours, stock


def generate_guides(count):
    """`count` more guides, put together from the demo guides' titles,
    keywords, sentences and materials, spread over the windows."""
    rng = random.Random(5)
    demo = list(ServiceGuidePage.objects.live().prefetch_related("materials", "steps"))
    subjects = sorted({guide.title.split("（")[0] for guide in demo} | {k for g in demo for k in g.keyword_list})
    sentences = [s for g in demo for s in (g.summary + "。" + g.conditions).replace("\n", "。").split("。") if s.strip()]
    materials = [m.name for g in demo for m in g.materials.all()]
    parents = list(WindowIndexPage.objects.all())
    existing = ServiceGuidePage.objects.count()
    for n in range(existing + 1, existing + count + 1):
        template = rng.choice(demo)
        page = ServiceGuidePage(
            title=rng.choice(subjects) + rng.choice(ACTIONS),
            slug=f"gen-{n}",
            code=f"GEN-{n:05d}",
            item_type=template.item_type,
            online=rng.random() < 0.5,
            summary="。".join(rng.sample(sentences, 2)) + "。",
            conditions="\n\n".join(rng.sample(sentences, 3)),
            keywords="、".join(rng.sample(subjects, 2)),
            result=template.result,
        )
        page.materials = [Material(name=name, form="原件", copies=1) for name in rng.sample(materials, rng.randint(3, 6))]
        page.steps = [ProcessStep(name=step.name, actor=step.actor, days=step.days) for step in template.steps.all()]
        rng.choice(parents).add_child(instance=page)


def print_relevance(title, figures):
    print(f"\n{title}")
    print(f"  {'kind':<24}{'n':>4}{'recall@3':>10}{'MRR':>8}")
    for kind, (recall, mrr, n) in figures.items():
        print(f"  {kind:<24}{n:>4}{recall:>10.3f}{mrr:>8.3f}")


def print_side_by_side(columns):
    """{label: figures} as one table: recall@3 / MRR per kind for each label."""
    labels = list(columns)
    kinds = sorted({kind for figures in columns.values() for kind in figures} - {"overall"}) + ["overall"]
    print(f"  {'kind':<14}{'n':>4}" + "".join(f"{label:>22}" for label in labels))
    for kind in kinds:
        n = next(figures[kind][2] for figures in columns.values() if kind in figures)
        cells = "".join(f"{columns[label][kind][0]:>13.3f} {columns[label][kind][1]:>7.3f}" for label in labels)
        print(f"  {kind:<14}{n:>4}{cells}")
    print(f"  {'':<18}" + "".join(f"{'recall@3':>13} {'MRR':>7}" for _ in labels))


# --- The development set: real guides and questions -------------------------


def fold_bigrams(value):
    """CJK character bigrams (ASCII words whole) of Traditional-folded, lower-cased text."""
    from search.text import _opencc

    out = []
    for run in re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+", _opencc.convert(value).lower()):
        out += [run] if run.isascii() or len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    return out


def bigram_bm25(items):
    """Plain BM25 over character bigrams (title ×3), as the eval-dev script scores it."""

    def doc_text(item):
        parts = [item.get(key, "") for key in ("summary", "conditions", "window", "department", "result")]
        parts += [material["name"] for material in item.get("materials", [])]
        return (item["name"] + " ") * 3 + "\n".join(p if isinstance(p, str) else " ".join(p) for p in parts)

    docs = [Counter(fold_bigrams(doc_text(item))) for item in items]
    lengths = [sum(doc.values()) for doc in docs]
    average = sum(lengths) / len(lengths)
    df = Counter(term for doc in docs for term in doc)

    def codes(query):
        scores = []
        for doc, length in zip(docs, lengths, strict=True):
            score = 0.0
            for term in fold_bigrams(query):
                if term in doc:
                    idf = math.log(1 + (len(docs) - df[term] + 0.5) / (df[term] + 0.5))
                    score += idf * doc[term] * 2.5 / (doc[term] + 1.5 * (0.25 + 0.75 * length / average))
            scores.append(score)
        order = sorted(range(len(docs)), key=lambda i: -scores[i])
        return [items[i]["code"] for i in order[:10] if scores[i] > 0]

    return codes


def dev_set(folder, verbose):
    folder = Path(folder)
    items = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))["items"]
    queries = [
        {"query": row["q"], "kind": row["kind"], "expected": row["want"]}
        for row in json.loads((folder / "queries.json").read_text(encoding="utf-8"))
    ]
    import_items(read_items(str(folder / "corpus.json")))
    engine.rebuild()
    columns, misses = {}, {}
    columns["this engine"], misses["this engine"] = relevance(engine_codes, queries)
    columns["bigram BM25"], misses["bigram BM25"] = relevance(bigram_bm25(items), queries)
    columns["stock Wagtail"], _ = relevance(stock_codes, queries)
    print(f"\nDevelopment set {folder}: {len(items)} guides, {len(queries)} questions")
    print("(goal: recall@3 ≥ 0.90, MRR ≥ 0.80, every kind at least as good as bigram BM25)")
    print_side_by_side(columns)
    below = [
        kind for kind in columns["this engine"] if columns["this engine"][kind][0] < columns["bigram BM25"][kind][0]
    ]
    print("  kinds below bigram BM25:", ", ".join(below) or "none")
    if verbose:
        for query, expected, rank, top in misses["this engine"]:
            print(f"  miss: {query!r} expected {expected}, rank {rank}, top 3 {top}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", metavar="FOLDER", help="score the development set in FOLDER instead of the demo data")
    parser.add_argument("--no-latency", action="store_true", help="relevance only")
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    arguments = parser.parse_args()
    settings.DEBUG = False  # no query logging, as in production
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if arguments.dev:
        dev_set(arguments.dev, arguments.verbose)
        print(f"\nRun took {time.perf_counter() - start:.0f} s")
        return
    call_command("load_demo", stdout=StringIO())
    print(f"Throwaway database {DATABASE}; {len(QUERIES)} queries; engine backend: {engine.configured_backend().name}")

    ours, misses = relevance(engine_codes)
    stock, _ = relevance(stock_codes)
    print_relevance("Relevance on the demo data, this engine (goal: recall@3 ≥ 0.95, MRR ≥ 0.90)", ours)
    print_relevance("Relevance on the demo data, stock Wagtail database backend", stock)
    for query, expected, rank, top in misses:
        print(f"  miss: {query!r} expected {expected}, rank {rank}, top 3 {top}")
    if arguments.no_latency:
        print(f"\nRun took {time.perf_counter() - start:.0f} s")
        return

    print(f"\nLatency, {ROUNDS} rounds of every query (ms)")
    print(f"  {'guides':>7}  {'engine p50':>10} {'p95':>7}   {'stock p50':>9} {'p95':>7}   {'ratio p50':>9} {'p95':>6}")
    for size in SIZES:
        generate_guides(size - ServiceGuidePage.objects.count())
        engine.rebuild()
        ours_ms, stock_ms = latency()
        o50, o95 = percentile(ours_ms, 0.5), percentile(ours_ms, 0.95)
        s50, s95 = percentile(stock_ms, 0.5), percentile(stock_ms, 0.95)
        print(
            f"  {ServiceGuidePage.objects.count():>7}  {o50:>10.2f} {o95:>7.2f}   {s50:>9.2f} {s95:>7.2f}"
            f"   {o50 / s50:>8.2f}× {o95 / s95:>5.2f}×"
        )
    print(f"\nRun took {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    try:
        main()
    finally:
        if not KEEP:
            DATABASE.unlink(missing_ok=True)
            DATABASE.parent.rmdir()
