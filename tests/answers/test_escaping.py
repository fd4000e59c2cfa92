"""Script and markup typed by people (drafts, background notes, comments, clearance comments) and
published answers are shown as text everywhere: pages, htmx fragments, diffs, the Word pack."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from pqtracker.answers import services
from pqtracker.answers.drafting import add_comment, save_version
from pqtracker.answers.models import Case
from tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror="alert(1)"> & <b>bold</b>'
ESCAPED = (
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
)
RAW = ("<script>alert", "<img src=x", "<b>bold")


def _clean(html: str) -> str:
    for raw in RAW:
        assert raw not in html
    return html


def _save(case, user, text, base):  # type: ignore[no-untyped-def]
    return save_version(
        case=case,
        user=user,
        answer_text=text,
        background_note=f"Note: {text}",
        answer_type="substantive",
        base_number=base,
    )


@pytest.fixture
def marked(drafting, drafter_a, drafter_a2, clearer, clearance_chain):  # type: ignore[no-untyped-def]
    """Two drafters saving on one version (a conflict), both with markup; a comment with markup;
    sent to clearance and returned with markup in the clearance comment."""
    base = drafting.latest_version
    _save(drafting, drafter_a, f"Alice {SCRIPT}", base)
    result = _save(drafting, drafter_a2, f"Bob {SCRIPT}", base)
    assert result.decision == "conflict"
    add_comment(case=drafting, user=drafter_a, text=f"Comment {SCRIPT}")
    drafting.refresh_from_db()
    assert services.send_to_clearance(case=drafting, actor=drafter_a)
    step = services.current_step(drafting)
    assert services.return_step(step=step, actor=clearer, comment=f"Returned {SCRIPT}")
    drafting.refresh_from_db()
    return drafting


def test_every_drafting_page_and_fragment_shows_markup_as_text(client, marked, drafter_a2):
    client.force_login(drafter_a2)
    number = marked.latest_version
    urls = [
        reverse("answers:case", args=[marked.pk]),
        reverse("drafts:editor", args=[marked.pk]),
        reverse("drafts:version", args=[marked.pk, number]),
        reverse("drafts:conflict", args=[marked.pk, number]),
        reverse("answers:my-work"),
    ]
    for url in urls:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            assert response.status_code == 200, url
            _clean(response.content.decode())
    case_page = client.get(urls[0]).content.decode()
    assert f"Comment {ESCAPED}" in case_page and f"Returned {ESCAPED}" in case_page
    conflict = client.get(urls[3]).content.decode()
    assert f"Alice {ESCAPED}" in conflict and f"Bob {ESCAPED}" in conflict
    # The diff marks changes with its own tags only, around escaped text.
    assert "<del>Alice </del><ins>Bob </ins>" in conflict
    # An autosave's fragment too.
    autosave = client.post(
        urls[1],
        {
            "answer_text": f"Again {SCRIPT}",
            "background_note": "",
            "answer_type": "substantive",
            "base_version": number,
        },
        HTTP_HX_REQUEST="true",
    )
    _clean(autosave.content.decode())


def test_the_published_answer_diff_shows_markup_as_text(client, cleared, pq_team):
    Case.objects.filter(pk=cleared.pk).update(status="submitted")
    version = cleared.versions.get(number=cleared.cleared_version)
    version.answer_text = f"Cleared {SCRIPT}"
    version.save()
    answer = AnswerFactory(question=cleared.question, answer_text=f"Published {SCRIPT}")
    Case.objects.filter(pk=cleared.pk).update(published_answer=answer, status="answered")
    client.force_login(pq_team)
    page = _clean(client.get(reverse("answers:case", args=[cleared.pk])).content.decode())
    assert "Published answer differs from the cleared draft" in page
    assert f"<del>Cleared </del><ins>Published </ins>{ESCAPED}" in page


def test_the_word_pack_holds_markup_as_literal_text(client, marked, drafter_a):
    client.force_login(drafter_a)
    response = client.get(reverse("drafts:clearance-pack", args=[marked.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Bob {SCRIPT}" in text and f"Note: Bob {SCRIPT}" in text
    assert f"Returned {SCRIPT}" in text
    # Stored as escaped XML text: no element of the draft's own in the document.
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml
