from django.core.management.base import BaseCommand, CommandError

from forms.demo import load_forms, load_proxy_permissions
from forms.importing import FormImportFailed
from guides.demo import load_demo
from guides.importing import ImportFailed


class Command(BaseCommand):
    help = "加载演示数据：页面结构、窗口、主题、法规、办事指南、申请表、工作人员账号。可重复运行。"

    def handle(self, **options):
        try:
            report, logins = load_demo()
            forms = load_forms()
        except (ImportFailed, FormImportFailed) as failure:
            raise CommandError("演示数据导入失败：\n" + "\n".join(str(e) for e in failure.errors)) from failure
        logins += load_proxy_permissions()
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪：{report.summary()}；申请表 {len(forms)} 份"))
        self.stdout.write("后台 http://127.0.0.1:8000/admin/ 登录账号（仅供演示）：")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} 密码 {login.password:<16} {login.role}")
