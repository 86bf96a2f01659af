"""Who may do what: the two staff roles as groups, with exactly these permissions, and
the questions every app asks about a person's role.

Officers work in the studio and need no admin permission; the press office works
in the admin. Applied after every `migrate` (and after the test database is flushed),
so the groups always match this file exactly.

The group names appear here only. Views check permissions (`user.has_perm`), or ask
this module; "the officer of this channel" is `Officer.is_run_by` (officers/models.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

OFFICERS = "Officers"
PRESS_OFFICE = "Press office"

GROUP_PERMISSIONS = {
    OFFICERS: set(),
    PRESS_OFFICE: {
        "officers.view_station",
        "officers.add_station",
        "officers.change_station",
        "officers.view_officer",
        "officers.change_officer",
        "officers.view_follow",
        "posts.view_post",
        "posts.change_post",
        "posts.view_mediaitem",
        "posts.change_mediaitem",
        # The review: decide on posts, read their history, keep the checklist.
        "posts.review_post",
        "posts.view_postevent",
        "posts.view_checklistitem",
        "posts.add_checklistitem",
        "posts.change_checklistitem",
        "posts.delete_checklistitem",
        # The inbox: oversee conversations and assign them, read the access
        # log, keep canned replies, trigger words and duty hours, decide on public Q&As.
        "inbox.view_conversation",
        "inbox.change_conversation",
        "inbox.view_message",
        "inbox.view_accesslog",
        "inbox.view_cannedreply",
        "inbox.add_cannedreply",
        "inbox.change_cannedreply",
        "inbox.delete_cannedreply",
        "inbox.view_triggerword",
        "inbox.add_triggerword",
        "inbox.change_triggerword",
        "inbox.delete_triggerword",
        "inbox.view_dutyhours",
        "inbox.add_dutyhours",
        "inbox.change_dutyhours",
        "inbox.delete_dutyhours",
        "inbox.view_publicqa",
        "inbox.change_publicqa",
        # Pilot figures: the admin page and its CSV export.
        "metrics.view_pilot_figures",
        # Citizens take part: moderate comments, keep the blocked words,
        # mute and unmute accounts (portal.mute_user; the rest of a user stays read-only).
        "posts.view_comment",
        "posts.change_comment",
        "posts.view_commentreport",
        # Readers' problem reports on posts: claim and resolve them; corrections of
        # published posts (proposed by officers, decided by the press office).
        "posts.view_problemreport",
        "posts.change_problemreport",
        "posts.view_correction",
        "posts.change_correction",
        "posts.view_blockedword",
        "posts.add_blockedword",
        "posts.change_blockedword",
        "posts.delete_blockedword",
        "portal.view_user",
        "portal.mute_user",
        # The Fediverse: block servers and accounts, watch followers and deliveries.
        "federation.view_blockeddomain",
        "federation.add_blockeddomain",
        "federation.change_blockeddomain",
        "federation.delete_blockeddomain",
        "federation.view_blockedaccount",
        "federation.add_blockedaccount",
        "federation.change_blockedaccount",
        "federation.delete_blockedaccount",
        "federation.view_remoteactor",
        "federation.view_remotefollower",
        "federation.view_outgoingactivity",
        "federation.view_delivery",
        "federation.change_delivery",
        "federation.view_inbox",
        "federation.change_inbox",
        "federation.view_remotereport",
        "federation.change_remotereport",
        # Accessibility: pages in Leichte Sprache and videos in sign language, and the
        # feedback on barriers (answer it, delete what is not feedback at all).
        "accessibility.view_easylanguagepage",
        "accessibility.add_easylanguagepage",
        "accessibility.change_easylanguagepage",
        "accessibility.delete_easylanguagepage",
        "accessibility.view_signlanguagevideo",
        "accessibility.add_signlanguagevideo",
        "accessibility.change_signlanguagevideo",
        "accessibility.delete_signlanguagevideo",
        "accessibility.view_feedback",
        "accessibility.change_feedback",
        "accessibility.delete_feedback",
    },
}


def sync_groups(sender=None, using="default", **kwargs):
    """Creates both groups and sets their permissions to exactly GROUP_PERMISSIONS.

    Connected to post_migrate, which is sent once per app after that app's permissions
    exist; a role is set once all of its permissions exist (a misspelt one never does,
    which the roles test reports)."""
    for name, labels in GROUP_PERMISSIONS.items():
        wanted = {tuple(label.split(".")) for label in labels}
        found = [
            p for p in Permission.objects.using(using).select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        if len(found) == len(wanted):
            group, _ = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(found)


def _in_group(user, name):
    return any(g.name == name for g in user.groups.all())


def is_press_office(user):
    """Speaks and acts for the press office: a member of its group, or a superuser."""
    return bool(
        user is not None and user.is_authenticated and user.is_active
        and (user.is_superuser or _in_group(user, PRESS_OFFICE))
    )


def is_officer_account(user):
    """An account of the officers group: the press office may give it a channel."""
    return bool(user.is_active and _in_group(user, OFFICERS))


def officer_accounts():
    """The active accounts of the officers group."""
    return get_user_model().objects.filter(is_active=True, groups__name=OFFICERS)


# Callables user -> bool from the apps whose roles carry staff power without a group
# (officers: whoever runs an active channel, registered in OfficersConfig.ready).
STAFF_ROLES = []


def must_have_second_factor(user):
    """Officers, the press office, anyone with admin access, and whoever an app's role
    gives staff power (STAFF_ROLES): they must use a second factor and cannot delete
    their own account. The rule follows the power, not the group name."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.groups.filter(name__in=[OFFICERS, PRESS_OFFICE]).exists():
        return True
    return any(role(user) for role in STAFF_ROLES)


def press_office_members():
    """Everyone who speaks for the press office (is_press_office), as a queryset."""
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=PRESS_OFFICE), is_active=True).distinct()
