"""The filter options: every name escaped, the selected one marked."""

from bekal.kpis.templatetags.kpis import select_options


def test_options_escape_every_name_and_mark_the_selected_one():
    html = select_options([(1, 'Lapas "A" & <B>'), (2, "Rutan O'Neil")], 2)
    assert html == (
        '<option value="1">Lapas &quot;A&quot; &amp; &lt;B&gt;</option>'
        '<option value="2" selected>Rutan O&#x27;Neil</option>'
    )
