"""Importing members and their government posts from the (fake) Members API."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pqtracker.imports.client import ParliamentClient, ParliamentUnavailable
from pqtracker.imports.members import (
    MemberNotFound,
    import_member,
    import_members,
    member_fields_from_api,
)
from pqtracker.parliament.models import GovernmentPost, ImportRun, ImportRunStatus, Member
from tests.factories import (
    AnswerFactory,
    AnsweringBodyFactory,
    MemberFactory,
    WrittenQuestionFactory,
)
from tests.imports.conftest import load_json
from tests.imports.fake_parliament import FakeParliament

pytestmark = [pytest.mark.django_db, pytest.mark.shared]


@pytest.fixture
def members_data(parliament_data: Path) -> dict:
    search = load_json(parliament_data, "members-api/members_search_4514.json")
    values = {item["value"]["id"]: item["value"] for item in search["items"]}
    biography = load_json(parliament_data, "members-api/member_biography_4514_edited.json")["value"]
    return {"members": values, "biography": biography}


@pytest.fixture
def starmer(fake_parliament: FakeParliament, members_data: dict) -> dict:
    fake_parliament.add_member(members_data["members"][4514], biography=members_data["biography"])
    return members_data["members"][4514]


def member_requests(fake: FakeParliament) -> list[str]:
    return [r for r in fake.requests if r.startswith("/api/Members/")]


def test_member_fields_from_api_real_records(members_data: dict) -> None:
    starmer = member_fields_from_api(members_data["members"][4514])
    assert starmer == {
        "name_display": "Sir Keir Starmer",
        "name_list": "Starmer, Sir Keir",
        "name_full_title": "Rt Hon Sir Keir Starmer MP",
        "party": "Labour",
        "party_abbreviation": "Lab",
        "party_colour": "d50000",
        "house": "Commons",
        "membership_from": "Holborn and St Pancras",
        "is_current": True,
        "thumbnail_url": "https://members-api.parliament.uk/api/Members/4514/Thumbnail",
    }
    aberconway = member_fields_from_api(members_data["members"][3305])
    assert (aberconway["house"], aberconway["is_current"]) == ("Lords", False)
    mone = member_fields_from_api(members_data["members"][4544])
    assert (mone["membership_from"], mone["is_current"]) == ("Life peer", False)


def test_import_member_fills_placeholder_and_posts(
    starmer: dict, parliament_client: ParliamentClient
) -> None:
    MemberFactory(parliament_id=4514, name_display="Member 4514", party="", house="")
    body = AnsweringBodyFactory(parliament_id=9999, name="Prime Minister")
    member = import_member(client=parliament_client, member_id=4514)
    member.refresh_from_db()
    assert member.name_display == "Sir Keir Starmer"
    assert member.party == "Labour" and member.house == "Commons"
    assert member.fetched_at is not None
    post = member.government_posts.get()
    assert post.name == "Prime Minister and First Lord of the Treasury"
    assert post.parliament_post_id == 1267
    assert post.start_date == datetime.date(2024, 7, 5) and post.end_date is None
    assert post.department_name == "Prime Minister"
    assert post.answering_body == body
    assert member.post_on(datetime.date(2024, 8, 1)) == post
    assert member.post_on(datetime.date(2024, 7, 4)) is None


def test_import_member_uses_cache_until_stale_or_forced(
    starmer: dict, fake_parliament: FakeParliament, parliament_client: ParliamentClient, settings
) -> None:
    import_member(client=parliament_client, member_id=4514)
    assert len(member_requests(fake_parliament)) == 2
    import_member(client=parliament_client, member_id=4514)
    assert len(member_requests(fake_parliament)) == 2  # cached: no API call
    import_member(client=parliament_client, member_id=4514, force=True)
    assert len(member_requests(fake_parliament)) == 4
    Member.objects.filter(parliament_id=4514).update(
        fetched_at=timezone.now() - datetime.timedelta(days=settings.MEMBER_CACHE_DAYS + 1)
    )
    import_member(client=parliament_client, member_id=4514)
    assert len(member_requests(fake_parliament)) == 6


def test_import_member_upserts_posts_without_duplicates(
    starmer: dict, fake_parliament: FakeParliament, members_data: dict, parliament_client
) -> None:
    import_member(client=parliament_client, member_id=4514)
    biography = copy.deepcopy(members_data["biography"])
    biography["governmentPosts"][0]["endDate"] = "2025-01-31T00:00:00"
    biography["governmentPosts"].append(
        {
            "name": "Bad post",
            "id": 1,
            "startDate": "2024-01-02T00:00:00",
            "endDate": "2024-01-01T00:00:00",
        }
    )
    fake_parliament.add_member(starmer, biography=biography)
    import_member(client=parliament_client, member_id=4514, force=True)
    post = GovernmentPost.objects.get(member__parliament_id=4514)  # one row; the bad one skipped
    assert post.end_date == datetime.date(2025, 1, 31)


def test_import_member_not_found(fake_parliament: FakeParliament, parliament_client) -> None:
    with pytest.raises(MemberNotFound):
        import_member(client=parliament_client, member_id=1)
    assert not Member.objects.filter(parliament_id=1).exists()


def test_import_members_refreshes_every_referenced_member(
    fake_parliament: FakeParliament, members_data: dict, parliament_client
) -> None:
    for member_id, value in members_data["members"].items():
        fake_parliament.add_member(
            value,
            biography={"governmentPosts": []} if member_id != 4514 else members_data["biography"],
        )
    asker = MemberFactory(parliament_id=3305, name_display="Member 3305")
    minister = MemberFactory(parliament_id=4514, name_display="Member 4514")
    question = WrittenQuestionFactory(asking_member=asker)
    AnswerFactory(question=question, answering_member=minister)
    MemberFactory(parliament_id=4544, name_display="Member 4544")  # referenced by nothing
    MemberFactory(parliament_id=777, name_display="Member 777")
    WrittenQuestionFactory(asking_member=Member.objects.get(parliament_id=777))

    result = import_members(client=parliament_client)

    assert sorted(result.refreshed) == [3305, 4514]
    assert result.not_found == [777]
    assert Member.objects.get(parliament_id=3305).name_display == "Lord Aberconway"
    assert Member.objects.get(parliament_id=4544).name_display == "Member 4544"
    # Posts only for ministers: the asker's Biography is not asked for.
    assert "/api/Members/3305/Biography" not in fake_parliament.requests
    assert "/api/Members/4514/Biography" in fake_parliament.requests
    run = result.run
    assert run.kind == ImportRun.Kind.MEMBERS
    assert run.status == ImportRunStatus.SUCCEEDED_WITH_ERRORS
    assert (run.updated_count, run.failed_count) == (2, 1)
    assert "777" in run.error


def test_import_members_marks_run_failed_when_unreachable(
    fake_parliament: FakeParliament, starmer: dict
) -> None:
    client = ParliamentClient(retries=1, sleep=lambda _: None)
    fake_parliament.fail_path("/api/Members", 503)
    with pytest.raises(ParliamentUnavailable):
        import_members(client=client, member_ids=[4514])
    run = ImportRun.objects.get(kind=ImportRun.Kind.MEMBERS)
    assert run.status == ImportRunStatus.FAILED
    assert "HTTP 503" in run.error


def test_import_members_command_summary(
    starmer: dict, fake_parliament: FakeParliament, capsys
) -> None:
    call_command("import_members", "--id", "4514")
    call_command("import_members", "--id", "4514")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("Members: 1 refreshed, 0 already up to date, 0 not found")
    assert out[1].startswith("Members: 0 refreshed, 1 already up to date, 0 not found")
    call_command("import_members", "--id", "4514", "--force")
    assert capsys.readouterr().out.startswith("Members: 1 refreshed")


def test_import_members_command_fails_with_one_line_reason(
    fake_parliament: FakeParliament, settings
) -> None:
    settings.PARLIAMENT_API_RETRIES = 1
    fake_parliament.fail_path("/api/Members", 500)
    with pytest.raises(CommandError) as caught:
        call_command("import_members", "--id", "4514")
    message = str(caught.value)
    assert message.startswith("Members import failed: Parliament API unavailable")
    assert "\n" not in message


def test_import_members_carries_on_past_an_unreadable_member(
    fake_parliament: FakeParliament, starmer: dict, parliament_client
) -> None:
    fake_parliament.add_member({"id": 4545, "nameDisplayAs": None})
    result = import_members(client=parliament_client, member_ids=[4545, 4514])
    assert result.refreshed == [4514]
    assert len(result.malformed) == 1 and result.malformed[0].startswith("4545: ")
    assert result.run.status == ImportRunStatus.SUCCEEDED_WITH_ERRORS
    assert "Unreadable member 4545" in result.run.error
    assert result.summary().startswith(
        "Members: 1 refreshed, 0 already up to date, 0 not found, 1 unreadable"
    )
