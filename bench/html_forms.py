"""What a browser would submit from a page's form, and the links a journey follows: standard library only, so that
both the locust journey (its own virtualenv) and the in-process journey (bench/journey_cpu.py) read pages alike."""

import re
from html.parser import HTMLParser

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EMPLOYEE_RE = re.compile(r'href="/salaries/(\d+)/"')
FILL_RE = re.compile(r'href="/declarations/(\d+)/saisie/"')


class FormFields(HTMLParser):
    """The fields a browser would submit from the first <form method="post"> holding a given field."""

    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker, self.forms, self.current, self.select, self.textarea = marker, [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = []
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.current.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None, None]  # name, first option, selected option
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select[1] = value if self.select[1] is None else self.select[1]
            if "selected" in a:
                self.select[2] = value
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select" and self.select is not None:
            name, first, selected = self.select
            self.current.append((name, selected if selected is not None else (first or "")))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.current.append(tuple(self.textarea))
            self.textarea = None

    def fields(self) -> list[tuple[str, str]]:
        for form in self.forms:
            if any(name == self.marker for name, _ in form):
                return form
        return []


def form_fields(html: str, marker: str) -> list[tuple[str, str]]:
    parser = FormFields(marker)
    parser.feed(html)
    return parser.fields()
