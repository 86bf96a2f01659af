from django.contrib.auth.models import Group

from portal.roles import GROUP_PERMISSIONS


def permission_labels(group):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_migration_gives_each_role_exactly_its_permissions(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_PERMISSIONS)
    for name, expected in GROUP_PERMISSIONS.items():
        assert permission_labels(Group.objects.get(name=name)) == expected, name


def test_officers_get_no_admin_permission(db):
    assert permission_labels(Group.objects.get(name="Officers")) == set()
