import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template.autoreload import get_template_directories
from django.template.loader import get_template
from django.urls import get_resolver

from portail.core.business_days import load_calendar
from portail.core.roomy_stack import RoomyStack

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Each request starts in a stack chunk of its own, so that no page's loop maps and unmaps the interpreter's stack
# at every row (portail/core/roomy_stack.py).
application = RoomyStack(get_wsgi_application())

# A worker keeps what start-up allocates (Django, every view, form and model module) for its whole life. Left to
# the collector, each full collection walks all of it again, and a page that allocates many rows (the accountant's
# cockpit, a long list) triggers one every few views: a pause in the middle of someone's request. Import the views
# now, compile every template of the project (the cached loader keeps them as long as the process; compiled during
# traffic instead, their 45,000 objects would join what each full collection walks), and move everything allocated
# so far out of the collector's sight (gc.freeze, as the CPython docs advise for pre-forked servers); what pages
# allocate afterwards is collected as usual.
get_resolver().url_patterns  # noqa: B018 - the URLconf imports every view module
load_calendar()
for directory in get_template_directories():
    if not directory.is_relative_to(settings.BASE_DIR / "portail"):
        continue  # a library's templates may need what this project does not install
    for path in directory.rglob("*"):
        if path.suffix in {".html", ".txt"}:
            get_template(path.relative_to(directory).as_posix())
gc.collect()
gc.freeze()
