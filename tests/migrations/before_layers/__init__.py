"""The migrations as they were before the apps were layered (portal held the pilot
figures), for tests/migrations/test_upgrade.py. Only import paths of callables were
changed, to where those callables live now; the schema is the one that shipped."""
