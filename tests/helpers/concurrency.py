"""Running a function in several threads at the same moment, as concurrent requests."""

import threading
import time

from django.db import OperationalError, connection


def run_at_once(func, times=4):
    """Runs func in `times` threads released together; returns their results. SQLite
    (in memory, shared cache) refuses a second writer with "table is locked" instead of
    waiting: such a thread tries again, as a waiting request would."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        barrier.wait()
        try:
            for _ in range(200):
                try:
                    results.append(func())
                    return
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == times
    return results
