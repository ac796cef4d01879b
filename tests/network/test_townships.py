"""County and townships on one install: shared guides with local details, and
township staff kept to their own township."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from pypdf import PdfReader
from wagtail.models import Site

from guides.importing import import_items
from guides.models import ServiceGuidePage
from network.demo import load_townships, load_villages
from network.models import LocalGuideDetails, TownshipHomePage, Village
from network.township import local_view
from tests.support import FULL_ITEM, raw

pytestmark = pytest.mark.django_db

DONGSHAN = "dongshan.localhost"
XIHE = "xihe.localhost"


@pytest.fixture(scope="module")
def county_data(django_db_setup, django_db_blocker):
    """Two guides, the demo townships and villages: built once for the module,
    rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_items(raw(FULL_ITEM, {"code": "MZ-002", "name": "特困人员救助供养申请", "window": "民政窗口", "proxy": True}))
        load_townships()
        load_villages()
        yield ServiceGuidePage.objects.get(code="MZ-001").pk
        transaction.set_rollback(True)
    cache.clear()  # Wagtail's cached site root paths name the townships' sites


@pytest.fixture
def county(county_data, db, settings):
    """The county's MZ-001, served on every township."""
    settings.PUBLIC_BASE_URL = "http://testserver"
    return ServiceGuidePage.objects.get(pk=county_data)


def get(client, host, url, **params):
    return client.get(url, params, HTTP_HOST=host)


def test_guide_is_served_on_each_township_with_its_local_details(client, county):
    dongshan = get(client, DONGSHAN, "/banshi/MZ-001/").content.decode()
    xihe = get(client, XIHE, "/banshi/MZ-001/").content.decode()
    assert county.title in dongshan and county.title in xihe
    assert "东山镇便民服务中心 1 号窗口（民政）" in dongshan and "0000-6610011" in dongshan
    assert "西河镇便民服务中心 3 号窗口（社会事务）" in xihe and "0000-6620013" in xihe
    assert "西河镇周六上午也受理低保申请" in xihe and "西河镇周六上午" not in dongshan
    assert '<a class="site-name" href="/">东山镇便民服务中心</a>' in dongshan
    # The county's own place is not shown on a township.
    assert county.location not in xihe


def test_county_edit_reaches_every_township(client, county):
    county.summary = "县里刚刚更新的概述：申请低保可以在村里代办。"
    county.save_revision().publish()
    for host, phone in ((DONGSHAN, "0000-6610011"), (XIHE, "0000-6620013")):
        html = get(client, host, "/banshi/MZ-001/").content.decode()
        assert "县里刚刚更新的概述" in html and phone in html


def test_missing_local_details_fall_back_to_township_settings(client, county):
    html = get(client, DONGSHAN, "/banshi/MZ-002/").content.decode()
    assert "东山镇府前路 18 号中心一楼 1 号窗口" in html
    LocalGuideDetails.objects.filter(guide__code="MZ-002").delete()
    view = local_view(ServiceGuidePage.objects.get(code="MZ-002"), Site.objects.get(hostname=XIHE))
    assert view.location == "西河镇河滨大道 6 号" and view.phone == "0000-6620001"
    assert view.window == "西河镇便民服务中心民政窗口"


def test_township_handout_and_permalink(client, county):
    response = get(client, XIHE, "/banshi/MZ-001/handout/")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "西河镇便民服务中心" in text and "0000-6620013" in text and "河滨大道" in text
    assert get(client, XIHE, "/s/MZ-001/")["Location"].endswith("/banshi/MZ-001/")
    assert get(client, "testserver", "/s/MZ-001/")["Location"].endswith(county.url_path.split("/", 2)[2])
    assert get(client, XIHE, "/banshi/NOPE-1/").status_code == 404


def test_village_picker_on_a_township_lists_its_own_villages(client, county):
    html = get(client, XIHE, "/banshi/MZ-001/", village="hekou").content.decode()
    assert "河口村的代办点" in html and "刘志明" in html
    assert "东山村" not in html
    listing = get(client, DONGSHAN, "/daiban/").content.decode()
    assert "陈玉兰" in listing and "王淑芬" not in listing
    assert 'href="/banshi/MZ-001/?village=dongshancun#daiban"' in listing


@pytest.fixture
def staff(county):
    User = get_user_model()
    return User.objects.get(username="dongshan"), User.objects.get(username="xihe")


def test_township_staff_cannot_edit_another_townships_pages(client, staff):
    dongshan_user, _ = staff
    client.force_login(dongshan_user)
    own = Site.objects.get(hostname=DONGSHAN).root_page
    other = Site.objects.get(hostname=XIHE).root_page
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 403
    assert client.post(f"/admin/pages/{other.pk}/edit/", {"title": "被篡改"}).status_code == 403
    for child in other.get_children():
        assert client.get(f"/admin/pages/{child.pk}/edit/").status_code == 403
    county_guide = ServiceGuidePage.objects.get(code="MZ-001")
    assert client.get(f"/admin/pages/{county_guide.pk}/edit/").status_code == 403
    assert TownshipHomePage.objects.get(pk=other.pk).title == "西河镇便民服务中心"


def test_township_staff_cannot_edit_another_townships_local_details(client, staff):
    dongshan_user, _ = staff
    client.force_login(dongshan_user)
    own = LocalGuideDetails.objects.get(township__hostname=DONGSHAN, guide__code="MZ-001")
    other = LocalGuideDetails.objects.get(township__hostname=XIHE, guide__code="MZ-001")
    assert client.get(f"/admin/snippets/network/localguidedetails/edit/{own.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/network/localguidedetails/edit/{other.pk}/").status_code == 403
    response = client.post(f"/admin/snippets/network/localguidedetails/edit/{other.pk}/", {"phone": "1"})
    assert response.status_code == 403
    assert client.post(f"/admin/snippets/network/localguidedetails/delete/{other.pk}/").status_code == 403
    listing = client.get("/admin/snippets/network/localguidedetails/").content.decode()
    assert "0000-6610011" in listing and "0000-6620013" not in listing
    other_village = Village.objects.filter(township__hostname=XIHE).first()
    assert client.get(f"/admin/snippets/network/village/edit/{other_village.pk}/").status_code == 403
    other.refresh_from_db()
    assert other.phone == "0000-6620013"


def test_township_staff_cannot_create_local_details_for_another_township(client, staff):
    dongshan_user, _ = staff
    client.force_login(dongshan_user)
    guide = ServiceGuidePage.objects.get(code="MZ-002")
    LocalGuideDetails.objects.filter(guide=guide).delete()
    xihe = Site.objects.get(hostname=XIHE)
    client.post("/admin/snippets/network/localguidedetails/add/",
                {"township": xihe.pk, "guide": guide.pk, "window": "冒充", "location": "", "hours": "", "phone": "", "local_notes": ""})
    assert not LocalGuideDetails.objects.filter(township=xihe, guide=guide).exists()


def test_feedback_on_a_township_is_recorded_for_that_township(client, county):
    from guides.models import GuideFeedback

    response = client.post("/banshi/MZ-001/feedback/", {"helpful": "yes", "comment": "很清楚"}, HTTP_HOST=XIHE)
    assert response["Location"] == "/banshi/MZ-001/?feedback=thanks#feedback"
    entry = GuideFeedback.objects.get()
    assert entry.guide == county and entry.site.hostname == XIHE
