# This migration added the pilot figures' foreign keys and constraints while the figures
# were models of the portal app; they are the metrics app's now (metrics 0001). Kept,
# empty, so that databases that applied it keep a consistent history.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
    ]

    operations = []
