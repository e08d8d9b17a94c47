"""Run calls at the same instant, each in its own thread on its own database connection (tests of what two
staff doing the same thing at once get)."""

import threading

from django.db import connections


def at_once(calls):
    """Run the calls in threads released together, each on its own connection; what each returned or raised."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(n, call):
        barrier.wait()
        try:
            results[n] = call()
        except Exception as error:  # noqa: BLE001 - the test asserts which
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results
