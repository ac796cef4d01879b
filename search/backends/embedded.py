"""The embedded backend: an inverted index in the site's own database
(`SearchDocument`, `SearchTerm`), scored in Python. Needs no server and works
the same on SQLite and PostgreSQL; it is also the fallback when Elasticsearch
cannot be reached, so it is always kept current.

Scoring: for each query term found, idf(term) × the term's query weight ×
its weight in the document (`search.analysis`), summed, plus
`COVERAGE_BONUS` for each concept of the query the document matches.
Coverage is a signal, never a filter: every document that matches any term
is a result, best first (down to `MIN_SHARE` of the best score, at most
`MAX_RESULTS`).
"""

import heapq
import json
import math
from collections import Counter, defaultdict

from django.db import connection, transaction

from ..analysis import COVERAGE_BONUS, Via, document_terms
from ..documents import Document
from ..models import KIND_ORDER, SearchDocument, SearchTerm
from .base import Match, Matches, SearchBackend

BATCH_SIZE = 2000
MAX_IN_LIST = 900
# In a large index, a term found in more than half the documents is skipped:
# its idf is below 0.7, it barely changes the order, and its postings are most
# of the reading. Small indexes (a township's own guides) keep every term.
PRUNE_FROM = 1000
MAX_DF_FRACTION = 0.5
# Matches scoring under this share of the best one are left out of the results
# and facets: a long question shares a common pair with most of a large index.
MIN_SHARE = 0.01
# At most this many matches are results (and counted in the facets): the best.
MAX_RESULTS = 500


def _rows(sql, terms):
    """Rows of `sql` (with {table} and {terms} placeholders) for `terms`, in
    batches under the databases' parameter limits. Plain SQL: the posting
    lists are the hot path, and the ORM's query building costs more than the
    reading for a long question's few hundred terms."""
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(terms), MAX_IN_LIST):
            batch = terms[start : start + MAX_IN_LIST]
            cursor.execute(sql.format(table=table, terms=", ".join(["%s"] * len(batch))), batch)
            yield from cursor.fetchall()


def _attributes(pks):
    """(pk, kind, title, window_id, themes, item_type, online) of these
    documents, in plain SQL (themes as stored: JSON text on SQLite). Reads
    every document when there are too many to list in one query."""
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    sql = f"SELECT page_id, kind, title, window_id, themes, item_type, online FROM {table}"
    with connection.cursor() as cursor:
        if len(pks) <= MAX_IN_LIST:
            cursor.execute(sql + f" WHERE page_id IN ({', '.join(['%s'] * len(pks))})", list(pks))
        else:
            cursor.execute(sql)
        return cursor.fetchall()


def ranking_score(score):
    """Scores equal to three significant digits count as a tie (then guides
    come first, then by title)."""
    return float(f"{score:.3g}")


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def index(self, documents):
        with transaction.atomic():
            SearchDocument.objects.filter(pk__in=[document.page_id for document in documents]).delete()
            SearchDocument.objects.bulk_create([self._row(document) for document in documents], batch_size=BATCH_SIZE)
            SearchTerm.objects.bulk_create(
                (
                    SearchTerm(document_id=document.page_id, term=term, weight=weight)
                    for document in documents
                    for term, weight in document_terms(document).items()
                ),
                batch_size=BATCH_SIZE,
            )

    def remove(self, page_ids):
        SearchDocument.objects.filter(pk__in=page_ids).delete()

    def clear(self):
        SearchTerm.objects.all().delete()
        SearchDocument.objects.all().delete()

    def search(self, plan, filters, offset, limit):
        scores, textual = self._score(plan)
        if not scores:
            return Matches(0, [], {})
        floor = max(scores.values()) * MIN_SHARE
        candidates = [pk for pk, score in scores.items() if score >= floor]
        if len(candidates) > MAX_RESULTS:
            candidates = heapq.nlargest(MAX_RESULTS, candidates, key=scores.__getitem__)
        candidates = set(candidates)

        facets = {"window": Counter(), "theme": Counter(), "type": Counter(), "online": Counter()}
        kept = []
        for pk, kind, title, window_id, themes, item_type, online in _attributes(candidates):
            if pk not in candidates:
                continue
            themes = json.loads(themes) if isinstance(themes, str) else themes
            online = None if online is None else bool(online)
            attributes = (window_id, themes, item_type, online)
            if filters.accepts(*attributes):
                kept.append((-ranking_score(scores[pk]), KIND_ORDER.get(kind, len(KIND_ORDER)), title, pk))
            if window_id is not None and filters.accepts(*attributes, skip="window"):
                facets["window"][window_id] += 1
            if filters.accepts(*attributes, skip="theme"):
                facets["theme"].update(themes)
            if item_type and filters.accepts(*attributes, skip="type"):
                facets["type"][item_type] += 1
            if online is not None and filters.accepts(*attributes, skip="online"):
                facets["online"][online] += 1
        kept.sort()

        page = [pk for *_, pk in kept[offset : offset + limit]]
        stored = {row.pk: row for row in SearchDocument.objects.filter(pk__in=page)}
        matches = [Match(self._document(stored[pk]), scores[pk], pk in textual) for pk in page]
        return Matches(len(kept), matches, facets)

    def _score(self, plan):
        """Per document: its score (coverage included), and the documents
        that matched text (not only pinyin)."""
        uses = defaultdict(list)  # term key → [(concept bitmask, query weight, textual)]
        for index, concept in enumerate(plan.concepts):
            for term in concept.terms.values():
                uses[term.key].append((1 << index, term.weight, term.via != Via.PINYIN))
        every_concept = (1 << len(plan.concepts)) - 1
        for term in plan.whole.terms.values():
            uses[term.key].append((every_concept, term.weight, term.via != Via.PINYIN))

        total = SearchDocument.objects.count()
        postings = defaultdict(list)
        for term, pk, weight in _rows("SELECT term, document_id, weight FROM {table} WHERE term IN ({terms})", list(uses)):
            postings[term].append((pk, weight))
        if not postings:
            return {}, set()
        if total >= PRUNE_FROM:  # skip the terms of more than half the documents
            rare = {term: found for term, found in postings.items() if len(found) <= MAX_DF_FRACTION * total}
            # A query of nothing but common words still finds them: its rarest terms.
            fewest = min(len(found) for found in postings.values())
            postings = rare or {term: found for term, found in postings.items() if len(found) == fewest}

        scores = defaultdict(float)
        covered = defaultdict(int)
        textual = set()
        for term, found in postings.items():
            idf = math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5))
            for mask, query_weight, is_text in uses[term]:
                factor = idf * query_weight
                for pk, weight in found:
                    scores[pk] += factor * weight
                    covered[pk] |= mask
                if is_text:
                    textual.update(pk for pk, _ in found)
        for pk, mask in covered.items():
            scores[pk] += COVERAGE_BONUS * bin(mask).count("1")
        return scores, textual

    @staticmethod
    def _row(document):
        return SearchDocument(
            page_id=document.page_id,
            kind=document.kind,
            title=document.title[:255],
            code=document.code or "",
            url=document.url or "",
            window_id=document.window_id,
            themes=list(document.themes),
            item_type=document.item_type or "",
            online=document.online,
            keywords=list(document.keywords),
            body="\n".join(document.body),
        )

    @staticmethod
    def _document(row):
        return Document(
            page_id=row.pk,
            kind=row.kind,
            title=row.title,
            url=row.url,
            code=row.code,
            keywords=row.keywords,
            body=row.body.splitlines(),
            window_id=row.window_id,
            themes=row.themes,
            item_type=row.item_type,
            online=row.online,
        )
