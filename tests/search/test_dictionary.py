"""The shipped dictionary (search/dictionary/): its format, its scale, and
that no term silently stands for two unrelated items."""

import re
from collections import defaultdict

import pytest

from search import text
from search.synonyms import (
    LIFE_EVENTS_FILE,
    SynonymFileError,
    entries,
    group_files,
    parse,
    parse_rules,
    shipped_groups,
    shipped_rules,
)

LIFE_EVENTS = ["出生", "上学", "结婚", "生育", "就业与失业", "退休", "患病与就医", "残疾", "去世与殡葬", "建房", "种植养殖", "参军与退役", "迁居"]
ITEM_CODE = re.compile(r"[a-z]{1,4}-?\d{2,}|\d{6,}")  # mz001, zh-001, long numbers (not 4050人员)


def lines_of(path):
    """(line number, group, comment) of every group line of a dictionary file."""
    for number, line, comment in entries(path.read_text(encoding="utf-8").splitlines()):
        yield number, parse([line])[0], comment


def test_every_file_parses_and_explains_itself():
    assert len(group_files()) >= 10
    for path in [*group_files(), LIFE_EVENTS_FILE]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), f"{path.name} starts with a comment saying what it holds"
    assert shipped_groups() and shipped_rules()


def test_catalogue_scale_across_every_window():
    officials = defaultdict(set)
    for path in group_files():
        for _, group, _ in lines_of(path):
            officials[path.stem].add(group[0])
    distinct = set().union(*officials.values())
    assert len(distinct) >= 250
    for window in ["civil_affairs", "social_security", "medical_insurance", "health", "household", "agriculture",
                   "housing_land", "disability", "veterans", "legal", "general"]:  # fmt: skip
        assert len(officials[window]) >= 10, window
    # Each item brings residents' words: a group has at least one other term.
    assert all(len(group) >= 2 for group in shipped_groups())


def test_general_words_only_never_item_codes():
    terms = [term for group in shipped_groups() for term in group]
    terms += [term for rule in shipped_rules() for side in rule for term in side]
    assert not [term for term in terms if ITEM_CODE.search(term)]


def test_no_term_stands_for_two_unrelated_items_without_a_comment():
    """A term in groups of different official items must be explained by a
    comment on each of those lines (两项补贴 is applied for together, 盖房子
    needs both 宅基地 and 规划许可 …)."""
    places = defaultdict(list)  # term → [(file, line, official, comment)]
    for path in group_files():
        for number, group, comment in lines_of(path):
            for term in group:
                places[term].append((path.name, number, group[0], comment))
    unexplained = []
    for term, found in places.items():
        if len({official for _, _, official, _ in found}) < 2:
            continue  # one item (regional.txt may add names to a group of another file)
        for file, number, official, comment in found:
            if official != term and term not in comment:  # the item's own name needs no comment
                unexplained.append((term, file, number))
    assert not unexplained


def test_life_events_cover_the_required_events_and_name_real_items():
    content = LIFE_EVENTS_FILE.read_text(encoding="utf-8")
    headings = {line[2:].strip() for line in content.splitlines() if line.startswith("# ")}
    assert set(LIFE_EVENTS) <= headings
    officials = {group[0] for group in shipped_groups()}
    for terms, items in shipped_rules():
        assert terms and items
        missing = [item for item in items if item not in officials]
        assert not missing, f"{terms[0]} → {missing}: every target is an item of the dictionary"


@pytest.mark.parametrize("line", ["去世", "去世 ->", "-> 出生登记", "去世 = 死亡注销户口"])
def test_bad_life_event_line_names_its_number(line):
    with pytest.raises(SynonymFileError, match="第 2 行"):
        parse_rules(["# ok", line])


def test_comments_are_not_terms():
    assert parse(["低保 = 吃低保  # 低保: a comment, 不是说法"]) == [["低保", "吃低保"]]
    assert text.compact("吃低保") == "吃低保"
