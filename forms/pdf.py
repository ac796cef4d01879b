"""The printed application form (申请表): blank (空白表) or sample (样表).

`render_form_pdf()` lays out a form definition (the JSON shape of
the form-definition spec) as the paper form residents fill in by hand at
the window: blank, or filled with every field's `sample` value and
watermarked "样表" (填写示例). A 样表 fills in every step and field that has a
sample, conditional ones included, so one sheet shows how to fill in every
part; each conditional step and field carries its note (（仅当…时填写）) in the
one wording of forms/definition.py, the same the online form shows. The page frame, fonts, tables and QR code are
the toolkit's (core/pdf); the boxes to write in are forms/paper_fields.py.

Nothing here touches Django, so documents can be built and tested without a
database or settings.
"""

from __future__ import annotations

import datetime
import re

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from core.pdf import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    GRID_COLOR,
    SHADE_COLOR,
    BoldParagraph,
    MinHeight,
    Watermark,
    build_pdf,
    derived_style,
    flowable_height,
    grid_style,
    keep_together,
    markup,
    para,
    qr_drawing,
    styles,
    table_style,
)

from .definition import applied_condition, describe_condition, field_keys
from .paper_fields import (
    LINE_HEIGHT,
    Blanks,
    CharCells,
    NumberBox,
    RuledLines,
    TickOptions,
    cell_ink_para,
    date_parts,
    ink_para,
)

QR_SIZE_MM = 26
LABEL_WIDTH = 44 * mm  # label column of the field tables; the value column takes the rest
CELL_PADDING = 4  # left and right padding of table cells, points
TEXTAREA_LINES = 4
# A step up to this tall is kept on one page; a taller one may split between its fields.
KEEP_STEP_HEIGHT = 90 * mm

# Cell counts and the positions after which a thicker line separates groups
# (身份证: region | birth date | sequence + check; 信用代码: authority + type |
# region | organisation code | check; 手机: 3-4-4).
CHAR_CELLS = {"id_card": (18, (6, 14)), "credit_code": (18, (2, 8, 17)), "mobile": (11, (3, 7))}

# Units recognised at the end of a number field's label, as in "承包地面积（亩）".
UNITS = frozenset(
    ["元", "万元", "角", "分", "亩", "公顷", "平方米", "平方公里", "立方米", "米", "厘米", "公里", "千米", "人", "户", "岁", "年", "个月", "月", "天", "日", "小时", "个", "株", "棵", "头", "只", "匹", "辆", "间", "层", "套", "次", "件", "公斤", "千克", "斤", "吨", "千瓦", "度"]
)
_UNIT = re.compile(r"[（(]\s*([^（）()]{1,4}?)\s*[）)]")

CHINESE_NUMERALS = "一二三四五六七八九十"

# A repeating group's table: the blank form prints at least this many rows to write in.
GROUP_BLANK_ROWS = 3
GROUP_ROW_HEIGHT = 8 * mm
GROUP_NUMBER_WIDTH = 10 * mm
# Relative column widths by sub-field type (an 18-character number needs more room than a name).
GROUP_COLUMN_WEIGHTS = {"id_card": 2.0, "credit_code": 2.0, "textarea": 2.2, "date": 1.3, "mobile": 1.4, "email": 1.6}


def render_form_pdf(
    definition: dict,
    *,
    centre_name: str,
    printed_on: datetime.date,
    sample: bool = False,
    form_url: str = "",
) -> bytes:
    """The paper form of a form definition as PDF bytes; with sample=True the filled-in 样表."""
    form = _Form(definition, sample=sample, printed_on=printed_on)
    title = _text(definition.get("title")) or "申请表"
    guide = _text(definition.get("guide"))
    story: list[Flowable] = []
    if sample:
        story.append(Watermark("样表"))
    story += _form_header(definition, title, guide, sample, form_url)
    for number, step in enumerate(form.steps, start=1):
        story += form.step(number, step)
    story += keep_together([*form.signature(), *_staff_box()])
    return build_pdf(
        story,
        title=f"{title}（样表）" if sample else title,
        centre_name=centre_name,
        printed_on=printed_on,
        subject=f"事项编码 {guide}" if guide else "",
    )


def _form_header(definition: dict, title: str, guide: str, sample: bool, form_url: str) -> list[Flowable]:
    """Title, 填写示例（样表） on a sample, the item code, then the intro with the QR code beside it."""
    s = styles()
    story: list[Flowable] = [para(title, s["title"])]
    if sample:
        story.append(para("填写示例（样表）", derived_style("sample_subtitle", s["subtitle"], fontSize=13, leading=18)))
    if guide:
        story.append(para(f"事项编码：{guide}", s["subtitle"]))
    elif not sample:
        story.append(Spacer(1, 6))
    intro = _text(definition.get("intro"))
    intro_flowables = [para(intro, s["body"])] if intro else []
    if form_url:
        qr = [qr_drawing(form_url, QR_SIZE_MM), para("扫码在线填写", s["cell_centred"])]
        qr_width = (QR_SIZE_MM + 4) * mm
        story.append(Table(
            [[intro_flowables, qr]],
            colWidths=[FRAME_WIDTH - qr_width, qr_width],
            style=table_style(
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
            ),
        ))
    else:
        story += intro_flowables
    return story


class _Form:
    """Lays out the steps of one definition; knows every field, for show_if notes.

    A sample fills in every field with a sample value, whether or not the
    other samples would show it: with 目前情况 "孕期", the 样表 fills in both
    预产期 and 子女出生日期, each marked with the condition under which it is filled in.
    """

    def __init__(self, definition: dict, *, sample: bool, printed_on: datetime.date):
        self.sample = sample
        self.printed_on = printed_on
        # Copies of the well-formed steps and fields, keys as text: the definition as forms.definition reads it.
        self.steps = [
            {
                **step,
                "key": _text(step.get("key")),
                "fields": [
                    {**field, "key": _text(field.get("key"))}
                    for field in step.get("fields") or ()
                    if isinstance(field, dict)
                ],
            }
            for step in definition.get("steps") or ()
            if isinstance(step, dict)
        ]
        self.definition = {**definition, "steps": self.steps}
        self.keys = field_keys(self.definition)
        self.fields = {field["key"]: field for step in self.steps for field in step["fields"]}
        # The keys of the fields a sample fills in: every field with a sample, conditional or not.
        self.filled: set[str] = set()
        if sample:
            self.filled = {key for key, field in self.fields.items() if field.get("sample") not in (None, "", [])}

    def condition_note(self, item: dict) -> str:
        """（仅当“户籍类型”为“农业户口”时填写） for a step or field with a condition; "" when there is none."""
        text = describe_condition(self.definition, applied_condition(self.definition, item, self.keys))
        return f"（{text}）" if text else ""

    # One step: heading, notes, and a table with a row per field.

    def step(self, number: int, step: dict) -> list[Flowable]:
        s = styles()
        title = _text(step.get("title")) or _text(step.get("key"))
        numeral = CHINESE_NUMERALS[number - 1] if number <= len(CHINESE_NUMERALS) else str(number)
        head: list[Flowable] = [BoldParagraph(markup(f"{numeral}、{title}"), s["heading"])]
        note = self.condition_note(step)
        if note:
            head.append(para(note, s["small"]))
        help_text = _text(step.get("help"))
        if help_text:
            head.append(para(help_text, s["small"]))
        head.append(Spacer(1, 3))
        fields = [field for field in step.get("fields") or () if isinstance(field, dict)]
        if not fields:
            return keep_together(head)
        tables = self.field_tables(fields)
        # A short step stays on one page; a long one starts where it is, if its heading and first
        # rows fit, and runs on over the next page, instead of leaving most of this page empty.
        heights = [flowable_height(flowable) for flowable in head]
        rows: list[float] = []
        for table in tables:
            table.wrap(FRAME_WIDTH, FRAME_HEIGHT)
            rows += table._rowHeights
        if sum(heights) + sum(rows) <= KEEP_STEP_HEIGHT:
            return [KeepTogether([*head, *tables])]
        return [CondPageBreak(sum(heights) + sum(rows[:2])), *head, *tables]

    def field_tables(self, fields: list[dict]) -> list[Table]:
        """The step's fields as tables: each run of fields in one two-column table, and
        a repeating group as its label row followed by a table of its rows, which may
        run on over the next page with its header row repeated."""
        tables: list[Table] = []
        run: list[dict] = []
        for field in fields:
            if _text(field.get("type")) != "group":
                run.append(field)
                continue
            if run:
                tables.append(self.field_table(run))
                run = []
            tables += [self.field_table([field]), self.group_table(field)]
        if run:
            tables.append(self.field_table(run))
        return tables

    def field_table(self, fields: list[dict]) -> Table:
        value_width = FRAME_WIDTH - LABEL_WIDTH
        rows: list[list] = []
        style: list[tuple] = [
            *grid_style(CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        for row, field in enumerate(fields):
            kind = _text(field.get("type")) or "text"
            if kind in ("heading", "agree", "file", "group", "signature"):
                rows.append([self.wide_cell(kind, field), ""])
                style.append(("SPAN", (0, row), (1, row)))
                if kind == "heading":
                    style.append(("BACKGROUND", (0, row), (1, row), SHADE_COLOR))
            else:
                rows.append([self.label_cell(kind, field), self.value_cell(kind, field)])
                style.append(("BACKGROUND", (0, row), (0, row), SHADE_COLOR))
        return Table(rows, colWidths=[LABEL_WIDTH, value_width], style=table_style(*style))

    def label_cell(self, kind: str, field: dict) -> list[Flowable]:
        s = styles()
        label = _text(field.get("label")) or _text(field.get("key"))
        cell: list[Flowable] = [para(_required(field) + label, s["cell"])]
        hints = [_choice_hint(kind, field), _text(field.get("help")), self.condition_note(field)]
        cell += [para(hint, s["small"]) for hint in hints if hint]
        return cell

    def value_cell(self, kind: str, field: dict) -> Flowable:
        value = self.sample_value(field)
        if kind in CHAR_CELLS:
            count, groups = CHAR_CELLS[kind]
            return CharCells(count, groups, value)
        if kind == "textarea":
            return RuledLines(TEXTAREA_LINES, value)
        if kind == "date":
            return Blanks(date_parts(value))
        if kind in ("integer", "decimal"):
            return NumberBox(value, _unit(_text(field.get("label"))))
        if kind in ("radio", "select", "checkboxes"):
            return TickOptions(_choices(field), self.chosen(kind, field))
        if kind == "address":
            return self.address_lines(field)
        # text, email and any type this module does not know: a one-line box.
        return MinHeight(ink_para(value) if value else None, LINE_HEIGHT)

    def wide_cell(self, kind: str, field: dict) -> list[Flowable]:
        """The content of a row spanning both columns: 说明 headings, 承诺 statements and 附件."""
        s = styles()
        label = _text(field.get("label")) or _text(field.get("key"))
        star = _required(field)
        if kind == "heading":
            cell: list[Flowable] = [BoldParagraph(markup(label), derived_style("field_heading", s["body"], fontSize=11))]
        elif kind in ("agree", "group"):
            cell = [para(star + label, s["body"])]
        elif kind == "signature":
            cell = [para(star + label, s["body"]), para(_text(field.get("statement")), s["cell"])]
        else:
            cell = [para(f"{star}附件：{label}（{_attachment_hint(field)}）", s["cell"])]
        hints = [_text(field.get("help")), self.condition_note(field)]
        cell += [para(hint, s["small"]) for hint in hints if hint]
        if kind == "signature":
            cell += [Spacer(1, 2), Blanks(self.signature_parts(field), size=11, height=11 * mm)]
        if kind == "agree":
            filled = _text(field.get("key")) in self.filled
            ticked = {"本人已阅读并同意"} if filled and _truthy(field.get("sample")) else set()
            cell += [Spacer(1, 2), TickOptions(["本人已阅读并同意"], ticked)]
        return cell

    # Repeating groups, addresses and signatures.

    def group_table(self, field: dict) -> Table:
        """A table with a column per sub-field and a 序号 column: enough empty
        rows to write in (max(min_rows, 3), at most max_rows), or the sample rows."""
        s = styles()
        subs = [sub for sub in field.get("fields") or () if isinstance(sub, dict)]
        rows = self.sample_rows(field)
        count = max(len(rows), _group_rows(field))
        header = [para("序号", s["cell_centred"])] + [para(_required(sub) + (_text(sub.get("label")) or _text(sub.get("key"))), s["cell_centred"]) for sub in subs]
        body = []
        for number in range(1, count + 1):
            row = rows[number - 1] if number <= len(rows) else {}
            cells = [MinHeight(para(str(number), s["cell_centred"]), GROUP_ROW_HEIGHT)]
            for sub in subs:
                value = _text(row.get(_text(sub.get("key"))))
                cells.append(MinHeight(cell_ink_para(value) if value else None, GROUP_ROW_HEIGHT))
            body.append(cells)
        width = FRAME_WIDTH - GROUP_NUMBER_WIDTH
        weights = [GROUP_COLUMN_WEIGHTS.get(_text(sub.get("type")), 1.0) for sub in subs]
        widths = [GROUP_NUMBER_WIDTH] + [width * w / sum(weights) for w in weights]
        return Table(
            [header, *body],
            colWidths=widths,
            repeatRows=1,
            style=table_style(*grid_style(CELL_PADDING), ("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOR), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")),
        )

    def sample_rows(self, field: dict) -> list[dict]:
        if _text(field.get("key")) not in self.filled or not isinstance(field.get("sample"), list):
            return []
        return [row for row in field["sample"] if isinstance(row, dict)]

    def address_lines(self, field: dict) -> list[Flowable]:
        """乡镇：____ 村（社区）：____ / 组、门牌号：________, with the sample written in."""
        value = field.get("sample") if _text(field.get("key")) in self.filled else None
        value = value if isinstance(value, dict) else {}
        part = lambda name: _text(value.get(name))  # noqa: E731
        return [
            Blanks([("text", "乡镇："), ("blank", 34 * mm, part("township")), ("text", "　村（社区）："), ("blank", 34 * mm, part("village"))]),
            Blanks([("text", "组、门牌号："), ("blank", 72 * mm, part("detail"))]),
        ]

    def signature_parts(self, field: dict) -> list[tuple]:
        """签名：______ 日期：____年__月__日, with the sample's name and date (or the printing date)."""
        name = date = ""
        if _text(field.get("key")) in self.filled and isinstance(field.get("sample"), dict):
            name = _text(field["sample"].get("name"))
            date = _text(field["sample"].get("date")) or self.printed_on.isoformat()
        return [("text", "签名："), ("blank", 40 * mm, name), ("text", "　　日期："), *date_parts(date)]

    # The signature line and the sample values.

    def signature(self) -> list[Flowable]:
        """The applicant's signature line under the form; none when the form has
        a 签名/承诺书 field of its own (it prints its own 签名 and 日期)."""
        if any(_text(field.get("type")) == "signature" for field in self.fields.values()):
            return []
        name = self.sample_value(self.fields["name"]) if "name" in self.fields else ""
        date = self.sample_value(self.fields["apply_date"]) if "apply_date" in self.fields else ""
        if self.sample and not date:
            date = self.printed_on.isoformat()
        parts = [("text", "申请人（签字/按手印）："), ("blank", 46 * mm, name), ("text", "　　　日期："),
                 *date_parts(date)]
        return [Spacer(1, 8 * mm), Blanks(parts, size=11.5, height=12 * mm)]

    def sample_value(self, field: dict) -> str:
        """The field's sample as text, or "" on a blank form."""
        if _text(field.get("key")) not in self.filled:
            return ""
        value = field.get("sample")
        if value is None or isinstance(value, (bool, dict)):
            return ""
        if isinstance(value, (list, tuple)):
            return "、".join(_text(item) for item in value)
        return _text(value)

    def chosen(self, kind: str, field: dict) -> set[str]:
        if _text(field.get("key")) not in self.filled:
            return set()
        value = field.get("sample")
        if isinstance(value, (list, tuple)):
            return {_text(item) for item in value}
        if value is None:
            return set()
        return {_text(value)}


def _staff_box() -> list[Flowable]:
    """以下由窗口工作人员填写：受理编号 / 受理人 / 受理日期."""
    s = styles()
    label_width = 18 * mm
    date_width = 58 * mm
    rest = (FRAME_WIDTH - 3 * label_width - date_width) / 2
    header = para("以下由窗口工作人员填写", s["small"])
    row = [para("受理编号", s["cell"]), "", para("受理人", s["cell"]), "", para("受理日期", s["cell"]),
           Blanks(date_parts(""), size=9.5, height=8 * mm)]
    table = Table(
        [[header, "", "", "", "", ""], row],
        colWidths=[label_width, rest, label_width, rest, label_width, date_width],
        rowHeights=[None, 11 * mm],
        style=table_style(
            ("SPAN", (0, 0), (-1, 0)),
            ("BOX", (0, 0), (-1, -1), 0.8, GRID_COLOR),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, GRID_COLOR),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOR),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ),
    )
    return [Spacer(1, 6 * mm), table]


# --- helpers ------------------------------------------------------------------


def _group_rows(field: dict) -> int:
    """How many rows a group's table has on paper: max(min_rows, 3), but no more than max_rows."""
    low, high = field.get("min_rows"), field.get("max_rows")
    count = max(low if isinstance(low, int) else 0, GROUP_BLANK_ROWS)
    if isinstance(high, int) and high > 0:
        count = min(count, max(high, low if isinstance(low, int) else 0))
    return count


def _required(field: dict) -> str:
    """The mark of a required field, put before its label (after it, it could wrap onto a line alone)."""
    return "* " if field.get("required") else ""


def _choices(field: dict) -> list[str]:
    return [_text(choice) for choice in field.get("choices") or () if _text(choice)]


def _choice_hint(kind: str, field: dict) -> str:
    if kind in ("radio", "select"):
        return "（单选）"
    if kind != "checkboxes":
        return ""
    low, high = field.get("min_choices"), field.get("max_choices")
    if low and high:
        return f"（可多选，选 {low} 至 {high} 项）" if low != high else f"（选 {low} 项）"
    if high:
        return f"（可多选，最多选 {high} 项）"
    if low and low > 1:
        return f"（可多选，至少选 {low} 项）"
    return "（可多选）"


def _attachment_hint(field: dict) -> str:
    formats: list[str] = []
    for ext in field.get("accept") or ():
        ext = _text(ext).lower().lstrip(".")
        ext = "jpg" if ext == "jpeg" else ext
        if ext and ext not in formats:
            formats.append(ext)
    online = "/".join(formats) if formats else "jpg/png/pdf"
    return f"请随表提交复印件；在线填写时上传 {online} 文件"


def _unit(label: str) -> str:
    """The unit named in brackets in a label: 亩 for "承包地面积（亩）"; "" when there is none."""
    for found in reversed(_UNIT.findall(label)):
        if found in UNITS:
            return found
    return ""


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in {"", "false", "0", "no", "否"}
    return bool(value)


def _text(value) -> str:
    """A value as stripped text; None as ""."""
    return "" if value is None else str(value).strip()
