"""gunicorn settings of the bench server: each worker leaves its cache counts behind when it exits."""


def worker_exit(server, worker):
    from bench.cache_counter import dump

    dump()
