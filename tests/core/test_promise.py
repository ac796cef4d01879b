"""The one promised-days sentence (core/promise.py) and where it is read."""

import datetime
import io
import re
from pathlib import Path

from pypdf import PdfReader

from cases.receipt import render_receipt_pdf
from core.promise import format_days, promise_text
from guides.templatetags.guide_tags import promise, workdays

ROOT = Path(__file__).resolve().parents[2]
DUE = datetime.date(2026, 12, 21)


def test_format_days():
    assert format_days(None) == ""
    assert format_days(0) == "即时办理"
    assert format_days(20) == "20 个工作日"


def test_promise_text():
    assert promise_text(20, DUE) == "20 个工作日（受理后计算，预计 2026年12月21日前办结）"
    assert promise_text(20) == "20 个工作日（受理后计算）"
    assert promise_text("20", DUE) == promise_text(20, DUE)
    assert promise_text(0, DUE) == "即时办理"
    assert promise_text(None, DUE) == promise_text(True) == promise_text("abc") == ""


def test_template_filters_use_it():
    assert workdays(20) == format_days(20)
    assert promise(20, DUE) == promise_text(20, DUE)
    assert promise(20) == promise_text(20)
    template = (ROOT / "templates" / "cases" / "confirmation.html").read_text(encoding="utf-8")
    assert "|promise:due" in template and "起算" not in template


def test_receipt_prints_the_sentence():
    pdf = render_receipt_pdf({"reference": "R-1", "item_name": "低保", "promised_days": 20, "due_date": DUE},
                             centre_name="示例镇便民服务中心", printed_on=DUE)
    text = re.sub(r"\s", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert re.sub(r"\s", "", promise_text(20, DUE)) in text


def test_no_other_module_words_the_promise():
    """The sentence's own words appear only in core/promise.py."""
    for path in [*ROOT.glob("*/*.py"), *ROOT.glob("templates/**/*.html")]:
        if path.parts[-2] in ("tests", "migrations") or path.name == "promise.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "受理后计算" not in text and "以窗口受理日起算" not in text and "当场办结\"" not in text, path
