"""Members and answering bodies for a whole batch of records, in a few queries.

``services.resolve_member``/``resolve_body`` applied to every ref in order, with the same
placeholder and renaming rules, but one SELECT and one INSERT for the batch.
"""

from __future__ import annotations

from collections.abc import Iterable

from pqtracker.parliament.models import AnsweringBody, Member
from pqtracker.parliament.records import BodyRef, MemberRef
from pqtracker.parliament.services import resolve_body, resolve_member


def resolve_members(refs: Iterable[MemberRef]) -> dict[MemberRef, Member | None]:
    """``services.resolve_member`` for many refs, applied in order, in three queries."""
    refs = [ref for ref in refs if ref]
    if not refs:
        return {MemberRef(): None}
    by_id = {
        m.parliament_id: m
        for m in Member.objects.filter(
            parliament_id__any={r.parliament_id for r in refs if r.parliament_id}
        ).order_by()
    }
    created: dict[int, Member] = {}
    renamed: dict[int, Member] = {}
    resolved: dict[MemberRef, Member | None] = {MemberRef(): None}
    for ref in refs:
        if not ref.parliament_id:
            resolved[ref] = resolve_member(ref)
            continue
        member = by_id.get(ref.parliament_id)
        if member is None:
            member = Member(
                parliament_id=ref.parliament_id,
                name_display=ref.name or f"Member {ref.parliament_id}",
            )
            by_id[ref.parliament_id] = created[ref.parliament_id] = member
        elif (
            ref.name
            and member.name_display.startswith("Member ")
            and member.name_display != ref.name
        ):
            member.name_display = ref.name
            if ref.parliament_id not in created:
                renamed[ref.parliament_id] = member
        resolved[ref] = member
    if created:
        Member.objects.bulk_create(created.values())
        if any(m.pk is None for m in created.values()):  # a backend that returns no ids
            fresh = Member.objects.in_bulk(list(created), field_name="parliament_id")
            for member in created.values():
                member.pk = fresh[member.parliament_id].pk
    if renamed:
        Member.objects.bulk_update(renamed.values(), ["name_display"])
    return resolved


def resolve_bodies(refs: Iterable[BodyRef]) -> dict[BodyRef, AnsweringBody | None]:
    refs = [ref for ref in refs if ref]
    by_id = {
        b.parliament_id: b
        for b in AnsweringBody.objects.filter(
            parliament_id__any={r.parliament_id for r in refs if r.parliament_id}
        ).order_by()
    }
    created: dict[int, AnsweringBody] = {}
    renamed: dict[int, AnsweringBody] = {}
    resolved: dict[BodyRef, AnsweringBody | None] = {BodyRef(): None}
    for ref in refs:
        if not ref.parliament_id:
            resolved[ref] = resolve_body(ref)
            continue
        body = by_id.get(ref.parliament_id)
        if body is None:
            body = AnsweringBody(
                parliament_id=ref.parliament_id, name=ref.name or f"Body {ref.parliament_id}"
            )
            by_id[ref.parliament_id] = created[ref.parliament_id] = body
        elif ref.name and body.name != ref.name:
            body.name = ref.name
            if ref.parliament_id not in created:
                renamed[ref.parliament_id] = body
        resolved[ref] = body
    if created:
        AnsweringBody.objects.bulk_create(created.values())
        if any(b.pk is None for b in created.values()):
            fresh = AnsweringBody.objects.in_bulk(list(created), field_name="parliament_id")
            for body in created.values():
                body.pk = fresh[body.parliament_id].pk
    if renamed:
        AnsweringBody.objects.bulk_update(renamed.values(), ["name"])
    return resolved
