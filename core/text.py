"""Plain text rules: list splitting, paragraphs, regulation titles and article
anchors, A–Z grouping by pinyin initial, and the comparable form of codes."""

import re
import unicodedata
from itertools import groupby

from pypinyin import Style, lazy_pinyin

LIST_SEPARATORS = re.compile(r"[、;；,，\n]+")
TITLE_BRACKETS = "《》〈〉<>"


def split_list(value):
    """'低保、救济;最低生活保障' → ['低保', '救济', '最低生活保障'] (empty parts dropped)."""
    if not value:
        return []
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def paragraphs(value):
    """Split text into paragraphs on blank lines (single newlines too, since staff type both)."""
    if not value:
        return []
    return [part.strip() for part in re.split(r"\n\s*\n|\n", value.strip()) if part.strip()]


CODE_SEPARATORS = re.compile(r"[\s\-_－—–‐]+")


def canonical_code(value):
    """The comparable form of a 事项编码 or 受理编号 as a resident may type it:
    full-width characters made half-width, upper case, no spaces or hyphens.
    'mz-001', 'ＭＺ００１' and 'MZ 001' all give 'MZ001'."""
    return CODE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def normalise_title(title):
    """The comparable form of a regulation title: no 《》, no spaces."""
    return re.sub(r"\s+", "", title or "").strip(TITLE_BRACKETS)


def article_anchor(article):
    """The HTML id of an article such as '第十一条' (ids may hold any non-space character)."""
    return "art-" + re.sub(r"\s+", "", article)


def sort_key(name):
    """Sort Chinese names by their pinyin, as residents expect in an A–Z list."""
    return "".join(lazy_pinyin(name, errors="default")).lower()


def initial(name):
    """The A–Z letter a name is filed under ('#' for anything else)."""
    letters = lazy_pinyin(name[:1], style=Style.FIRST_LETTER, errors="default")
    letter = (letters[0][:1] if letters else "").upper()
    return letter if "A" <= letter <= "Z" else "#"


def group_by_initial(objects, key):
    """[(letter, [objects…]), …] sorted by pinyin, for an A–Z index."""
    ordered = sorted(objects, key=lambda obj: sort_key(key(obj)))
    return [(letter, list(group)) for letter, group in groupby(ordered, key=lambda obj: initial(key(obj)))]
