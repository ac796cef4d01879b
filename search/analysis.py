"""The vocabulary both search backends share: the terms a document is indexed
under (with their weights), and the terms a query looks for.

A term is a string in one of these forms:

    申请          a body word (jieba search mode)
    t:低保        a word, character pair or character of a name (title or keyword)
    =低保         a whole name, compacted; =mz001 for a code
    ^最低生活      the start of a name
    py:di_bao     two adjacent pinyin syllables of a name
    =py:dibao     a whole name in pinyin
    ^py:canjiren  the start of a name in pinyin, whole syllables
    in:db         the pinyin initials of a name

A query is cut into concepts (低保 | 要什么材料 → 低保; 农村 | 盖房子). A
document must match every concept, or, when none does, as many as any
document does. Within a concept, any of its terms counts: what was typed, its
pinyin (for homophone typos such as 低宝), and its synonyms.
"""

from collections import Counter
from dataclasses import dataclass, field

from . import text

NAME = "t:"
EXACT = "="
PREFIX = "^"
PINYIN = "py:"
FULL_PINYIN = "=py:"
PINYIN_PREFIX = "^py:"
INITIALS = "in:"

MAX_TERM_LENGTH = 100
MAX_PREFIX = 12

# Document side: names weigh three times the body; BM25 saturation and length norms.
NAME_WEIGHT = 3.0
K1 = 1.2
BODY_B, BODY_AVERAGE_LENGTH = 0.75, 300
NAME_B, NAME_AVERAGE_LENGTH = 0.3, 8


class Via:
    """How a query term relates to what the resident typed."""

    TEXT = "text"
    SYNONYM = "synonym"
    PINYIN = "pinyin"


# Query side: how much each kind of term counts.
WEIGHTS = {
    "exact_query": 30.0,  # the whole query is a name
    "prefix_query": 3.0,  # the whole query starts a name
    "exact_concept": 5.0,  # one concept of the query is a name
    "word": 1.0,
    "pair": 0.5,
    "char": 0.5,
    "pinyin_pair": 0.3,
    "homophone": 5.0,  # the concept sounds exactly like a name
    "synonym_exact": 5.0,
    "synonym_word": 0.7,
    "synonym_pair": 0.25,
    "typed_pinyin_pair": 1.0,
    "typed_pinyin_exact": 10.0,
    "typed_pinyin_prefix": 2.0,
    "typed_initials": 4.0,
}


def saturate(tf, length, b, average_length):
    return tf * (K1 + 1) / (tf + K1 * (1 - b + b * length / average_length))


# --- Documents --------------------------------------------------------------


def name_terms(name):
    """Terms of one name (title or keyword): ({token: weight} of its words,
    pairs and characters, [its exact, prefix and pinyin keys])."""
    normalised = text.normalise(name)
    key = text.compact(normalised)
    if not key:
        return {}, []
    weight = NAME_WEIGHT * saturate(1, len(key), NAME_B, NAME_AVERAGE_LENGTH)
    tokens = set(text.search_words(normalised)) | set(text.bigrams(normalised)) | set(text.characters(normalised))
    keys = [EXACT + key] + [PREFIX + key[:n] for n in range(1, min(len(key), MAX_PREFIX) + 1)]
    runs = text.syllables(normalised)
    flat = [syllable for run in runs for syllable in run]
    keys += [PINYIN + pair for pair in text.pinyin_pairs(runs)]
    if flat:
        keys.append(FULL_PINYIN + "".join(flat))
        keys += [PINYIN_PREFIX + "".join(flat[:n]) for n in range(2, min(len(flat), MAX_PREFIX) + 1)]
    if len(flat) > 1:
        keys.append(INITIALS + text.initials(normalised))
    return dict.fromkeys(tokens, weight), keys


@dataclass
class Fields:
    """A document cut into what both backends index."""

    names: dict  # token of a title or keyword → its weight (the best over names)
    body: list  # body words, in order (repeated words count)
    keys: list  # exact, prefix, pinyin and initials keys


def document_fields(document):
    names, keys = {}, []
    for name in document.names:
        tokens, name_keys = name_terms(name)
        for token, weight in tokens.items():
            names[token] = max(names.get(token, 0.0), weight)
        keys += name_keys
    code = text.compact(document.code)
    if code:
        keys.append(EXACT + code)
    body = text.search_words(text.normalise("\n".join(document.body)))
    return Fields(names, body, [key for key in dict.fromkeys(keys) if len(key) <= MAX_TERM_LENGTH])


def document_terms(document):
    """Every term of a `search.documents.Document` and its weight in the
    embedded index: names with pinyin keys, the code as an exact key, and
    the body words weighed BM25-style."""
    fields = document_fields(document)
    terms = {NAME + token: weight for token, weight in fields.names.items()}
    terms.update(dict.fromkeys(fields.keys, 1.0))
    counts = Counter(fields.body)
    for word, tf in counts.items():
        terms[word] = saturate(tf, len(fields.body), BODY_B, BODY_AVERAGE_LENGTH)
    return {term: weight for term, weight in terms.items() if len(term) <= MAX_TERM_LENGTH}


# --- Queries ----------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    key: str
    weight: float
    via: str


@dataclass
class Concept:
    text: str
    terms: dict = field(default_factory=dict)

    def add(self, key, weight, via=Via.TEXT):
        if len(key) <= MAX_TERM_LENGTH and (key not in self.terms or self.terms[key].weight < weight):
            self.terms[key] = Term(key, weight, via)


@dataclass
class QueryPlan:
    concepts: list
    whole: Concept  # terms that match the query as a whole: they cover every concept
    highlights: list  # strings to mark in snippets, longest first

    def __bool__(self):
        return bool(self.concepts)


def analyse(query, synonyms):
    """The `QueryPlan` of what a resident typed."""
    normalised = " ".join(text.normalise(query).split())
    whole_key = text.compact(normalised)
    whole = Concept(whole_key)
    if not whole_key:
        return QueryPlan([], whole, [])
    parts = [whole_key] if synonyms.expand(whole_key) else concept_texts(normalised)
    concepts = [concept(part, synonyms) for part in parts]
    whole.add(EXACT + whole_key, WEIGHTS["exact_query"])
    if len(whole_key) <= MAX_PREFIX:
        whole.add(PREFIX + whole_key, WEIGHTS["prefix_query"])
    if text.split_pinyin(whole_key):
        whole.add(FULL_PINYIN + whole_key, WEIGHTS["typed_pinyin_exact"], Via.PINYIN)
    highlights = set()
    for part in parts:
        if not text.ASCII_WORD.match(part):
            highlights.update([part, *text.search_words(part)])
        highlights.update(synonyms.expand(part))
    return QueryPlan(concepts, whole, sorted(highlights, key=len, reverse=True))


def concept_texts(normalised):
    """The meaningful parts of a query: jieba words without stop-words, with
    single characters joined to their neighbours (残疾人|证 → 残疾人证, 低|宝 → 低宝).
    A query of nothing but stop-words is taken as typed."""
    tokens = [text.cut(chunk) for chunk in normalised.split()]
    stop = text.stopwords()
    parts = _join_runs(tokens, stop) or _join_runs(tokens, frozenset())
    return list(dict.fromkeys(parts))


def _join_runs(chunks, stop):
    parts = []
    for chunk in chunks:
        run = []  # adjacent meaningful tokens
        for token in [*chunk, None]:
            if token is not None and text.is_word(token) and token not in stop:
                run.append(token)
                continue
            parts += _merge_single_characters(run)
            run = []
    return parts


def _merge_single_characters(tokens):
    merged = []
    pending = ""
    for token in tokens:
        single = len(token) == 1 and text.CJK_RUN.match(token)
        if single and merged and not pending:
            merged[-1] += token
        elif single:
            pending += token
        else:
            merged.append(pending + token)
            pending = ""
    if pending:
        merged.append(pending)
    return merged


def concept(part, synonyms):
    result = Concept(part)
    if text.ASCII_WORD.match(part):
        _add_ascii(result, part)
    else:
        _add_chinese(result, part)
    for expansion in synonyms.expand(part):
        result.add(EXACT + expansion, WEIGHTS["synonym_exact"], Via.SYNONYM)
        result.add(NAME + expansion, WEIGHTS["synonym_word"], Via.SYNONYM)
        result.add(expansion, WEIGHTS["synonym_word"], Via.SYNONYM)
        for pair in text.bigrams(expansion):
            result.add(NAME + pair, WEIGHTS["synonym_pair"], Via.SYNONYM)
    return result


def _add_chinese(result, part):
    runs = text.syllables(part)
    if len(part) == 1:
        result.add(NAME + part, WEIGHTS["char"])
    else:
        result.add(EXACT + part, WEIGHTS["exact_concept"])
        for word in {part, *text.search_words(part)}:
            result.add(NAME + word, WEIGHTS["word"])
            result.add(word, WEIGHTS["word"])
        result.add(FULL_PINYIN + "".join(s for run in runs for s in run), WEIGHTS["homophone"], Via.PINYIN)
    for pair in text.bigrams(part):
        result.add(NAME + pair, WEIGHTS["pair"])
    for pair in text.pinyin_pairs(runs):
        result.add(PINYIN + pair, WEIGHTS["pinyin_pair"], Via.PINYIN)


def _add_ascii(result, part):
    """Latin letters and digits: a code or word as typed, pinyin, or pinyin initials."""
    result.add(NAME + part, WEIGHTS["word"])
    result.add(part, WEIGHTS["word"])
    result.add(EXACT + part, WEIGHTS["exact_concept"])
    syllables = text.split_pinyin(part)
    if syllables and len(syllables) > 1:
        for pair in text.pinyin_pairs([syllables]):
            result.add(PINYIN + pair, WEIGHTS["typed_pinyin_pair"], Via.PINYIN)
        result.add(FULL_PINYIN + part, WEIGHTS["typed_pinyin_exact"], Via.PINYIN)
        result.add(PINYIN_PREFIX + part, WEIGHTS["typed_pinyin_prefix"], Via.PINYIN)
    if text.LETTERS.match(part) and 2 <= len(part) <= 8:
        result.add(INITIALS + part, WEIGHTS["typed_initials"], Via.PINYIN)
