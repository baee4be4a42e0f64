import threading
import time
from collections.abc import Callable
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_scopes import scopes_disabled

from portail.core.concurrency import EditConflict
from portail.members.services import situation_change_submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit_change(member, user, *, kind="address", comment="Nous déménageons.", with_pdf=False):
    attachment = SimpleUploadedFile("kbis.pdf", PDF, content_type="application/pdf") if with_pdf else None
    return situation_change_submit(
        member=member, kind=kind, effective_date=date(2026, 3, 1), comment=comment,
        attachment=attachment, actor=user,
    )


def concurrent_saves(
    save: Callable[[str], object], *, names: tuple[str, str], held_in: tuple[type, str], holds: Callable[..., bool]
) -> list[str]:
    """Two saves of the same version at the same moment: `save(first name)` holds its transaction open (the
    method `held_in` names sleeps on the calls `holds(self, *args, **kwargs)` picks) while `save(second name)`
    starts. Returns "<name>: ok" or "<name>: conflit" for each, sorted."""
    first, second = names
    owner, method = held_in
    first_inside, results = threading.Event(), []
    original = getattr(owner, method)

    def slow(self, *args, **kwargs):
        if holds(self, *args, **kwargs):
            first_inside.set()
            time.sleep(0.5)  # the second starts while the first's transaction is still open
        return original(self, *args, **kwargs)

    def run(name):
        try:
            with scopes_disabled():
                save(name)
            results.append(f"{name}: ok")
        except EditConflict:
            results.append(f"{name}: conflit")
        finally:
            connection.close()

    setattr(owner, method, slow)
    try:
        first_thread = threading.Thread(target=run, args=(first,))
        first_thread.start()
        first_inside.wait(timeout=5)
        second_thread = threading.Thread(target=run, args=(second,))
        second_thread.start()
        first_thread.join()
        second_thread.join()
    finally:
        setattr(owner, method, original)
    return sorted(results)
