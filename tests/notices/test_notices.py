"""Notices (通知公告): the list and its Atom feed, newest first, and notices in search."""

import datetime

import pytest

from notices.demo import load_notices
from notices.models import NoticePage

pytestmark = pytest.mark.django_db


def test_notices_feed_lists_newest_first(client):
    index = load_notices()
    older = index.add_child(instance=NoticePage(title="较早的通知", date=datetime.date(2020, 1, 1), body="<p>旧</p>"))
    older.save_revision().publish()
    html = client.get(index.url).content.decode()
    assert html.index("关于便民服务中心元旦假期办公安排的通知") < html.index("较早的通知")
    feed = client.get(index.url + "feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    titles = [t for t in ["元旦假期", "最低生活保障政策解读", "较早的通知"]]
    positions = [body.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "【政策解读】" in body
    interpretations = client.get(index.url + "?kind=interpretation").content.decode()
    assert "最低生活保障政策解读" in interpretations and "元旦假期" not in interpretations


def test_notices_are_searchable(client):
    index = load_notices()
    data = client.get("/search/api/", {"q": "元旦假期"}).json()
    assert any(r["kind"] == "notice" and "元旦假期" in r["title"] for r in data["results"])
    notice = NoticePage.objects.child_of(index).get(title__contains="元旦")
    notice.unpublish()
    data = client.get("/search/api/", {"q": "元旦假期"}).json()
    assert not any(r["kind"] == "notice" for r in data["results"])
