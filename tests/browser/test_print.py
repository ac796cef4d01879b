"""Printing from the browser: Chromium's own print-to-PDF (DevTools
Page.printToPDF, A4) of the longest demo guide and of its 一次性告知单. A
guide must fit on at most 3 A4 pages and its checklist on one, so a window
can hand them out."""

import base64
import io
import json
import os

import pytest
from django.conf import settings
from pypdf import PdfReader

from guides.importing import import_file
from guides.models import ServiceGuidePage
from guides.serializers import guide_to_dict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4 = {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True, "preferCSSPageSize": False}
KEEP = os.environ.get("PRINT_TEST_KEEP")  # a folder to leave the PDFs in, to look at them


def print_pages(browser, url, name):
    """Load `url`, print it as Chromium does (A4, default margins) and count the pages."""
    browser.get(url)
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", A4)["data"])
    if KEEP:
        with open(os.path.join(KEEP, f"{name}.pdf"), "wb") as out:
            out.write(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, (width, height)  # A4 in points
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def longest_guide(live_server):
    """Every demo guide imported; the one with the most content (as the import format measures it)."""
    import_file(settings.BASE_DIR / "fixtures" / "guides.json")
    guides = ServiceGuidePage.objects.live()
    return max(guides, key=lambda guide: len(json.dumps(guide_to_dict(guide), ensure_ascii=False)))


def test_the_longest_demo_guide_prints_on_three_a4_pages_and_its_checklist_on_one(browser, live_server, longest_guide):
    """In normal and in large text (the demo is imported once for both)."""
    guide_url = live_server.url + longest_guide.url
    for text_size in ("normal", "large"):
        if text_size == "large":  # printing ignores the large-text preference's size
            browser.add_cookie({"name": "textsize", "value": "large"})
        pages, text = print_pages(browser, guide_url, f"guide-{text_size}")
        assert pages <= 3, f"{longest_guide.code} prints on {pages} pages in {text_size} text"
        assert longest_guide.title in text and all(m.name[:6] in text for m in longest_guide.materials.all())

        pages, text = print_pages(browser, guide_url + "checklist/", f"checklist-{text_size}")
        assert pages == 1, f"the checklist of {longest_guide.code} prints on {pages} pages in {text_size} text"
        assert all(m.name[:6] in text for m in longest_guide.materials.all())
