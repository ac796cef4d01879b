"""Synonyms: the shipped dictionary (`synonyms.txt`) merged with the entries
staff add in the admin (`Synonym` snippets).

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

SHIPPED_FILE = Path(__file__).with_name("synonyms.txt")


class SynonymFileError(ValueError):
    pass


def parse(lines):
    """Groups of equivalent terms from the lines of a synonym file
    (`official = alias, alias`), each term in its comparable form."""
    groups = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        official, equals, aliases = line.partition("=")
        group = [text.compact(term) for term in [official, *split_list(aliases)]]
        if not equals or not all(group) or len(group) < 2:
            raise SynonymFileError(f"第 {number} 行格式不对，应为“规范名称 = 说法一, 说法二”：{line}")
        groups.append(list(dict.fromkeys(group)))
    return groups


@lru_cache(maxsize=1)
def shipped_groups():
    return parse(SHIPPED_FILE.read_text(encoding="utf-8").splitlines())


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

    def expand(self, term):
        return sorted(self._expansions.get(term, ()))

    def __contains__(self, term):
        return term in self._expansions

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
            synonyms = SynonymSet(shipped_groups(), rules)
            text.add_words(synonyms.vocabulary)
            _cached.update(stamp=stamp, set=synonyms)
        return _cached["set"]
