"""The Elasticsearch backend without a server: its mapping, the documents
and queries it sends, how it reads answers, and the fallback to the embedded
index when the server cannot be reached. (With ELASTICSEARCH_URL set, the
contract tests in test_engine.py also run against a real server.)"""

import logging
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from elasticsearch import ConnectionError as ElasticsearchConnectionError

from search import engine, synonyms
from search.analysis import analyse
from search.backends.base import Filters
from search.backends.elasticsearch import ElasticsearchBackend, SearchItem, build_search
from search.documents import Document
from search.models import SearchDocument
from tests.jobs.helpers import DATABASE_TASKS, run_queued

UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def fresh_backends(monkeypatch):
    monkeypatch.setattr(engine, "_unavailable_until", {})
    engine._elasticsearch.cache_clear()
    yield
    engine._elasticsearch.cache_clear()


@pytest.fixture
def elasticsearch_down(settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5


def plan_for(query, terms=()):
    return analyse(query, synonyms.SynonymSet([list(terms)] if terms else []))


# --- Mapping and documents --------------------------------------------------


def test_mapping():
    properties = SearchItem._doc_type.mapping.to_dict()["properties"]
    assert properties["title"] == {"type": "text", "analyzer": "cjk", "fields": {"sort": {"type": "keyword"}}}
    assert properties["keywords"] == properties["body_text"] == {"type": "text", "analyzer": "cjk"}
    assert properties["names"] == properties["body"] == {"type": "text", "analyzer": "whitespace"}
    assert properties["keys"] == properties["kind"] == properties["themes"] == {"type": "keyword"}
    assert properties["window_id"] == properties["kind_order"] == {"type": "integer"}
    assert properties["online"] == {"type": "boolean"}
    assert properties["url"] == {"type": "keyword", "index": False}
    assert SearchItem._index._settings == {"number_of_shards": 1, "number_of_replicas": 0}


def test_document_is_sent_pre_segmented():
    document = Document(
        page_id=7, kind="guide", title="最低生活保障申请", url="/banshi/minzheng/mz-001/", code="MZ-001",
        keywords=["低保"], body=["申请低保，申请低保金。"], window_id=1, themes=["shehui-jiuzhu"],
        item_type="行政给付", online=True,
    )  # fmt: skip
    sent = SearchItem.from_document(document).to_dict(include_meta=True)
    assert sent["_id"] == 7
    source = sent["_source"]
    assert {"最低", "生活", "保障", "低保", "活保", "低"} <= set(source["names"].split())
    assert source["body"].split().count("申请") == 2 and "低保" in source["body"].split()
    assert {"=最低生活保障申请", "=低保", "=mz001", "py:di_bao", "=py:dibao", "in:db"} <= set(source["keys"])
    assert (source["kind_order"], source["window_id"], source["themes"], source["online"]) == (0, 1, ["shehui-jiuzhu"], True)
    assert source["body_text"] == "申请低保，申请低保金。"


# --- Queries ----------------------------------------------------------------


def test_query_dict():
    plan = plan_for("低保", ["最低生活保障", "低保"])
    body = build_search(plan, Filters(window=3, online=True), offset=10, limit=10).to_dict()

    should = body["query"]["bool"]["should"]
    assert body["query"]["bool"]["minimum_should_match"] == 1  # nothing else is required
    floor = [clause["match"] for clause in should if "match" in clause]
    assert floor == [
        {"title": {"query": "低保", "boost": 1.5, "_name": "text"}},
        {"keywords": {"query": "低保", "boost": 1.5, "_name": "text"}},
        {"body_text": {"query": "低保", "boost": 0.5, "_name": "text"}},
    ]
    (concept,) = [clause for clause in should if "bool" in clause]
    assert concept["bool"]["minimum_should_match"] == 1
    clauses = [clause["term"] for clause in concept["bool"]["should"]]
    assert {"names": {"value": "低保", "boost": 3.0, "_name": "text"}} in clauses
    assert {"body": {"value": "低保", "boost": 1.0, "_name": "text"}} in clauses
    assert {"keys": {"value": "py:di_bao", "boost": 0.2, "_name": "pinyin"}} in clauses
    # The whole query is a dictionary term: its synonyms weigh nearly as typed words, at query time.
    assert {"keys": {"value": "=最低生活保障", "boost": 4.0, "_name": "text"}} in clauses
    assert not any(clause.get("body", {}).get("value", "").startswith("b:") for clause in clauses)  # pairs: the floor
    (coverage,) = [clause["constant_score"] for clause in should if "constant_score" in clause]
    assert coverage == {"filter": concept, "boost": 1.0}
    whole = [clause["term"] for clause in should if "term" in clause]
    assert {"keys": {"value": "=低保", "boost": 30.0, "_name": "text"}} in whole  # the whole query is a name

    assert body["post_filter"] == {"bool": {"filter": [{"term": {"window_id": 3}}, {"term": {"online": True}}]}}
    # A facet counts with the other filters, not its own.
    assert body["aggs"]["window"]["filter"] == {"bool": {"filter": [{"term": {"online": True}}]}}
    assert body["aggs"]["window"]["aggs"] == {"values": {"terms": {"field": "window_id", "size": 100}}}
    assert body["aggs"]["theme"]["filter"] == body["post_filter"]
    assert body["sort"] == ["_score", {"kind_order": "asc"}, {"title.sort": "asc"}]
    assert (body["from"], body["size"], body["track_total_hits"]) == (10, 10, True)


def test_typed_terms_outweigh_expansions_in_the_query():
    plan = plan_for("给小孩上户口", ["出生登记", "上户口"])
    body = build_search(plan, Filters(), 0, 10).to_dict()
    (concept,) = [clause for clause in body["query"]["bool"]["should"] if "bool" in clause]
    boosts = {
        (field, term["value"]): term["boost"]
        for clause in concept["bool"]["should"]
        for field, term in clause["term"].items()
    }
    assert boosts[("names", "上户口")] > boosts[("names", "出生登记")]  # typed before expanded
    assert boosts[("keys", "=小孩上户口")] > boosts[("keys", "=出生登记")]
    floor = [clause["match"]["title"]["query"] for clause in body["query"]["bool"]["should"] if "title" in clause.get("match", {})]
    assert floor == ["小孩上户口"]  # the bigram floor: what was typed, without 给


def test_soft_coverage_one_concept_is_enough():
    plan = plan_for("农村 盖房子")
    body = build_search(plan, Filters(), 0, 10).to_dict()
    should = body["query"]["bool"]["should"]
    assert body["query"]["bool"]["minimum_should_match"] == 1
    assert len([clause for clause in should if "constant_score" in clause]) == 2  # one bonus per concept
    assert "post_filter" not in body
    assert body["aggs"]["window"]["filter"] == {"match_all": {}}


# --- Reading answers (a stand-in client) ------------------------------------


def answer(hits=(), matched=0):
    buckets = {
        "window": [{"key": 1, "doc_count": 2}],
        "theme": [{"key": "shehui-jiuzhu", "doc_count": 2}],
        "type": [{"key": "行政给付", "doc_count": 2}],
        "online": [{"key": 1, "key_as_string": "true", "doc_count": 1}, {"key": 0, "key_as_string": "false", "doc_count": 1}],
    }
    aggregations = {name: {"doc_count": matched, "values": {"buckets": values}} for name, values in buckets.items()}
    aggregations["matched"] = {"doc_count": matched}
    return {
        "took": 1, "timed_out": False, "_shards": {"total": 1, "successful": 1, "failed": 0},
        "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": None, "hits": list(hits)},
        "aggregations": aggregations,
    }  # fmt: skip


def hit(page_id, title, matched_queries):
    source = {"kind": "guide", "title": title, "url": f"/g/{page_id}/", "code": f"MZ-00{page_id}", "window_id": 1,
              "themes": ["shehui-jiuzhu"], "item_type": "行政给付", "online": True, "keywords": ["低保"],
              "body_text": "第一段\n第二段"}  # fmt: skip
    return {"_index": "t", "_id": str(page_id), "_score": 9.5, "_source": source, "sort": [9.5, 0, title],
            "matched_queries": matched_queries}  # fmt: skip


class StandInClient:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def search(self, index, body, **params):
        self.requests.append(body)
        return SimpleNamespace(body=self.answers.pop(0))


def test_reads_hits_and_facets_in_one_request():
    backend = ElasticsearchBackend(UNREACHABLE, "t", 1)
    backend.client = StandInClient(
        answer([hit(1, "最低生活保障申请", ["pinyin"]), hit(2, "医疗救助申请", ["text", "pinyin"])], matched=2),
    )
    matches = backend.search(plan_for("低宝 农村"), Filters(), 0, 10)
    assert len(backend.client.requests) == 1
    assert matches.total == 2
    first, second = matches.matches
    assert (first.document.page_id, first.document.title, first.document.code, first.score) == (1, "最低生活保障申请", "MZ-001", 9.5)
    assert first.document.body == ["第一段", "第二段"] and first.document.keywords == ["低保"]
    assert not first.textual and second.textual  # the pinyin-only match brings a suggestion
    assert matches.facets == {
        "window": {1: 2}, "theme": {"shehui-jiuzhu": 2}, "type": {"行政给付": 2}, "online": {True: 1, False: 1},
    }  # fmt: skip


# --- Server down ------------------------------------------------------------


def test_search_falls_back_to_embedded_and_logs(guide, elasticsearch_down, caplog):
    with caplog.at_level(logging.WARNING, logger="search.engine"):
        results = engine.search("低保")
    assert results.backend == "embedded" and results.hits[0].code == "MZ-001"
    assert "unavailable" in caplog.text and "embedded" in caplog.text

    caplog.clear()
    engine.search("低保")  # within the retry delay: not tried again, not logged again
    assert caplog.text == ""


def test_index_updates_survive_a_server_that_is_down(guide, elasticsearch_down, caplog, django_capture_on_commit_callbacks):
    guide.title = "最低生活保障待遇申请"
    with caplog.at_level(logging.WARNING, logger="search.engine"), django_capture_on_commit_callbacks(execute=True) as callbacks:
        guide.save_revision().publish()
    assert callbacks and "rebuild_search_index" in caplog.text
    assert SearchDocument.objects.get(pk=guide.pk).title == "最低生活保障待遇申请"


def test_rebuild_reports_a_server_that_is_down(guide, elasticsearch_down):
    SearchDocument.objects.all().delete()
    with pytest.raises(CommandError, match="内置索引已重建"):
        call_command("rebuild_search_index", stdout=StringIO())
    assert SearchDocument.objects.filter(pk=guide.pk).exists()


class RecordingBackend:
    name = "recording"

    def __init__(self):
        self.calls = []

    def index(self, documents):
        self.calls.append(("index", [document.page_id for document in documents]))

    def remove(self, page_ids):
        self.calls.append(("remove", list(page_ids)))


def test_index_changes_reach_elasticsearch_once_committed(guide, monkeypatch, django_capture_on_commit_callbacks):
    mirror = RecordingBackend()
    monkeypatch.setattr(engine, "configured_backend", lambda: mirror)
    with django_capture_on_commit_callbacks() as callbacks:
        guide.save_revision().publish()
        guide.unpublish()
        guide.delete()
    assert mirror.calls == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert mirror.calls == [("index", [guide.pk]), ("remove", [guide.pk]), ("remove", [guide.pk])]


# --- Index jobs while the server is down --------------------------------------


class DownClient:
    """An Elasticsearch client whose server does not answer: every call raises
    the client's own connection error, as a refused connection does."""

    def __init__(self):
        self.calls = 0
        self.indices = self

    def _refuse(self, *args, **kwargs):
        self.calls += 1
        raise ElasticsearchConnectionError("Connection refused")

    exists = search = _refuse


@pytest.fixture
def server_down(monkeypatch):
    backend = ElasticsearchBackend(UNREACHABLE, "t", 1)
    backend.client = DownClient()
    monkeypatch.setattr(engine, "configured_backend", lambda: backend)
    return backend.client


@override_settings(TASKS=DATABASE_TASKS, TASKS_RETRY_DELAY=30)
def test_an_index_job_fails_and_is_retried_while_the_server_is_down(guide, server_down, monkeypatch, client, caplog):
    DBTaskResult.objects.all().delete()
    guide.title = "最低生活保障待遇申请"
    guide.save_revision().publish()
    job = DBTaskResult.objects.get(task_path="search.tasks.index_pages", args_kwargs__args=[[guide.pk]])
    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        run_queued(job)
    job.refresh_from_db()
    assert job.status == "FAILED" and job.exception_class_path == "search.backends.base.BackendUnavailable"
    assert server_down.calls == 1 and "will retry" in caplog.text
    retry = DBTaskResult.objects.get(status="READY", task_path="search.tasks.index_pages")
    assert retry.args_kwargs == {"args": [[guide.pk]], "kwargs": {"_attempt": 2}}
    assert SearchDocument.objects.get(pk=guide.pk).title == "最低生活保障待遇申请"  # the embedded index is current

    # Meanwhile a resident's search is answered, from the embedded index.
    response = client.get("/search/api/", {"q": "最低生活保障待遇"})
    assert response.status_code == 200 and response.json()["results"][0]["code"] == "MZ-001"
    assert server_down.calls == 2

    # The server is back: the retry sends the change.
    mirror = RecordingBackend()
    monkeypatch.setattr(engine, "configured_backend", lambda: mirror)
    run_queued(retry)
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL" and mirror.calls == [("index", [guide.pk])]
