"""Requests run in a stack chunk of their own (portail/core/roomy_stack.py): a loop at any call depth maps no
interpreter stack chunk per call. Page faults are counted, not timed: each chunk CPython maps anew faults once."""

import resource
import subprocess
import sys

from django.conf import settings

from portail.core.roomy_stack import RoomyStack, in_roomy_stack

CALLS = 500


def _leaf() -> None:
    pass


def _loop_at(depth: int) -> None:
    if depth:
        _loop_at(depth - 1)
        return
    for _ in range(CALLS):
        _leaf()


def _worst_faults() -> int:
    """Most page faults of a loop of calls, over every depth through two chunks' worth of frames: one of these
    depths puts the loop's calls across a chunk's end."""
    worst = 0
    for depth in range(300):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        _loop_at(depth)
        worst = max(worst, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return worst


def test_a_loop_across_a_stack_chunk_end_faults_at_every_call_on_an_ordinary_stack():
    # What the roomy stack is for; if CPython stops mapping chunks per call, this test says the module can go.
    assert _worst_faults() >= CALLS // 2


def test_in_a_roomy_stack_no_depth_maps_a_chunk_per_call():
    assert in_roomy_stack(_worst_faults) < CALLS // 10


def test_in_a_roomy_stack_passes_arguments_and_returns_the_result():
    assert in_roomy_stack(divmod, 7, 2) == (3, 1)
    assert in_roomy_stack(dict, a=1) == {"a": 1}


def test_the_wsgi_middleware_serves_the_applications_response():
    calls = []

    def application(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    statuses = []
    body = RoomyStack(application)({"PATH_INFO": "/"}, lambda status, headers: statuses.append(status))
    assert (list(body), statuses, calls) == ([b"ok"], ["200 OK"], ["/"])


def test_the_servers_application_is_wrapped():
    # In a process of its own: importing config.wsgi sets Django up again (logging included) and freezes the heap.
    # The gunicorn tests (test_proxy_client_ip_server.py) serve pages through this same application.
    code = ("import config.wsgi; from portail.core.roomy_stack import RoomyStack; "
            "print(isinstance(config.wsgi.application, RoomyStack))")
    done = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.split()[-1] == "True"


def test_a_management_command_runs_in_the_roomy_stack():
    """The task worker and the nightly jobs are commands: manage.py gives them the same stack as a request."""
    code = "from portail.core.tests.test_roomy_stack import _worst_faults; print(_worst_faults())"
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120, check=True)
    assert int(done.stdout.split()[-1]) < CALLS // 10
