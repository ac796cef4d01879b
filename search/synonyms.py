"""Synonyms: the shipped dictionary (`search/dictionary/`) merged with the
entries staff add in the admin (`Synonym` snippets).

The dictionary has two kinds of file, reviewed with the code:

- one file per window (civil_affairs.txt, household.txt …): groups of
  equivalent terms, `规范名称 = 简称, 俗称, 旧称, 群众说法`;
- life_events.txt: one-way rules from what residents say about a life event
  to the items it calls for, `去世, 人死了 -> 死亡注销户口, 丧葬补助金`.

Text after `#` is a comment. A term in two groups of unrelated items needs a
comment on each of those lines saying why (tests check this).

The merged set is cached in each process and rebuilt when the staff entries
change (their count or latest change time moves), so an entry saved in the
admin is in force at the next search, in every process.
"""

import threading
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from django.db.models import Count, Max

from core.text import split_list

from . import text
from .models import Synonym

DICTIONARY_DIR = Path(__file__).with_name("dictionary")
LIFE_EVENTS_FILE = DICTIONARY_DIR / "life_events.txt"
RULE = "->"
MAX_TERM = 16


class SynonymFileError(ValueError):
    pass


def entries(lines):
    """(line number, line without its comment, comment) of each line that is not blank or a comment."""
    for number, line in enumerate(lines, start=1):
        content, _, comment = line.partition("#")
        if content.strip():
            yield number, content.strip(), comment.strip()


def parse(lines):
    """Groups of equivalent terms from the lines of a synonym file
    (`official = alias, alias`), each term in its comparable form."""
    groups = []
    for number, line, _ in entries(lines):
        official, equals, aliases = line.partition("=")
        group = [text.compact(term) for term in [official, *split_list(aliases)]]
        if not equals or not all(group) or len(group) < 2:
            raise SynonymFileError(f"第 {number} 行格式不对，应为“规范名称 = 说法一, 说法二”：{line}")
        groups.append(list(dict.fromkeys(group)))
    return groups


def parse_rules(lines):
    """One-way rules ([terms], [expansions]) from the lines of life_events.txt
    (`说法, 说法 -> 事项名称, 事项名称`)."""
    rules = []
    for number, line, _ in entries(lines):
        terms, arrow, expansions = line.partition(RULE)
        terms = [text.compact(term) for term in split_list(terms)]
        expansions = [text.compact(term) for term in split_list(expansions)]
        if not arrow or not terms or not expansions or not all(terms) or not all(expansions):
            raise SynonymFileError(f"第 {number} 行格式不对，应为“群众说法, 说法 -> 事项名称, 事项名称”：{line}")
        rules.append((terms, expansions))
    return rules


def group_files():
    return sorted(path for path in DICTIONARY_DIR.glob("*.txt") if path != LIFE_EVENTS_FILE)


@lru_cache(maxsize=1)
def shipped_groups():
    groups = []
    for path in group_files():
        try:
            groups += parse(path.read_text(encoding="utf-8").splitlines())
        except SynonymFileError as error:
            raise SynonymFileError(f"{path.name}: {error}") from error
    return groups


@lru_cache(maxsize=1)
def shipped_rules():
    return parse_rules(LIFE_EVENTS_FILE.read_text(encoding="utf-8").splitlines())


class SynonymSet:
    """term → the other terms a query containing it is also searched for."""

    def __init__(self, groups=(), rules=()):
        self._expansions = defaultdict(set)
        for group in groups:
            for term in group:
                self._expansions[term].update(other for other in group if other != term)
        for terms, expansions in rules:
            for term in terms:
                self._expansions[term].update(other for other in expansions if other != term)

        self._pinyin = None

    def expand(self, term):
        return sorted(self._expansions.get(term, ()))

    def __contains__(self, term):
        return term in self._expansions

    def found_in(self, value):
        """Dictionary terms inside `value` (not `value` itself), longest first,
        not overlapping: 给小孩上户口 → [上户口]."""
        found, taken = [], [False] * len(value)
        for length in range(min(len(value) - 1, MAX_TERM), 1, -1):
            for start in range(len(value) - length + 1):
                term = value[start : start + length]
                if term in self._expansions and not any(taken[start : start + length]):
                    found.append(term)
                    taken[start : start + length] = [True] * length
        return found

    def by_pinyin(self, letters):
        """Chinese dictionary terms whose toneless pinyin is `letters` (dibao → 低保)."""
        if self._pinyin is None:
            index = defaultdict(set)
            for term in self._expansions:
                if text.CJK_RUN.fullmatch(term):
                    index["".join(s for run in text.syllables(term) for s in run)].add(term)
            self._pinyin = index
        return sorted(self._pinyin.get(letters, ()))

    @property
    def vocabulary(self):
        return set(self._expansions).union(*self._expansions.values())


_lock = threading.Lock()
_cached = {"stamp": None, "set": None}


def current():
    """The shipped dictionary plus the active staff entries."""
    stamp = tuple(Synonym.objects.aggregate(count=Count("id"), latest=Max("updated_at")).values())
    with _lock:
        if _cached["stamp"] != stamp:
            rules = [(s.term_list, s.expansion_list) for s in Synonym.objects.filter(active=True)]
            synonyms = SynonymSet(shipped_groups(), shipped_rules() + rules)
            text.add_words(synonyms.vocabulary)
            _cached.update(stamp=stamp, set=synonyms)
        return _cached["set"]
