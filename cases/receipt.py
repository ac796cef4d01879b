"""在线申报回执: the receipt of an online submission, as PDF.

`render_receipt_pdf()` prints what `cases.submissions.receipt_data()` gives:
the 受理编号 in large letter-spaced type, the facts of the case with the
promised time limit (core.promise), each file uploaded online, the
materials still to bring (一次性告知)
and the QR code to the status page, on the toolkit's page frame (core/pdf).
It is e-mailed with the confirmation (cases.notifications) and offered for
download (cases.views). `status_qr()` is also printed on the case notices
(cases.documents).

Nothing here touches Django, so the receipt can be built and tested without a
database or settings.
"""

from __future__ import annotations

import datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from core.pdf import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    SHADE_COLOR,
    TEXT_COLOR,
    SpacedText,
    build_pdf,
    flowable_height,
    format_date,
    header_table,
    keep_together,
    key_value_table,
    para,
    qr_row,
    styles,
    table_style,
)
from core.promise import promise_text

MATERIAL_COLUMNS = (("序号", 11), ("材料名称", None), ("形式", 26), ("份数", 11),
                    ("必需/容缺", 21), ("来源", 30))
CELL_PADDING = 4
QR_SIZE_MM = 24
STATUS_QR_CAPTION = "扫码查询办理进度（需输入受理编号和身份证号或手机号后4位）"


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
    story += _uploaded(receipt.get("uploaded"))
    story += _materials_to_bring(receipt.get("materials_to_bring"))
    status_url = _text(receipt.get("status_url"))
    story += keep_together([*(status_qr(status_url) if status_url else []), *_receipt_contact(receipt)])
    return build_pdf(
        story,
        title=f"在线申报回执 {reference}".strip(),
        centre_name=centre_name,
        printed_on=printed_on,
        subject=f"{item_name} 受理编号 {reference}".strip(),
    )


def status_qr(url: str) -> list[Flowable]:
    """The QR code to the status page with its caption and URL: on the receipt and on every notice."""
    return [Spacer(1, 5 * mm), qr_row(url, STATUS_QR_CAPTION, QR_SIZE_MM)]


def _reference_box(reference: str) -> Table:
    """The 受理编号, large, in a box with its caption."""
    s = styles()
    caption = para("受理编号（查询进度、到窗口办理时请出示）", s["cell_centred"])
    return Table(
        [[caption], [SpacedText(reference or "—", size=24)]],
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
        ("承诺办结时限", promise_text(receipt.get("promised_days"), receipt.get("due_date"))),
    ]
    if receipt.get("proxy"):
        proxy_by = _text(receipt.get("proxy_by"))
        pairs.append(("代办", f"由{proxy_by}代为申报" if proxy_by else "由代办员代为申报"))
    return [Spacer(1, 4 * mm), key_value_table([(label, value) for label, value in pairs if value])]


def _uploaded(uploaded) -> list[Flowable]:
    """已在线上传: each file field with every file it holds, one file a line."""
    rows = [(_text(label), "\n".join(_text(name) for name in names)) for label, names in uploaded or () if names]
    if not rows:
        return []
    return keep_together([para("已在线上传的材料", styles()["heading"]), key_value_table(rows, label_width=50 * mm)])


def _materials_to_bring(materials) -> list[Flowable]:
    s = styles()
    heading = para("一次性告知：请带齐以下材料到窗口", s["heading"])
    materials = [m for m in materials or () if isinstance(m, dict) and _text(m.get("name"))]
    if not materials:
        return keep_together([heading, para("无需另行提交纸质材料。", s["body"])])
    rows = []
    any_optional = False
    for number, material in enumerate(materials, start=1):
        required = _flag(material.get("required"), default=True)
        any_optional = any_optional or not required
        name_cell: list[Flowable] = [para(_text(material.get("name")), s["cell"])]
        note = _text(material.get("note"))
        if note:
            name_cell.append(para(note, s["small"]))
        rows.append([str(number), name_cell, _text(material.get("form")), _text(material.get("copies")),
                     "必需" if required else "容缺", _text(material.get("source"))])
    table = header_table(MATERIAL_COLUMNS, rows, centred=(0, 2, 3, 4), padding=CELL_PADDING)
    flowables: list[Flowable] = [heading, table]
    if any_optional:
        flowables.append(Spacer(1, 2))
        flowables.append(para("标“容缺”的材料暂缺时可先行受理，请在窗口告知的期限内补齐。", s["small"]))
    # Start on this page if the heading, the header row and a few materials fit; the table then
    # runs on over the next page with its header repeated.
    table.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    start = flowable_height(heading) - heading.getSpaceAfter() + sum(table._rowHeights[:4])
    return [CondPageBreak(start), *flowables]


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


def _format_datetime(value) -> str:
    """2026年11月23日 09:05 (the caller passes local time)."""
    if isinstance(value, datetime.datetime):
        return f"{format_date(value)} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return format_date(value)
    return _text(value)


def _text(value) -> str:
    """A value as stripped text; None as ""."""
    return "" if value is None else str(value).strip()


def _flag(value, *, default: bool) -> bool:
    """A yes/no value that may come as bool or as text."""
    if value is None or _text(value) == "":
        return default
    if isinstance(value, bool):
        return value
    return _text(value).lower() not in {"否", "false", "no", "n", "0"}
