"""What residents see: guide pages, flowchart, checklist, handout PDF, indexes, permalink."""

import io
import re

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from guides.models import RegulationPage, ServiceGuidePage
from guides.site_setup import ensure_structure

pytestmark = pytest.mark.django_db

SECTIONS = ["summary", "basic", "conditions", "materials", "process", "fees", "basis", "place", "faq"]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response


def make_regulation(title="社会救助暂行办法", doc_number="国务院令第649号", status=RegulationPage.Status.IN_FORCE):
    parent = ensure_structure().regulation_index
    page = parent.add_child(
        instance=RegulationPage(
            title=title,
            slug=f"reg-{RegulationPage.objects.count() + 1}",
            doc_number=doc_number,
            status=status,
            body=[{"type": "article", "value": {"number": "第十一条", "text": "申请最低生活保障，按照下列程序办理。"}}],
        )
    )
    page.save_revision().publish()
    return page


def test_full_guide_shows_every_section(client, guide):
    html = get(client, guide.url).content.decode()
    for section in SECTIONS:
        assert f'id="{section}"' in html, section
    for text in [
        "最低生活保障申请", "MZ-001", "社会事务办", "行政给付", "承诺件", "可网上申报", "可村级代办", "不收费",
        "持有本地户籍", "家庭收入证明", "容缺", "村委会出具", "入户调查", "30 个工作日", "20 个工作日",
        "《社会救助暂行办法》", "第十一条", "国务院令第649号", "最低生活保障金领取证", "镇便民服务中心一楼 1 号窗口",
        "0000-7654321", "低保多久复核一次", "最近更新", "按事项清单导入",
    ]:  # fmt: skip
        assert text in html, text
    assert '<nav class="breadcrumbs"' in html and "民政窗口</a>" in html


def test_minimal_guide_renders(client, import_guides):
    import_guides({"code": "ZH-900", "name": "人民调解申请", "window": "综合窗口"})
    guide = ServiceGuidePage.objects.get(code="ZH-900")
    html = get(client, guide.url).content.decode()
    assert "人民调解申请" in html and "不收费" in html and "无需提交材料" in html
    assert 'id="process"' not in html and 'id="faq"' not in html


def test_fees_listed_when_charged(client, import_guides, full_item):
    full_item["fees"] = [{"name": "工本费", "amount": "20.00", "basis": "公安部规定"}]
    import_guides(full_item)
    html = get(client, ServiceGuidePage.objects.get().url).content.decode()
    assert "20.00 元" in html and "不收费" not in html


def test_flowchart_is_inline_svg_from_steps(client, guide):
    html = get(client, guide.url).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    for name in ["申请受理", "入户调查", "审批", "村委会"]:
        assert name in svg
    assert "20 个工作日" in svg  # total promised days
    assert "<script" not in html


def test_guide_text_is_escaped(client, import_guides, full_item):
    full_item["name"] = "<script>alert(1)</script>低保"
    full_item["steps"][0]["name"] = "<b>受理</b>"
    import_guides(full_item)
    html = get(client, ServiceGuidePage.objects.get().url).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>受理</b>" not in html


def test_checklist_lists_every_material_with_tick_box(client, guide):
    html = get(client, guide.url + "checklist/").content.decode()
    assert "一次性告知单" in html
    assert html.count('type="checkbox"') == 2
    for text in ["户口簿", "原件和复印件", "申请人自备", "村委会出具", "持有本地户籍", "周一至周五", "0000-1234567", "不收费"]:
        assert text in html, text


def test_handout_pdf_holds_the_guide(client, guide):
    response = get(client, guide.url + "handout/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ["最低生活保障申请", "MZ-001", "家庭收入证明", "入户调查", "不收费", "《社会救助暂行办法》", "/s/MZ-001/"]:
        assert expected in text, expected
    assert "第 1 页" in text


def test_permalink_redirects_to_guide(client, guide):
    response = client.get("/s/MZ-001/")
    assert response.status_code == 302 and response["Location"] == guide.url


@pytest.mark.parametrize("typed", ["mz-001", "MZ001", "ｍｚ－００１"])
def test_permalink_forgives_case_hyphens_and_full_width(client, guide, typed):
    response = client.get(f"/s/{typed}/")
    assert response.status_code == 302 and response["Location"] == guide.url


def test_permalink_unknown_or_unpublished_is_404(client, guide):
    assert client.get("/s/NOPE-1/").status_code == 404
    guide.unpublish()
    assert client.get("/s/MZ-001/").status_code == 404


def test_basis_links_to_regulation_article_and_regulation_lists_guide(client, guide):
    regulation = make_regulation()
    html = get(client, guide.url).content.decode()
    assert f'href="{regulation.url}#art-第十一条"' in html
    reg_html = get(client, regulation.url).content.decode()
    assert 'id="art-第十一条"' in reg_html
    assert guide.title in reg_html and guide.url in reg_html


def test_basis_matches_by_doc_number_when_titles_differ(client, guide):
    regulation = make_regulation(title="社会救助暂行办法（2014年）")
    assert f'href="{regulation.url}' in get(client, guide.url).content.decode()
    assert list(regulation.citing_guides()) == [guide]


def test_unrelated_regulation_lists_no_guides(guide):
    other = make_regulation(title="中华人民共和国森林法", doc_number="主席令第三十九号")
    assert list(other.citing_guides()) == []


def test_query_count_does_not_grow_with_materials(client, import_guides, full_item, django_assert_max_num_queries):
    import_guides(full_item)
    url = ServiceGuidePage.objects.get().url
    client.get(url)  # warm caches (site root paths)
    cache.clear()  # compare uncached renders: the published content is cached per version
    with django_assert_max_num_queries(40) as small:
        get(client, url)
    full_item["materials"] = [{"name": f"材料{i}", "form": "原件", "copies": 1} for i in range(60)]
    full_item["steps"] = [{"name": f"环节{i}", "days": 1} for i in range(15)]
    full_item["legal_days"] = 30
    full_item["promised_days"] = 15
    full_item["basis"] = [{"title": f"《法规{i}》"} for i in range(10)]
    import_guides(full_item)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        get(client, url)
    with django_assert_max_num_queries(len(small.captured_queries) - 5):
        get(client, url)  # the lists now come from the cache


def test_indexes(client, guide, import_guides):
    import_guides({"code": "ZH-900", "name": "人民调解申请", "window": "综合窗口", "themes": ["法律服务"]})
    home = get(client, "/").content.decode()
    assert "民政窗口" in home and "综合窗口" in home and "社会救助" in home and 'name="q"' in home
    az = get(client, "/banshi/").content.decode()
    assert 'id="letter-R"' in az and 'id="letter-Z"' in az
    assert az.index("人民调解申请") < az.index("最低生活保障申请")
    window_html = get(client, guide.get_parent().url).content.decode()
    assert "最低生活保障申请" in window_html and "人民调解申请" not in window_html
    from guides.models import Theme

    theme_html = get(client, f"/banshi/theme/{Theme.objects.get(name='法律服务').slug}/").content.decode()
    assert "人民调解申请" in theme_html and "最低生活保障申请" not in theme_html
    get(client, "/banshi/theme/no-such-theme/", status=404)


def test_large_text_is_remembered(client, guide):
    assert 'class="large-text"' not in get(client, guide.url).content.decode()
    response = client.post("/text-size/", {"size": "large", "next": guide.url})
    assert response.status_code == 302 and response["Location"] == guide.url
    assert 'class="large-text"' in get(client, guide.url).content.decode()
    client.post("/text-size/", {"size": "normal", "next": "/"})
    assert 'class="large-text"' not in get(client, "/").content.decode()


def test_text_size_refuses_offsite_redirect(client):
    response = client.post("/text-size/", {"size": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_text_size_needs_csrf(guide):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/text-size/", {"size": "large"}).status_code == 403


def test_guide_handled_online_elsewhere_shows_where(client, guide):
    guide.online, guide.online_url = True, "https://zwfw.example.gov.cn/item/123"
    guide.save_revision().publish()
    html = get(client, guide.url).content.decode()
    assert "前往网上办理" in html and 'href="https://zwfw.example.gov.cn/item/123"' in html
