"""The vocabulary both search backends share: the terms a document is indexed
under (with their weights), and the terms a query looks for.

A term is a string in one of these forms:

    申请          a body word (jieba search mode)
    t:低保        a word, character pair or character of a name (title or keyword)
    =低保         a whole name, compacted; =mz001 for a code
    ^最低生活      the start of a name
    b:申请        a character pair of the body (the bigram floor)
    py:di_bao     two adjacent pinyin syllables of a name
    =py:dibao     a whole name in pinyin
    ^py:canjiren  the start of a name in pinyin, whole syllables
    in:db         the pinyin initials of a name

A query loses its question frames first (去哪里办, 需要什么材料, 可以…吗:
`frames.txt`), then is cut into concepts (农村 | 盖房子). Every term found
adds to a document's score, BM25-style (idf × query weight × document
weight), and nothing is ever a filter:

- the floor: the character pairs of what was typed, in the names (×3) and in
  the body, as plain BM25 over bigrams would score them, so a word segmented
  differently in a page still counts;
- what was typed: whole names, words, the query as a name;
- expansions, at a fraction of the weight of what was typed, so that a
  typed match always ranks first: dictionary synonyms and life events
  (`search.dictionary`), homophones and pinyin;
- coverage: a small bonus for each concept of the query a document matches.
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
BODY_PAIRS_AVERAGE_LENGTH = 400
BODY_PAIR = "b:"
NAME_B, NAME_AVERAGE_LENGTH = 0.3, 8


class Via:
    """How a query term relates to what the resident typed."""

    TEXT = "text"
    SYNONYM = "synonym"
    PINYIN = "pinyin"


# Query side: how much each kind of term counts. Expansions (synonyms, life
# events, homophones) weigh less than the same kind of typed term, so what was
# typed always outranks what was reached only through an expansion.
WEIGHTS = {
    "exact_query": 30.0,  # the whole query is a name
    "prefix_query": 3.0,  # the whole query starts a name
    "exact_concept": 5.0,  # one concept of the query is a name
    "word": 1.0,
    "pair": 0.5,  # the bigram floor, in names …
    "body_pair": 0.5,  # … and in the body
    "char": 0.5,
    "pinyin_pair": 0.2,
    "homophone": 2.0,  # the concept sounds exactly like a name
    "synonym_exact": 2.0,
    "synonym_word": 0.4,
    # The whole query is a dictionary or staff term: a deliberate mapping, so
    # its expansions weigh nearly as typed words (still below them).
    "whole_synonym_exact": 4.0,
    "whole_synonym_word": 0.8,
    "synonym_pair": 0.1,
    "typed_pinyin_pair": 1.0,
    "typed_pinyin_exact": 10.0,
    "typed_pinyin_prefix": 2.0,
    "typed_initials": 4.0,
    "pinyin_synonym_exact": 3.0,  # dibao → 低保 (a dictionary term) as a name …
    "pinyin_synonym_word": 0.6,  # … and as a word
}
# Added once for each concept of the query a document matches at all.
COVERAGE_BONUS = 1.0


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
    tokens |= set(text.known_words_in(key))  # 法律援助 in 法律援助申请, which jieba keeps whole
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
    body_pairs: list = field(default_factory=list)  # character pairs of the body, in order


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
    normalised_body = text.normalise("\n".join(document.body))
    body = text.search_words(normalised_body)
    keys = [key for key in dict.fromkeys(keys) if len(key) <= MAX_TERM_LENGTH]
    return Fields(names, body, keys, text.bigrams(normalised_body))


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
    for pair, tf in Counter(fields.body_pairs).items():
        terms[BODY_PAIR + pair] = saturate(tf, len(fields.body_pairs), BODY_B, BODY_PAIRS_AVERAGE_LENGTH)
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
    frames: list = field(default_factory=list)  # question frames stripped before matching (怎么办, 去哪里)
    typed: list = field(default_factory=list)  # the typed text matched, by concept (for the bigram floor)

    def __bool__(self):
        return bool(self.concepts) or bool(self.whole.terms)


def analyse(query, synonyms):
    """The `QueryPlan` of what a resident typed."""
    normalised = " ".join(text.normalise_query(query).split())
    whole_key = text.compact(normalised)
    whole = Concept(whole_key)
    if not whole_key:
        return QueryPlan([], whole, [])
    whole.add(EXACT + whole_key, WEIGHTS["exact_query"])
    if len(whole_key) <= MAX_PREFIX:
        whole.add(PREFIX + whole_key, WEIGHTS["prefix_query"])
    if text.split_pinyin(whole_key):
        whole.add(FULL_PINYIN + whole_key, WEIGHTS["typed_pinyin_exact"], Via.PINYIN)
    whole_is_term = bool(synonyms.expand(whole_key))
    if whole_is_term:
        parts, frames = [whole_key], []
    else:
        stripped, frames = strip_frames(normalised)
        parts = concept_texts(stripped)
    concepts = [concept(part, synonyms, whole_is_term) for part in parts]
    highlights = set()
    for part in parts:
        if not text.ASCII_WORD.match(part):
            highlights.update([part, *text.search_words(part)])
    for item in concepts:
        highlights.update(term.key[1:] for term in item.terms.values() if term.key.startswith(EXACT) and term.via == Via.SYNONYM)
    highlights.discard("")
    return QueryPlan(concepts, whole, sorted(highlights, key=len, reverse=True), frames, parts)


def strip_frames(normalised):
    """The query without its question frames (`frames.txt`), and the frames found."""
    return text.strip_frames(normalised)


def concept_texts(normalised):
    """The meaningful parts of a query: jieba words without stop-words, with
    single characters joined to their neighbours (残疾人|证 → 残疾人证, 低|宝 → 低宝).
    A query of nothing but stop-words has none (it still matches a page whose
    whole name it is)."""
    tokens = [text.cut(chunk) for chunk in normalised.split()]
    parts = _join_runs(tokens, text.stopwords())
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


def concept(part, synonyms, whole_query=False):
    result = Concept(part)
    if text.ASCII_WORD.match(part):
        _add_ascii(result, part)
        for term in synonyms.by_pinyin(part):  # dibao → 低保, then what 低保 stands for
            result.add(EXACT + term, WEIGHTS["pinyin_synonym_exact"], Via.PINYIN)
            result.add(NAME + term, WEIGHTS["pinyin_synonym_word"], Via.PINYIN)
            result.add(term, WEIGHTS["pinyin_synonym_word"], Via.PINYIN)
            _add_expansions(result, synonyms.expand(term), Via.PINYIN)
        return result
    _add_chinese(result, part)
    expansions = set(synonyms.expand(part))
    _add_expansions(result, expansions - {part}, Via.SYNONYM, "whole_synonym" if whole_query else "synonym")
    if expansions:
        return result
    inner = set()
    for term in synonyms.found_in(part):  # dictionary terms inside a longer part: 小孩上户口 → 上户口
        inner.update(synonyms.expand(term))
    _add_expansions(result, inner - {part}, Via.SYNONYM)
    for term in synonyms.by_pinyin(_full_pinyin(part)):  # a homophone of a dictionary term: 低宝 → 低保
        if term != part:
            result.add(EXACT + term, WEIGHTS["homophone"], Via.PINYIN)
            result.add(NAME + term, WEIGHTS["synonym_word"], Via.PINYIN)
            _add_expansions(result, synonyms.expand(term), Via.PINYIN)
    return result


def _add_expansions(result, expansions, via, kind="synonym"):
    for expansion in expansions:
        result.add(EXACT + expansion, WEIGHTS[kind + "_exact"], via)
        result.add(NAME + expansion, WEIGHTS[kind + "_word"], via)
        result.add(expansion, WEIGHTS[kind + "_word"], via)
        for pair in text.bigrams(expansion):
            result.add(NAME + pair, WEIGHTS["synonym_pair"], via)


def _full_pinyin(part):
    return "".join(s for run in text.syllables(part) for s in run)


def _add_chinese(result, part):
    runs = text.syllables(part)
    if len(part) == 1:
        result.add(NAME + part, WEIGHTS["char"])
    else:
        result.add(EXACT + part, WEIGHTS["exact_concept"])
        for word in {part, *text.search_words(part), *text.known_words_in(part)}:
            result.add(NAME + word, WEIGHTS["word"])
            result.add(word, WEIGHTS["word"])
        result.add(FULL_PINYIN + "".join(s for run in runs for s in run), WEIGHTS["homophone"], Via.PINYIN)
    for pair in text.bigrams(part):  # the bigram floor
        result.add(NAME + pair, WEIGHTS["pair"])
        result.add(BODY_PAIR + pair, WEIGHTS["body_pair"])
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
