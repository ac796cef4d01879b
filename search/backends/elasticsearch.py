"""The Elasticsearch backend (elasticsearch-dsl), chosen when ELASTICSEARCH_URL is set.

Documents are indexed pre-segmented by `search.analysis`, so Elasticsearch
matches exactly the terms the embedded backend does: `names` and `body` hold
jieba words (plus character pairs for names) split on spaces, `keys` the
exact, prefix and pinyin keys. `title`, `keywords` and `body_text` are also
analysed with the built-in `cjk` analyzer (bigrams), for use outside this
site. Synonyms are expanded at query time by `search.analysis.analyse`, the
same code as for the embedded backend, so staff entries work at once.

Scoring is Elasticsearch's own BM25 per field, with the same query weights
and field weights (names ×3) as the embedded backend, in one request:

- the bigram floor: what was typed (question frames stripped), matched on the
  `cjk`-analysed title and keywords (×3) and body text, plain BM25 over
  character bigrams;
- each concept's terms, typed terms weighing more than expansions (synonyms,
  life events, pinyin), as `search.analysis` weighs them;
- soft coverage: a `constant_score` of `COVERAGE_BONUS` for each concept a
  document matches. Nothing is required but one matching clause.
"""

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.helpers import BulkIndexError, bulk
from elasticsearch_dsl import Boolean, Integer, Keyword, Q, Search, Text
from elasticsearch_dsl import Document as IndexDocument

from ..analysis import BODY_PAIR, COVERAGE_BONUS, NAME, NAME_WEIGHT, WEIGHTS, Via, document_fields
from ..documents import Document
from ..models import KIND_ORDER
from .base import BackendUnavailable, Match, Matches, SearchBackend

FACET_FIELDS = {"window": "window_id", "theme": "themes", "type": "item_type", "online": "online"}
SOURCE_FIELDS = ["kind", "title", "url", "code", "window_id", "themes", "item_type", "online", "keywords", "body_text"]
SPECIAL_PREFIXES = ("=", "^", "py:", "in:")


class SearchItem(IndexDocument):
    kind = Keyword()
    kind_order = Integer()
    title = Text(analyzer="cjk", fields={"sort": Keyword()})
    code = Keyword()
    url = Keyword(index=False)
    window_id = Integer()
    themes = Keyword()
    item_type = Keyword()
    online = Boolean()
    keywords = Text(analyzer="cjk")
    body_text = Text(analyzer="cjk")
    # Pre-segmented by search.analysis: the terms both backends share.
    names = Text(analyzer="whitespace")
    body = Text(analyzer="whitespace")
    keys = Keyword()

    class Index:
        name = "centre-search"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_document(cls, document):
        fields = document_fields(document)
        return cls(
            meta={"id": document.page_id},
            kind=document.kind,
            kind_order=KIND_ORDER.get(document.kind, len(KIND_ORDER)),
            title=document.title,
            code=document.code,
            url=document.url,
            window_id=document.window_id,
            themes=list(document.themes),
            item_type=document.item_type,
            online=document.online,
            keywords=list(document.keywords),
            body_text="\n".join(document.body),
            # Names are sets of tokens; their weight shows in the query boost.
            names=" ".join(sorted(fields.names)),
            body=" ".join(fields.body),
            keys=fields.keys,
        )


def term_clause(term):
    """One query term as an Elasticsearch clause on the field its form names."""
    textual = "text" if term.via != Via.PINYIN else "pinyin"
    if term.key.startswith(NAME):
        return Q("term", names={"value": term.key[len(NAME) :], "boost": term.weight * NAME_WEIGHT, "_name": textual})
    if term.key.startswith(SPECIAL_PREFIXES):
        return Q("term", keys={"value": term.key, "boost": term.weight, "_name": textual})
    return Q("term", body={"value": term.key, "boost": term.weight, "_name": textual})


def filter_clauses(filters, skip=None):
    clauses = []
    if filters.window is not None and skip != "window":
        clauses.append(Q("term", window_id=filters.window))
    if filters.theme is not None and skip != "theme":
        clauses.append(Q("term", themes=filters.theme))
    if filters.item_type is not None and skip != "type":
        clauses.append(Q("term", item_type=filters.item_type))
    if filters.online is not None and skip != "online":
        clauses.append(Q("term", online=filters.online))
    return clauses


def floor_clauses(plan):
    """BM25 over character bigrams of what was typed, through the `cjk`-analysed fields."""
    typed = " ".join(part for part in plan.typed if not part.isascii())
    if not typed:
        return []
    name_boost = WEIGHTS["pair"] * NAME_WEIGHT
    return [
        Q("match", title={"query": typed, "boost": name_boost, "_name": "text"}),
        Q("match", keywords={"query": typed, "boost": name_boost, "_name": "text"}),
        Q("match", body_text={"query": typed, "boost": WEIGHTS["body_pair"], "_name": "text"}),
    ]


def concept_clause(concept):
    """Any term of a concept; its body pairs are left to the bigram floor."""
    clauses = [term_clause(term) for term in concept.terms.values() if not term.key.startswith(BODY_PAIR)]
    return Q("bool", should=clauses, minimum_should_match=1)


def build_search(plan, filters, offset, limit):
    """The request for a plan: every document matching any clause, scored by
    the bigram floor, the concepts' terms and the coverage bonus."""
    concepts = [concept_clause(concept) for concept in plan.concepts]
    coverage = [Q("constant_score", filter=clause, boost=COVERAGE_BONUS) for clause in concepts]
    whole = [term_clause(term) for term in plan.whole.terms.values()]
    should = floor_clauses(plan) + concepts + coverage + whole
    search = Search().query(Q("bool", should=should, minimum_should_match=1))
    post_filter = filter_clauses(filters)
    if post_filter:
        search = search.post_filter(Q("bool", filter=post_filter))
    for facet, field in FACET_FIELDS.items():
        others = filter_clauses(filters, skip=facet)
        facet_filter = Q("bool", filter=others) if others else Q("match_all")
        search.aggs.bucket(facet, "filter", filter=facet_filter).bucket("values", "terms", field=field, size=100)
    search = search.sort("_score", {"kind_order": "asc"}, {"title.sort": "asc"}).source(SOURCE_FIELDS)
    return search.extra(track_total_hits=True)[offset : offset + limit]


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url, index_name, timeout):
        self.index_name = index_name
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)

    def index(self, documents):
        actions = ({**SearchItem.from_document(d).to_dict(include_meta=True), "_index": self.index_name} for d in documents)
        with unavailable_on_error():
            if not self.client.indices.exists(index=self.index_name):
                self._create()
            bulk(self.client, actions, refresh="wait_for")

    def remove(self, page_ids):
        actions = ({"_op_type": "delete", "_index": self.index_name, "_id": pk} for pk in page_ids)
        with unavailable_on_error():
            # A page that was never indexed answers 404: nothing to remove.
            bulk(self.client, actions, refresh="wait_for", raise_on_error=False)

    def clear(self):
        with unavailable_on_error():
            self.client.indices.delete(index=self.index_name, ignore_unavailable=True)
            self._create()

    def _create(self):
        SearchItem.init(index=self.index_name, using=self.client)

    def search(self, plan, filters, offset, limit):
        with unavailable_on_error():
            response = build_search(plan, filters, offset, limit).using(self.client).index(self.index_name).execute()
        facets = {
            facet: {bucket.key: bucket.doc_count for bucket in response.aggregations[facet]["values"].buckets}
            for facet in FACET_FIELDS
        }
        facets["online"] = {bool(key): count for key, count in facets["online"].items()}
        return Matches(response.hits.total.value, [self._match(hit) for hit in response.hits], facets)

    @staticmethod
    def _match(hit):
        source = hit.to_dict()
        document = Document(
            page_id=int(hit.meta.id),
            kind=source["kind"],
            title=source["title"],
            url=source["url"],
            code=source.get("code") or "",
            keywords=source.get("keywords", []),
            body=source.get("body_text", "").splitlines(),
            window_id=source.get("window_id"),
            themes=source.get("themes", []),
            item_type=source.get("item_type") or "",
            online=source.get("online"),
        )
        matched = set(getattr(hit.meta, "matched_queries", []) or [])
        return Match(document, hit.meta.score or 0.0, "text" in matched)


class unavailable_on_error:
    """Turns the client's connection and API errors into BackendUnavailable."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, (TransportError, ApiError, BulkIndexError)):
            raise BackendUnavailable(str(error)) from error
        return False
