"""Each app offers what it keeps about a person in its privacy.py (portal/privacy.py);
the account settings and the admin delete accounts the same way."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry

from metrics.models import FollowChange
from officers.follows import follow
from officers.models import Follow
from portal import discovery, privacy
from posts.models import Comment, Like


@pytest.fixture(autouse=True)
def fresh_registry():
    privacy.privacy_modules.cache_clear()
    yield
    privacy.privacy_modules.cache_clear()


def test_every_app_that_keeps_personal_data_is_found_in_the_order_of_the_apps():
    assert [m.__name__ for m in privacy.privacy_modules()] == [
        "officers.privacy", "posts.privacy", "inbox.privacy", "accessibility.privacy"]


def test_an_app_whose_privacy_module_fails_to_import_fails_the_export(citizen, monkeypatch):
    real = discovery.import_module

    def broken(path):
        if path == "inbox.privacy":
            raise ImportError("broken on purpose")
        return real(path)

    monkeypatch.setattr(discovery, "import_module", broken)
    with pytest.raises(ImportError, match="broken on purpose"):
        privacy.export_data(citizen)


def test_deleting_an_account_in_the_admin_removes_what_self_service_removes(
        admin_client, admin_user, citizen, officer, post):
    follow(citizen, officer)
    Like.add(citizen, post)
    Comment.write(post=post, author=citizen, body="Danke!")
    response = admin_client.post(f"/admin/portal/user/{citizen.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    officer.refresh_from_db()
    post.refresh_from_db()
    assert (officer.follower_count, post.like_count, post.comment_count) == (0, 0, 0)
    assert not Follow.objects.exists() and not Comment.objects.exists()
    assert FollowChange.objects.get().lost == 1  # counted once, not once per cascade
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.object_repr == f"#{citizen.pk}"  # the record names no one
    assert entry.user == admin_user


def test_deleting_several_accounts_from_the_list_removes_what_each_one_kept(
        admin_client, citizen, other_citizen, officer):
    follow(citizen, officer)
    follow(other_citizen, officer)
    response = admin_client.post("/admin/portal/user/", {
        "action": "delete_selected", "_selected_action": [citizen.pk, other_citizen.pk],
        "post": "yes",
    })
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.follower_count == 0
    assert set(LogEntry.objects.filter(action_flag=DELETION).values_list(
        "object_repr", flat=True)) == {f"#{citizen.pk}", f"#{other_citizen.pk}"}
