"""Ranking mechanisms of issue 14, each on a small corpus of its own (not
the demo data): the bigram floor, soft coverage, typed words before
expansions, question frames, life events, Taiwan wording, pinyin of
dictionary terms, and queries that match nothing."""

import copy

import pytest

from search import analysis, engine, synonyms, text
from search.backends.base import Filters
from search.backends.elasticsearch import build_search
from tests.support import FULL_ITEM


def item(code, name, summary, keywords=(), window="民政窗口", conditions=""):
    """An import item with only the given text (FULL_ITEM's 低保 text removed)."""
    data = copy.deepcopy(FULL_ITEM)
    data.update(
        code=code, name=name, window=window, summary=summary, conditions=conditions or summary,
        keywords=list(keywords), faqs=[], basis=[], result="", themes=[],
        materials=[{"name": "申请书", "form": "原件", "copies": 1, "required": True, "source": "申请人自备", "note": ""}],
        steps=[{"name": "受理", "actor": window, "days": 1, "description": ""}],
    )  # fmt: skip
    return data


@pytest.fixture
def corpus(import_guides, settings):
    settings.SEARCH_BACKEND = "embedded"

    def _load(*items):
        import_guides(*items)

    return _load


def codes(query):
    return [hit.code for hit in engine.search(query).hits]


def corpus_text(*items):
    return "\n".join(
        " ".join([entry["name"], entry["summary"], entry["conditions"], *entry["keywords"]]) for entry in items
    )


# --- The bigram floor and soft coverage -------------------------------------


def test_long_question_finds_the_item_it_names_over_one_matching_more_generic_words(corpus):
    named = item("T-001", "高龄津贴发放", "年满八十周岁的本地户籍老年人，每月发放高龄津贴。")
    generic = item(
        "T-002", "残疾等级评定", "残疾等级评定的标准、证明和办理时限：评定标准依照国家标准，出具评定证明，办理时限二十日。",
    )  # fmt: skip
    other = item("T-003", "临时救助", "遭遇突发困难的家庭可以申请临时救助。")
    corpus(named, generic, other)
    query = "我家老人八十岁了，高龄津贴的发放标准是什么，要办理什么证明，评定要多久"
    found = codes(query)
    assert found[0] == "T-001"
    assert "T-002" in found  # partial matches are still results, below
    # Coverage is a signal, not a filter: T-002 matches more concepts of the question.
    plan = analysis.analyse(query, synonyms.current())
    generic_words = {"标准", "证明", "评定"}
    assert generic_words <= {concept.text for concept in plan.concepts}


def test_body_match_segmented_differently_still_counts(corpus):
    contiguous = item("T-011", "老年人补助申领", "参加城乡居民养老保险满十五年的老人可以申领。")
    scattered = item("T-012", "老年人服务申领", "参加居民保险的老人可以申请养老服务。")
    corpus(contiguous, scattered)
    # jieba keeps 城乡居民养老保险 whole in the body: 养老保险 is no word of it.
    assert "养老保险" not in text.search_words(text.normalise(contiguous["summary"]))
    assert codes("养老保险")[:2] == ["T-011", "T-012"]


def test_any_shared_word_returns_the_best_partial_match(corpus):
    corpus(item("T-021", "耕地地力保护补贴", "按承包耕地面积发放补贴。"), item("T-022", "临时救助", "突发困难的家庭可申请。"))
    assert codes("种地补贴和水田灌溉补助怎么领")[0] == "T-021"


# --- Typed words before expansions -------------------------------------------


def test_typed_title_outranks_an_alias_of_another_item(corpus):
    typed = item("T-031", "百岁老人高龄补贴", "百岁以上老人每月领取。")  # the query inside, not at the start
    alias = item("T-032", "高龄津贴", "八十岁以上老人每月领取。")  # 高龄补贴 is its 俗称 in the dictionary
    corpus(typed, alias)
    assert "高龄补贴" in synonyms.current().expand("高龄津贴")
    assert codes("高龄补贴") == ["T-031", "T-032"]  # the alias still finds its item, second
    assert codes("高龄津贴")[0] == "T-032"


def test_expansions_weigh_less_than_typed_terms():
    plan = analysis.analyse("给孩子上户口", synonyms.SynonymSet([["出生登记", "上户口"]]))
    (concept,) = plan.concepts
    assert concept.terms["t:上户口"].weight > concept.terms["t:出生登记"].weight
    assert concept.terms["=孩子上户口"].weight > concept.terms["=出生登记"].weight
    assert concept.terms["t:出生登记"].via == analysis.Via.SYNONYM


# --- Question understanding ---------------------------------------------------


def test_question_frames_are_stripped_and_kept():
    plan = analysis.analyse("请问一下，残疾人证去哪里办理，需要什么材料？", synonyms.SynonymSet())
    assert [concept.text for concept in plan.concepts] == ["残疾人证"]
    assert {"请问一下", "去哪里办理", "需要什么材料"} <= set(plan.frames)


def test_life_event_phrase_finds_the_items_it_calls_for(corpus):
    corpus(
        item("T-041", "死亡注销户口", "公民死亡后，由家属到派出所注销户口。", window="户籍窗口"),
        item("T-042", "出生登记", "新生儿出生后一个月内申报户口。", window="户籍窗口"),
        item("T-043", "结婚登记", "男女双方到婚姻登记机关登记。"),
    )
    query = "老人过世了家属要办什么"
    assert not set(text.bigrams("老人过世")) & set(text.bigrams(corpus_text()))  # no shared words at all
    assert codes(query)[0] == "T-041"
    assert codes("生娃了")[0] == "T-042"


def test_taiwan_traditional_phrase(corpus):
    corpus(
        item("T-051", "残疾人证核发", "符合残疾标准的，可以申请残疾人证。"),
        item("T-052", "养老保险网络缴费", "城乡居民可以通过网络缴费。", window="劳动保障窗口"),
        item("T-053", "医疗保险缴费", "到窗口缴费。", window="医保窗口"),
    )
    assert codes("身心障礙手冊怎麼申請")[0] == "T-051"  # Taiwan name, in the dictionary
    assert text.normalise_query("網路繳費") == "网络缴费"  # OpenCC phrase conversion (t2s alone gives 网路)
    assert codes("網路繳費")[0] == "T-052"


def test_pinyin_of_an_abbreviation_no_title_contains(corpus):
    corpus(
        item("T-061", "最低生活保障对象认定", "共同生活的家庭成员人均收入低于当地标准的，可以申请。"),
        item("T-062", "特困人员认定", "无劳动能力、无生活来源的老年人可以申请。"),
    )
    assert "低保" not in corpus_text()
    assert codes("dibao")[0] == "T-061"
    assert codes("低宝")[0] == "T-061"  # a homophone typo of the abbreviation


def test_query_of_only_stop_words_finds_nothing(corpus):
    corpus(item("T-071", "临时救助", "办理临时救助需要什么材料：申请书。"))
    results = engine.search("怎么办理，需要什么材料？")
    assert (results.total, results.hits) == (0, [])
    assert not analysis.analyse("怎么办理，需要什么材料？", synonyms.current()).concepts


def test_query_nothing_matches(corpus):
    corpus(item("T-081", "临时救助", "遭遇突发困难的家庭可以申请。"))
    results = engine.search("火星移民签证")
    assert (results.total, results.hits) == (0, [])
    assert engine.search("临时救助").total == 1  # the corpus is searchable


# --- Both backends alike --------------------------------------------------------


def test_elasticsearch_query_has_the_floor_soft_coverage_and_weights():
    plan = analysis.analyse("给孩子上户口去哪里办", synonyms.SynonymSet([["出生登记", "上户口"]]))
    body = build_search(plan, Filters(), 0, 10).to_dict()
    should = body["query"]["bool"]["should"]
    assert body["query"]["bool"]["minimum_should_match"] == 1
    floor = {field: match[field]["query"] for match in (c["match"] for c in should if "match" in c) for field in match}
    assert floor == {"title": "孩子上户口", "keywords": "孩子上户口", "body_text": "孩子上户口"}  # frames stripped
    assert [c["constant_score"]["boost"] for c in should if "constant_score" in c] == [analysis.COVERAGE_BONUS]


# --- Query log ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["电话 138 0013 8061", "+86 138-0013-8061 低保", "身份证 3301 2219 9003 0777 7X", "卡号 6222.0202.0011.2233"],
)
def test_scrub_catches_grouped_digits(query):
    scrubbed = text.scrub(text.normalise(query))
    assert not any(char.isdigit() for char in scrubbed), scrubbed
    assert text.REDACTED in scrubbed


def test_scrub_keeps_short_numbers():
    assert text.scrub("60岁领养老金 2024年") == "60岁领养老金 2024年"
