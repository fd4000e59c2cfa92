"""The draft editor's pages: save and autosave, conflicts, escaping, and 404 to outsiders."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from pqtracker.answers import drafting
from pqtracker.answers.models import Case, ClearanceStep, DraftVersion
from tests.factories import CaseFactory, CommentFactory, DraftVersionFactory, answered_question

SCRIPT = '<script>alert("x")</script><b onmouseover="x()">bold</b>'


@pytest.fixture
def case(team_a, drafter_a):  # type: ignore[no-untyped-def]
    return CaseFactory(
        status="drafting",
        policy_team=team_a,
        action_officer=drafter_a,
        question__question_text="To ask the Secretary of State, (a) how many and (b) where.",
    )


def post(client, case, text, base, **extra):  # type: ignore[no-untyped-def]
    data = {
        "answer_text": text,
        "background_note": extra.pop("note", ""),
        "answer_type": extra.pop("answer_type", "substantive"),
        "base_version": base,
        **extra,
    }
    return client.post(reverse("drafts:editor", args=[case.pk]), data, **_headers(extra))


def _headers(extra):  # type: ignore[no-untyped-def]
    return {"HTTP_HX_REQUEST": "true"} if extra.pop("htmx", False) else {}


def texts(case):  # type: ignore[no-untyped-def]
    return list(DraftVersion.objects.filter(case=case).values_list("answer_text", flat=True))


def test_editor_shows_the_latest_version(client, case, drafter_a):
    DraftVersionFactory(case=case, number=1, answer_text="First.")
    DraftVersionFactory(case=case, number=2, answer_text="Latest (a) only.")
    Case.objects.filter(pk=case.pk).update(latest_version=2)
    client.force_login(drafter_a)
    response = client.get(reverse("drafts:editor", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Latest (a) only.</textarea>" in html
    assert 'name="base_version" id="id_base_version" value="2"' in html
    assert "Parts not yet addressed: <strong>(b)</strong>" in html
    assert "3</strong> word<span data-word-plural>s</span> in the answer" in html
    assert "the current cost limit, £800." in html
    assert response["Vary"].count("HX-Request") == 1


def test_save_button_without_javascript_saves_and_redirects(client, case, drafter_a):
    client.force_login(drafter_a)
    response = post(client, case, "A plain save.", 0)
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/draft/")
    assert texts(case) == ["A plain save."]
    page = client.get(response["Location"]).content.decode()
    assert "Saved at " in page and "(version 1)" in page


def test_autosave_answers_with_the_status_and_out_of_band_parts_only(client, case, drafter_a):
    client.force_login(drafter_a)
    response = post(client, case, "(a) Ten.", 0, htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved at " in html
    assert 'id="id_base_version" value="1" hx-swap-oob="true"' in html
    assert 'id="draft-checks" hx-swap-oob="true"' in html
    assert 'id="draft-versions" hx-swap-oob="true"' in html
    # The text areas are never in the response, so typing is never disturbed.
    assert "<textarea" not in html
    # An identical autosave writes nothing.
    post(client, case, "(a) Ten.", 1, htmx=True)
    assert texts(case) == ["(a) Ten."]


def test_two_users_on_the_same_version_both_kept_and_the_second_sees_the_conflict(
    client, case, drafter_a, drafter_a2
):
    DraftVersionFactory(case=case, number=1, answer_text="Base.")
    Case.objects.filter(pk=case.pk).update(latest_version=1)
    client.force_login(drafter_a)
    post(client, case, "Alice's words.", 1, htmx=True)
    client.force_login(drafter_a2)
    response = post(client, case, "Bob's words.", 1, htmx=True)
    html = response.content.decode()
    assert "Someone else saved version 2 while you were typing" in html
    conflict_url = reverse("drafts:conflict", args=[case.pk, 3])
    assert conflict_url in html
    assert texts(case) == ["Base.", "Alice's words.", "Bob's words."]

    page = client.get(conflict_url).content.decode()
    assert "Alice&#x27;s words." in page and "Bob&#x27;s words." in page
    assert "<del>Alice&#x27;s </del><ins>Bob&#x27;s </ins>words." in page
    # Choosing Alice's text makes a new version from it; Bob's stays as version 3.
    response = client.post(reverse("drafts:restore", args=[case.pk, 2]))
    assert response.status_code == 302
    assert texts(case) == ["Base.", "Alice's words.", "Bob's words.", "Alice's words."]


def test_plain_save_over_a_newer_version_goes_to_the_conflict_page(client, case, drafter_a):
    DraftVersionFactory(case=case, number=1, answer_text="Theirs.")
    Case.objects.filter(pk=case.pk).update(latest_version=1)
    client.force_login(drafter_a)
    response = post(client, case, "Mine.", 0)
    assert response["Location"] == reverse("drafts:conflict", args=[case.pk, 2])


def test_a_version_that_was_no_conflict_has_no_conflict_page(client, case, drafter_a):
    DraftVersionFactory(case=case, number=1, based_on=None)
    client.force_login(drafter_a)
    assert client.get(reverse("drafts:conflict", args=[case.pk, 1])).status_code == 404


def test_save_refused_in_clearance_keeps_the_text_on_screen(client, case, drafter_a):
    Case.objects.filter(pk=case.pk).update(status="in_clearance")
    client.force_login(drafter_a)
    response = post(client, case, "Typed during clearance.", 0)
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be changed while the question is In clearance" in html
    assert "Typed during clearance.</textarea>" in html
    autosave = post(client, case, "Typed during clearance.", 0, htmx=True).content.decode()
    assert "Not saved: The draft cannot be changed" in autosave
    assert texts(case) == []


def test_bad_input_is_named_and_kept(client, case, drafter_a):
    client.force_login(drafter_a)
    response = post(client, case, "Kept.", 0, answer_type="nonsense")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_answer_type">Select an answer type</a>' in html
    assert "Kept.</textarea>" in html
    assert texts(case) == []


def test_script_in_a_draft_and_a_comment_is_rendered_escaped(client, case, drafter_a):
    client.force_login(drafter_a)
    post(client, case, SCRIPT, 0, note=SCRIPT)
    post(client, case, SCRIPT + " more", 1)
    client.post(reverse("drafts:comment", args=[case.pk]), {"text": SCRIPT})
    pages = [
        client.get(reverse("drafts:editor", args=[case.pk])),
        client.get(reverse("drafts:version", args=[case.pk, 2])),
        post(client, case, SCRIPT + " again", 2, htmx=True),
    ]
    for response in pages:
        html = response.content.decode()
        assert "<script>alert" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html or "Saved at" in html
    assert "&lt;b onmouseover=" in pages[0].content.decode()  # the comment, escaped


def test_comment_added_and_empty_comment_refused_with_its_error(client, case, drafter_a):
    client.force_login(drafter_a)
    response = client.post(reverse("drafts:comment", args=[case.pk]), {"text": "Check 2023."})
    assert response.status_code == 302
    assert list(case.comments.values_list("text", flat=True)) == ["Check 2023."]
    response = client.post(reverse("drafts:comment", args=[case.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "Enter a comment" in response.content.decode()


def test_version_page_compares_and_restores(client, case, drafter_a):
    client.force_login(drafter_a)
    post(client, case, "We spent £10 million.", 0)
    post(client, case, "We spent £12 million.", 1)
    page = client.get(reverse("drafts:version", args=[case.pk, 2])).content.decode()
    assert "<del>£10 </del><ins>£12 </ins>million." in page
    page = client.get(reverse("drafts:version", args=[case.pk, 1]) + "?compare=2").content.decode()
    assert "<del>£12 </del><ins>£10 </ins>million." in page
    assert "Restore version 1" in page
    client.post(reverse("drafts:restore", args=[case.pk, 1]))
    assert texts(case) == [
        "We spent £10 million.",
        "We spent £12 million.",
        "We spent £10 million.",
    ]


def test_refer_to_this_answer_saves_what_was_typed_then_adds_the_wording(client, case, drafter_a):
    earlier = answered_question(
        uin="87924",
        answer__date_answered=datetime.date(2021, 12, 9),
        date_tabled=datetime.date(2021, 12, 6),
    )
    client.force_login(drafter_a)
    post(client, case, "Typed first.", 0, refer=earlier.pk)
    assert texts(case) == [
        "Typed first.",
        "Typed first.\n\nI refer the hon. Member to the answer I gave on 9 December 2021 "
        "to Question 87924.",
    ]
    post(client, case, "Typed first.", 2, start_from=earlier.pk)
    assert texts(case)[-1] == "The department publishes these figures annually."


def test_clearance_pack_contents(client, case, drafter_a, clearer):
    client.force_login(drafter_a)
    post(client, case, "Line one (a).\nLine two (b).", 0, note="Figures from SEN2.")
    ClearanceStep.objects.create(
        case=case,
        order=1,
        name="Deputy Director",
        role_kind="deputy_director",
        assignee=clearer,
        state="returned",
        comment="Tighten the figure.",
        acted_by=clearer,
        acted_at=datetime.datetime(2024, 11, 14, 10, 0, tzinfo=datetime.UTC),
    )
    response = client.get(reverse("drafts:clearance-pack", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'clearance-pack-{case.question.uin}.docx"')
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert case.question.question_text in text
    assert "Line one (a).\nLine two (b)." in text
    assert "Figures from SEN2." in text
    assert "Round 1, Deputy Director: Returned by clearer" in text
    assert "Tighten the figure." in text
    assert case.question.asking_member.name_display in cells
    assert "18 November 2024" in cells  # the date for answer


@pytest.mark.parametrize("outsider", ["drafter_b", "clearer_b", "viewer", "clerk"])
def test_outsiders_get_404_on_every_drafting_url(client, request, case, drafter_a, outsider):
    drafting.save_version(
        case=case,
        user=drafter_a,
        answer_text="Secret draft.",
        background_note="Secret note.",
        answer_type="substantive",
        base_number=None,
    )
    CommentFactory(case=case, author=drafter_a, text="Secret comment.")
    client.force_login(request.getfixturevalue(outsider))
    urls = [
        reverse("drafts:editor", args=[case.pk]),
        reverse("drafts:version", args=[case.pk, 1]),
        reverse("drafts:clearance-pack", args=[case.pk]),
        reverse("drafts:comment", args=[case.pk]),
        reverse("drafts:restore", args=[case.pk, 1]),
        reverse("drafts:conflict", args=[case.pk, 1]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert post(client, case, "Overwrite.", 1).status_code == 404
    assert post(client, case, "Overwrite.", 1, htmx=True).status_code == 404
    assert client.post(reverse("drafts:restore", args=[case.pk, 1])).status_code == 404
    assert client.post(reverse("drafts:comment", args=[case.pk]), {"text": "x"}).status_code == 404
    assert texts(case) == ["Secret draft."] and case.comments.count() == 1


def test_clearer_holding_a_step_reads_but_cannot_write(client, case, drafter_a, clearer):
    drafting.save_version(
        case=case,
        user=drafter_a,
        answer_text="Draft.",
        background_note="",
        answer_type="substantive",
        base_number=None,
    )
    ClearanceStep.objects.create(
        case=case, order=1, name="DD", role_kind="deputy_director", assignee=clearer
    )
    Case.objects.filter(pk=case.pk).update(status="in_clearance")
    client.force_login(clearer)
    page = client.get(reverse("drafts:editor", args=[case.pk]))
    assert page.status_code == 200 and "Draft.</textarea>" in page.content.decode()
    assert " readonly" in page.content.decode()
    assert client.get(reverse("drafts:clearance-pack", args=[case.pk])).status_code == 200
    assert post(client, case, "Clearer's edit.", 1).status_code == 400
    assert texts(case) == ["Draft."]


def test_autosave_base_is_the_editors_own_version_not_a_later_one(
    client, case, drafter_a, drafter_a2, monkeypatch
):
    """Someone saving just after this autosave must not become this editor's base unseen."""
    from pqtracker.answers import views_drafts

    client.force_login(drafter_a)
    real = views_drafts._versions

    def someone_saves_meanwhile(c):  # type: ignore[no-untyped-def]
        if not DraftVersion.objects.filter(case=c, number=2).exists():
            drafting.save_version(
                case=c,
                user=drafter_a2,
                answer_text="Bob's.",
                background_note="",
                answer_type="substantive",
                base_number=1,
            )
        return real(c)

    monkeypatch.setattr(views_drafts, "_versions", someone_saves_meanwhile)
    html = post(client, case, "Alice's.", 0, htmx=True).content.decode()
    assert 'id="id_base_version" value="1" hx-swap-oob="true"' in html
