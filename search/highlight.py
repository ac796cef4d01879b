"""Highlighted snippets: the text is HTML-escaped and only <mark> is added.

Matching ignores width and case, and finds a word in either script (so
殘疾人證 in a page is marked for 残疾人证 in a query), while the original
characters are what is shown."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import text

SNIPPET_LENGTH = 90
LEAD = 20  # characters of context before the first match


def find_spans(value, words):
    """Non-overlapping (start, end) spans of `value` where any of the
    normalised `words` occurs; longer words win."""
    folded, offsets = text.fold_with_offsets(value)
    variants = {spelling for word in words if word for spelling in text.spellings(word)}
    taken = [False] * len(folded)
    spans = []
    for word in sorted(variants, key=len, reverse=True):
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                spans.append((offsets[start], offsets[end - 1] + 1))
            start = folded.find(word, end)
    return sorted(spans)


def mark(value, words, spans=None, start=0, end=None):
    """`value[start:end]`, escaped, with <mark> around the matches."""
    end = len(value) if end is None else end
    spans = find_spans(value, words) if spans is None else spans
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(value[position:span_start]))
        pieces.append(f"<mark>{escape(value[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(value[position:end]))
    return mark_safe("".join(pieces))


def snippet(value, words, length=SNIPPET_LENGTH, spans=None):
    """The part of `value` with the most matches, about `length` characters,
    escaped and marked; the start of `value` when nothing matches. `value`
    must have its whitespace collapsed (as `document_snippet` does)."""
    spans = find_spans(value, words) if spans is None else spans
    start = 0
    if spans:
        best = max(
            (sum(1 for s, e in spans if s >= window and e <= window + length), -window)
            for window in (max(0, s - LEAD) for s, _ in spans)
        )
        start = min(-best[1], max(0, len(value) - length))
    end = min(len(value), start + length)
    marked = mark(value, words, spans, start, end)
    return mark_safe(("…" if start else "") + marked + ("…" if end < len(value) else ""))


def document_snippet(document, words):
    """A result's snippet: from its body where the query matches there, else
    from its other names (也叫：低保、吃低保) when they match, else its opening."""
    body = " ".join(" ".join(document.body).split())
    spans = find_spans(body, words)
    if not spans and document.keywords:
        names = "也叫：" + "、".join(document.keywords)
        names_spans = find_spans(names, words)
        if names_spans:
            return snippet(names, words, spans=names_spans)
    return snippet(body, words, spans=spans)
