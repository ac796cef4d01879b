"""Import of a county's 事项清单 (item list) per `../shared/spec/guide-import.md`.

Three stages, each usable on its own:

1. `read_items(path)` parses a JSON or CSV file into a list of raw item dicts,
   each remembering where it came from (`Source`) so errors can name it;
2. `validate(raw_items)` checks every field of every item and returns clean,
   typed items plus all errors and warnings (it never stops at the first);
3. `apply(items)` writes everything in one transaction: guides are matched on
   `code`, new ones are created and published, changed ones get a new
   published revision, unchanged ones are left alone.

`import_file(path)` runs the three stages on a file read as a stream: a CSV
file is validated row by row (only codes and the first MAX_REPORTED errors
are kept), then read again to write, so memory stays flat for a large list.

Keys absent from an item leave the stored value as it is; keys present (even
empty) replace it. That way a county list that lacks, say, `faqs` never wipes
what a centre's staff wrote.
"""

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models.functions import Upper
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from core.text import split_list

from .models import (
    Fee,
    GuideFAQ,
    HandlingType,
    ItemType,
    LegalBasis,
    Material,
    MaterialForm,
    ProcessStep,
    ServiceGuidePage,
    Theme,
    Window,
    WindowIndexPage,
)
from .serializers import ITEM_KEYS, LIST_KEYS, format_amount, guide_to_dict
from .site_setup import ensure_structure

# Whatever the database or a printed guide cannot hold: NUL (PostgreSQL refuses
# it) and the other C0 control characters except tab, line feed and carriage return.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Nesting of a JSON file: the import format needs 4 levels ({"items": [{"materials": [{…}]}]}).
MAX_JSON_DEPTH = 20
# Errors listed in a report; the rest are counted.
MAX_REPORTED = 100
# Database column sizes the importer fills outside TEXT_LIMITS.
THEME_NAME_LIMIT = 50
BATCH = 500
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
TRUE_WORDS = {"true", "1", "yes", "y", "是", "必需", "必须", "必要", "可以", "可"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "容缺", "非必需", "不可", "不可以", ""}

FIELD_LABELS = {
    "code": "事项编码", "name": "事项名称", "window": "承办窗口", "department": "实施主体",
    "item_type": "事项类型", "handling_type": "办件类型", "themes": "生活主题", "summary": "概述",
    "conditions": "受理条件", "materials": "申请材料", "steps": "办理流程", "legal_days": "法定办结时限",
    "promised_days": "承诺办结时限", "fees": "收费标准", "basis": "设定依据", "result": "办理结果",
    "visits": "到现场次数", "online": "可网上申报", "online_url": "网办地址", "proxy": "可村级代办", "location": "办理地点",
    "hours": "办理时间", "phone": "咨询电话", "complaint_phone": "监督投诉电话", "keywords": "俗称",
    "faqs": "常见问题",
}  # fmt: skip
TEXT_LIMITS = {
    "name": 255, "window": 50, "department": 100, "result": 200, "location": 200, "hours": 200,
    "phone": 50, "complaint_phone": 50, "summary": None, "conditions": None,
}  # fmt: skip
SUB_TEXT_LIMITS = {
    "materials": {"name": 200, "source": 100, "note": 300},
    "steps": {"name": 100, "actor": 100, "description": None},
    "fees": {"name": 100, "basis": 300},
    "basis": {"title": 200, "article": 100, "doc_number": 100},
    "faqs": {"question": 300, "answer": None},
}


class ImportFailed(Exception):
    """Raised when a file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors, warnings=()):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)
        self.warnings = list(warnings)


@dataclass
class Source:
    """Where an item came from: '第 3 行' of a CSV file or '第 3 项' of a JSON list."""

    position: int
    unit: str = "项"
    code: str = ""

    def __str__(self):
        where = f"第 {self.position} {self.unit}"
        return f"{where}（{self.code}）" if self.code else where


@dataclass
class Problem:
    source: Source
    field: str
    message: str

    def __str__(self):
        label = FIELD_LABELS.get(self.field.split("[")[0].split(".")[0], "")
        name = f"{self.field}（{label}）" if label else self.field
        return f"{self.source} 字段 {name}：{self.message}"


@dataclass
class RawItem:
    source: Source
    data: dict


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def summary(self):
        return f"新增 {len(self.created)} 项，更新 {len(self.updated)} 项，未变化 {len(self.unchanged)} 项"


# --- 1. Reading -------------------------------------------------------------


def read_items(path):
    """Parse FILE.json or FILE.csv into a list of RawItems. Raises ImportFailed on
    a file that is not valid JSON/CSV or has the wrong shape."""
    return list(iter_items(path))


NOT_UTF8 = "文件不是 UTF-8 编码{where}：请在 Excel 中另存为“CSV UTF-8”"


def iter_items(path):
    """RawItems of FILE.json or FILE.csv one by one; a CSV file is read as a
    stream, never whole."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as stream:
                try:
                    yield from parse_csv_stream(stream)
                except UnicodeDecodeError as exc:
                    raise ImportFailed([NOT_UTF8.format(where="")]) from exc
            return
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([f"无法读取文件 {path}：{exc.strerror}"]) from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([NOT_UTF8.format(where=f"（第 {exc.start} 字节）")]) from exc
    del raw
    yield from parse_json(content)


JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth_error(content, limit=MAX_JSON_DEPTH):
    """A message when arrays and objects nest deeper than `limit`, else None.
    Checked before parsing, so a hostile file ends in this message rather than
    in Python's recursion limit."""
    depth = 0
    for match in JSON_TOKENS.finditer(content):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                line = content.count("\n", 0, match.start()) + 1
                return f"JSON 嵌套太深（第 {line} 行超过 {limit} 层）：导入格式最多只有 4 层，请检查文件"
        elif token in "]}":
            depth -= 1
    return None


def parse_json(content):
    too_deep = json_depth_error(content)
    if too_deep:
        raise ImportFailed([too_deep])
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ImportFailed([f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"]) from exc
    except RecursionError as exc:  # pragma: no cover - the depth check comes first
        raise ImportFailed(["JSON 嵌套太深"]) from exc
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    if not isinstance(data, list):
        raise ImportFailed(["JSON 文件应当是事项的列表，或 {\"items\": [...]}"])
    return [RawItem(Source(i, "项"), item) for i, item in enumerate(data, start=1)]


def parse_csv(content):
    return list(parse_csv_stream(io.StringIO(content, newline="")))


def parse_csv_stream(stream):
    """RawItems of a CSV text stream, one row at a time."""
    reader = csv.DictReader(stream)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ImportFailed([f"不是有效的 CSV：第 1 行，{exc}"]) from exc
    if not fieldnames:
        raise ImportFailed(["CSV 文件是空的，第一行应当是表头（code,name,window,…）"])
    reader.fieldnames = [(name or "").strip() for name in fieldnames]
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed([f"不是有效的 CSV：第 {reader.line_num} 行，{exc}"]) from exc
        # Header is line 1, so the first item is 第 2 行, as Excel numbers it.
        source = Source(reader.line_num, "行")
        data = {}
        for key, value in row.items():
            if key is None:
                yield RawItem(source, {"__extra_cells__": value})
                break
            if key:
                data[key] = csv_cell(key, value or "")
        else:
            if any(value not in ("", None, []) for value in data.values()):
                yield RawItem(source, data)


def csv_cell(key, value):
    """Turn a CSV cell into the JSON shape of that key (validation comes later)."""
    value = value.strip()
    if key in ("themes", "keywords"):
        return split_list(value.replace("\n", "、"))
    if key in LIST_KEYS:
        entries = []
        for line in value.splitlines():
            if line.strip():
                parts = [part.strip() for part in line.split("|")]
                entries.append(dict(zip(LIST_KEYS[key], parts, strict=False)))  # missing trailing parts stay absent
        return entries
    return value


# --- 2. Validation ----------------------------------------------------------


class ItemValidator:
    """Checks one raw item; collects problems instead of stopping."""

    def __init__(self, raw):
        self.raw = raw
        self.source = raw.source
        self.problems = []
        self.warnings = []

    def error(self, field_name, message):
        self.problems.append(Problem(self.source, field_name, message))

    def run(self):
        data = self.raw.data
        if not isinstance(data, dict):
            self.error("-", "每一项应当是一个对象（{…}）")
            return None
        if "__extra_cells__" in data:
            self.error("-", "这一行的单元格比表头多，请检查是否有多余的逗号")
            return None
        code = data.get("code")
        if isinstance(code, str) and code.strip():
            self.source.code = code.strip()
        for key in data:
            if key not in ITEM_KEYS:
                self.warnings.append(Problem(self.source, key, "不是导入格式中的字段，已忽略"))

        item = {}
        item["code"] = self.code(data.get("code"))
        item["name"] = self.text("name", data.get("name"), required=True)
        item["window"] = self.text("window", data.get("window"), required=True)
        for key in ("department", "summary", "conditions", "result", "location", "hours", "phone", "complaint_phone"):
            if key in data:
                item[key] = self.text(key, data[key])
        if "item_type" in data:
            item["item_type"] = self.choice("item_type", data["item_type"], ItemType.values)
        if "handling_type" in data:
            item["handling_type"] = self.choice("handling_type", data["handling_type"], HandlingType.values)
        for key in ("themes", "keywords"):
            if key in data:
                item[key] = self.string_list(key, data[key])
        for key in ("legal_days", "promised_days", "visits"):
            if key in data:
                item[key] = self.integer(key, data[key])
        for key in ("online", "proxy"):
            if key in data:
                item[key] = self.boolean(key, data[key])
        if "online_url" in data:
            item["online_url"] = self.web_address("online_url", data["online_url"])
            if item["online_url"] and "online" not in data:
                item["online"] = True  # an address where it is handled online says it can be
            elif item["online_url"] and item.get("online") is False:
                self.error("online_url", "填写了网办地址，可网上申报（online）却为否")
        for key in LIST_KEYS:
            if key in data:
                item[key] = self.entries(key, data[key])

        legal, promised = item.get("legal_days"), item.get("promised_days")
        if isinstance(legal, int) and isinstance(promised, int) and promised > legal:
            self.error("promised_days", f"承诺办结时限（{promised} 个工作日）不能超过法定办结时限（{legal} 个工作日）")
        return item

    # Field checks -------------------------------------------------------

    def code(self, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            self.error("code", "必填，不能为空")
            return None
        value = str(value).strip()
        if not CODE_RE.match(value):
            self.error("code", f"“{value}”不是有效的事项编码：只能用字母、数字、点、横线和下划线，最长 50 个字符")
            return None
        return value

    def text(self, key, value, required=False, limit=None, where=None):
        where = where or key
        limit = limit if limit is not None else TEXT_LIMITS.get(key)
        if value is None:
            value = ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(where, "应当是文字")
            return ""
        value = value.strip()
        if CONTROL_RE.search(value):
            self.error(where, "含有看不见的控制字符（如 NUL），请删去后再导入")
        if required and not value:
            self.error(where, "必填，不能为空")
        if limit and len(value) > limit:
            self.error(where, f"太长了：最多 {limit} 个字，现在 {len(value)} 个字")
        return value

    def web_address(self, key, value):
        """An http(s) address of at most 200 characters, or ""."""
        value = self.text(key, value, limit=200)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.error(key, f"“{value}”不是有效的网址，应以 http:// 或 https:// 开头")
        return value

    def choice(self, key, value, allowed, where=None):
        value = self.text(key, value, where=where)
        if value and value not in allowed:
            self.error(where or key, f"“{value}”不在可选值中：{'、'.join(allowed)}")
        return value

    def integer(self, key, value, where=None):
        where = where or key
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.error(where, "应当是整数（工作日或次数）")
            return None
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                self.error(where, f"“{value}”不是整数")
                return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            self.error(where, f"“{value}”不是整数")
            return None
        if value < 0:
            self.error(where, "不能是负数")
            return None
        if value > 32767:
            self.error(where, "数字太大")
            return None
        return value

    def boolean(self, key, value, default=False, where=None):
        where = where or key
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word == "":
            return default
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.error(where, f"“{value}”不是是/否（可用 true/false、是/否、1/0）")
        return default

    def amount(self, value, where):
        if isinstance(value, bool) or value is None or value == "":
            self.error(where, "金额必填，例如 \"20.00\"")
            return None
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            self.error(where, f"“{value}”不是金额，应当写成 \"20.00\" 这样的数字（单位：元）")
            return None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("100000000"):
            self.error(where, f"“{value}”不是有效的金额")
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.error(where, f"“{value}”最多两位小数（精确到分）")
            return None
        return format_amount(amount)

    def string_list(self, key, value):
        if value is None:
            return []
        if isinstance(value, str):
            values = split_list(value)
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, "应当是文字的列表")
            return []
        else:
            values = [v.strip() for v in value if v.strip()]
        for position, entry in enumerate(values, start=1):
            if CONTROL_RE.search(entry):
                self.error(f"{key}[{position}]", "含有看不见的控制字符（如 NUL），请删去后再导入")
            if key == "themes" and len(entry) > THEME_NAME_LIMIT:
                self.error(f"{key}[{position}]", f"主题名称太长了：最多 {THEME_NAME_LIMIT} 个字，现在 {len(entry)} 个字")
        return values

    def entries(self, key, value):
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, "应当是列表")
            return []
        limits = SUB_TEXT_LIMITS[key]
        clean = []
        for i, entry in enumerate(value, start=1):
            where = f"{key}[{i}]"
            if not isinstance(entry, dict):
                self.error(where, "应当是对象（{…}）")
                continue
            unknown = set(entry) - set(LIST_KEYS[key])
            for name in sorted(unknown):
                self.warnings.append(Problem(self.source, f"{where}.{name}", "不是导入格式中的字段，已忽略"))
            out = {}
            first = LIST_KEYS[key][0]
            for name in LIST_KEYS[key]:
                sub = f"{where}.{name}"
                raw = entry.get(name)
                if name in limits:
                    out[name] = self.text(name, raw, required=(name == first), limit=limits[name], where=sub)
                elif name in ("copies", "days"):
                    out[name] = self.integer(name, raw, where=sub)
                elif name == "required":
                    out[name] = self.boolean(name, raw, default=True, where=sub)
                elif name == "form":
                    out[name] = self.choice(name, raw, MaterialForm.values, where=sub)
                elif name == "amount":
                    out[name] = self.amount(raw, sub)
            clean.append(out)
        return clean


class Validation:
    """Validates items one at a time, keeping what a whole-file check needs:
    the codes seen (case-insensitively: 事项编码 mz-001 and MZ-001 are the same
    item) and the errors and warnings, all counted but the first MAX_REPORTED kept."""

    def __init__(self, keep=None):
        self.keep = keep
        self.seen = {}
        self.errors, self.warnings = [], []
        self.error_count = self.warning_count = self.item_count = 0

    def add_errors(self, problems):
        for problem in problems:
            self.error_count += 1
            if self.keep is None or len(self.errors) < self.keep:
                self.errors.append(problem)

    def add_warnings(self, problems):
        for problem in problems:
            self.warning_count += 1
            if self.keep is None or len(self.warnings) < self.keep:
                self.warnings.append(problem)

    def check(self, raw):
        """The clean item of `raw`, or None when it cannot be read at all."""
        self.item_count += 1
        validator = ItemValidator(raw)
        item = validator.run()
        self.add_errors(validator.problems)
        self.add_warnings(validator.warnings)
        if item is None:
            return None
        code = item.get("code")
        if code:
            folded = code.upper()
            if folded in self.seen:
                first_code, first_source = self.seen[folded]
                same = "相同" if first_code == code else f"只差大小写（{first_code}），编码不区分大小写"
                self.add_errors([Problem(raw.source, "code", f"事项编码 {code} 在文件中重复（与 {first_source} {same}）")])
            else:
                self.seen[folded] = (code, str(raw.source))
        return item

    def finish(self):
        if not self.item_count:
            self.add_errors(["文件中没有任何事项"])
        if self.keep is not None and self.error_count > len(self.errors):
            self.errors.append(f"……另有 {self.error_count - len(self.errors)} 处错误未列出（只列出前 {self.keep} 处）")
        if self.keep is not None and self.warning_count > len(self.warnings):
            self.warnings.append(f"……另有 {self.warning_count - len(self.warnings)} 条提示未列出")


def validate(raw_items):
    """Return (items, errors, warnings). Items are clean only if errors is empty."""
    validation = Validation()
    items = []
    for raw in raw_items:
        item = validation.check(raw)
        if item is not None:
            items.append(item)
    validation.finish()
    return items, validation.errors, validation.warnings


# --- 3. Writing -------------------------------------------------------------


def unique_slug(model, text, field_name="slug"):
    """An ASCII slug from Chinese text via pinyin, made unique within `model`."""
    base = slugify("-".join(lazy_pinyin(text))) or "item"
    base = base[:40]
    slug, n = base, 2
    while model.objects.filter(**{field_name: slug}).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Importer:
    """Writes validated items. Use through `import_items`."""

    def __init__(self, user=None):
        self.user = user
        self.guide_index = ensure_structure().guide_index
        self.windows = {w.name: w for w in Window.objects.all()}
        self.themes = {t.name: t for t in Theme.objects.all()}

    def window_page(self, name):
        window = self.windows.get(name)
        if window is None:
            window = Window.objects.create(name=name, slug=unique_slug(Window, name), sort_order=len(self.windows) + 1)
            self.windows[name] = window
        page = WindowIndexPage.objects.filter(window=window).first()
        if page is None:
            slug = window.slug
            if self.guide_index.get_children().filter(slug=slug).exists():
                slug = f"window-{window.pk}"
            page = self.guide_index.add_child(instance=WindowIndexPage(title=window.name, slug=slug, window=window))
        return page

    def theme(self, name):
        if name not in self.themes:
            self.themes[name] = Theme.objects.create(name=name, slug=unique_slug(Theme, name))
        return self.themes[name]

    def apply_item(self, item, report):
        existing = ServiceGuidePage.objects.filter(code=item["code"]).first()
        if existing is not None:
            if not changes(existing, item):
                report.unchanged.append(item["code"])
                return
            page = existing
        else:
            page = ServiceGuidePage(code=item["code"], slug=self.guide_slug(item["code"]))

        parent = self.window_page(item["window"])
        changed = changes(existing, item) if existing is not None else []
        self.set_fields(page, item)
        page.change_note = (
            "按事项清单导入更新：" + "、".join(FIELD_LABELS.get(key, key) for key in changed)
            if existing is not None
            else "按事项清单导入"
        )[:300]
        if existing is None:
            page.window = parent.window
            parent.add_child(instance=page)
            report.created.append(item["code"])
        else:
            if page.get_parent().pk != parent.pk:
                page.move(parent, pos="last-child")
                page.refresh_from_db(fields=["path", "url_path", "depth"])
                page.window = parent.window
            report.updated.append(item["code"])
        page.save_revision(user=self.user, log_action=True).publish(user=self.user)

    def guide_slug(self, code):
        slug = slugify(code) or "guide"
        if ServiceGuidePage.objects.filter(slug=slug).exists():
            slug = f"{slug}-{ServiceGuidePage.objects.count() + 1}"
        return slug

    def set_fields(self, page, item):
        simple = {
            "department": "department", "item_type": "item_type", "handling_type": "handling_type",
            "summary": "summary", "conditions": "conditions", "legal_days": "legal_days",
            "promised_days": "promised_days", "result": "result", "visits": "visits", "online": "online",
            "online_url": "online_url",
            "proxy": "proxy", "location": "location", "hours": "hours", "phone": "phone",
            "complaint_phone": "complaint_phone",
        }  # fmt: skip
        page.title = item["name"]
        for key, attr in simple.items():
            if key in item:
                setattr(page, attr, item[key])
        if "keywords" in item:
            page.keywords = "、".join(item["keywords"])
        if "themes" in item:
            page.themes = [self.theme(name) for name in item["themes"]]
        if "materials" in item:
            page.materials = ordered(Material(**m) for m in item["materials"])
        if "steps" in item:
            page.steps = ordered(ProcessStep(**s) for s in item["steps"])
        if "fees" in item:
            page.fees = ordered(
                Fee(name=f["name"], amount=Decimal(f["amount"]), basis=f["basis"]) for f in item["fees"]
            )
        if "basis" in item:
            page.legal_bases = ordered(LegalBasis(**b) for b in item["basis"])
        if "faqs" in item:
            page.faqs = ordered(GuideFAQ(**q) for q in item["faqs"])


def ordered(children):
    """Number Orderable children in file order (modelcluster leaves sort_order
    empty outside the admin form, and the database would then pick the order)."""
    children = list(children)
    for position, child in enumerate(children):
        child.sort_order = position
    return children

def changes(page, item):
    """The keys of `item` whose value differs from the stored guide."""
    current = guide_to_dict(page)
    # Themes are a set: their order in a file means nothing.
    unordered = {"themes"}
    return [
        key
        for key in item
        if (sorted(current[key]) != sorted(item[key]) if key in unordered else current[key] != item[key])
    ]


def check_against_database(items, sources):
    """Rules that need the stored guides: a code may not differ from a stored
    one only in case, and a partial update must still keep promised ≤ legal
    once merged with what is stored."""
    problems = []
    stored = {
        g.code.upper(): g
        for g in ServiceGuidePage.objects.annotate(folded=Upper("code"))
        .filter(folded__in=[i["code"].upper() for i in items])
        .only("code", "legal_days", "promised_days")
    }
    for item in items:
        guide = stored.get(item["code"].upper())
        if guide is None:
            continue
        if guide.code != item["code"]:
            problems.append(
                Problem(sources[item["code"]], "code",
                        f"事项编码 {item['code']} 与已有事项 {guide.code} 只差大小写：编码不区分大小写，请改用 {guide.code}")
            )  # fmt: skip
            continue
        legal = item.get("legal_days", guide.legal_days)
        promised = item.get("promised_days", guide.promised_days)
        if legal is not None and promised is not None and promised > legal:
            problems.append(
                Problem(sources[item["code"]], "promised_days", f"承诺办结时限不能超过已有的法定办结时限（{legal} 个工作日）")
            )
    return problems


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def count_changes(items, report):
    """Dry run: sort `items` into the report's created/updated/unchanged."""
    stored = {g.code: g for g in ServiceGuidePage.objects.filter(code__in=[i["code"] for i in items])}
    for item in items:
        page = stored.get(item["code"])
        bucket = report.created if page is None else report.updated if changes(page, item) else report.unchanged
        bucket.append(item["code"])


def import_file(path, *, dry_run=False, user=None):
    """Validate and (unless dry_run) import FILE.json or FILE.csv, holding at
    most BATCH items at a time: a first pass validates everything (and, for a
    dry run, compares with the stored guides), a second pass writes in one
    transaction. Raises ImportFailed listing the first MAX_REPORTED errors."""
    validation = Validation(keep=MAX_REPORTED)
    report = Report()
    for chunk in batched(iter_items(path), BATCH):
        pairs = [(validation.check(raw), raw.source) for raw in chunk]
        items = [item for item, _ in pairs if item is not None]
        if validation.error_count == 0:
            validation.add_errors(check_against_database(items, {source.code: source for _, source in pairs}))
        if validation.error_count == 0 and dry_run:
            count_changes(items, report)
    validation.finish()
    if validation.errors:
        raise ImportFailed(validation.errors, validation.warnings)
    report.warnings = validation.warnings
    if dry_run:
        return report
    with transaction.atomic():
        importer = Importer(user=user)
        for raw in iter_items(path):
            importer.apply_item(ItemValidator(raw).run(), report)
    return report


def import_items(raw_items, *, dry_run=False, user=None):
    """Validate and (unless dry_run) write all items atomically. Raises ImportFailed."""
    items, errors, warnings = validate(raw_items)
    if not errors:
        errors = check_against_database(items, {raw.source.code: raw.source for raw in raw_items})
    if errors:
        raise ImportFailed(errors, warnings)
    report = Report(warnings=warnings)
    if dry_run:
        count_changes(items, report)
        return report
    with transaction.atomic():
        importer = Importer(user=user)
        for item in items:
            importer.apply_item(item, report)
    return report
