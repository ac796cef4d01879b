"""Printed application forms (申请表) and the 在线申报回执.

`render_form_pdf()` lays out a form definition (the JSON shape of
/work/shared/spec/form-definition.md) as the paper form residents fill in by
hand at the window: blank (空白表), or filled with every field's `sample`
value and watermarked "样表" (填写示例). `render_receipt_pdf()` prints the
receipt of an online submission: the 受理编号, the promised deadline, the
materials still to bring (一次性告知) and a QR code to the status page.

Both go through the shared page frame and fonts of centre/pdf.py. Neither
font has the ballot box characters (□ ■ ☑ ✓ are missing from Droid Sans
Fallback and from Vera), so tick boxes, character cells and the ticks of the
sample are drawn as vector graphics. A ticked option also carries the
invisible text "（已选）", so that text extraction, copy and paste and screen
readers can tell which option the sample chose.

Nothing here touches Django, so documents can be built and tested without a
database or settings.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ActionFlowable, CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from core.pdf import (
    FRAME_HEIGHT,
    GRID_COLOR,
    SHADE_COLOR,
    grid_style,
    key_value_table,
    FRAME_WIDTH,
    PAGE_SIZE,
    TEXT_COLOR,
    build_pdf,
    font_runs,
    format_date,
    keep_together,
    markup,
    para,
    qr_drawing,
    styles,
    table_style,
    text_width,
)

RULE_COLOR = colors.HexColor("#b0b0b0")  # the writing lines of a textarea
# Sample values are printed in a blue-black "ink", so the filled-in part of a
# 样表 stands apart from the printed form.
INK_COLOR = colors.HexColor("#1a3a8c")
WATERMARK_COLOR = colors.HexColor("#888888")
WATERMARK_ALPHA = 0.16

QR_SIZE_MM = 26
LABEL_WIDTH = 44 * mm  # label column of the field tables; the value column takes the rest
CELL_PADDING = 4  # left and right padding of table cells, points

VALUE_SIZE = 11  # sample values
LINE_HEIGHT = 9 * mm  # a one-line box for handwriting
RULE_PITCH = 8 * mm  # distance between the writing lines of a textarea
TEXTAREA_LINES = 4
# A step up to this tall is kept on one page; a taller one may split between its fields.
KEEP_STEP_HEIGHT = 90 * mm
CHAR_CELL_WIDTH = 6.6 * mm  # the cells of 身份证号, 信用代码 and 手机号码
CHAR_CELL_HEIGHT = 8 * mm
NUMBER_BOX_WIDTH = 42 * mm
TICK_BOX = 3.6 * mm
TICK_ROW = 7 * mm  # height of one row of tick-box options
TICK_TEXT_LEADING = 4.8 * mm  # between the lines of a wrapped option

# Cell counts and the positions after which a thicker line separates groups
# (身份证: region | birth date | sequence + check; 信用代码: authority + type |
# region | organisation code | check; 手机: 3-4-4).
CHAR_CELLS = {"id_card": (18, (6, 14)), "credit_code": (18, (2, 8, 17)), "mobile": (11, (3, 7))}

# Units recognised at the end of a number field's label, as in "承包地面积（亩）".
UNITS = frozenset(
    "元 万元 角 分 亩 公顷 平方米 平方公里 立方米 米 厘米 公里 千米 人 户 岁 年 个月 月 天 日 小时 "
    "个 株 棵 头 只 匹 辆 间 层 套 次 件 公斤 千克 斤 吨 千瓦 度".split()
)
_UNIT = re.compile(r"[（(]\s*([^（）()]{1,4}?)\s*[）)]")

CHINESE_NUMERALS = "一二三四五六七八九十"
# A Latin word or number (kept whole when wrapping), a run of spaces, or one other character.
_TOKEN = re.compile(r"[!-~]+| +|.", re.S)
# Characters that must not begin a line.
_NO_LINE_START = frozenset("，。、；：？！）》」』】…,.;:?!)]}%")
CHECKED_MARK = "（已选）"

MATERIAL_COLUMNS = (("序号", 11), ("材料名称", None), ("形式", 26), ("份数", 11),
                    ("必需/容缺", 21), ("来源", 30))


# --- the application form ---------------------------------------------------


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
        story.append(_Watermark("样表"))
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
        story.append(para("填写示例（样表）", _style("sample_subtitle", s["subtitle"], fontSize=13, leading=18)))
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

    A sample fills in only the fields the sample answers would show: with
    目前情况 "孕期", the 样表 fills in 预产期 but leaves 子女出生日期 blank.
    """

    def __init__(self, definition: dict, *, sample: bool, printed_on: datetime.date):
        self.sample = sample
        self.printed_on = printed_on
        self.steps = [step for step in definition.get("steps") or () if isinstance(step, dict)]
        self.fields = {
            _text(field.get("key")): field
            for step in self.steps
            for field in step.get("fields") or ()
            if isinstance(field, dict)
        }
        # The keys of the fields a sample fills in, in form order (a condition refers to earlier fields).
        self.filled: set[str] = set()
        if sample:
            for step in self.steps:
                if not self.sample_shows(step.get("show_if")):
                    continue
                for field in step.get("fields") or ():
                    if isinstance(field, dict) and self.sample_shows(field.get("show_if")):
                        self.filled.add(_text(field.get("key")))

    def sample_shows(self, show_if) -> bool:
        """Whether a step or field with this show_if is shown for the sample answers."""
        if not isinstance(show_if, dict) or not show_if.get("field"):
            return True
        key = _text(show_if.get("field"))
        if key not in self.fields:
            return True  # a condition on an unknown field: do not hide anything
        if key not in self.filled:
            return False  # the controlling field is hidden itself
        sample = self.fields[key].get("sample")
        answers = {_text(item) for item in sample} if isinstance(sample, (list, tuple)) else {_text(sample)}
        if "in" in show_if:
            return any(_text(value) in answers for value in show_if.get("in") or ())
        negate = "not_equals" in show_if
        expected = show_if.get("not_equals") if negate else show_if.get("equals")
        if isinstance(expected, bool):
            matches = _truthy(sample) == expected
        else:
            matches = _text(expected) in answers
        return matches != negate

    # One step: heading, notes, and a table with a row per field.

    def step(self, number: int, step: dict) -> list[Flowable]:
        s = styles()
        title = _text(step.get("title")) or _text(step.get("key"))
        numeral = CHINESE_NUMERALS[number - 1] if number <= len(CHINESE_NUMERALS) else str(number)
        head: list[Flowable] = [_BoldParagraph(markup(f"{numeral}、{title}"), s["heading"])]
        note = self.condition_note(step.get("show_if"))
        if note:
            head.append(para(note, s["small"]))
        help_text = _text(step.get("help"))
        if help_text:
            head.append(para(help_text, s["small"]))
        head.append(Spacer(1, 3))
        fields = [field for field in step.get("fields") or () if isinstance(field, dict)]
        if not fields:
            return keep_together(head)
        table = self.field_table(fields)
        # A short step stays on one page; a long one starts where it is, if its heading and first
        # rows fit, and runs on over the next page, instead of leaving most of this page empty.
        heights = [flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + flowable.getSpaceBefore()
                   + flowable.getSpaceAfter() for flowable in head]
        table.wrap(FRAME_WIDTH, FRAME_HEIGHT)
        rows = table._rowHeights
        if sum(heights) + sum(rows) <= KEEP_STEP_HEIGHT:
            return [KeepTogether([*head, table])]
        return [CondPageBreak(sum(heights) + sum(rows[:2])), *head, table]

    def field_table(self, fields: list[dict]) -> Table:
        value_width = FRAME_WIDTH - LABEL_WIDTH
        rows: list[list] = []
        style: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        for row, field in enumerate(fields):
            kind = _text(field.get("type")) or "text"
            if kind in ("heading", "agree", "file"):
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
        hints = [_choice_hint(kind, field), _text(field.get("help")), self.condition_note(field.get("show_if"))]
        cell += [para(hint, s["small"]) for hint in hints if hint]
        return cell

    def value_cell(self, kind: str, field: dict) -> Flowable:
        value = self.sample_value(field)
        if kind in CHAR_CELLS:
            count, groups = CHAR_CELLS[kind]
            return _CharCells(count, groups, value)
        if kind == "textarea":
            return _RuledLines(TEXTAREA_LINES, value)
        if kind == "date":
            return _Blanks(_date_parts(value))
        if kind in ("integer", "decimal"):
            return _NumberBox(value, _unit(_text(field.get("label"))))
        if kind in ("radio", "select", "checkboxes"):
            return _TickOptions(_choices(field), self.chosen(kind, field))
        # text, email and any type this module does not know: a one-line box.
        return _MinHeight(_ink_para(value) if value else None, LINE_HEIGHT)

    def wide_cell(self, kind: str, field: dict) -> list[Flowable]:
        """The content of a row spanning both columns: 说明 headings, 承诺 statements and 附件."""
        s = styles()
        label = _text(field.get("label")) or _text(field.get("key"))
        star = _required(field)
        if kind == "heading":
            cell: list[Flowable] = [_BoldParagraph(markup(label), _style("field_heading", s["body"], fontSize=11))]
        elif kind == "agree":
            cell = [para(star + label, s["body"])]
        else:
            cell = [para(f"{star}附件：{label}（{_attachment_hint(field)}）", s["cell"])]
        hints = [_text(field.get("help")), self.condition_note(field.get("show_if"))]
        cell += [para(hint, s["small"]) for hint in hints if hint]
        if kind == "agree":
            filled = _text(field.get("key")) in self.filled
            ticked = {"本人已阅读并同意"} if filled and _truthy(field.get("sample")) else set()
            cell += [Spacer(1, 2), _TickOptions(["本人已阅读并同意"], ticked)]
        return cell

    # The signature line and the sample values.

    def signature(self) -> list[Flowable]:
        name = self.sample_value(self.fields["name"]) if "name" in self.fields else ""
        date = self.sample_value(self.fields["apply_date"]) if "apply_date" in self.fields else ""
        if self.sample and not date:
            date = self.printed_on.isoformat()
        parts = [("text", "申请人（签字/按手印）："), ("blank", 46 * mm, name), ("text", "　　　日期："),
                 *_date_parts(date)]
        return [Spacer(1, 8 * mm), _Blanks(parts, size=11.5, height=12 * mm)]

    def sample_value(self, field: dict) -> str:
        """The field's sample as text, or "" on a blank form."""
        if _text(field.get("key")) not in self.filled:
            return ""
        value = field.get("sample")
        if value is None or isinstance(value, bool):
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

    def condition_note(self, show_if) -> str:
        """（仅当“户籍类型”为“农业户口”时填写） for a show_if condition; "" when there is none."""
        if not isinstance(show_if, dict) or not show_if.get("field"):
            return ""
        key = _text(show_if.get("field"))
        field = self.fields.get(key) or {}
        label = _text(field.get("label")) or key
        kind = _text(field.get("type"))
        quoted = f"“{label}”"
        if "in" in show_if:
            values = [v for v in show_if.get("in") or () if v is not None]
            listed = "、".join(_quote(v) for v in values)
            if kind == "checkboxes":
                return f"（仅当{quoted}勾选了{listed}中任一项时填写）"
            if len(values) == 1:
                return f"（仅当{quoted}为{listed}时填写）"
            return f"（仅当{quoted}为{listed}之一时填写）"
        if "not_equals" in show_if:
            value = show_if.get("not_equals")
            if kind == "agree" or isinstance(value, bool):
                return f"（仅当{'已' if value is False else '未'}勾选{quoted}时填写）"
            if kind == "checkboxes":
                return f"（仅当{quoted}未勾选{_quote(value)}时填写）"
            return f"（仅当{quoted}不是{_quote(value)}时填写）"
        value = show_if.get("equals")
        if kind == "agree" or isinstance(value, bool):
            return f"（仅当{'未' if value is False else '已'}勾选{quoted}时填写）"
        if kind == "checkboxes":
            return f"（仅当{quoted}勾选了{_quote(value)}时填写）"
        return f"（仅当{quoted}为{_quote(value)}时填写）"


def _staff_box() -> list[Flowable]:
    """以下由窗口工作人员填写：受理编号 / 受理人 / 受理日期."""
    s = styles()
    label_width = 18 * mm
    date_width = 58 * mm
    rest = (FRAME_WIDTH - 3 * label_width - date_width) / 2
    header = para("以下由窗口工作人员填写", s["small"])
    row = [para("受理编号", s["cell"]), "", para("受理人", s["cell"]), "", para("受理日期", s["cell"]),
           _Blanks(_date_parts(""), size=9.5, height=8 * mm)]
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


# --- the receipt of an online submission ------------------------------------


def render_receipt_pdf(receipt: dict, *, centre_name: str, printed_on: datetime.date) -> bytes:
    """The 在线申报回执 of one submission as PDF bytes."""
    s = styles()
    reference = _text(receipt.get("reference"))
    item_name = _text(receipt.get("item_name"))
    story: list[Flowable] = [para("在线申报回执", s["title"])]
    if item_name:
        story.append(para(item_name, s["subtitle"]))
    story.append(_reference_box(reference))
    story += _receipt_facts(receipt)
    story += _materials_to_bring(receipt.get("materials_to_bring"))
    status_url = _text(receipt.get("status_url"))
    story += keep_together([*(_status_qr(status_url) if status_url else []), *_receipt_contact(receipt)])
    return build_pdf(
        story,
        title=f"在线申报回执 {reference}".strip(),
        centre_name=centre_name,
        printed_on=printed_on,
        subject=f"{item_name} 受理编号 {reference}".strip(),
    )


def _reference_box(reference: str) -> Table:
    s = styles()
    caption = para("受理编号（查询进度、到窗口办理时请出示）", s["cell_centred"])
    return Table(
        [[caption], [_SpacedText(reference or "—", size=24)]],
        colWidths=[FRAME_WIDTH],
        style=table_style(
            ("BOX", (0, 0), (-1, -1), 1.5, TEXT_COLOR),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOR),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 1), (-1, 1), 8),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
        ),
    )


def _receipt_facts(receipt: dict) -> list[Flowable]:
    pairs = [
        ("事项", _text(receipt.get("item_name"))),
        ("事项编码", _text(receipt.get("item_code"))),
        ("承办窗口", _text(receipt.get("window"))),
        ("提交时间", _format_datetime(receipt.get("submitted_at"))),
        ("当前状态", _text(receipt.get("status"))),
        ("承诺办结时限", _promise(receipt.get("promised_days"), receipt.get("due_date"))),
    ]
    if receipt.get("proxy"):
        proxy_by = _text(receipt.get("proxy_by"))
        pairs.append(("代办", f"由{proxy_by}代为申报" if proxy_by else "由代办员代为申报"))
    pairs = [(label, value) for label, value in pairs if value]
    return [Spacer(1, 4 * mm), key_value_table(pairs)]


def _materials_to_bring(materials) -> list[Flowable]:
    s = styles()
    heading = para("一次性告知：请带齐以下材料到窗口", s["heading"])
    materials = [m for m in materials or () if isinstance(m, dict) and _text(m.get("name"))]
    if not materials:
        return keep_together([heading, para("无需另行提交纸质材料。", s["body"])])
    columns = list(MATERIAL_COLUMNS)
    fixed = sum(width * mm for _, width in columns if width is not None)
    widths = [FRAME_WIDTH - fixed if width is None else width * mm for _, width in columns]
    data: list[list] = [[para(header, s["cell_centred"]) for header, _ in columns]]
    any_optional = False
    for number, material in enumerate(materials, start=1):
        required = _flag(material.get("required"), default=True)
        any_optional = any_optional or not required
        name_cell: list[Flowable] = [para(_text(material.get("name")), s["cell"])]
        note = _text(material.get("note"))
        if note:
            name_cell.append(para(note, s["small"]))
        data.append([
            para(str(number), s["cell_centred"]),
            name_cell,
            para(_text(material.get("form")), s["cell_centred"]),
            para(_text(material.get("copies")), s["cell_centred"]),
            para("必需" if required else "容缺", s["cell_centred"]),
            para(_text(material.get("source")), s["cell"]),
        ])
    table = Table(
        data,
        colWidths=widths,
        repeatRows=1,
        style=table_style(*grid_style(CELL_PADDING), ("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOR)),
    )
    flowables: list[Flowable] = [heading, table]
    if any_optional:
        flowables.append(Spacer(1, 2))
        flowables.append(para("标“容缺”的材料暂缺时可先行受理，请在窗口告知的期限内补齐。", s["small"]))
    # Start on this page if the heading, the header row and a few materials fit; the table then
    # runs on over the next page with its header repeated.
    table.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    start = heading.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + heading.getSpaceBefore() + sum(table._rowHeights[:4])
    return [CondPageBreak(start), *flowables]


def _status_qr(status_url: str) -> list[Flowable]:
    s = styles()
    caption = [para("扫码查询办理进度（需输入身份证号或手机号后4位）", s["body"]), Spacer(1, 2),
               para(status_url, s["small"])]
    return [Spacer(1, 4 * mm), Table(
        [[qr_drawing(status_url, QR_SIZE_MM), caption]],
        colWidths=[(QR_SIZE_MM + 2) * mm, FRAME_WIDTH - (QR_SIZE_MM + 2) * mm],
        style=table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)),
    )]


def _receipt_contact(receipt: dict) -> list[Flowable]:
    pairs = [
        ("办理地点", _text(receipt.get("location"))),
        ("办理时间", _text(receipt.get("hours"))),
        ("咨询电话", _text(receipt.get("phone"))),
    ]
    pairs = [(label, value) for label, value in pairs if value]
    if not pairs:
        return []
    return [para("办理地点与咨询", styles()["heading"]), key_value_table(pairs)]


def _promise(days, due_date) -> str:
    """承诺办结时限: "即时办理", or "N 个工作日（受理后计算，预计 …前办结）"; "" when unknown."""
    if days is None or isinstance(days, bool):
        return ""
    try:
        days = int(days)
    except (TypeError, ValueError):
        return ""
    if days <= 0:
        return "即时办理"
    if isinstance(due_date, datetime.date):
        return f"{days} 个工作日（受理后计算，预计 {format_date(due_date)}前办结）"
    return f"{days} 个工作日（受理后计算）"


def _format_datetime(value) -> str:
    """2026年11月23日 09:05 (the caller passes local time)."""
    if isinstance(value, datetime.datetime):
        return f"{format_date(value)} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return format_date(value)
    return _text(value)


# --- flowables ----------------------------------------------------------------


class _Watermark(ActionFlowable):
    """Put at the start of a story: draws a big diagonal light-grey word over every page.

    build_pdf() has no page hook, so this hooks the page template's onPageEnd
    when platypus applies it (at the start of page 1). The word is drawn last,
    translucent, so that shaded table cells do not hide it.
    """

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def apply(self, doc):
        previous = doc.pageTemplate.onPageEnd

        def on_page_end(canv, document):
            previous(canv, document)
            self.draw_on(canv)

        doc.pageTemplate.onPageEnd = on_page_end

    def draw_on(self, canv) -> None:
        width, height = PAGE_SIZE
        size = 150
        canv.saveState()
        canv.setFillColor(WATERMARK_COLOR)
        canv.setFillAlpha(WATERMARK_ALPHA)
        canv.translate(width / 2, height / 2)
        canv.rotate(35)
        _draw_runs(canv, -text_width(self.text, size) / 2, -size * 0.35, self.text, size)
        canv.restoreState()


class _BoldParagraph(Paragraph):
    """A Paragraph (of `markup()` text) drawn bold: the fonts have no bold face, so glyphs are also stroked."""

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.style.textColor)
        canv.setLineWidth(self.style.fontSize * 0.035)
        # Text render mode is graphics state: an empty text object sets "fill, then stroke" for
        # the Paragraph's own text objects, and restoreState() ends it.
        mode = canv.beginText()
        mode.setTextRenderMode(2)
        canv.drawText(mode)
        super().draw()
        canv.restoreState()


class _MinHeight(Flowable):
    """A flowable (or nothing) in a box at least min_height tall, vertically centred."""

    def __init__(self, child: Flowable | None, min_height: float):
        super().__init__()
        self.child = child
        self.min_height = min_height
        self._child_height = 0

    def wrap(self, availWidth, availHeight):
        self._child_height = self.child.wrap(availWidth, availHeight)[1] if self.child else 0
        self.width = availWidth
        self.height = max(self.min_height, self._child_height)
        return self.width, self.height

    def draw(self):
        if self.child:
            self.child.drawOn(self.canv, 0, (self.height - self._child_height) / 2)


class _CharCells(Flowable):
    """A row of character cells (身份证号, 信用代码, 手机号码), one character to a cell."""

    def __init__(self, count: int, groups: Iterable[int], value: str = ""):
        super().__init__()
        self.count = count
        self.groups = tuple(groups)
        self.value = value.replace(" ", "")

    def wrap(self, availWidth, availHeight):
        self.cell_width = min(CHAR_CELL_WIDTH, availWidth / self.count)
        self.width = self.cell_width * self.count
        self.height = CHAR_CELL_HEIGHT
        return self.width, self.height

    def draw(self):
        canv = self.canv
        w, h = self.cell_width, self.height
        canv.saveState()
        canv.setStrokeColor(GRID_COLOR)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.width, h)
        for i in range(1, self.count):
            canv.setLineWidth(1.4 if i in self.groups else 0.5)
            canv.line(i * w, 0, i * w, h)
        canv.setFillColor(INK_COLOR)
        size = VALUE_SIZE + 1
        for i, char in enumerate(self.value[: self.count]):
            _draw_runs(canv, (i + 0.5) * w - text_width(char, size) / 2, h / 2 - size * 0.36, char, size)
        canv.restoreState()


class _RuledLines(Flowable):
    """A textarea: writing lines RULE_PITCH apart, with the sample text written on them."""

    def __init__(self, lines: int, value: str = ""):
        super().__init__()
        self.min_lines = lines
        self.value = value

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        # Room at the right for closing punctuation, which may hang past the wrap width.
        self.text_lines = _wrap(self.value, VALUE_SIZE, availWidth - 4 - VALUE_SIZE) if self.value else []
        self.height = max(self.min_lines, len(self.text_lines)) * RULE_PITCH
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(RULE_COLOR)
        canv.setLineWidth(0.5)
        canv.setDash(1.5, 2)
        rows = round(self.height / RULE_PITCH)
        for row in range(1, rows):  # the cell's own bottom edge is the last line
            y = self.height - row * RULE_PITCH
            canv.line(0, y, self.width, y)
        canv.setFillColor(INK_COLOR)
        for row, line in enumerate(self.text_lines, start=1):
            _draw_runs(canv, 2, self.height - row * RULE_PITCH + 2.2 * mm, line, VALUE_SIZE)
        canv.restoreState()


class _NumberBox(Flowable):
    """A short box for a number, followed by its unit (元, 亩 …) when the label names one."""

    def __init__(self, value: str = "", unit: str = ""):
        super().__init__()
        self.value = value
        self.unit = unit

    def wrap(self, availWidth, availHeight):
        self.width = min(availWidth, NUMBER_BOX_WIDTH + 4 + text_width(self.unit, 10.5))
        self.height = CHAR_CELL_HEIGHT
        return self.width, self.height

    def draw(self):
        canv = self.canv
        box = min(NUMBER_BOX_WIDTH, self.width)
        canv.saveState()
        canv.setStrokeColor(GRID_COLOR)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, box, self.height)
        canv.setFillColor(TEXT_COLOR)
        if self.unit:
            _draw_runs(canv, box + 4, self.height / 2 - 10.5 * 0.36, self.unit, 10.5)
        if self.value:
            canv.setFillColor(INK_COLOR)
            _draw_runs(canv, 2 * mm, self.height / 2 - VALUE_SIZE * 0.36, self.value, VALUE_SIZE)
        canv.restoreState()


class _Blanks(Flowable):
    """One line of text and blanks to write on: ("text", str) and ("blank", width, value) parts.

    A blank is an underline with its value (on a sample) written above it.
    """

    def __init__(self, parts: list[tuple], size: float = 10.5, height: float = LINE_HEIGHT):
        super().__init__()
        self.parts = parts
        self.size = size
        self.height = height

    def wrap(self, availWidth, availHeight):
        self.width = sum(self._part_width(part) for part in self.parts)
        return self.width, self.height

    def _part_width(self, part) -> float:
        return text_width(part[1], self.size) if part[0] == "text" else part[1]

    def draw(self):
        canv = self.canv
        baseline = 2.2 * mm
        x = 0.0
        canv.saveState()
        canv.setStrokeColor(TEXT_COLOR)
        canv.setLineWidth(0.6)
        for part in self.parts:
            width = self._part_width(part)
            if part[0] == "text":
                canv.setFillColor(TEXT_COLOR)
                _draw_runs(canv, x, baseline, part[1], self.size)
            else:
                canv.line(x + 1, baseline - 1.5, x + width - 1, baseline - 1.5)
                value = part[2]
                if value:
                    canv.setFillColor(INK_COLOR)
                    _draw_runs(canv, x + (width - text_width(value, self.size)) / 2, baseline + 1, value, self.size)
            x += width
        canv.restoreState()


class _TickOptions(Flowable):
    """Options with a tick box each, set on a grid of tab stops so that they line up.

    An option takes as many tab stops as its width needs; one too wide for
    the cell gets a line of its own and wraps. Ticked options get a drawn
    tick (the fonts have no ☑) and the invisible text "（已选）".
    """

    TAB = 30 * mm
    GAP = 1.6 * mm  # between a box and its text
    SIZE = 10

    def __init__(self, options: list[str], checked: set[str]):
        super().__init__()
        self.options = options
        self.checked = checked

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        tabs = max(1, int(availWidth // self.TAB))
        tab = availWidth / tabs
        text_room = availWidth - TICK_BOX - self.GAP
        self.items: list[tuple[float, float, list[str], bool]] = []  # x, y from top, lines, ticked
        used = 0
        row_top = 0.0
        row_height = 0.0
        for option in self.options:
            natural = TICK_BOX + self.GAP + text_width(option, self.SIZE) + 3 * mm
            lines = [option] if natural <= availWidth else _wrap(option, self.SIZE, text_room)
            span = min(tabs, max(1, -(-natural // tab)))
            if used and used + span > tabs:
                row_top += row_height
                used, row_height = 0, 0.0
            self.items.append((used * tab, row_top, lines, option in self.checked))
            used += span
            row_height = max(row_height, TICK_ROW + (len(lines) - 1) * TICK_TEXT_LEADING)
        self.height = row_top + row_height
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        for x, top, lines, ticked in self.items:
            first_baseline = self.height - top - TICK_ROW / 2 - self.SIZE * 0.36
            box_y = first_baseline + self.SIZE * 0.36 - TICK_BOX / 2
            canv.setStrokeColor(TEXT_COLOR)
            canv.setLineWidth(0.7)
            canv.rect(x, box_y, TICK_BOX, TICK_BOX)
            text_x = x + TICK_BOX + self.GAP
            canv.setFillColor(TEXT_COLOR)
            for n, line in enumerate(lines):
                _draw_runs(canv, text_x, first_baseline - n * TICK_TEXT_LEADING, line, self.SIZE)
            if ticked:
                _draw_tick(canv, x, box_y, TICK_BOX)
                end = text_x + text_width(lines[-1], self.SIZE)
                _draw_runs(canv, end, first_baseline - (len(lines) - 1) * TICK_TEXT_LEADING,
                           CHECKED_MARK, self.SIZE, invisible=True)
        canv.restoreState()


class _SpacedText(Flowable):
    """One line of large, letter-spaced text, centred: a reference number to read out aloud."""

    def __init__(self, text: str, size: float = 24, spacing: float = 0.22):
        super().__init__()
        self.text = text
        self.size = size
        self.spacing = spacing

    def _measure(self, size: float) -> float:
        return text_width(self.text, size) + size * self.spacing * (len(self.text) - 1)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        # Shrink a long reference to fit the line.
        while self.size > 10 and self._measure(self.size) > availWidth:
            self.size -= 1
        self.height = self.size * 1.3
        return self.width, self.height

    def draw(self):
        canv = self.canv
        x = (self.width - self._measure(self.size)) / 2
        canv.saveState()
        canv.setFillColor(TEXT_COLOR)
        canv.setStrokeColor(TEXT_COLOR)
        canv.setLineWidth(self.size * 0.03)
        text_object = canv.beginText(x, self.height * 0.25)
        text_object.setTextRenderMode(2)  # fill and stroke: a bold-looking number
        text_object.setCharSpace(self.size * self.spacing)
        for chunk, font in font_runs(self.text):
            text_object.setFont(font, self.size)
            text_object.textOut(chunk)
        text_object.setTextRenderMode(0)
        canv.drawText(text_object)
        canv.restoreState()


def _draw_runs(canv, x: float, y: float, text: str, size: float, *, invisible: bool = False) -> None:
    """Like core.pdf.draw_text (start anchor); invisible text is there for extraction only."""
    canv.saveState()
    text_object = canv.beginText(x, y)
    if invisible:
        text_object.setTextRenderMode(3)
    for chunk, font in font_runs(text):
        text_object.setFont(font, size)
        text_object.textOut(chunk)
    canv.drawText(text_object)
    canv.restoreState()


def _draw_tick(canv, x: float, y: float, box: float) -> None:
    """A hand-drawn-looking tick over the box at (x, y)."""
    canv.saveState()
    canv.setStrokeColor(INK_COLOR)
    canv.setLineWidth(1.5)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    path = canv.beginPath()
    path.moveTo(x + box * 0.18, y + box * 0.55)
    path.lineTo(x + box * 0.42, y + box * 0.2)
    path.lineTo(x + box * 1.05, y + box * 1.1)
    canv.drawPath(path, stroke=1, fill=0)
    canv.restoreState()


# --- helpers ------------------------------------------------------------------


def _style(name: str, parent: ParagraphStyle, **changes) -> ParagraphStyle:
    return ParagraphStyle(name, parent, **changes)


def _ink_para(value: str) -> Paragraph:
    return para(value, _style("ink", styles()["cell"], fontSize=VALUE_SIZE, leading=15, textColor=INK_COLOR))


def _date_parts(value: str) -> list[tuple]:
    """____年____月____日, with the parts of an ISO date written in on a sample."""
    year = month = day = ""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    if match:
        year, month, day = match.group(1), str(int(match.group(2))), str(int(match.group(3)))
    return [("blank", 18 * mm, year), ("text", "年"), ("blank", 11 * mm, month), ("text", "月"),
            ("blank", 11 * mm, day), ("text", "日")]


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


def _quote(value) -> str:
    return f"“{_text(value)}”"


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in {"", "false", "0", "no", "否"}
    return bool(value)


def _wrap(text: str, size: float, max_width: float) -> list[str]:
    """Break text into lines no wider than max_width.

    Chinese breaks between any two characters, a Latin word or number only
    where it ends (unless it is wider than a line), and closing punctuation
    never starts a line.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if line and text_width(line + token, size) > max_width and token[0] not in _NO_LINE_START:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
            # Only a Latin word wider than a whole line is cut inside the word.
            while len(line) > 1 and text_width(token, size) > max_width and text_width(line, size) > max_width:
                cut = max([n for n in range(1, len(line)) if text_width(line[:n], size) <= max_width] or [1])
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def _text(value) -> str:
    """A value as stripped text; None as ""."""
    return "" if value is None else str(value).strip()


def _flag(value, *, default: bool) -> bool:
    if value is None or _text(value) == "":
        return default
    if isinstance(value, bool):
        return value
    return _text(value).lower() not in {"否", "false", "no", "n", "0"}
