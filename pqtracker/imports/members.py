"""Members of Parliament and their government posts, from the Members API.

Questions name members by id only (asking, answering, correcting); the write path creates a
placeholder ``Member`` for each. This fills them in, with a cache so a busy import does not ask
for the same minister again and again, and records ministers' posts with their dates so the
post an answering minister held on the day of an answer is known.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pqtracker.accounts.models import User
from pqtracker.imports.client import ParliamentClient
from pqtracker.imports.parsing import MalformedRecord, parse_api_date
from pqtracker.parliament.models import (
    AnsweringBody,
    GovernmentPost,
    House,
    ImportRun,
    ImportRunStatus,
    Member,
    WrittenQuestion,
)

logger = logging.getLogger(__name__)

MEMBERS_API_HOUSES = {1: House.COMMONS, 2: House.LORDS}


class MemberNotFound(LookupError):
    """The Members API has no member with this id."""


@dataclass
class MembersImportResult:
    run: ImportRun
    refreshed: list[int] = field(default_factory=list)
    cached: list[int] = field(default_factory=list)
    not_found: list[int] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        unreadable = f", {len(self.malformed)} unreadable" if self.malformed else ""
        return (
            f"Members: {len(self.refreshed)} refreshed, {len(self.cached)} already up to date, "
            f"{len(self.not_found)} not found{unreadable} (import run {self.run.pk})."
        )


def _text(value: object, limit: int) -> str:
    return str(value or "").strip()[:limit]


def member_fields_from_api(value: dict) -> dict:
    """Model fields from a Members API ``Member`` value."""
    if not isinstance(value, dict) or not value.get("nameDisplayAs"):
        raise MalformedRecord("Members API record has no nameDisplayAs")
    party = value.get("latestParty") or {}
    membership = value.get("latestHouseMembership") or {}
    status = membership.get("membershipStatus")
    if isinstance(status, dict) and isinstance(status.get("statusIsActive"), bool):
        is_current: bool | None = status["statusIsActive"]
    elif membership.get("membershipEndDate"):
        is_current = False
    else:
        is_current = None
    return {
        "name_display": _text(value.get("nameDisplayAs"), 255),
        "name_list": _text(value.get("nameListAs"), 255),
        "name_full_title": _text(value.get("nameFullTitle"), 255),
        "party": _text(party.get("name"), 100),
        "party_abbreviation": _text(party.get("abbreviation"), 20),
        "party_colour": _text(party.get("backgroundColour"), 7).lstrip("#")[:6],
        "house": MEMBERS_API_HOUSES.get(int(membership.get("house") or 0), ""),
        "membership_from": _text(membership.get("membershipFrom"), 255),
        "is_current": is_current,
        "thumbnail_url": _text(value.get("thumbnailUrl"), 500),
    }


def is_fresh(member: Member | None, *, now: datetime.datetime | None = None) -> bool:
    if member is None or member.fetched_at is None:
        return False
    age = (now or timezone.now()) - member.fetched_at
    return age < datetime.timedelta(days=settings.MEMBER_CACHE_DAYS)


def import_member(
    *, client: ParliamentClient, member_id: int, force: bool = False, with_posts: bool = True
) -> Member:
    """The member with Parliament id ``member_id``, refreshed from the Members API when stale.

    Raises ``MemberNotFound`` if the API has no such member, ``ParliamentUnavailable`` if it
    cannot be reached. Network calls happen before the transaction that writes.
    """
    existing = Member.objects.filter(parliament_id=member_id).first()
    if not force and is_fresh(existing):
        return existing  # type: ignore[return-value]
    value = client.get_member(member_id)
    if value is None:
        raise MemberNotFound(f"The Members API has no member {member_id}")
    fields = member_fields_from_api(value)
    posts = None
    if with_posts:
        biography = client.get_member_biography(member_id)
        posts = (biography or {}).get("governmentPosts") or []
    return save_member(member_id=member_id, fields=fields, government_posts=posts)


@transaction.atomic
def save_member(*, member_id: int, fields: dict, government_posts: list[dict] | None) -> Member:
    member, _ = Member.objects.update_or_create(
        parliament_id=member_id, defaults={**fields, "fetched_at": timezone.now()}
    )
    if government_posts is not None:
        for post in government_posts:
            _save_post(member, post)
    return member


def _save_post(member: Member, post: dict) -> None:
    name = _text(post.get("name"), 255)
    if not name or not post.get("startDate"):
        logger.warning(
            "Skipped a government post of member %s without name or start", member.parliament_id
        )
        return
    start = parse_api_date(post["startDate"], field="governmentPosts.startDate")
    end = (
        parse_api_date(post["endDate"], field="governmentPosts.endDate")
        if post.get("endDate")
        else None
    )
    if end is not None and end < start:
        logger.warning(
            "Skipped post %r of member %s: ends before it starts", name, member.parliament_id
        )
        return
    department = _text(post.get("additionalInfo"), 255)
    body = (
        AnsweringBody.objects.filter(name__iexact=department).order_by("parliament_id").first()
        if department
        else None
    )
    post_id = post.get("id")
    GovernmentPost.objects.update_or_create(
        member=member,
        name=name,
        start_date=start,
        defaults={
            "parliament_post_id": post_id if isinstance(post_id, int) and post_id >= 0 else None,
            "department_name": department,
            "answering_body": body,
            "end_date": end,
        },
    )


def referenced_member_ids() -> tuple[set[int], set[int]]:
    """Parliament ids of members our questions name: ``(all, those who answer or correct)``."""
    askers = WrittenQuestion.objects.filter(asking_member__parliament_id__isnull=False).values_list(
        "asking_member__parliament_id", flat=True
    )
    ministers = (
        Member.objects.filter(parliament_id__isnull=False)
        .filter(
            Q(answers_given__isnull=False)
            | Q(corrections_made__isnull=False)
            | Q(questions_answered__isnull=False)
        )
        .values_list("parliament_id", flat=True)
    )
    minister_ids = {pid for pid in ministers if pid is not None}
    return {pid for pid in askers if pid is not None} | minister_ids, minister_ids


def import_members(
    *,
    client: ParliamentClient,
    member_ids: Iterable[int] | None = None,
    force: bool = False,
    requested_by: User | None = None,
) -> MembersImportResult:
    """Refresh the given members, or every member our questions refer to, as one import run.

    Posts come from each member's Biography for ministers (those who answer or correct), and
    for every member named explicitly. A member the API does not know, or sends unreadable, is
    listed in the run's error and the others go on; ``ParliamentUnavailable`` (or any other
    error) marks the run failed and is raised again for the caller to report.
    """
    if member_ids is None:
        wanted, ministers = referenced_member_ids()
    else:
        wanted = {int(i) for i in member_ids}
        ministers = set(wanted)
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.MEMBERS,
        status=ImportRunStatus.RUNNING,
        started_at=timezone.now(),
        requested_by=requested_by,
        items_total=len(wanted),
    )
    result = MembersImportResult(run=run)
    fresh = {
        m.parliament_id
        for m in Member.objects.filter(parliament_id__in=wanted, fetched_at__isnull=False)
        if is_fresh(m)
    }
    try:
        for member_id in sorted(wanted):
            if member_id in fresh and not force:
                result.cached.append(member_id)
            else:
                try:
                    import_member(
                        client=client,
                        member_id=member_id,
                        force=True,
                        with_posts=member_id in ministers,
                    )
                    result.refreshed.append(member_id)
                except MemberNotFound:
                    result.not_found.append(member_id)
                except MalformedRecord as error:
                    # One unusable record must not stop the others; it is named in the run.
                    result.malformed.append(f"{member_id}: {error}")
            run.items_processed += 1
            if run.items_processed % 20 == 0:
                run.heartbeat_at = timezone.now()
                run.save(update_fields=["items_processed", "heartbeat_at"])
    except Exception as error:
        # Unreachable API or anything unexpected: the run must not be left looking active.
        _finish(
            run, result, status=ImportRunStatus.FAILED, error=str(error) or type(error).__name__
        )
        raise
    problems = []
    if result.not_found:
        problems.append(f"Not found in the Members API: {', '.join(map(str, result.not_found))}")
    problems.extend(f"Unreadable member {item}" for item in result.malformed)
    status = ImportRunStatus.SUCCEEDED_WITH_ERRORS if problems else ImportRunStatus.SUCCEEDED
    _finish(run, result, status=status, error="\n".join(problems))
    return result


def _finish(run: ImportRun, result: MembersImportResult, *, status: str, error: str) -> None:
    run.status = status
    run.error = error
    run.finished_at = timezone.now()
    run.updated_count = len(result.refreshed)
    run.unchanged_count = len(result.cached)
    run.failed_count = len(result.not_found) + len(result.malformed)
    run.save()
