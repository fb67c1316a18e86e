"""Every page of the demo, as each demo role sees it in Bahasa Indonesia, is free of English words and raw codes.

The test signs in as each demo user, walks the links from the home page (the navigation included) breadth-first,
reading at most a few pages of each shape of address (so a list's detail pages are sampled, not all read), and scans
the visible text for a small blacklist: words of the code or of English that a translated page never shows, dotted
event codes, ISO dates, unformatted money and counts.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.utils import translation

# Pages that are not the product's own, or not pages: downloads, the admin (Django's, translated by Django), the API.
SKIPPED = re.compile(
    r"^/(admin|api|static|media|i18n|metrics|health|accounts/logout)|\.(pdf|xlsx|csv|json)$|/export|/download"
)
# The import pages name the columns a file must have, as the file spells them (the SDP import will take Indonesian
# headers; until then these two pages may show snake_case column names).
# The paperwork page lists officials' NIPs (18 digits) and the unit's postal address: identifiers, not counts.
# The legal figures pages show each figure's legal basis as it was recorded (citations, some in English); the to-do
# kinds page shows each kind's English label beside its Indonesian name. A key ending in "*" is a prefix.
ALLOWED = {
    "/rules/*": {"English"},
    "/placement/todo-kinds/": {"English"},
    "/people/import/": {"field name"},
    "/training/programmes/import/": {"field name"},
    "/organizations/paperwork/": {"count without separators"},
}
PAGES_PER_SHAPE = 2
PAGES_PER_ROLE = 120

BLACKLIST = [
    (re.compile(r"\b(numerator|denominator)\b", re.I), "code word"),
    (re.compile(r"\b(None|True|False|null)\b"), "Python value"),
    (re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b"), "dotted code"),
    (re.compile(r"\b\w+_id\b"), "internal id"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "ISO date"),
    (re.compile(r"Rp ?\d{4}"), "money without separators"),
    # A count of five digits or more without its separator; not a phone number (0812...) or a masked NIK (1601••).
    (re.compile(r"(?<![\d.,•+])[1-9]\d{4,}(?![\d•])"), "count without separators"),
    (re.compile(r"\b[a-z]+_[a-z_]+\b"), "field name"),
    (re.compile(r"\b\d+\.\d+ ?%"), "English decimal point"),
    (re.compile(r"\b\d{1,2} [A-Z][a-z]{2}\. \d{4}\b"), "abbreviated month with a dot"),
    (re.compile(r"\b\d{2}-\d{2}-\d{4}\b"), "dd-mm-yyyy date"),
    (
        re.compile(r"\b(the|and|of|with|Not|Yes|No(?!\.)|pending|completed|cancelled|present|absent|excused)\b"),
        "English",
    ),
]


class _VisibleText(HTMLParser):
    """Collects the text a reader sees and the links of a page; ``<code>`` is what a person types (an import's
    column names), not prose, and is left out."""

    HIDDEN = frozenset({"script", "style", "template", "code"})

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def _shape(path: str) -> str:
    return re.sub(r"\d+", "#", path)


def _walk(client: Client) -> dict[str, list[str]]:
    """Return, for each page read, the blacklisted things found on it."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = deque(["/"])
    found: dict[str, list[str]] = {}
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _VisibleText()
        parser.feed(response.content.decode())
        text = "\n".join(parser.text)
        path = urlsplit(url).path
        allowed = set().union(
            *(
                labels
                for key, labels in ALLOWED.items()
                if key == path or (key[-1] == "*" and path.startswith(key[:-1]))
            )
        )
        hits = [
            f"{label}: {m.group(0)!r}"
            for pattern, label in BLACKLIST
            if label not in allowed
            for m in pattern.finditer(text)
        ]
        if hits:
            found[url] = sorted(set(hits))
        for href in parser.links:
            link = urldefrag(href).url
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED.search(parts.path):
                continue
            shape = _shape(parts.path)
            if link in seen or shapes.get(shape, 0) >= PAGES_PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append(link)
    return found


@pytest.mark.one_database
def test_no_page_of_the_demo_shows_english_or_code_in_indonesian(demo):
    found: dict[str, dict[str, list[str]]] = {}
    for username, user in demo.items():
        client = Client()
        client.force_login(user)
        hits = _walk(client)
        if hits:
            found[username] = hits
    report = "\n".join(
        f"{username} {url}: {'; '.join(hits)}" for username, pages in found.items() for url, hits in pages.items()
    )
    assert not found, report


def test_stored_labels_follow_the_interface_language(db):
    from bekal.certification.models import Verdict
    from bekal.placement.models import ToDoKind
    from bekal.training.models import AttendanceReason

    present, skck = AttendanceReason.objects.get(code="present"), ToDoKind.objects.get(code="skck")
    with translation.override("en"):
        assert (str(present), str(skck)) == ("Present", "Police clearance certificate (SKCK)")
        assert (Verdict.COMPETENT.label, Verdict.NOT_YET.label) == ("Competent", "Not yet competent")
    with translation.override("id"):
        assert (str(present), str(skck)) == ("Hadir", "Surat Keterangan Catatan Kepolisian (SKCK)")
        assert Verdict.COMPETENT.label == "Kompeten"
    present.label = "Hadir penuh"  # a label an administrator changed is shown as typed
    with translation.override("en"):
        assert str(present) == "Hadir penuh"
