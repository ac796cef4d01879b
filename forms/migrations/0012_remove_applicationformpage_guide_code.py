from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("forms", "0011_form_guide_from_code")]

    operations = [migrations.RemoveField(model_name="applicationformpage", name="guide_code")]
