import pytest

from tests.servers import PostgresCluster


@pytest.fixture(scope="module")
def cluster():
    """A throwaway PostgreSQL cluster of the test module's own, which it may stop and start."""
    server = PostgresCluster().start()
    yield server
    server.remove()
