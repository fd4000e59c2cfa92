"""Writes for the evidence library: loading statistics files, citing and unciting figures.

Each verb is keyword-only, atomic and audited. ``load_file`` is one transaction per file: a bad
row anywhere (found while reading, before any write) leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.evidence import bulk, revisions
from pqtracker.evidence.manifests import manifest_for
from pqtracker.evidence.models import CITATIONS, Citation, Dataset, Figure, Publication
from pqtracker.evidence.parsing import FigureRecord, ParsedFile
from pqtracker.evidence.readers import read_file
from pqtracker.parliament import generation

BATCH = 2000
# Figure's fields a load writes: the bulk insert's columns after reference and dataset, in its
# order, so the insert and the update of changed figures can never disagree.
FIELDS = bulk.COLUMNS[2:]


@dataclass
class LoadReport:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    revised: int = 0
    skipped: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


def load_path(*, path: Path, actor: Any = None) -> LoadReport:
    """Read one file (its manifest found by name) and write it, all or nothing."""
    return load_parsed(parsed=read_file(path, manifest_for(path)), actor=actor)


def load_parsed(*, parsed: ParsedFile, actor: Any = None) -> LoadReport:
    report = LoadReport(parsed.file_name, warnings=tuple(parsed.warnings), skipped=parsed.skipped)
    if parsed.skipped:
        return report
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A load is idempotent and re-run from its files, so a crash that loses its commit
            # loses nothing that matters; waiting for the WAL flush was a third of a large load.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        publications = {}
        for record in parsed.publications:
            publication, _ = Publication.objects.update_or_create(
                slug=record.slug,
                defaults={
                    "title": record.title,
                    "publisher": record.publisher,
                    "release_date": record.release_date,
                    "url": record.url,
                    "licence": record.licence,
                    "revision_notes": record.revision_notes,
                },
            )
            publications[record.slug] = publication
        first = parsed.publications[0].slug
        dataset, _ = Dataset.objects.get_or_create(
            slug=parsed.dataset_slug,
            defaults={"publication": publications[first], "file_name": parsed.file_name},
        )
        if dataset.checksum == parsed.checksum:
            report.unchanged = len(parsed.figures)
            return report
        _write_figures(dataset, publications, parsed.figures, report)
        report.revised = revisions.mark_revisions(
            measures={f.measure for f in parsed.figures}, dataset=dataset
        )
        generation.advance(topic=CITATIONS)  # cited figures' values may have changed
        Dataset.objects.filter(pk=dataset.pk).update(
            publication=publications[first],
            file_name=parsed.file_name,
            coverage=parsed.coverage,
            checksum=parsed.checksum,
            loaded_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.EVIDENCE_LOADED,
            target=dataset,
            data={
                "file": parsed.file_name,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
    return report


def _write_figures(
    dataset: Dataset,
    publications: dict[str, Publication],
    records: list[FigureRecord],
    report: LoadReport,
) -> None:
    existing: dict[str, Figure] = {}
    if all(r.reference.startswith(f"{dataset.slug}:") for r in records):
        # References made from the dataset's slug can only be in this dataset.
        existing = {f.reference: f for f in Figure.objects.filter(dataset=dataset)}
    else:
        refs = [r.reference for r in records]
        for start in range(0, len(refs), BATCH):
            for found in Figure.objects.filter(reference__in=refs[start : start + BATCH]):
                existing[found.reference] = found
    new: list[tuple[Any, ...]] = []
    changed: list[Figure] = []
    for record in records:
        figure = existing.get(record.reference)
        if figure is None:
            new.append((record.reference, dataset.pk, *_values(record, publications)))
            continue
        values = dict(zip(FIELDS, _values(record, publications), strict=True))
        if figure.dataset_id != dataset.pk or any(
            getattr(figure, k) != v for k, v in values.items()
        ):
            figure.dataset = dataset
            for key, value in values.items():
                setattr(figure, key, value)
            changed.append(figure)
        else:
            report.unchanged += 1
    for start in range(0, len(new), 20 * BATCH):
        bulk.insert_figures(new[start : start + 20 * BATCH])
    if changed:
        Figure.objects.bulk_update(changed, ["dataset", "publication", *FIELDS[1:]], batch_size=500)
    report.created, report.updated = len(new), len(changed)


def _values(record: FigureRecord, publications: dict[str, Publication]) -> tuple[Any, ...]:
    """The record's values for ``FIELDS``, in order."""
    return (
        publications[record.publication_slug].pk,
        record.measure,
        record.source_column,
        str(record.unit),
        record.unit_note,
        str(record.geography_level),
        record.geography_code,
        record.geography_name,
        record.period,
        record.period_start,
        record.breakdown,
        record.value,
        record.marker,
        record.release_date,
        record.quote,
        record.note,
    )


def cite(
    *,
    actor: Any,
    target: models.Model,
    figure: Figure,
    base_figure: Figure | None = None,
    wording: str = "",
) -> Citation:
    """Cite ``figure`` (or the change from ``base_figure`` to it) from ``target``; idempotent."""
    if base_figure is not None and base_figure.kind != figure.kind:
        raise ValueError("A derived figure compares figures of one kind (money, count or rate).")
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        citation, created = Citation.objects.get_or_create(
            content_type=content_type,
            object_id=target.pk,
            figure=figure,
            base_figure=base_figure,
            defaults={
                "wording": wording,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
                "position": Citation.objects.filter(
                    content_type=content_type, object_id=target.pk
                ).count()
                + 1,
            },
        )
        if created:
            audit.record(
                actor=actor,
                verb=AuditVerb.EVIDENCE_CITED,
                # On the citing record's timeline (a draft's case), where people look for it.
                target=target,
                data={
                    "citation": citation.pk,
                    "figure": figure.reference,
                    "base_figure": base_figure.reference if base_figure else "",
                    "cited_by": f"{content_type.app_label}.{content_type.model}:{target.pk}",
                    "wording": wording,
                },
            )
    return citation


def uncite(*, actor: Any, citation: Citation) -> bool:
    """Remove a citation; False (and nothing written) if it was already gone."""
    with transaction.atomic():
        target = citation.content_type.get_object_for_this_type(pk=citation.object_id)
        data = {
            "citation": citation.pk,
            "figure": citation.figure.reference,
            "cited_by": f"{citation.content_type.app_label}.{citation.content_type.model}:"
            f"{citation.object_id}",
        }
        deleted, _ = Citation.objects.filter(pk=citation.pk).delete()
        if deleted:
            audit.record(actor=actor, verb=AuditVerb.EVIDENCE_UNCITED, target=target, data=data)
    return bool(deleted)


def citations_for(target: models.Model) -> Iterable[Citation]:
    return Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("figure__publication", "base_figure")
