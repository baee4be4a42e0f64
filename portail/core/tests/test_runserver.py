"""`make run`'s server (issue 18): its start-up output is French and names the port it really listens on, and with
DEBUG off (as `make run` sets it) a missing page is the service's French 404, the stylesheets still served."""

import os
import re
import select
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]
ENGLISH = ("Starting", "Watching", "Performing", "System check", "Quit the server", "WARNING", "Django version",
           "unapplied")


@pytest.fixture
def dev_server(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "false", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "PYTHONUNBUFFERED": "1"}
    env.pop("PORTAIL_TESTING", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True,
                   timeout=300)
    # Port 0: the system picks a free one; only the server can tell which.
    process = subprocess.Popen([sys.executable, "manage.py", "runserver", "127.0.0.1:0", "--noreload"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any("Portail disponible" in line for line in output):
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            output.append(process.stdout.readline())
    yield process, output
    process.terminate()
    process.wait(timeout=10)


def test_banner_names_the_real_port_in_french_and_pages_are_the_services_own(dev_server):
    process, output = dev_server
    text = "".join(output)
    found = re.search(r"Portail disponible sur http://127\.0\.0\.1:(\d+)/", text)
    assert found, text
    port = int(found.group(1))
    assert port != 0
    assert not [word for word in ENGLISH if word in text], text
    base = f"http://127.0.0.1:{port}"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/page-qui-n-existe-pas/", timeout=30)  # noqa: S310 (local server)
    page = missing.value.read().decode()
    assert missing.value.code == 404
    assert "Page introuvable" in page and "Traceback" not in page and "Django" not in page
    with urllib.request.urlopen(f"{base}/static/portail/css/portail.css", timeout=30) as css:  # noqa: S310
        assert css.status == 200
