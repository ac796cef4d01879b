"""The PDF toolkit core/pdf: one line wrapper, one grid style, QR rows, the
page frame, and the documents built on it (no database needed)."""

import ast
import datetime
import io
import re
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm

import core.pdf
from core.pdf import (
    FRAME_WIDTH,
    GRID_COLOR,
    SHADE_COLOR,
    BoldParagraph,
    MinHeight,
    Watermark,
    build_pdf,
    column_widths,
    grid_style,
    header_table,
    key_value_table,
    markup,
    para,
    qr_row,
    styles,
    text_width,
    wrap_lines,
)
from guides.flowchart import measure, wrap

ROOT = Path(__file__).resolve().parents[2]
PRINTED_ON = datetime.date(2026, 11, 23)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_wrap_lines_fits_the_width_with_the_real_font():
    text = "办理时间：周一至周五 8:30-12:00，14:00-17:30（逢场天照常办公），法定节假日休息。"
    lines = wrap_lines(text, 10.5, 120)
    assert len(lines) > 1
    assert all(text_width(line, 10.5) <= 120 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in core.pdf.NO_LINE_START for line in lines)
    assert any("8:30-12:00" in line for line in lines)  # a Latin word is not cut


def test_wrap_lines_keeps_newlines_and_cuts_a_word_wider_than_a_line():
    assert wrap_lines("第一行\n\n第三行", 10, 200) == ["第一行", "", "第三行"]
    long_word = "https://example.gov.cn/" + "a" * 80
    lines = wrap_lines(long_word, 10, 100)
    assert len(lines) > 1 and "".join(lines) == long_word


def test_the_flowchart_uses_the_same_wrapper_with_its_estimate():
    text = "上报县农业农村局和县财政局联合审核并在村务公开栏公示七个工作日无异议后兑付"
    assert wrap(text, 14, 200) == wrap_lines(text, 14, 200, measure)
    assert wrap("", 14, 200) == []


def test_grid_key_value_and_header_tables_share_one_style():
    style = grid_style()
    assert ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR) in style
    table = key_value_table([("办理地点", "一楼 3 号窗口"), ("咨询电话", "0000-1234567")], label_width=30 * mm)
    assert table._colWidths == [30 * mm, FRAME_WIDTH - 30 * mm]
    assert ("BACKGROUND", (0, 0), (0, -1), SHADE_COLOR) in [tuple(command) for command in table._bkgrndcmds]
    columns = (("序号", 11), ("名称", None), ("份数", 11))
    assert column_widths(columns) == [11 * mm, FRAME_WIDTH - 22 * mm, 11 * mm]
    materials = header_table(columns, [["1", "户口簿", "1"], ["2", [para("收入证明", styles()["cell"])], "2"]])
    assert materials.repeatRows == 1 and len(materials._cellvalues) == 3


def test_a_document_built_from_the_toolkit():
    s = styles()
    story = [
        Watermark("样表"),
        BoldParagraph(markup("一、基本信息 (A&B)"), s["heading"]),
        key_value_table([("事项", "最低生活保障申请")]),
        MinHeight(para("<escaped> & 文本", s["body"]), 20 * mm),
        qr_row("https://example.gov.cn/s/MZ-001/", "扫码查看最新办事指南"),
    ]
    pdf = build_pdf(story, title="测试文档", centre_name="示例镇便民服务中心", printed_on=PRINTED_ON, subject="测试")
    text = pdf_text(pdf)
    for words in ("一、基本信息 (A&B)", "最低生活保障申请", "<escaped> & 文本", "扫码查看最新办事指南",
                  "https://example.gov.cn/s/MZ-001/", "示例镇便民服务中心", "打印日期：2026年11月23日", "第 1 页 / 共 1 页",
                  "样表"):
        assert re.sub(r"\s", "", words) in re.sub(r"\s", "", text), words
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "测试文档"
    fonts = {font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert all("Helvetica" not in str(font) for font in fonts), fonts


def test_the_toolkit_does_not_touch_django():
    for path in (ROOT / "core" / "pdf").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not {name for name in imported if name.startswith("django")}, path


def test_no_document_keeps_its_own_copy_of_a_toolkit_helper():
    documents = ["guides/pdf.py", "forms/pdf.py", "forms/paper_fields.py", "cases/receipt.py", "cases/documents.py",
                 "guides/flowchart.py"]
    for name in documents:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        defined = {node.name for node in ast.walk(tree)
                   if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
        assigned = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    for target in node.targets if isinstance(target, ast.Name)}
        assert not defined & {"_wrap", "_status_qr", "_draw_runs", "_grid", "_Watermark", "_BoldParagraph",
                              "_MinHeight", "_SpacedText", "_tokens"}, name
        assert not assigned & {"GRID_COLOR", "SHADE_COLOR", "_TOKEN", "_NO_LINE_START"}, name
    receipt = ast.parse((ROOT / "cases" / "receipt.py").read_text(encoding="utf-8"))
    assert sum(isinstance(node, ast.FunctionDef) and node.name == "status_qr" for node in ast.walk(receipt)) == 1
