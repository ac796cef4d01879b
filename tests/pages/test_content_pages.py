"""中心简介, 办事须知, 服务制度: block-built content pages with addressable rules."""

import pytest
from wagtail import blocks

from guides.site_setup import ensure_structure
from pages.blocks import ContentBlock, RuleBlock
from pages.demo import load_content_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    return {page.slug: page for page in load_content_pages(ensure_structure().home)}


def test_rules_are_addressable_sections(client, pages):
    rules = pages["zhidu"]
    html = client.get(rules.url).content.decode()
    for anchor in ("shouwen", "yicixing", "xianshi", "zeren"):
        assert f'id="rule-{anchor}"' in html
        assert f'href="#rule-{anchor}"' in html
    assert "首问负责制" in html and "责任追究制" in html
    assert len(rules.rules) >= 4


def test_intro_page_renders_table_callout_and_links_in_header_and_footer(client, pages):
    html = client.get(pages["jianjie"].url).content.decode()
    assert '<th scope="col">层级</th>' in html and '<th scope="row">县</th>' in html
    assert "callout--info" in html
    home_html = client.get("/").content.decode()
    assert f'href="{pages["jianjie"].url}"' in home_html
    assert f'href="{pages["zhidu"].url}"' in home_html  # footer


def test_faq_block_renders_details(client, pages):
    html = client.get(pages["xuzhi"].url).content.decode()
    assert "<details class=\"faq\"><summary>中午可以办事吗？</summary>" in html


def test_rule_anchor_must_be_a_slug_and_unique():
    with pytest.raises(blocks.StructBlockValidationError):
        block = RuleBlock()
        block.clean(block.to_python({"title": "首问负责制", "anchor": "首问 制", "body": "<p>x</p>"}))
    stream = ContentBlock()
    value = stream.to_python([
        {"type": "rule", "value": {"title": "甲", "anchor": "a", "body": "<p>1</p>"}},
        {"type": "rule", "value": {"title": "乙", "anchor": "a", "body": "<p>2</p>"}},
    ])
    with pytest.raises(blocks.StreamBlockValidationError):
        stream.clean(value)


def test_page_text_is_escaped(client, pages):
    page = pages["jianjie"]
    page.intro = "<script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
