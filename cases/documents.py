"""The documents of a case: 受理通知书, 不予受理通知书, 补正告知书 and the
filled application (申请表), as PDF through the toolkit of core/pdf (CJK
font, page frame and footer, grid tables) and, like the receipt, with the
QR code to the status page (`cases.receipt.status_qr`).

`case_document()` assembles a document's text from a submission; the
`render_*` functions only lay out what they are given.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from core.pdf import (
    FRAME_WIDTH,
    SHADE_COLOR,
    build_pdf,
    derived_style,
    format_date,
    grid_style,
    keep_together,
    key_value_table,
    para,
    styles,
    table_style,
)
from core.promise import promise_text
from core.site_info import centre_name

from .answers import answer_sections, applicant_identity
from .models import Submission
from .receipt import status_qr
from .submissions import status_url

LABEL_WIDTH = 32 * mm

KINDS = {
    "acceptance": "受理通知书",
    "rejection": "不予受理通知书",
    "correction": "补正告知书",
    "application": "申请表",
}
# The notice that goes with a move into each status (e-mailed to the applicant).
NOTICE_FOR_STATUS = {
    Submission.Status.ACCEPTED: "acceptance",
    Submission.Status.REJECTED: "rejection",
    Submission.Status.CORRECTION: "correction",
}
REMEDY = "如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。"


# --- layout -------------------------------------------------------------------


def _facts(pairs):
    return key_value_table([(label, value) for label, value in pairs if value], label_width=LABEL_WIDTH)


def _header(title: str, reference: str) -> list[Flowable]:
    s = styles()
    return [para(title, s["title"]), para(f"受理编号：{reference}", s["subtitle"])]


def _sign_off(centre_name: str, issued_on: datetime.date) -> list[Flowable]:
    right = derived_style("sign_off", styles()["body"], alignment=TA_RIGHT)
    return [Spacer(1, 10 * mm), para(f"{centre_name}（盖章）", right), para(format_date(issued_on), right)]


def render_notice(
    *,
    title: str,
    reference: str,
    addressee: str,
    paragraphs: list[str],
    facts: list[tuple[str, str]],
    items: list[str],
    remarks: list[str],
    url: str,
    issued_on: datetime.date,
    centre_name: str,
    printed_on: datetime.date,
) -> bytes:
    """A notice to the applicant: title, 受理编号, the letter, a table of facts,
    a numbered list (the materials to supply), remarks, QR code and sign-off."""
    s = styles()
    story: list[Flowable] = _header(title, reference)
    story.append(para(f"{addressee}：", s["body"]))
    story += [para(f"　　{text}", s["body"]) for text in paragraphs]
    story += [Spacer(1, 3 * mm), _facts(facts)]
    if items:
        rows = [[para(str(n), s["cell_centred"]), para(item, s["cell"])] for n, item in enumerate(items, start=1)]
        story += [
            Spacer(1, 3 * mm),
            Table(
                [[para("序号", s["cell_centred"]), para("需补正的材料", s["cell"])], *rows],
                colWidths=[14 * mm, FRAME_WIDTH - 14 * mm],
                repeatRows=1,
                style=table_style(*grid_style(), ("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOR)),
            ),
        ]
    story += [Spacer(1, 3 * mm), *(para(text, s["small"]) for text in remarks)]
    story += keep_together([*status_qr(url), *_sign_off(centre_name, issued_on)])
    return build_pdf(
        story,
        title=f"{title} {reference}",
        centre_name=centre_name,
        printed_on=printed_on,
        subject=f"受理编号 {reference}",
    )


def render_application(
    *,
    title: str,
    reference: str,
    facts: list[tuple[str, str]],
    sections: list[tuple[str, list[tuple[str, str]]]],
    url: str,
    centre_name: str,
    printed_on: datetime.date,
) -> bytes:
    """The application as submitted: facts of the case, then every answered step as a table."""
    s = styles()
    story: list[Flowable] = [*_header(title, reference), _facts(facts)]
    for heading, rows in sections:
        story += [para(heading, s["heading"]), key_value_table(rows, label_width=50 * mm)]
    story += keep_together(status_qr(url))
    return build_pdf(
        story,
        title=f"{title} {reference}",
        centre_name=centre_name,
        printed_on=printed_on,
        subject=f"受理编号 {reference}",
    )


# --- from a case ----------------------------------------------------------------


def available_documents(submission) -> list[tuple[str, str]]:
    """The documents a case has at its stage: [(kind, name)]."""
    kinds = []
    if submission.accepted_at:
        kinds.append("acceptance")
    if submission.status == Submission.Status.REJECTED:
        kinds.append("rejection")
    if submission.corrections.all():
        kinds.append("correction")
    kinds.append("application")
    return [(kind, KINDS[kind]) for kind in kinds]


def _local_date(value):
    return timezone.localdate(value) if value else None


def _date_text(value):
    return format_date(_local_date(value)) if value else ""


def case_document(submission, kind: str, *, show_personal: bool) -> tuple[str, bytes]:
    """(file name, PDF bytes) of one of the `available_documents` of a case."""
    if kind not in dict(available_documents(submission)):
        raise LookupError(kind)
    name, id_number, _ = applicant_identity(submission, show_personal=show_personal)
    name = name or "申请人"
    window = submission.window.name if submission.window else ""
    common = {
        "reference": submission.reference,
        "url": status_url(),
        "centre_name": centre_name(),
        "printed_on": timezone.localdate(),
    }
    submitted = _date_text(submission.created_at)
    if kind == "application":
        facts = [
            ("事项", submission.item_name),
            ("承办窗口", window),
            ("申请人", name),
            ("证件号码", id_number),
            ("提交时间", timezone.localtime(submission.created_at).strftime("%Y-%m-%d %H:%M")),
            ("受理渠道", submission.channel),
        ]
        sections = [
            (heading, [(row.label, row.text) for row in rows])
            for heading, rows in answer_sections(submission, show_personal=show_personal)
        ]
        title = submission.definition.get("title") or submission.item_name
        pdf = render_application(title=title, facts=facts, sections=sections, **common)
    elif kind == "acceptance":
        pdf = render_notice(
            title=KINDS[kind],
            addressee=name,
            paragraphs=[
                f"您于{submitted}申请办理的“{submission.item_name}”，经审查，申请材料齐全、符合法定形式，"
                "本中心决定予以受理。"
            ],
            facts=[
                ("事项", submission.item_name),
                ("承办窗口", window),
                ("受理日期", _date_text(submission.accepted_at)),
                ("承诺办结时限", promise_text(submission.promised_days)),
                ("预计办结日期", format_date(submission.due_date) if submission.due_date else ""),
            ],
            items=[],
            remarks=["办结时限按工作日计算，法定节假日不计算在内；办理中需要补正材料的，补正期间不计算在内。"],
            issued_on=_local_date(submission.accepted_at),
            **common,
        )
    elif kind == "rejection":
        pdf = render_notice(
            title=KINDS[kind],
            addressee=name,
            paragraphs=[
                f"您于{submitted}申请办理的“{submission.item_name}”，经审查，决定不予受理。理由如下：",
                submission.rejection_reason,
            ],
            facts=[
                ("事项", submission.item_name),
                ("承办窗口", window),
                ("决定日期", _date_text(submission.rejected_at)),
            ],
            items=[],
            remarks=[REMEDY],
            issued_on=_local_date(submission.rejected_at),
            **common,
        )
    else:
        correction = list(submission.corrections.all())[-1]
        if submission.accepted_at:
            clock = "办理时限自告知之日起暂停计算，材料补齐后继续计算。"
        else:
            clock = "材料补齐后予以受理，办理时限自受理之日起计算。"
        pdf = render_notice(
            title=KINDS[kind],
            addressee=name,
            paragraphs=[
                f"您于{submitted}申请办理的“{submission.item_name}”，申请材料不齐全或者不符合法定形式，"
                "现一次性告知您需要补正的全部材料（见下表）。"
            ],
            facts=[
                ("事项", submission.item_name),
                ("承办窗口", window),
                ("告知日期", _date_text(correction.requested_at)),
            ],
            items=list(correction.missing),
            remarks=["请在“办理进度查询”页面查到本件后上传补正材料，或带到承办窗口提交。", clock],
            issued_on=_local_date(correction.requested_at),
            **common,
        )
    return f"{KINDS[kind]}-{submission.reference}.pdf", pdf
