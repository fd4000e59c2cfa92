"""The evidence pages: search (htmx and plain), series with its chart, LA comparison, source,
and the check endpoint the answers editor posts to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pqtracker.evidence import demo
from pqtracker.evidence.models import Figure
from tests.evidence.test_loading import EES_HEADER, write

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["pq_team", "drafter", "clearer", "clerk", "viewer"])
def test_every_role_that_sees_questions_may_browse(client, request, persona, demo_figures):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("evidence:search")).status_code == 200


def test_no_role_no_evidence(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("evidence:search")).status_code == 403


def test_search_by_measure_geography_and_period(client, viewer, demo_figures):
    client.force_login(viewer)
    page = client.get(reverse("evidence:search"), {"measure": "high needs", "period": "2021-22"})
    html = page.content.decode()
    assert "1 figure" in html and "£7906m" not in html and "£7,906m" in html
    assert 'href="/evidence/publications/' in html  # every figure links to its source
    assert page["Vary"] == "HX-Request" or "HX-Request" in page["Vary"]
    partial = client.get(
        reverse("evidence:search"), {"measure": "EHC plan"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in partial.content.decode() and "4 figures" in partial.content.decode()


def test_series_page_has_an_accessible_chart_and_a_table(client, viewer, demo_figures):
    client.force_login(viewer)
    figure = Figure.objects.get(reference="DEMO-HNB-2021-22")
    html = client.get(figure.get_absolute_url()).content.decode()
    assert '<svg class="app-chart" role="img" aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">' in html
    for value in ("£6,279m", "£7,063m", "£7,906m", "£8,988m", "£9,952m"):
        assert value in html
    # Its own source, though the demo file quotes several publications.
    assert ">Dedicated schools grant (DSG) allocations</a>" in html


def test_local_authority_comparison(client, viewer, tmp_path):
    from pqtracker.evidence import services

    header = EES_HEADER.replace("country_name", "country_name,new_la_code,la_name")
    path = write(
        tmp_path,
        "la_file.csv",
        header,
        "2024,Calendar year,National,E92000001,England,,,30,1",
        "2024,Calendar year,Local authority,E92000001,England,E06000001,Hartlepool,10,1",
        "2024,Calendar year,Local authority,E92000001,England,E06000002,Middlesbrough,20,2",
    )
    services.load_path(path=path)
    client.force_login(viewer)
    national = Figure.objects.get(reference="la-file:plans:E92000001:2024")
    assert (
        reverse("evidence:compare", args=[national.reference])
        in client.get(national.get_absolute_url()).content.decode()
    )
    html = client.get(reverse("evidence:compare", args=[national.reference])).content.decode()
    assert html.index("Middlesbrough") < html.index("Hartlepool")


def test_check_endpoint_renders_the_flags(client, drafter, demo_figures):
    client.force_login(drafter)
    data = {"text": demo.DRAFT_FLAGGED, "references": "\n".join(demo.CITED)}
    html = client.post(
        reverse("evidence:check"), data, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in html and "2 to fix or accept" in html
    assert "more than £2 billion" in html and "one third" in html
    data["text"] = demo.DRAFT_PASSING
    html = client.post(reverse("evidence:check"), data).content.decode()
    assert "Every number is supported" in html and "<html" in html


def test_check_endpoint_names_an_unknown_reference(client, drafter, demo_figures):
    client.force_login(drafter)
    html = client.post(
        reverse("evidence:check"), {"text": "£2bn", "references": "NOPE-1"}
    ).content.decode()
    assert "No figure has the reference NOPE-1" in html


def test_seed_demo_loads_the_demo_evidence(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--quiet-if-seeded", stdout=StringIO())
    assert Figure.objects.filter(dataset__slug="demo-evidence").count() == 12


def test_the_question_page_lists_its_answers_sources(client, viewer, drafter, demo_figures):
    from pqtracker.evidence import services
    from tests.factories import answered_question

    question = answered_question()
    client.force_login(viewer)
    assert "Sources of figures" not in client.get(question.get_absolute_url()).content.decode()
    services.cite(
        actor=drafter,
        target=question.answers.get(),
        figure=Figure.objects.get(reference="DEMO-EHCP-2025"),
    )
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Sources of figures" in html and "638,745" in html
    assert 'href="/evidence/figures/DEMO-EHCP-2025/"' in html
