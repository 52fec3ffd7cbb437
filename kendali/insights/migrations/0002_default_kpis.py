from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from kendali.insights.defaults import install_defaults

    install_defaults(apps.get_model("insights", "Kpi"))


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_kpis_and_rollups")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
