"""The user admin: superusers manage accounts, the press office mutes and unmutes."""

from portal.models import User


def test_a_superuser_adds_and_edits_users(admin_client, citizen):
    assert admin_client.get("/admin/portal/user/add/").status_code == 200
    response = admin_client.post("/admin/portal/user/add/", {
        "email": "neu@polizei.example", "password1": "ein gutes Passwort 42",
        "password2": "ein gutes Passwort 42", "usable_password": "true",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="neu@polizei.example").exists()
    assert admin_client.get(f"/admin/portal/user/{citizen.pk}/change/").status_code == 200


def test_the_list_filters_muted_users(admin_client, citizen, other_citizen):
    citizen.mute("Test")
    html = admin_client.get("/admin/portal/user/?muted=yes").content.decode()
    assert citizen.email in html
    assert other_citizen.email not in html


def test_muting_is_recorded_in_the_admin_history(client, press_officer, citizen):
    from django.contrib.admin.models import LogEntry

    client.force_login(press_officer)
    client.post("/admin/portal/user/", {"action": "mute", "_selected_action": [citizen.pk]})
    citizen.refresh_from_db()
    assert citizen.is_muted
    assert LogEntry.objects.filter(object_id=str(citizen.pk), user=press_officer).exists()
