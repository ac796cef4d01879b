"""Villages and 代办点: the listing page and the village picker on a 可村级代办 guide."""

import pytest
from django.db import transaction
from wagtail.models import Page, Site

from guides.importing import import_items
from guides.models import ServiceGuidePage
from guides.site_setup import ensure_structure
from network.agency import other_villages_for, points_for
from network.demo import ensure_village_index
from network.models import AgencyPoint, Village
from tests.support import FULL_ITEM, raw

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def villages_data(django_db_setup, django_db_blocker):
    """Three guides, three villages and two 代办点, built once for the module
    (rolled back after it); their keys."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_items(raw(FULL_ITEM, {"code": "MZ-009", "name": "高龄津贴申请", "window": "民政窗口", "proxy": True},
                         {"code": "NY-001", "name": "林木采伐许可证核发", "window": "农业综合服务窗口", "proxy": False}))  # fmt: skip
        guide = ServiceGuidePage.objects.get(code="MZ-001")
        site = Site.objects.get(is_default_site=True)
        index = ensure_village_index(ensure_structure().home)
        qingshi = Village.objects.create(township=site, name="青石村", slug="qingshi", sort_order=1)
        liuwan = Village.objects.create(township=site, name="柳湾村", slug="liuwan", sort_order=2)
        shanbei = Village.objects.create(township=site, name="山背村", slug="shanbei", sort_order=3)
        p1 = AgencyPoint.objects.create(village=qingshi, agent_name="张桂芳", phone="13800000101", place="青石村村委会", hours="工作日上午")
        p1.items.set([guide, ServiceGuidePage.objects.get(code="MZ-009")])
        p2 = AgencyPoint.objects.create(village=liuwan, agent_name="李春生", phone="13800000102", place="柳湾村党群服务中心")
        p2.items.set([ServiceGuidePage.objects.get(code="MZ-009")])
        yield guide.pk, index.pk, [qingshi.pk, liuwan.pk, shanbei.pk]
        transaction.set_rollback(True)


@pytest.fixture
def villages(villages_data, db):
    """The village index page and the villages 青石村 (a point for MZ-001),
    柳湾村 (a point for MZ-009 only) and 山背村 (no point)."""
    _, index, village_keys = villages_data
    villages = Village.objects.in_bulk(village_keys)
    return (Page.objects.get(pk=index).specific, *(villages[pk] for pk in village_keys))


@pytest.fixture
def guide(villages_data):
    """MZ-001 (可村级代办), as imported for the module."""
    return ServiceGuidePage.objects.get(pk=villages_data[0])


def test_listing_for_a_village(client, villages):
    index, qingshi, liuwan, shanbei = villages
    html = client.get(index.url).content.decode()
    assert 'id="village-qingshi"' in html and 'id="village-liuwan"' in html
    assert "张桂芳" in html and 'href="tel:13800000101"' in html and "青石村村委会" in html
    assert "可代办事项（2）" in html and "最低生活保障申请" in html
    assert "本村暂未设代办点" in html  # 山背村


def test_points_for_guide_and_village(villages, guide):
    _, qingshi, liuwan, shanbei = villages
    assert [p.agent_name for p in points_for(guide, qingshi)] == ["张桂芳"]
    assert points_for(guide, liuwan) == []
    assert [p.village.name for p in other_villages_for(guide, liuwan)] == ["青石村"]


def test_picker_on_proxy_guide_works_without_js(client, villages, guide):
    html = client.get(guide.url).content.decode()
    assert '<label for="village-select">选择您所在的村</label>' in html
    assert '<option value="qingshi">青石村</option>' in html
    html = client.get(guide.url, {"village": "qingshi"}).content.decode()
    assert '<option value="qingshi" selected>' in html
    assert "青石村的代办点" in html and "张桂芳" in html
    html = client.get(guide.url, {"village": "liuwan"}).content.decode()
    assert "柳湾村的代办点暂不代办本事项" in html and "张桂芳" in html and "李春生" not in html
    html = client.get(guide.url, {"village": "<script>"}).content.decode()
    assert "没有找到这个村" in html and "<script>" not in html


def test_no_picker_on_guides_without_proxy(client, villages):
    html = client.get(ServiceGuidePage.objects.get(code="NY-001").url).content.decode()
    assert "选择您所在的村" not in html
