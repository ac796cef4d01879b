"""办事指南打印版: the printable handout of one service guide.

`render_guide_pdf()` takes a guide in the import format (see
/work/shared/spec/guide-import.md: a dict with code, name, materials, steps,
fees, ...) and lays it out with the PDF toolkit of core/pdf.
Sections whose data is missing are left out, except 收费标准, which then
reads "不收费".
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from core.pdf import (
    FRAME_WIDTH,
    SHADE_COLOR,
    build_pdf,
    grid_style,
    header_table,
    keep_together,
    key_value_table,
    para,
    qr_row,
    styles,
    table_style,
)
from core.promise import format_days
from core.text import paragraphs
from guides.flowchart import draw_pdf

QR_SIZE_MM = 26
FLOWCHART_WIDTH = 300  # points; the flowchart's text is then about 12 pt


# Column widths of the materials table, in mm; 备注 takes the rest of the frame.
MATERIAL_COLUMNS = (("序号", 11), ("材料名称", 44), ("材料形式", 24), ("份数", 11),
                    ("是否必需", 17), ("来源渠道", 30), ("备注", None))
FEE_COLUMNS = (("收费项目", 50), ("金额（元）", 28), ("收费依据", None))

# Paragraphs of text fields such as 受理条件 are separated by blank lines.
_BLANK_LINE = re.compile(r"\r?\n[ \t\r]*\n")


def render_guide_pdf(
    guide: dict,
    *,
    permalink_url: str,
    centre_name: str,
    printed_on: datetime.date,
    centre_contact: str = "",
) -> bytes:
    """The handout of one guide as PDF bytes. `centre_contact` (the centre's
    address, phone and hours from its site settings) closes the handout."""
    name = _text(guide.get("name"))
    code = _text(guide.get("code"))
    story: list[Flowable] = []
    story += _header(name, code, permalink_url)
    story += _basic_info(guide)
    story += _contact(guide)  # where, when and whom to call: on the first page
    story += _text_section("概述", guide.get("summary"))
    story += _numbered_section("受理条件", guide.get("conditions"))
    story += _materials(guide.get("materials"))
    story += _process(guide.get("steps"), guide.get("promised_days"))
    story += _fees(guide.get("fees"))
    story += _basis(guide.get("basis"))
    story += _text_section("办理结果", guide.get("result"))
    if centre_contact:
        story += [Spacer(1, 6), para(f"{centre_name}　{centre_contact}", styles()["small"])]
    return build_pdf(
        story,
        title=f"{name}办事指南",
        centre_name=centre_name,
        printed_on=printed_on,
        subject=f"事项编码 {code}",
    )


def _header(name: str, code: str, permalink_url: str) -> list[Flowable]:
    """Title with item code, then the QR code of the online guide with its caption and URL."""
    s = styles()
    qr = qr_row(permalink_url, "扫码查看最新办事指南", QR_SIZE_MM)
    return [para(name, s["title"]), para(f"办事指南　事项编码：{code}", s["subtitle"]), qr]


def _basic_info(guide: dict) -> list[Flowable]:
    """The 基本信息 table: label/value pairs, two pairs to a row."""
    pairs = [
        ("实施主体", _text(guide.get("department"))),
        ("承办窗口", _text(guide.get("window"))),
        ("事项类型", _text(guide.get("item_type"))),
        ("办件类型", _text(guide.get("handling_type"))),
        ("法定办结时限", format_days(_int(guide.get("legal_days")))),
        ("承诺办结时限", format_days(_int(guide.get("promised_days")))),
        ("到现场次数", _visits(_int(guide.get("visits")))),
        ("可网上申报", _yes_no(guide.get("online"))),
        ("可村级代办", _yes_no(guide.get("proxy"))),
    ]
    pairs = [(label, value) for label, value in pairs if value]
    if not pairs:
        return []
    s = styles()
    label_width = 25 * mm
    value_width = FRAME_WIDTH / 2 - label_width
    rows = []
    for i in range(0, len(pairs), 2):
        row = []
        for label, value in pairs[i:i + 2]:
            row += [para(label, s["cell"]), para(value, s["cell"])]
        rows.append(row + [""] * (4 - len(row)))
    style = grid_style() + [("BACKGROUND", (0, 0), (0, -1), SHADE_COLOR), ("BACKGROUND", (2, 0), (2, -1), SHADE_COLOR)]
    if len(pairs) % 2:
        style += [("SPAN", (1, -1), (3, -1)), ("BACKGROUND", (1, -1), (3, -1), colors.white)]
    table = Table(rows, colWidths=[label_width, value_width] * 2, style=table_style(*style))
    return _section("基本信息", table)


def _text_section(title: str, text) -> list[Flowable]:
    """A heading and the text, one Paragraph per blank-line separated paragraph."""
    paragraphs = [chunk.strip() for chunk in _BLANK_LINE.split(_text(text)) if chunk.strip()]
    if not paragraphs:
        return []
    body = styles()["body"]
    return _section(title, *(para(chunk, body) for chunk in paragraphs))


def _numbered_section(title: str, text) -> list[Flowable]:
    """A heading and the text as a numbered list, one entry per line, as the web page shows it."""
    entries = paragraphs(_text(text))
    if len(entries) < 2:
        return _text_section(title, text)
    body = styles()["body"]
    return _section(title, *(para(f"{number}. {entry}", body) for number, entry in enumerate(entries, start=1)))


def _materials(materials) -> list[Flowable]:
    """申请材料 as a table; the header row repeats on every page."""
    materials = [m for m in materials or () if _text(m.get("name"))]
    if not materials:
        return []
    rows = [
        [
            str(number),
            _text(m.get("name")),
            _text(m.get("form")),
            _text(m.get("copies")),
            "必需" if _flag(m.get("required"), default=True) else "容缺",
            _text(m.get("source")),
            _text(m.get("note")),
        ]
        for number, m in enumerate(materials, start=1)
    ]
    return _section("申请材料", _table(MATERIAL_COLUMNS, rows, centred=(0, 2, 3, 4)))


def _process(steps, promised_days) -> list[Flowable]:
    """办理流程: the flowchart, the same one the web page shows."""
    if not steps:
        return []
    return _section("办理流程", draw_pdf(steps, total_days=_int(promised_days), width=FLOWCHART_WIDTH))


def _fees(fees) -> list[Flowable]:
    """收费标准: a table of fees, or "不收费" when there are none."""
    fees = [fee for fee in fees or () if _text(fee.get("name"))]
    if not fees:
        return _section("收费标准", para("不收费", styles()["body"]))
    rows = [[_text(fee.get("name")), _text(fee.get("amount")), _text(fee.get("basis"))] for fee in fees]
    return _section("收费标准", _table(FEE_COLUMNS, rows, centred=(1,)))


def _basis(basis) -> list[Flowable]:
    """设定依据: one line per law or regulation: title, article and 文号."""
    lines = []
    for item in basis or ():
        title = _text(item.get("title"))
        if not title:
            continue
        line = title + _text(item.get("article"))
        doc_number = _text(item.get("doc_number"))
        if doc_number:
            line += f"（{doc_number}）"
        lines.append(line)
    if not lines:
        return []
    body = styles()["body"]
    if len(lines) > 1:
        lines = [f"{number}. {line}" for number, line in enumerate(lines, start=1)]
    return _section("设定依据", *(para(line, body) for line in lines))


def _contact(guide: dict) -> list[Flowable]:
    """办理地点, 办理时间 and the phone numbers as a two-column table."""
    pairs = [
        ("办理地点", _text(guide.get("location"))),
        ("办理时间", _text(guide.get("hours"))),
        ("咨询电话", _text(guide.get("phone"))),
        ("监督投诉电话", _text(guide.get("complaint_phone"))),
    ]
    pairs = [(label, value) for label, value in pairs if value]
    if not pairs:
        return []
    table = key_value_table(pairs)
    return _section("办理地点与咨询", table)


# --- helpers --------------------------------------------------------------


def _section(title: str, *content: Flowable) -> list[Flowable]:
    """A heading and its content, kept on one page where they fit on one."""
    return keep_together([para(title, styles()["heading"]), *content])


def _table(columns: Iterable[tuple[str, float | None]], rows: list[list[str]], centred: Iterable[int] = ()) -> Table:
    """A grid table with a shaded header row repeated across pages (the toolkit's `header_table`)."""
    return header_table(columns, rows, centred=centred)


def _text(value) -> str:
    """A field as stripped text; None as ""."""
    return "" if value is None else str(value).strip()


def _int(value) -> int | None:
    """A whole-number field (days, visits); None when missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(_text(value))
    except ValueError:
        return None


def _flag(value, *, default: bool) -> bool:
    """A yes/no field that may come as bool or as text from a spreadsheet."""
    if value is None or _text(value) == "":
        return default
    if isinstance(value, bool):
        return value
    return _text(value).lower() not in {"否", "false", "no", "n", "0"}


def _yes_no(value) -> str:
    if value is None or _text(value) == "":
        return ""
    return "是" if _flag(value, default=False) else "否"


def _visits(visits: int | None) -> str:
    if visits is None:
        return ""
    return "0 次（全程网办）" if visits == 0 else f"{visits} 次"
