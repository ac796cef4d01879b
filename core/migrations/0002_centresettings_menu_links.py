import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='centresettings',
            name='menu_links',
            field=wagtail.fields.StreamField([('link', 2)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'label': '页面'}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': '留空时用页面标题', 'label': '显示文字', 'max_length': 20, 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('page', 0), ('label', 1)]], {})}, help_text='按顺序选择页头菜单中的页面（可选其他站点的页面，例如县级的法规政策）。留空时显示首页下勾选了“在菜单中显示”的页面。', verbose_name='页头菜单'),
        ),
    ]
