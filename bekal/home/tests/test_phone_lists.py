"""On a phone the key columns come first in every main list: name or title, status, date; the rest carry
class="optional" (hidden under 40rem by bekal.css), in the header and in every row alike, so a hidden column never
shifts the others. Read over the demo as the system administrator, who sees every list."""

import re

import pytest
from django.urls import reverse

LISTS = [
    ("people:list", ["Nama", "Status"]),
    ("training:batch-list", ["Angkatan", "Status"]),
    ("community_service:list", ["Klien", "Status"]),
    ("community_service:sentences", ["Klien"]),
    ("placement:vacancies", ["Judul"]),
    ("audit:list", ["Waktu", "Kejadian"]),
]


def _cells(row: str, tag: str) -> list[tuple[bool, str]]:
    return [
        ("optional" in attrs, re.sub(r"<[^>]+>", "", text).strip())
        for attrs, text in re.findall(rf"<{tag}([^>]*)>(.*?)</{tag}>", row, re.S)
    ]


@pytest.mark.parametrize(("name", "first"), LISTS)
def test_the_key_columns_come_first_and_the_rest_are_optional(demo, client_for, name, first):
    html = client_for(demo["admin"]).get(reverse(name)).content.decode()
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    head = _cells(table.split("</thead>", 1)[0], "th")
    assert [text for _, text in head[: len(first)]] == first
    assert not any(optional for optional, _ in head[: len(first)])
    assert any(optional for optional, _ in head), "the less important columns carry class=optional"
    rows = [r for r in table.split("</thead>", 1)[1].split("<tr")[1:] if "colspan" not in r]
    assert rows, "the demo fills the list"
    for row in rows:
        assert [optional for optional, _ in _cells(row, "td")] == [optional for optional, _ in head]
