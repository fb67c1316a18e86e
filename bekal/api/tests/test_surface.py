"""Every page action has its API operation and every API write its page, in one table in the README (issue 15,
item 5): the table is generated from the code (`bekal.api.surface`) and must match it."""

from pathlib import Path

from bekal.api import surface

README = Path(__file__).resolve().parents[3] / "README.md"


def _paired() -> tuple[set[str], set[str]]:
    return {o for _, o, _ in surface.PAIRS if o}, {p for p, _, _ in surface.PAIRS if p}


def test_every_api_write_has_its_page_or_a_reason() -> None:
    operations, _pages = _paired()
    assert len(surface.api_writes()) > 50
    assert sorted(surface.api_writes() - operations) == []


def test_every_page_action_has_its_operation_or_a_reason() -> None:
    _operations, pages = _paired()
    assert len(surface.page_actions()) > 50
    assert sorted(surface.page_actions() - pages) == []


def test_every_pair_names_what_exists_and_a_missing_side_says_why() -> None:
    operations, pages = _paired()
    assert sorted(operations - set(surface.operations())) == []
    assert sorted(pages - set(surface.pages())) == []
    assert [pair for pair in surface.PAIRS if (pair[0] is None or pair[1] is None) and not pair[2]] == []


def test_the_readme_table_is_up_to_date() -> None:
    readme = README.read_text(encoding="utf-8")
    assert surface.readme_with_table(readme) == readme, "run: python scripts/api_pages_table.py --write"


def test_the_table_names_the_capability() -> None:
    rows = surface.table().splitlines()
    assert "| `POST /api/v1/community-service/people/{person_id}/supervision-sentences` |" in surface.table()
    assert any("`community.edit`" in row and "breaches" in row for row in rows)
