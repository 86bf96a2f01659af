"""Authentication: allauth's backend, with the signed-in user read from a shared cache.

Every signed-in request loads its user; from Redis or Memcached that costs a third of a
query. A user is forgotten whenever their row is saved or deleted (portal/signals.py):
a new password, deactivation and muting all go through save(), so none of them waits
for the copy to expire. Each process's local-memory cache would not hear of another
process's changes, so without a shared cache every request reads the database.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.core.cache import cache

USER_CACHE_SECONDS = 60


def user_cache_key(user_id):
    return f"auth:user:{user_id}"


class CachedUserBackend(AuthenticationBackend):
    def get_user(self, user_id):
        if not settings.CACHE_SIGNED_IN_USERS:
            return super().get_user(user_id)
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, USER_CACHE_SECONDS)
        return user


def forget_user(user_id):
    cache.delete(user_cache_key(user_id))
