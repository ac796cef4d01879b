"""Text rules for Chinese search: normalising, segmenting, pinyin keys, and
scrubbing personal data out of logged queries.

Both the index and the query go through the same functions, so whatever a
resident types (Traditional characters, full-width letters, pinyin) meets the
indexed text in one comparable form.
"""

import logging
import re
import tempfile
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PINYIN_DICT

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
WORD = re.compile(f"[{CJK}]+|[a-z0-9]+")
ASCII_WORD = re.compile(r"^[a-z0-9]+$")
LETTERS = re.compile(r"^[a-z]+$")
STOPWORDS_FILE = Path(__file__).with_name("stopwords.txt")
FRAMES_FILE = Path(__file__).with_name("frames.txt")
GAP = "…"
MAX_GAP = 16  # characters between the parts of a frame such as 可以…吗

# Personal data a resident may paste into the search box: never logged.
PERSONAL_DATA = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail addresses
    # Any run of 6 or more digits, however written: grouped with spaces, dashes,
    # dots or brackets, after a country code (+86 138 0013 8061, 0571-8765 4321,
    # 3301 2219 9003 0777 7X): 居民身份证号码, phone, bank card and 社保卡 numbers.
    re.compile(r"(?:[+＋]\s*)?\d(?:[\s\-–—.·()（）]{0,3}\d){5,}(?:[\s\-]{0,3}x(?![a-z]))?", re.IGNORECASE),
]
REDACTED = "＊"

_opencc = OpenCC("t2s")
# Traditional queries: Taiwan phrases too (軟體 → 软件, 計程車 → 出租车). Only
# ever on the original text: on Simplified text tw2sp turns 么 into 幺.
# Documents are mainland text and only need t2s. Taiwan and Hong Kong service
# names that OpenCC does not know (身心障礙手冊, 綜援) are in the dictionary.
_opencc_taiwan = OpenCC("tw2sp")
_opencc_traditional = OpenCC("s2t")
_jieba = None
_jieba_lock = threading.Lock()
_vocabulary = set()


# --- Normalising ------------------------------------------------------------


def normalise(text):
    """The comparable form of any text: NFKC (full-width letters and digits
    become half-width), Traditional → Simplified, lower case."""
    if not text:
        return ""
    return _opencc.convert(unicodedata.normalize("NFKC", text)).lower()


def normalise_query(text):
    """`normalise` for what a resident typed: Traditional text goes through
    OpenCC's phrase-level Taiwan and Hong Kong conversions first, so regional
    wording meets the mainland words of the guides."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    simplified = _opencc.convert(folded)
    if simplified != folded:  # Traditional characters: convert whole phrases
        simplified = _opencc_taiwan.convert(folded)
    return simplified.lower()


def fold_with_offsets(text):
    """NFKC and lower case (no Traditional → Simplified: see `spellings`), plus,
    for each character of the result, its index in `text`, so that matches
    found in the folded text can be marked in the original."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) == len(text):
        return folded, range(len(text))
    pieces, offsets = [], []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).lower()
        pieces.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(pieces), offsets


@lru_cache(maxsize=4096)
def spellings(word):
    """A normalised (Simplified) word and its Traditional spelling, to find it
    in text without converting the whole text."""
    return frozenset([word, _opencc_traditional.convert(word)])


def compact(text):
    """Normalised text without spaces or punctuation: the key an exact name matches on."""
    return "".join(WORD.findall(normalise(text)))


# --- Segmenting -------------------------------------------------------------


def add_words(words):
    """Teach the segmenter domain words (低保, 准生证, 宅基地 …) so they come out
    whole. Cheap before the segmenter is loaded: words wait until it is."""
    new = {word for word in words if len(word) > 1 and CJK_RUN.fullmatch(word)} - _vocabulary
    _vocabulary.update(new)
    if _jieba is not None:
        for word in new:
            _jieba.add_word(word)


def known_words_in(value, longest=16):
    """Every domain word (`add_words`) inside `value`, of 4 characters or
    more: jieba's search mode gives only the 2- and 3-character words inside a
    longer word (法律援助申请 → 法律, 援助, 申请, not 法律援助)."""
    return [
        value[start : start + length]
        for length in range(4, min(len(value) - 1, longest) + 1)
        for start in range(len(value) - length + 1)
        if value[start : start + length] in _vocabulary
    ]


def _segmenter():
    """jieba, loaded once on first use. Its dictionary cache goes to the system
    temporary directory (never the code directory, which may be read-only)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.tmp_dir = tempfile.gettempdir()
                jieba.initialize()
                for word in _vocabulary:
                    jieba.add_word(word)
                _jieba = jieba
    return _jieba


def warm_up():
    """Load jieba's dictionary now (about a second of CPU) rather than in the
    first search: gunicorn does it once in its master (centre/gunicorn.conf.py),
    and every worker forked after shares it."""
    _segmenter()


def is_word(token):
    return bool(WORD.fullmatch(token))


def cut(text):
    """Precise-mode segmentation of normalised text, punctuation included."""
    return list(_segmenter().cut(text))


def search_words(text):
    """Search-mode segmentation: every word and the shorter words inside long
    ones (最低生活保障 → 最低, 生活, 保障, 最低生活保障). Single CJK characters
    are left out: alone they match far too much."""
    return [
        token
        for token in _segmenter().cut_for_search(text)
        if is_word(token) and (len(token) > 1 or ASCII_WORD.match(token))
    ]


def bigrams(text):
    """Overlapping pairs of CJK characters, which match a name however it is segmented."""
    return [run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)]


def characters(text):
    return [char for run in CJK_RUN.findall(text) for char in run]


@lru_cache(maxsize=1)
def stopwords():
    """Words that carry no meaning in a question (要, 怎么, 办理, 材料 …)."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def frames():
    """Question frames (`frames.txt`): (a pattern of the frames without a gap,
    [patterns of frames with a gap such as 可以…吗, whose middle is kept])."""
    lines = [line.strip() for line in FRAMES_FILE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    plain = sorted({normalise(line) for line in lines if GAP not in line}, key=len, reverse=True)
    gapped = []
    for line in lines:
        if GAP in line:
            pieces = [re.escape(normalise(piece)) for piece in line.split(GAP)]
            middle = f"(.{{1,{MAX_GAP}}}?)"
            gapped.append(re.compile(f"({pieces[0]})" + "".join(f"{middle}({piece})" for piece in pieces[1:])))
    return re.compile("|".join(re.escape(line) for line in plain)), gapped


def strip_frames(value):
    """`value` (normalised) without its question frames, each replaced by a
    space, and the frames found (怎么给小孩上户口 → ' 给小孩上户口', ['怎么'])."""
    plain, gapped = frames()
    found = []
    for pattern in gapped:
        match = pattern.search(value)
        while match:
            groups = match.groups()
            found.extend(groups[0::2])
            kept = " " + " ".join(groups[1::2]) + " "
            value = value[: match.start()] + kept + value[match.end() :]
            match = pattern.search(value, match.start() + len(kept))
    found.extend(plain.findall(value))
    return plain.sub(" ", value), found


# --- Pinyin -----------------------------------------------------------------


def syllables(text):
    """Toneless pinyin syllables of each CJK run: '低保 证' → [['di', 'bao'], ['zheng']].
    ü is written v, as on a pinyin keyboard."""
    return [lazy_pinyin(run, style=Style.NORMAL, v_to_u=False) for run in CJK_RUN.findall(text)]


def pinyin_pairs(runs):
    """Adjacent syllable pairs ('di_bao'): what a homophone typo (低宝) and a
    typed pinyin (dibao) share with the right word."""
    return [f"{run[i]}_{run[i + 1]}" for run in runs for i in range(len(run) - 1)]


def initials(text):
    return "".join(letter for run in CJK_RUN.findall(text) for letter in lazy_pinyin(run, style=Style.FIRST_LETTER))


@lru_cache(maxsize=1)
def _syllable_set():
    """Every toneless syllable pypinyin knows (about 400)."""
    found = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            decomposed = unicodedata.normalize("NFKD", reading).replace("u\u0308", "v")
            found.add("".join(c for c in decomposed if not unicodedata.combining(c)))
    return frozenset(found)


def split_pinyin(letters):
    """'canjirenzheng' → ['can', 'ji', 'ren', 'zheng']; None when the letters are
    not pinyin. Prefers the fewest (longest) syllables, so 'xian' stays one."""
    if not LETTERS.match(letters or ""):
        return None
    known = _syllable_set()
    best = [None] * (len(letters) + 1)
    best[0] = []
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] is not None and letters[start:end] in known:
                candidate = best[start] + [letters[start:end]]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[-1]


# --- Query log --------------------------------------------------------------


def scrub(text):
    """A query with ID numbers, phone numbers, e-mail addresses and other long
    numbers replaced by ＊, whitespace collapsed: safe to keep in a log."""
    for pattern in PERSONAL_DATA:
        text = pattern.sub(REDACTED, text)
    return " ".join(text.split())
