from django.db import migrations


def fill_editions(apps, schema_editor):
    """Record an Edition for every year whose subjects are loaded: partial, as the shipped lists are."""
    Edition = apps.get_model("accounts", "Edition")
    FunctionalSubject = apps.get_model("accounts", "FunctionalSubject")
    EconomicSubject = apps.get_model("accounts", "EconomicSubject")
    years = set(FunctionalSubject.objects.values_list("edition", flat=True).distinct())
    years |= set(EconomicSubject.objects.values_list("edition", flat=True).distinct())
    for year in sorted(years):
        Edition.objects.get_or_create(year=year, defaults={"partial": True, "source": "项目自带"})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0017_subject_editions_and_pending"),
    ]

    operations = [
        migrations.RunPython(fill_editions, migrations.RunPython.noop),
    ]
