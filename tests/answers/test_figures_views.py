"""The evidence column of the draft editor, the check on the case page, the refusal at the
Minister's door, the question page's sources and the Word pack: by role and by object."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from pqtracker.answers import figures, services
from pqtracker.answers.models import FigureAcceptance
from pqtracker.evidence import demo as evidence_demo
from pqtracker.evidence.models import Citation, Figure
from pqtracker.parliament import generation
from pqtracker.parliament.models import QuestionStatus
from tests.answers.conftest import save_draft
from tests.answers.test_figures_services import _send_to_private_office

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def demo_figures(db):  # type: ignore[no-untyped-def]
    evidence_demo.seed()
    return {f.reference: f for f in Figure.objects.filter(reference__startswith="DEMO-")}


@pytest.fixture
def cited(drafting, drafter_a, demo_figures):  # type: ignore[no-untyped-def]
    save_draft(drafting, drafter_a, evidence_demo.DRAFT_FLAGGED)
    for reference in evidence_demo.CITED:
        services.cite_figure(case=drafting, actor=drafter_a, figure=demo_figures[reference])
    return drafting


def _urls(case):  # type: ignore[no-untyped-def]
    citation = Citation.objects.filter(object_id=case.pk).first()
    return {
        "figures": ("get", reverse("drafts:figures", args=[case.pk]), {"measure": "high needs"}),
        "cite": ("post", reverse("drafts:cite", args=[case.pk]), {"figure": "DEMO-HNB-2022-23"}),
        "uncite": ("post", reverse("drafts:uncite", args=[case.pk, citation.pk]), {}),
        "check": (
            "post",
            reverse("drafts:figure-check", args=[case.pk]),
            {"answer_text": "£7.9 billion"},
        ),
        "accept": (
            "post",
            reverse("drafts:accept-flag", args=[case.pk]),
            {"text": "one third", "status": "mismatched", "reason": "Agreed line"},
        ),
    }


# Who gets what on a case being drafted by team A: the team works (200, or a redirect back to
# the editor); everyone else gets 404, the check excepted for a clearer who holds a step of it.
MATRIX = {
    "drafter_a": {"figures": 200, "cite": 302, "uncite": 302, "check": 200, "accept": 302},
    "pq_team": {"figures": 200, "cite": 302, "uncite": 302, "check": 200, "accept": 302},
    "drafter_b": {"figures": 404, "cite": 404, "uncite": 404, "check": 404, "accept": 404},
    "clearer_b": {"figures": 404, "cite": 404, "uncite": 404, "check": 404, "accept": 404},
    "clerk": {"figures": 404, "cite": 404, "uncite": 404, "check": 404, "accept": 404},
    "viewer": {"figures": 404, "cite": 404, "uncite": 404, "check": 404, "accept": 404},
}


@pytest.mark.parametrize("who", sorted(MATRIX))
@pytest.mark.parametrize("url", ["figures", "cite", "uncite", "check", "accept"])
def test_role_by_url_matrix(client, cited, who, url, request):
    client.force_login(request.getfixturevalue(who))
    method, path, data = _urls(cited)[url]
    response = getattr(client, method)(path, data)
    assert response.status_code == MATRIX[who][url], response.content[:300]
    changed = {
        "cite": Citation.objects.filter(figure__reference="DEMO-HNB-2022-23").exists(),
        "uncite": Citation.objects.count() < 2,
        "accept": FigureAcceptance.objects.exists(),
    }
    if url in changed:
        assert changed[url] == (MATRIX[who][url] == 302)


def test_a_clearer_holding_a_step_sees_the_check_but_may_not_cite(
    client, cited, drafter_a, clearer, clearance_chain
):
    assert services.send_to_clearance(case=cited, actor=drafter_a)
    client.force_login(clearer)
    urls = _urls(cited)
    assert client.post(urls["cite"][1], urls["cite"][2]).status_code == 404
    assert client.post(urls["uncite"][1]).status_code == 404
    assert client.get(urls["figures"][1], urls["figures"][2]).status_code == 404
    editor = client.get(reverse("drafts:editor", args=[cited.pk]))
    assert editor.status_code == 200
    assert b"Find a figure to cite" not in editor.content
    assert "more than £2 billion" in editor.content.decode()
    # Accepting is the clearer's now: the form is there.
    assert b"Accept with this reason" in editor.content


def test_editor_shows_sources_derived_figures_and_the_check(client, cited, drafter_a):
    client.force_login(drafter_a)
    page = client.get(reverse("drafts:editor", args=[cited.pk])).content.decode()
    assert 'id="draft-evidence"' in page
    assert "Total high needs funding allocations to local authorities, England" in page
    assert "Change from [1] to [2]: £7,906m − £6,279m = £1,627m" in page
    assert 'data-figure-check="flagged"' in page
    assert "2 to fix or accept" in page
    assert reverse("evidence:figure", args=["DEMO-HNB-2021-22"]) in page
    assert "https://www.gov.uk/government/publications/dedicated-schools-grant" in page


def test_finder_htmx_renders_results_with_cite_buttons(client, cited, drafter_a):
    client.force_login(drafter_a)
    response = client.get(
        reverse("drafts:figures", args=[cited.pk]), {"measure": "high needs"}, **HTMX
    )
    body = response.content.decode()
    assert "<html" not in body
    assert body.count('name="figure"') == 5  # 2019-20 to 2023-24
    # Without JavaScript the same URL is the editor page with the results in it.
    page = client.get(reverse("drafts:figures", args=[cited.pk]), {"measure": "high needs"})
    assert "<html" in page.content.decode()
    assert page.content.decode().count('name="figure"') == 5


def test_cite_htmx_updates_sources_and_check_out_of_band(client, cited, drafter_a):
    client.force_login(drafter_a)
    response = client.post(
        reverse("drafts:cite", args=[cited.pk]),
        {"figure": "DEMO-HNB-2022-23", "answer_text": "It rose to £9 billion."},
        **HTMX,
    )
    body = response.content.decode()
    assert 'id="draft-sources" hx-swap-oob="true"' in body
    assert 'id="figure-check" aria-live="polite" hx-swap-oob="true"' in body
    assert "Cited DEMO-HNB-2022-23" in body
    # The check is of the text in the editor, sent along, not of the saved version.
    assert "£9 billion" in body
    assert "more than £2 billion" not in body


def test_cite_an_unknown_figure_says_so(client, cited, drafter_a):
    client.force_login(drafter_a)
    response = client.post(reverse("drafts:cite", args=[cited.pk]), {"figure": "NOPE"}, **HTMX)
    assert "Choose a figure to cite" in response.content.decode()
    assert Citation.objects.count() == 2


def test_check_htmx_checks_the_typed_text(client, cited, drafter_a):
    client.force_login(drafter_a)
    url = reverse("drafts:figure-check", args=[cited.pk])
    passing = client.post(url, {"answer_text": evidence_demo.DRAFT_PASSING}, **HTMX)
    assert 'data-figure-check="passed"' in passing.content.decode()
    flagged = client.post(url, {"answer_text": "It rose by £3 billion."}, **HTMX)
    assert 'data-figure-check="flagged"' in flagged.content.decode()
    # Without JavaScript: the editor page, the typed text kept (not saved) and checked.
    page = client.post(
        url,
        {
            "answer_text": "It rose by £3 billion.",
            "background_note": "",
            "answer_type": "substantive",
            "base_version": cited.latest_version,
        },
    )
    assert page.status_code == 200
    assert "It rose by £3 billion.</textarea>" in page.content.decode()
    cited.refresh_from_db()
    assert cited.versions.count() == 2  # nothing saved


def test_accept_without_a_reason_shows_the_error_and_accepts_nothing(client, cited, drafter_a):
    client.force_login(drafter_a)
    url = reverse("drafts:accept-flag", args=[cited.pk])
    response = client.post(url, {"text": "one third", "status": "mismatched", "reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Say why the figure can stand as it is" in body
    assert not FigureAcceptance.objects.exists()


def test_minister_refusal_is_a_govuk_error_summary_then_accept_and_send(
    client, cited, drafter_a, clearer, clearance_chain
):
    step = _send_to_private_office(cited, drafter_a, clearer)
    client.force_login(clearer)
    refused = client.post(reverse("answers:approve", args=[step.pk]), {"comment": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "govuk-error-summary" in body
    assert "cannot go to the Minister" in body
    assert 'href="#figure-check-heading"' in body
    for text in ("£2 billion", "one third"):
        accepted = client.post(
            reverse("drafts:accept-flag", args=[cited.pk]),
            {"text": text, "status": "mismatched", "reason": "Agreed line", "back": "case"},
        )
        assert accepted.status_code == 302
        assert accepted["Location"].endswith(f"/answers/cases/{cited.pk}/#figure-check")
    page = client.get(reverse("answers:case", args=[cited.pk])).content.decode()
    assert "figure_accepted" in page and "“Agreed line”" in page  # the timeline
    sent = client.post(reverse("answers:approve", args=[step.pk]), {"comment": ""})
    assert sent.status_code == 302
    assert services.current_step(cited).role_kind == "minister"


def test_case_page_shows_the_check_read_only_to_a_clerk(client, cited, clerk):
    client.force_login(clerk)
    page = client.get(reverse("answers:case", args=[cited.pk])).content.decode()
    # A clerk sees the case's summary only: no draft, no check.
    assert "more than £2 billion" not in page


def test_case_page_check_for_the_drafter(client, cited, drafter_a):
    client.force_login(drafter_a)
    page = client.get(reverse("answers:case", args=[cited.pk])).content.decode()
    assert 'id="figure-check-heading"' in page
    assert "more than £2 billion" in page
    assert "Change from [1] to [2]" in page


def test_question_page_lists_the_sources_once_answered(client, cited, pq_team, viewer, clerk):
    question = cited.question
    client.force_login(pq_team)
    url = question.get_absolute_url()
    assert "Sources of the answer" not in client.get(url).content.decode()
    type(question).objects.filter(pk=question.pk).update(status=QuestionStatus.ANSWERED)
    generation.advance()  # as the record's write paths do (the page keeps the question read)
    Citation.objects.filter(object_id=cited.pk).update(wording="A draft's sentence, £7.9 billion.")
    page = client.get(url).content.decode()
    assert "Sources of the answer" in page
    assert "England, 2021-22: £7,906m" in page
    assert "Quoted as: “A draft&#x27;s sentence, £7.9 billion.”" in page
    # A clerk sees the sources, not the draft sentences quoting them.
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert "Sources of the answer" in page and "England, 2021-22: £7,906m" in page
    assert "Quoted as:" not in page
    client.force_login(viewer)
    assert "Sources of the answer" not in client.get(url).content.decode()


def test_word_pack_has_the_citations_and_the_check(client, cited, drafter_a):
    services.accept_flag(
        case=cited, actor=drafter_a, text="one third", status="mismatched", reason="Rounded"
    )
    client.force_login(drafter_a)
    response = client.get(reverse("drafts:clearance-pack", args=[cited.pk]))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "[1] Total high needs funding allocations to local authorities, England, 2019-20: £6,279m "
        "(DEMO-HNB-2019-20) (source: Dedicated schools grant (DSG) allocations, "
        "ESFA, https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2019-to-2020)"
    ) in text
    assert "[2] Total high needs funding allocations" in text
    assert "1 flagged and not accepted" in text
    assert "more than £2 billion (mismatched): “more than £2 billion” does not match" in text
    assert "one third (accepted (mismatched))" in text
    assert "Rounded" in text


def test_word_pack_of_a_passing_draft(client, cited, drafter_a):
    save_draft(cited, drafter_a, evidence_demo.DRAFT_PASSING)
    client.force_login(drafter_a)
    response = client.get(reverse("drafts:clearance-pack", args=[cited.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Passed: every number is supported" in text
    assert "£1.6 billion (supported)" in text
    assert figures.check_case(cited).ok


def test_htmx_posts_need_the_csrf_token(cited, drafter_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(drafter_a)
    url = reverse("drafts:cite", args=[cited.pk])
    assert client.post(url, {"figure": "DEMO-HNB-2022-23"}, **HTMX).status_code == 403
    page = client.get(reverse("drafts:editor", args=[cited.pk]))
    token = str(page.context["csrf_token"])
    # The page's <body> hands htmx the token (hx-headers), as every htmx request sends it.
    assert f'"X-CSRFToken": "{token}"' in page.content.decode()
    response = client.post(url, {"figure": "DEMO-HNB-2022-23"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert response.status_code == 200
    assert Citation.objects.filter(figure__reference="DEMO-HNB-2022-23").exists()


def test_a_number_supported_by_a_derivation_names_it(client, cited, drafter_a):
    client.force_login(drafter_a)
    response = client.post(
        reverse("drafts:figure-check", args=[cited.pk]),
        {"answer_text": "Funding rose by £1.6 billion."},
        **HTMX,
    )
    assert (
        "Change from DEMO-HNB-2019-20 to DEMO-HNB-2021-22, £7,906m − £6,279m = £1,627m"
        in response.content.decode()
    )


def test_the_case_timeline_shows_citing_and_removing(client, cited, drafter_a):
    services.uncite_figure(case=cited, actor=drafter_a, citation=figures.case_citations(cited)[0])
    client.force_login(drafter_a)
    page = client.get(reverse("answers:case", args=[cited.pk])).content.decode()
    timeline = page[page.index('class="govuk-list app-timeline"') :]
    assert f"cited by {drafter_a.username}: “DEMO-HNB-2019-20”" in timeline
    assert f"uncited by {drafter_a.username}: “DEMO-HNB-2019-20”" in timeline
