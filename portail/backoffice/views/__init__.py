"""Staff views, one module per domain; here what several of them share."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError


@contextmanager
def refusal_told(request, *, first: bool = False):
    """A service's refusal (ValidationError) told as the page's error message, all its reasons or the `first`; the
    rest of the `with` block (the success message) is skipped."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, error.messages[0] if first else " ".join(error.messages))
