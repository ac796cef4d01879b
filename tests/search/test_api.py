"""The JSON endpoint exactly as `../shared/spec/search-api.md` has it, the
search page, the query log and the managers' report, on the demo data."""

from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model

from guides.models import Window
from search.models import QueryLog, Synonym

API = "/search/api/"


@pytest.fixture(autouse=True)
def embedded(demo, db, settings):
    settings.SEARCH_BACKEND = "embedded"


def api(client, **params):
    return client.get(API, params)


# --- JSON endpoint ----------------------------------------------------------


def test_answer_has_exactly_the_spec_shape(client):
    response = api(client, q="低保")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"query", "total", "page", "results", "facets", "suggestion"}
    assert (data["query"], data["page"], data["suggestion"]) == ("低保", 1, None)
    assert data["total"] > 10 and len(data["results"]) == 10
    first = data["results"][0]
    assert set(first) == {"code", "title", "url", "kind", "window", "snippet"}
    assert (first["code"], first["title"], first["kind"], first["window"]) == ("MZ-001", "最低生活保障申请", "guide", "民政窗口")
    assert client.get(first["url"]).status_code == 200
    assert "<mark>" in first["snippet"]
    assert set(data["facets"]) == {"window", "theme", "type"}
    for values in data["facets"].values():
        assert values and all(set(value) == {"id", "label", "count"} for value in values)
    minzheng = next(value for value in data["facets"]["window"] if value["label"] == "民政窗口")
    assert minzheng["id"] == Window.objects.get(name="民政窗口").pk


def test_regulations_carry_their_own_kind_and_number(client):
    results = api(client, q="社会救助暂行办法").json()["results"]
    assert results[0]["kind"] == "regulation" and results[0]["code"] == "国务院令第649号"
    assert results[0]["window"] is None


@pytest.mark.parametrize("q", ["", "   ", "\u3000"])
def test_empty_query_answers_with_no_results(client, q):
    response = api(client, q=q)
    assert response.status_code == 200
    assert response.json() == {
        "query": "", "total": 0, "page": 1, "results": [],
        "facets": {"window": [], "theme": [], "type": []}, "suggestion": None,
    }  # fmt: skip


def test_missing_query_is_empty_too(client):
    assert client.get(API).json()["total"] == 0


def test_long_query_is_cut_not_refused(client):
    response = api(client, q="低保" * 150)
    assert response.status_code == 200
    data = response.json()
    assert len(data["query"]) == 200 and data["results"][0]["code"] == "MZ-001"


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "1001", "²"])
def test_bad_page_is_400(client, page):
    response = api(client, q="低保", page=page)
    assert response.status_code == 400
    assert set(response.json()) == {"error"} and response.json()["error"]


def test_page_past_the_end_is_empty(client):
    data = api(client, q="低保", page="50").json()
    assert data["page"] == 50 and data["results"] == [] and data["total"] > 0


def test_second_page(client):
    first, second = api(client, q="低保").json(), api(client, q="低保", page="2").json()
    assert second["page"] == 2 and second["total"] == first["total"]
    assert {r["url"] for r in first["results"]}.isdisjoint(r["url"] for r in second["results"])


@pytest.mark.parametrize(
    "params",
    [{"window": "abc"}, {"window": "99999"}, {"theme": "no-such-theme"}, {"type": "行政处罚"}, {"online": "maybe"}],
)
def test_bad_filter_is_400(client, params):
    response = api(client, q="低保", **params)
    assert response.status_code == 400 and response.json()["error"]


def test_filters(client):
    window = Window.objects.get(name="户籍窗口")
    data = api(client, q="身份证", window=str(window.pk)).json()
    assert data["total"] and all(r["window"] == "户籍窗口" for r in data["results"])
    online = api(client, q="登记", online="1", type="行政确认").json()
    assert online["total"] and "HJ-001" in [r["code"] for r in online["results"]]
    assert "HJ-005" not in [r["code"] for r in online["results"]]  # 死亡注销户口: not online
    assert api(client, q="登记", online="", window="").status_code == 200  # empty form fields mean no filter


def test_suggestion_for_pinyin(client):
    assert api(client, q="dibao").json()["suggestion"] == "最低生活保障申请"


def test_script_in_a_title_is_escaped(client, import_guides, full_item):
    import_guides({
        **full_item, "code": "ZZ-009", "name": "<script>alert(1)</script>爱心卡申领",
        "summary": "<b>爱心卡</b> & <script>alert(2)</script>", "keywords": [],
    })  # fmt: skip
    result = api(client, q="爱心卡").json()["results"][0]
    assert result["title"] == "<script>alert(1)</script>爱心卡申领"  # JSON carries the text as it is
    assert "<script" not in result["snippet"] and "<b>" not in result["snippet"]
    assert "&lt;script&gt;" in result["snippet"] and "&lt;b&gt;<mark>爱心卡</mark>&lt;/b&gt;" in result["snippet"]
    page = client.get("/search/", {"q": "爱心卡"}).content.decode()
    assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>爱心卡</mark>" in page


# --- Search page ------------------------------------------------------------


def test_search_page_shows_ranked_highlighted_results(client):
    response = client.get("/search/", {"q": "低保"})
    assert response.status_code == 200
    assert [hit.code for hit in response.context["results"].hits][0] == "MZ-001"
    html = response.content.decode()
    assert "<mark>最低生活保障</mark>申请</a>" in html and "<mark>低保</mark>" in html
    assert 'href="?q=%E4%BD%8E%E4%BF%9D&amp;page=2" rel="next"' in html
    assert "筛选结果" in html and "承办窗口" in html and "只看可网上申报" in html


def test_facet_links_filter_and_unfilter(client):
    window = Window.objects.get(name="民政窗口")
    html = client.get("/search/", {"q": "低保"}).content.decode()
    assert f"?q=%E4%BD%8E%E4%BF%9D&amp;window={window.pk}" in html
    filtered = client.get("/search/", {"q": "低保", "window": window.pk})
    hits = filtered.context["results"].hits
    assert hits and all(hit.window == "民政窗口" for hit in hits)
    html = filtered.content.decode()
    assert 'aria-current="true"' in html and "清除筛选条件" in html and "<details class=\"facets\" open>" in html


def test_search_page_ignores_bad_parameters(client):
    response = client.get("/search/", {"q": "低保", "window": "abc", "page": "x"})
    assert response.status_code == 200 and response.context["results"].hits[0].code == "MZ-001"


def test_search_page_suggestion(client):
    html = client.get("/search/", {"q": "dibao"}).content.decode()
    assert "您是不是要找" in html and f'href="?q={quote("最低生活保障申请")}"' in html


def test_no_results_shows_most_used_items_and_windows(client):
    for _ in range(3):
        client.get("/search/", {"q": "准生证"})
    response = client.get("/search/", {"q": "火星移民"})
    html = response.content.decode()
    assert "没有找到与“火星移民”相关的内容" in html
    most_used = response.context["most_used"]
    assert most_used[0].title == "生育登记" and len(most_used) == 6
    assert all(name in html for name in Window.objects.values_list("name", flat=True))
    assert "常办事项" in html and "按窗口找" in html


def test_search_box_works_without_javascript(client):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html and 'data-typeahead="/search/api/"' in html
    assert "js/typeahead.js" in html


# --- Query log --------------------------------------------------------------


def test_query_is_logged_without_personal_data(client):
    response = client.get("/search/", {"q": "身份证丢了 110101199003077777 电话13912345678"}, REMOTE_ADDR="10.1.2.3")
    entry = QueryLog.objects.get()
    assert entry.query == "身份证丢了 ＊ 电话＊"
    results = response.context["results"]
    assert entry.result_count == results.total > 0 and entry.first_result_id == results.hits[0].page_id
    fields = {field.name for field in QueryLog._meta.get_fields()}
    assert fields == {"id", "query", "result_count", "first_result", "searched_at"}


def test_what_is_not_logged(client):
    api(client, q="低", source="typeahead")
    api(client, q="低保", page="2")
    client.get("/search/", {"q": "  "})
    client.get("/search/", {"q": "13912345678"})  # nothing left once scrubbed
    assert not QueryLog.objects.exists()
    api(client, q="殘疾人證")
    assert list(QueryLog.objects.values_list("query", flat=True)) == ["残疾人证"]


# --- Managers' report -------------------------------------------------------


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_manager_report_lists_frequent_and_empty_queries(client):
    for q in ["低保", "低保", "火星移民"]:
        client.get("/search/", {"q": q})
    login(client, "manager")
    response = client.get("/admin/search-report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("火星移民") >= 2 and "低保" in html
    assert f"/admin/snippets/search/synonym/add/?terms={quote('火星移民')}" in html
    frequent = response.context["frequent"]
    assert frequent[0]["query"] == "低保" and frequent[0]["searches"] == 2 and frequent[0]["has_synonym"]
    assert [row["query"] for row in response.context["found_nothing"]] == ["火星移民"]


def test_window_staff_cannot_see_report_or_synonyms(client):
    login(client, "minzheng")
    assert client.get("/admin/search-report/").status_code == 403
    assert client.get("/admin/snippets/search/synonym/").status_code == 403
    assert client.get("/admin/snippets/search/synonym/add/").status_code == 403
    assert "/admin/search-report/" not in client.get("/admin/").content.decode()


def test_one_click_synonym_from_the_report(client):
    login(client, "manager")
    assert "/admin/search-report/" in client.get("/admin/").content.decode()
    form = client.get("/admin/snippets/search/synonym/add/", {"terms": "黑心东家"})
    assert form.status_code == 200 and 'value="黑心东家"' in form.content.decode()
    response = client.post(
        "/admin/snippets/search/synonym/add/",
        {"terms": "黑心东家", "expansions": "法律援助", "active": "on", "note": "来电常这样说"},
    )
    assert response.status_code == 302
    entry = Synonym.objects.get()
    assert entry.created_by.username == "manager"
    assert api(client, q="黑心东家").json()["results"][0]["code"] == "ZH-001"


def test_synonym_needs_terms_and_expansions(client):
    login(client, "manager")
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "、", "expansions": "法律援助"})
    assert response.status_code == 200 and not Synonym.objects.exists()


def test_admin_page_search_still_works(client):
    login(client, "manager")
    response = client.get("/admin/pages/search/", {"q": "最低生活保障申请"})
    assert response.status_code == 200 and "最低生活保障申请" in response.content.decode()
