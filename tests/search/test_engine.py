"""The search engine against the demo data: every kind of input in
`../shared/spec/search-api.md`, ranking, facets, suggestions and synonyms.

The contract tests run on the embedded backend always, and on Elasticsearch
too when ELASTICSEARCH_URL points at a server (into a throwaway index)."""

import os

import pytest

from guides.models import RegulationIndexPage, RegulationPage, Theme, Window
from search import engine, registry
from search.backends.base import Filters
from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import Document
from search.models import Kind, Synonym

ES_TEST_INDEX = "centre-search-test"


@pytest.fixture(scope="module")
def elasticsearch_url(demo, django_db_blocker):
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch server to test against")
    backend = ElasticsearchBackend(url, ES_TEST_INDEX, 10)
    with django_db_blocker.unblock():
        engine.rebuild(backend)
    yield url
    backend.client.indices.delete(index=ES_TEST_INDEX, ignore_unavailable=True)


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request, demo, db, settings):
    settings.SEARCH_BACKEND = "embedded"
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
        settings.SEARCH_ELASTICSEARCH_INDEX = ES_TEST_INDEX
        settings.SEARCH_BACKEND = "elasticsearch"
    return request.param


@pytest.fixture
def embedded(demo, db, settings):
    settings.SEARCH_BACKEND = "embedded"


def search(query, backend, **kwargs):
    results = engine.search(query, **kwargs)
    assert results.backend == backend  # answered by the backend under test, not a fallback
    return results


def codes(results):
    return [hit.code for hit in results.hits]


# --- What residents type ----------------------------------------------------

SPEC_EXAMPLES = [
    # kind, query, the item it should find
    ("part of the official name", "生活保障", "MZ-001"),
    ("abbreviation", "低保", "MZ-001"),
    ("abbreviation", "新农合", "YB-001"),
    ("colloquial name", "准生证", "WJ-001"),
    ("old name", "再就业优惠证", "LD-002"),
    ("everyday words", "盖房子", "CJ-001"),
    ("everyday words", "生二胎", "WJ-001"),
    ("full pinyin", "dibao", "MZ-001"),
    ("full pinyin", "canjirenzheng", "MZ-005"),
    ("homophone typo", "低宝", "MZ-001"),
    ("Traditional characters", "殘疾人證", "MZ-005"),
    ("several words", "低保 要什么材料", "MZ-001"),
    ("a whole question", "农村盖房子要办什么手续", "CJ-001"),
]


@pytest.mark.parametrize("kind, query, expected", SPEC_EXAMPLES, ids=[f"{k}:{q}" for k, q, _ in SPEC_EXAMPLES])
def test_finds_the_item_for_each_kind_of_input(backend, kind, query, expected):
    results = search(query, backend)
    assert codes(results)[0] == expected, codes(results)


def test_exact_item_name_comes_first(backend):
    assert codes(search("出生登记", backend))[0] == "HJ-001"  # not 生育登记, which mentions it
    assert codes(search("生育登记", backend))[0] == "WJ-001"


def test_title_weighs_more_than_body(backend):
    results = search("医疗救助", backend)
    assert codes(results)[0] == "MZ-004"
    regulation = next(hit for hit in results.hits if hit.kind == "regulation")
    assert regulation.title == "社会救助暂行办法"  # its articles cover 医疗救助, but only in the body
    assert results.hits.index(regulation) > 0


def test_results_carry_what_the_page_shows(backend):
    hit = search("低保", backend).hits[0]
    assert (hit.code, hit.title, hit.kind, hit.window) == ("MZ-001", "最低生活保障申请", "guide", "民政窗口")
    assert hit.url.endswith("/mz-001/")
    assert "<mark>" in hit.snippet


def test_nothing_found(backend):
    results = search("火星移民", backend)
    assert results.total == 0 and results.hits == [] and results.suggestion is None


def test_pagination_keeps_total_and_moves_on(backend):
    first = search("身份证", backend)
    second = search("身份证", backend, page=2)
    assert first.total == second.total > 10
    assert len(first.hits) == 10 and second.hits
    assert not {hit.page_id for hit in first.hits} & {hit.page_id for hit in second.hits}


# --- Facets and filters -----------------------------------------------------


def test_facets_count_what_each_filter_would_find(backend):
    results = search("补贴", backend)
    windows = results.facets["window"]
    assert {value.label for value in windows} >= {"民政窗口", "农业综合服务窗口"}
    # Regulations have no window or type: the counts add up to the guides found.
    guides = sum(value.count for value in windows)
    assert guides == sum(value.count for value in results.facets["type"]) < results.total
    assert [value.count for value in windows] == sorted((value.count for value in windows), reverse=True)
    for value in windows:
        assert search("补贴", backend, filters=Filters(window=value.id)).total == value.count
    for value in results.facets["theme"]:
        assert search("补贴", backend, filters=Filters(theme=value.id)).total == value.count
    for value in results.facets["type"]:
        assert search("补贴", backend, filters=Filters(item_type=value.id)).total == value.count


def test_window_filter_keeps_other_windows_countable(backend):
    minzheng = Window.objects.get(name="民政窗口")
    results = search("补贴", backend, filters=Filters(window=minzheng.pk))
    assert results.hits and all(hit.window == "民政窗口" for hit in results.hits)
    values = {value.label: value for value in results.facets["window"]}
    assert values["民政窗口"].selected and values["民政窗口"].count == results.total
    assert values["农业综合服务窗口"].count >= 2  # still offered, to switch to


def test_theme_type_and_online_filters(backend):
    theme = Theme.objects.get(name="养老服务")
    by_theme = search("补贴", backend, filters=Filters(theme=theme.slug))
    assert by_theme.total and {hit.code for hit in by_theme.hits} <= {"MZ-007", "WJ-004", "MZ-002", "MZ-006", "LD-003", "LD-004"}
    by_type = search("登记", backend, filters=Filters(item_type="行政确认"))
    assert by_type.total and "HJ-001" in codes(by_type) and "WJ-001" not in codes(by_type)
    online = search("登记", backend, filters=Filters(online=True))
    assert online.total and all(code != "HJ-005" for code in codes(online))  # 死亡注销户口 is not online
    assert online.online_count == online.total


# --- Suggestions and synonyms -----------------------------------------------


@pytest.mark.parametrize("query", ["dibao", "低宝"])
def test_suggestion_for_pinyin_and_typos(backend, query):
    assert search(query, backend).suggestion == "最低生活保障申请"


def test_no_suggestion_when_the_words_match(backend):
    assert search("低保", backend).suggestion is None
    assert search("准生证", backend).suggestion is None  # a synonym, not a typo


def test_staff_synonym_is_in_force_at_once(backend):
    assert "ZH-001" not in codes(search("黑心东家", backend))
    entry = Synonym.objects.create(terms="黑心东家", expansions="法律援助")
    assert codes(search("黑心东家", backend))[0] == "ZH-001"
    entry.active = False
    entry.save()
    assert "ZH-001" not in codes(search("黑心东家", backend))


# --- Ranking ties -----------------------------------------------------------


def test_guide_before_regulation_on_equal_relevance(embedded, import_guides, full_item):
    regulations = RegulationIndexPage.objects.get()
    regulation = regulations.add_child(instance=RegulationPage(title="同名测试事项", slug="same-name"))
    regulation.save_revision().publish()  # created first: ordering by id would put it first
    import_guides({**full_item, "code": "ZZ-001", "name": "同名测试事项", "keywords": [], "window": "综合窗口"})
    results = engine.search("同名测试事项")
    assert [hit.kind for hit in results.hits[:2]] == ["guide", "regulation"]


# --- Other page types -------------------------------------------------------


def test_another_app_makes_its_pages_searchable_through_the_registry(embedded, monkeypatch):
    """As docs/search.md shows for the application forms."""
    from forms.models import ApplicationFormPage

    monkeypatch.setattr(registry, "_registrations", dict(registry._registrations))

    def form_document(page):
        guide = page.guide
        return Document(
            page_id=page.pk, kind=Kind.FORM, title=page.title, url=page.url, code=page.guide.code if page.guide else "",
            body=[page.intro], window_id=guide.window_id if guide else None,
        )  # fmt: skip

    registry.register(ApplicationFormPage, form_document)
    engine.rebuild()
    first = engine.search("残疾人证申请表").hits[0]
    assert (first.kind, first.kind_label, first.title, first.window) == ("form", "在线申报", "残疾人证申请表", "民政窗口")
    assert [hit.kind for hit in engine.search("残疾人证").hits[:2]] == ["guide", "form"]

    ApplicationFormPage.objects.get(title="残疾人证申请表").unpublish()
    assert "残疾人证申请表" not in [hit.title for hit in engine.search("残疾人证申请表").hits]
