"""Data: each form's typed 事项编码 (guide_code) becomes its guide, in the page
and in every stored revision (so publishing a revision saved before the
upgrade keeps the guide). A code that names no guide leaves the form without
one; after migrate, forms.folders.upgrade files it under 未对应事项的申请表."""

from django.db import migrations


def codes_to_guides(apps, schema_editor):
    ApplicationFormPage = apps.get_model("forms", "ApplicationFormPage")
    ServiceGuidePage = apps.get_model("guides", "ServiceGuidePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    guides = dict(ServiceGuidePage.objects.values_list("code", "pk"))
    content_type = ContentType.objects.filter(app_label="forms", model="applicationformpage").first()
    for page in ApplicationFormPage.objects.all():
        guide_id = guides.get((page.guide_code or "").strip())
        page.guide_id = guide_id
        page.save(update_fields=["guide"])
        if content_type is None:
            continue
        for revision in Revision.objects.filter(content_type=content_type, object_id=str(page.pk)):
            content = dict(revision.content)
            content["guide"] = guides.get((content.pop("guide_code", "") or "").strip(), guide_id)
            revision.content = content
            revision.save(update_fields=["content"])


def guides_to_codes(apps, schema_editor):
    ApplicationFormPage = apps.get_model("forms", "ApplicationFormPage")
    for page in ApplicationFormPage.objects.select_related("guide"):
        page.guide_code = page.guide.code if page.guide_id else ""
        page.save(update_fields=["guide_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0010_form_guide_and_folders"),
        ("guides", "0006_guide_online_url"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(codes_to_guides, guides_to_codes)]
