"""Demo notices: the 通知公告 list with a notice and a policy interpretation."""

from datetime import date

from guides.site_setup import ensure_structure

from .models import NoticeIndexPage, NoticePage

DEMO_NOTICES = [
    {
        "title": "关于便民服务中心元旦假期办公安排的通知",
        "kind": NoticePage.Kind.NOTICE,
        "date": date(2026, 12, 25),
        "summary": "元旦假期期间窗口暂停办理，急办事项请拨打值班电话。",
        "body": "<p>元旦假期期间，便民服务中心各窗口暂停对外办理业务，节后第一个工作日恢复正常办公。</p><p>假期内如有急办事项，请拨打中心值班电话 0000-1234500。</p>",
    },
    {
        "title": "最低生活保障政策解读：哪些家庭可以申请",
        "kind": NoticePage.Kind.INTERPRETATION,
        "date": date(2026, 10, 10),
        "summary": "用问答的方式说明低保的申请条件、家庭收入怎么算、多久能办好。",
        "body": "<h2>谁可以申请？</h2><p>持有本地户籍、共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定的家庭。</p><h2>要多久？</h2><p>材料齐全的，乡镇人民政府一般在 30 个工作日内完成审核确认。</p>",
    },
]


def load_notices():
    home = ensure_structure().home
    index = NoticeIndexPage.objects.child_of(home).first() or home.add_child(
        instance=NoticeIndexPage(title="通知公告", slug="tongzhi", show_in_menus=True, intro="中心的通知公告和政策解读。")
    )
    existing = set(NoticePage.objects.child_of(index).values_list("title", flat=True))
    for entry in DEMO_NOTICES:
        if entry["title"] in existing:
            continue
        page = index.add_child(instance=NoticePage(**entry))
        page.save_revision(log_action=True).publish()
    return index
