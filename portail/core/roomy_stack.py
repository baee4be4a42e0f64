"""Each request, and each management command, run at the start of a roomy interpreter stack.

CPython (3.11 and later) keeps the frames of running Python functions in 16 KiB chunks of memory, maps a new chunk
when a call does not fit in the current one and unmaps it as soon as that call returns. A loop whose calls sit
across a chunk's end maps and unmaps a chunk, and takes a page fault, at every call. How deep a request's frames
start is an accident of the server and the middleware, so any page can land there: strace on a gunicorn worker
counted 2,925 map/unmap pairs for one view of a 50-row employee table and 1,641 for the declaration form (what
they cost: README, « Performances »).

A frame that declares a large value stack does not fit in any 16 KiB chunk: CPython gives it a chunk of its own,
sized for it, and the request's frames follow it in that chunk, with room for hundreds of calls before the next
boundary. The declared stack is never written, so it costs address space, not memory: one chunk mapped per request
instead of thousands. On an interpreter without such chunks the frame is merely a little larger.
"""

from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

# Value-stack slots (8 bytes each) declared by the roomy frame: 40,000 make CPython map a 512 KiB chunk, leaving
# about 190 KiB for the request's own frames, a thousand or more of them; a deeper request simply goes on in
# ordinary chunks beyond.
ROOM = 40_000


def in_roomy_stack(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    return function(*args, **kwargs)


in_roomy_stack.__code__ = in_roomy_stack.__code__.replace(co_stacksize=in_roomy_stack.__code__.co_stacksize + ROOM)


class RoomyStack:
    """WSGI middleware: the application called from a roomy frame (config/wsgi.py wraps the server's application)."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return in_roomy_stack(self.application, environ, start_response)
