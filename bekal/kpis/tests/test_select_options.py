"""The filter options: every name escaped, the selected one marked."""

from bekal.kpis.templatetags.kpis import select_options


def test_options_escape_every_name_and_mark_the_selected_one():
    html = select_options([(1, 'Lapas "A" & <B>'), (2, "Rutan O'Neil")], 2)
    assert html == (
        '<option value="1">Lapas &quot;A&quot; &amp; &lt;B&gt;</option>'
        '<option value="2" selected>Rutan O&#x27;Neil</option>'
    )


def test_a_figure_cell_escapes_its_link_and_numbers_as_format_html_would():
    from django.utils.html import format_html

    from bekal.core.figures import Figure
    from bekal.kpis.templatetags.kpis import _people_url, kpi_figure

    figure = Figure(count=1234, total=2000)
    params = "year=2025&unit=<7>"
    html = kpi_figure(figure, "certification", params)
    base = f"{_people_url()}?{params}&kpi=certification&part="
    expected = format_html(
        '<a class="kpi-figure" href="{}" title="{}">{}</a> '
        '<span class="muted">(<a href="{}">{}</a>/<a href="{}">{}</a>)</span>',
        base + "numerator",
        "Orang di balik pembilang",
        figure.display,
        base + "numerator",
        "1.234",
        base + "denominator",
        "2.000",
    )
    assert html == expected
