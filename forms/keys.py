"""Keys and slugs made from what staff write, so nobody invents an English name.

A step or field key is the pinyin of its label, word by word (jieba), lowercase
and joined with `_`: 申请人姓名 → `shenqingren_xingming`. Keys are unique within
the form (a repeated one gets `_2`, `_3` …) and ASCII only, as
`forms.definition` requires.

A key is made once, when it is empty, and never changed afterwards: renaming
a label keeps the key, so the drafts and submissions of a published form keep
their meaning. (Staff who really want another key change it in the field's
collapsed 高级 section.)

In the editor a condition may name a field that has no key yet (added in the
same editing session): the condition then holds `@<block id>` and
`assign_keys` replaces it with that field's key once the key exists."""

import functools
import re
import unicodedata

from pypinyin import lazy_pinyin

from .definition import RESERVED_STEP_KEYS

MAX_KEY_LENGTH = 40
REFERENCE_PREFIX = "@"
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


@functools.cache
def _tokenizer():
    """A jieba tokenizer of our own with jieba's shipped dictionary only (the
    words search adds to jieba's default one must not change the keys of new
    fields), made on first use: not every process that imports the models
    makes keys."""
    import jieba

    jieba.setLogLevel(60)  # silence "Building prefix dict…" on first use
    return jieba.Tokenizer()


def words(text):
    """The pinyin (or ASCII) words of a text: '申请人姓名（本人）' → ['shenqingren', 'xingming', 'benren']."""
    result = []
    for token in _tokenizer().lcut(unicodedata.normalize("NFKC", str(text or "")), HMM=False):
        if _CJK.search(token):
            token = "".join(lazy_pinyin(token, errors="ignore"))
        result.extend(part for part in _NOT_KEY.split(token.lower()) if part)
    return result


def base_key(text, fallback):
    """The key for a label before it is made unique; `fallback` when the label has no letters at all."""
    key = ""
    for word in words(text):
        candidate = f"{key}_{word}" if key else word
        if len(candidate) > MAX_KEY_LENGTH:
            break
        key = candidate
    return key or fallback


def unique_key(text, taken, fallback):
    """A key for `text` not in `taken` (which it joins): 'xingming', then 'xingming_2' …"""
    base = base_key(text, fallback)
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    taken.add(key)
    return key


def slug_from_title(title, taken=(), fallback="form"):
    """A page slug from a (Chinese) title: 林木采伐许可申请表 → linmu-caifa-xuke-shenqingbiao,
    unique among `taken` by -2, -3 …"""
    base = "-".join(words(title))[:80].strip("-") or fallback
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def assign_keys(steps):
    """Give every step and field without a key one made from its title or label
    (none while the title or label is empty),
    and point conditions that name a field by `@<block id>` at its key.

    `steps` is a list of (step, fields) where `step` is a mutable mapping with
    "key", "title" and "show_if", and `fields` a list of (block id, field
    mapping with "key", "label", "show_if"). Keys already set are kept as they
    are (also when a label changed). Mutates in place."""
    step_keys = {step.get("key") for step, _ in steps if step.get("key")} | set(RESERVED_STEP_KEYS)
    field_keys = {field.get("key") for _, fields in steps for _, field in fields if field.get("key")}
    by_id = {}
    for step, fields in steps:
        if not step.get("key") and (step.get("title") or "").strip():
            step["key"] = unique_key(step.get("title"), step_keys, "step")
        for block_id, field in fields:
            if not field.get("key") and (field.get("label") or "").strip():
                field["key"] = unique_key(field.get("label"), field_keys, "field")
            assign_sub_keys(field.get("fields"))
            if block_id and field.get("key"):
                by_id[str(block_id)] = field["key"]
    for step, fields in steps:
        resolve_references(step.get("show_if"), by_id)
        for _, field in fields:
            resolve_references(field.get("show_if"), by_id)


def assign_sub_keys(subs):
    """Keys for a repeating group's sub-fields (block values or dicts), unique within the group."""
    if subs is None or isinstance(subs, str):
        return
    values = [getattr(sub, "value", sub) for sub in subs]
    values = [value for value in values if hasattr(value, "get")]
    taken = {value.get("key") for value in values if value.get("key")}
    for value in values:
        if not value.get("key") and (value.get("label") or "").strip():
            value["key"] = unique_key(value.get("label"), taken, "field")


def resolve_references(show_if, by_id):
    """Replace `@<block id>` in the conditions of a show_if block value by the field's key.
    A reference to a field that is gone stays as it is, and the definition check reports it."""
    if not show_if:
        return
    for condition in show_if.get("conditions") or ():
        target = condition.get("field") or ""
        if target.startswith(REFERENCE_PREFIX):
            condition["field"] = by_id.get(target[len(REFERENCE_PREFIX) :], target)
