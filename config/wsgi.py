import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from portail.core.business_days import load_calendar

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A worker keeps what start-up allocates (Django, every view, form and model module) for its whole life. Left to
# the collector, each full collection walks all of it again, and a page that allocates many rows (the accountant's
# cockpit, a long list) triggers one every few views: a pause in the middle of someone's request. Import the views
# now and move everything allocated so far out of the collector's sight (gc.freeze, as the CPython docs advise for
# pre-forked servers); what pages allocate afterwards is collected as usual.
get_resolver().url_patterns  # noqa: B018 - the URLconf imports every view module
load_calendar()
gc.collect()
gc.freeze()
