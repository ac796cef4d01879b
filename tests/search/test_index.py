"""The index follows the pages: publish, unpublish, move, delete, import,
rebuild; and the shipped synonyms work on a fresh database."""

from io import StringIO

import pytest
from django.core.management import call_command

from guides.models import RegulationIndexPage, RegulationPage, ServiceGuidePage, WindowIndexPage
from search import engine
from search.models import SearchDocument, SearchTerm

pytestmark = pytest.mark.django_db


def codes(query):
    return [hit.code for hit in engine.search(query).hits]


def test_imported_guide_is_searchable(guide):
    assert codes("低保") == ["MZ-001"]
    document = SearchDocument.objects.get(pk=guide.pk)
    assert (document.kind, document.code, document.url) == ("guide", "MZ-001", guide.url)
    assert document.window == guide.window and document.online is True


def test_shipped_synonyms_work_without_demo_data(import_guides, full_item):
    """No keywords, no staff entries: 再就业优惠证 and 吃低保 come from search/synonyms.txt."""
    import_guides({**full_item, "keywords": [], "summary": "按月发放。", "faqs": []})
    import_guides({**full_item, "code": "LD-002", "name": "就业创业证申领", "window": "劳动保障窗口", "keywords": []})
    assert codes("吃低保")[0] == "MZ-001"
    assert codes("再就业优惠证")[0] == "LD-002"


def test_reimport_updates_the_index(guide, import_guides, full_item):
    assert codes("爱心卡") == []
    report = import_guides({**full_item, "keywords": ["低保", "爱心卡"]})
    assert report.updated == ["MZ-001"]
    assert codes("爱心卡") == ["MZ-001"]


def test_draft_changes_wait_for_publishing(guide):
    guide.title = "城乡低保申请"
    guide.save_revision()
    assert engine.search("城乡低保申请").hits[0].title == "最低生活保障申请"
    guide.get_latest_revision().publish()
    assert engine.search("城乡低保申请").hits[0].title == "城乡低保申请"


def test_unpublish_removes_and_republish_restores(guide):
    guide.unpublish()
    assert codes("低保") == [] and not SearchDocument.objects.filter(pk=guide.pk).exists()
    guide.save_revision().publish()
    assert codes("低保") == ["MZ-001"]


def test_unpublishing_a_window_page_in_the_admin_takes_its_guides_out(guide, admin_client):
    window_page = guide.get_parent()
    response = admin_client.post(f"/admin/pages/{window_page.pk}/unpublish/", {"include_descendants": "on"})
    assert response.status_code == 302
    assert codes("低保") == []


def test_delete_removes_document_and_terms(guide):
    assert SearchTerm.objects.filter(document_id=guide.pk).exists()
    guide.delete()
    assert codes("低保") == []
    assert not SearchDocument.objects.exists() and not SearchTerm.objects.exists()


def test_move_updates_url_and_window(import_guides, full_item, guide):
    import_guides({**full_item, "code": "NY-001", "name": "林木采伐许可证核发", "window": "农业综合服务窗口", "keywords": []})
    target = WindowIndexPage.objects.get(window__name="农业综合服务窗口")
    guide.move(target, pos="last-child")
    guide.refresh_from_db()
    hit = engine.search("低保").hits[0]
    assert hit.url == guide.url and hit.url.startswith(target.url)
    assert hit.window == "农业综合服务窗口"


def test_regulations_are_indexed_with_their_articles(db):
    from guides.site_setup import ensure_structure

    parent = ensure_structure().regulation_index
    body = [{"type": "article", "value": {"number": "第九条", "text": "国家对共同生活的家庭给予最低生活保障。"}}]
    page = parent.add_child(instance=RegulationPage(title="社会救助暂行办法", slug="shjz", doc_number="国务院令第649号", body=body))
    page.save_revision().publish()
    hit = engine.search("共同生活的家庭").hits[0]
    assert (hit.kind, hit.code, hit.title) == ("regulation", "国务院令第649号", "社会救助暂行办法")
    assert "第九条" in hit.snippet


def test_unregistered_pages_are_not_indexed(db):
    from guides.site_setup import ensure_structure

    structure = ensure_structure()
    engine.index_pages([structure.home, structure.guide_index])
    assert not SearchDocument.objects.exists()


def test_rebuild_command(guide):
    SearchDocument.objects.all().delete()
    assert codes("低保") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "办事指南 1 项" in out.getvalue()
    assert codes("低保") == ["MZ-001"]


def test_only_live_pages_are_indexed_on_rebuild(guide):
    guide.unpublish()
    engine.rebuild()
    assert not SearchDocument.objects.filter(pk=guide.pk).exists()
    assert RegulationIndexPage.objects.exists() and ServiceGuidePage.objects.filter(live=False).count() == 1
