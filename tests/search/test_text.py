"""Search text rules, query analysis, synonyms file and snippets: plain
functions, no database (except where the synonym set reads staff entries)."""

import json
from pathlib import Path

import pytest

from search import analysis, highlight, text
from search.documents import Document
from search.synonyms import SynonymFileError, SynonymSet, parse, shipped_groups

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NO_SYNONYMS = SynonymSet()


# --- Normalising and segmenting --------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("殘疾人證", "残疾人证"),  # Traditional → Simplified
        ("ＭＺ－００１", "mz-001"),  # full-width → half-width, lower case
        ("最低生活保障", "最低生活保障"),
        ("", ""),
    ],
)
def test_normalise(raw, expected):
    assert text.normalise(raw) == expected


def test_compact_drops_spaces_and_punctuation():
    assert text.compact("MZ-001") == "mz001"
    assert text.compact("残疾人证办理（新办、换领）") == "残疾人证办理新办换领"


def test_fold_keeps_offsets_into_the_original():
    folded, offsets = text.fold_with_offsets("ＡＢ㈱低保")  # ㈱ folds to three characters
    assert folded == "ab(株)低保"
    assert folded.index("低保") == 5 and offsets[5] == 3


def test_search_words_cover_whole_and_parts_without_single_characters():
    words = text.search_words("最低生活保障申请")
    assert {"最低", "生活", "保障", "申请"} <= set(words)
    assert all(len(word) > 1 for word in words)


def test_domain_words_segment_whole():
    text.add_words(["准生证", "盖房子"])
    assert "盖房子" in text.cut("农村盖房子要办什么手续")
    assert "准生证" in text.search_words("准生证")


def test_bigrams_and_characters():
    assert text.bigrams("低保 准生证") == ["低保", "准生", "生证"]
    assert text.characters("a低b保") == ["低", "保"]


# --- Pinyin -----------------------------------------------------------------


def test_pinyin_keys():
    assert text.syllables("低保 绿色") == [["di", "bao"], ["lv", "se"]]
    assert text.pinyin_pairs([["can", "ji", "ren"]]) == ["can_ji", "ji_ren"]
    assert text.initials("最低生活保障") == "zdshbz"


@pytest.mark.parametrize(
    "letters, expected",
    [
        ("dibao", ["di", "bao"]),
        ("canjirenzheng", ["can", "ji", "ren", "zheng"]),
        ("xian", ["xian"]),  # the fewest syllables, not xi'an
        ("lvse", ["lv", "se"]),
        ("zdshbz", None),  # initials are not pinyin
        ("mz001", None),
    ],
)
def test_split_pinyin(letters, expected):
    assert text.split_pinyin(letters) == expected


def test_homophone_typo_shares_pinyin_keys_with_the_word():
    assert text.pinyin_pairs(text.syllables("低宝")) == text.pinyin_pairs(text.syllables("低保"))
    assert text.syllables("准生正") == text.syllables("准生证")


# --- Personal data ----------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "身份证 110101199003077777 补办",
        "低保 13912345678",
        "咨询 0571-87654321",
        "发到 someone@example.com",
        "卡号 6222020200112233",
        "110101199003077X 身份证",
    ],
)
def test_scrub_removes_personal_data(query):
    scrubbed = text.scrub(query)
    assert not any(run.isdigit() and len(run) >= 6 for run in scrubbed.replace("＊", " ").split())
    assert "@" not in scrubbed and "1101011990" not in scrubbed
    assert text.REDACTED in scrubbed


def test_scrub_keeps_ordinary_queries():
    assert text.scrub("  低保   要什么材料 ") == "低保 要什么材料"
    assert text.scrub("60岁领养老金") == "60岁领养老金"


# --- Query analysis ---------------------------------------------------------


@pytest.mark.parametrize(
    "query, concepts",
    [
        ("低保 要什么材料", ["低保"]),  # stop-words dropped
        ("农村盖房子要办什么手续", ["农村", "盖房子"]),
        ("低宝", ["低宝"]),  # single characters joined, not split into 低 | 宝
        ("殘疾人證", ["残疾人证"]),
        ("怎么办", []),  # nothing but a question frame
        ("请问一下低保去哪里办理？", ["低保"]),  # frames stripped before segmenting
        ("可以代办残疾人证吗", ["残疾人证"]),  # a frame with a gap: 可以…吗
    ],
)
def test_query_concepts(query, concepts):
    text.add_words(["盖房子"])
    plan = analysis.analyse(query, NO_SYNONYMS)
    assert [concept.text for concept in plan.concepts] == concepts


def test_query_terms_for_chinese_pinyin_and_synonyms():
    synonyms = SynonymSet([["最低生活保障", "低保", "吃低保"]])
    plan = analysis.analyse("低保", synonyms)
    (concept,) = plan.concepts
    keys = set(concept.terms)
    assert {"t:低保", "低保", "=低保", "py:di_bao", "=py:dibao"} <= keys
    assert concept.terms["=最低生活保障"].via == analysis.Via.SYNONYM
    assert concept.terms["py:di_bao"].via == analysis.Via.PINYIN
    assert "=低保" in plan.whole.terms and plan.whole.terms["=低保"].weight > concept.terms["t:低保"].weight
    assert plan.highlights[0] == "最低生活保障"  # longest first

    typed = analysis.analyse("dibao", NO_SYNONYMS)
    assert {"py:di_bao", "=py:dibao", "^py:dibao", "in:dibao"} <= set(typed.concepts[0].terms)


def test_empty_query_has_no_concepts():
    assert not analysis.analyse("  ？！ ", NO_SYNONYMS)


def test_document_terms_weigh_names_over_body():
    document = Document(
        page_id=1, kind="guide", title="残疾人证办理（新办、换领）", url="/x/", code="MZ-005",
        keywords=["残疾证"], body=["残疾人可以申请。" * 3],
    )  # fmt: skip
    terms = analysis.document_terms(document)
    assert terms["t:残疾人"] > terms["残疾人"]
    assert {"=残疾人证办理新办换领", "=残疾人证办理", "=残疾证", "=mz005", "^残疾", "in:cjz"} <= set(terms)
    assert {"py:can_ji", "=py:canjizheng", "^py:canjiren"} <= set(terms)
    assert all(len(term) <= analysis.MAX_TERM_LENGTH for term in terms)


# --- Synonym file -----------------------------------------------------------


def test_parse_synonym_lines():
    groups = parse(["# comment", "", "最低生活保障 = 低保, 吃低保、低保户", "新农合=合作医疗"])
    assert groups == [["最低生活保障", "低保", "吃低保", "低保户"], ["新农合", "合作医疗"]]
    synonyms = SynonymSet(groups, rules=[(["扯皮"], ["人民调解"])])
    assert synonyms.expand("低保") == ["低保户", "吃低保", "最低生活保障"]
    assert synonyms.expand("扯皮") == ["人民调解"] and synonyms.expand("人民调解") == []


@pytest.mark.parametrize("line", ["低保", "= 低保", "最低生活保障 =", "最低生活保障 = ，"])
def test_bad_synonym_line_names_its_number(line):
    with pytest.raises(SynonymFileError, match="第 2 行"):
        parse(["# ok", line])


def test_shipped_dictionary_covers_every_demo_item():
    """Every demo item has a group naming it (a term of the group is in its
    title) which gives residents' own words for it."""
    groups = shipped_groups()
    items = json.loads((FIXTURES / "guides.json").read_text(encoding="utf-8"))["items"]
    assert len(items) == 48
    for item in items:
        title = text.compact(item["name"])
        covering = [group for group in groups if any(len(term) > 2 and term in title for term in group)]
        assert covering, item["name"]
        assert any(len(group) >= 3 for group in covering), item["name"]
    # General words, never item codes.
    assert not any(term[:2].isalpha() and "-" in term for group in groups for term in group)


# --- Snippets ---------------------------------------------------------------


def test_snippet_escapes_everything_but_mark():
    html = highlight.snippet("<script>alert(1)</script> 申请低保 & 低保金", ["低保"], length=200)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<mark>") == 2
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_marks_traditional_text_for_a_simplified_query():
    assert highlight.mark("辦理殘疾人證", ["残疾人证"]) == "辦理<mark>殘疾人證</mark>"


def test_snippet_centres_on_the_matches():
    value = "甲" * 200 + "低保" + "乙" * 200
    html = highlight.snippet(value, ["低保"], length=50)
    assert html.startswith("…") and html.endswith("…") and "<mark>低保</mark>" in html
    assert len(html) < 80


def test_snippet_falls_back_to_other_names():
    document = Document(page_id=1, kind="guide", title="生育登记", url="/", keywords=["准生证"], body=["一对夫妻生育子女。"])
    assert highlight.document_snippet(document, ["准生证"]) == "也叫：<mark>准生证</mark>"
    assert highlight.document_snippet(document, ["xyz"]) == "一对夫妻生育子女。"
