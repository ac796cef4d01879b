from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from wagtail.models import Site

from casedesk.demo import load_casedesk
from core.roles import MANAGER_GROUP
from forms.demo import load_forms, load_proxy_permissions
from forms.importing import FormImportFailed
from guides.demo import load_demo, load_review_scenario
from guides.importing import ImportFailed
from guides.models import ServiceGuidePage
from guides.permissions import setup_moderation
from guides.site_setup import ensure_structure
from network.demo import align_sites, load_townships, load_villages
from notices.demo import load_notices
from pages.demo import load_content_pages


class Command(BaseCommand):
    help = "加载演示数据：页面结构、窗口、主题、法规、办事指南、申请表、通知公告、工作人员账号和审核流程。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true",
            help="已有办事指南时不再加载，只把各站点的地址对准 BASE_URL（make run 用）",
        )

    def handle(self, **options):
        admin_url = settings.PUBLIC_BASE_URL + reverse("wagtailadmin_home")
        if options["if_empty"] and ServiceGuidePage.objects.exists():
            align_sites()
            self.stdout.write("演示数据已存在，未重新加载（要重新加载并重置演示密码：manage.py load_demo）。")
            self.stdout.write(f"后台 {admin_url}  演示账号见 README（用户名-demo 为密码，例如 manager / manager-demo）")
            return
        try:
            report, logins = load_demo()
            forms = load_forms()
        except (ImportFailed, FormImportFailed) as failure:
            raise CommandError("演示数据导入失败：\n" + "\n".join(str(e) for e in failure.errors)) from failure
        logins += load_proxy_permissions()
        structure = ensure_structure()
        notice_index = load_notices()
        load_content_pages(structure.home)
        logins += load_townships()
        for site in Site.objects.filter(is_default_site=False).select_related("root_page"):
            load_content_pages(site.root_page)
        load_villages()
        setup_moderation(structure.home, Group.objects.get(name=MANAGER_GROUP), [structure.regulation_index, notice_index])
        load_review_scenario(structure.regulation_index, author=get_user_model().objects.get(username="minzheng"))
        cases = load_casedesk()
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪：{report.summary()}；申请表 {len(forms)} 份"))
        self.stdout.write(f"办件：新增演示办件 {cases} 件（已有时不再添加），上季度办结公告已发布")
        self.stdout.write(f"后台 {admin_url} 登录账号（仅供演示）：")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} 密码 {login.password:<16} {login.role}")
