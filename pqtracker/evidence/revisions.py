"""Which figures a newer release revises (a decision made in Python over one query).

Two figures are the same statistic when measure, geography code, period and breakdown agree. The
one with the latest release date is current; an older one is revised when its value, rounded as
the older figure was published, differs from the newer one's (HL446's £8,981m for 2022-23 is
revised by the final DSG table's £8,988,258,915; its £6,279m for 2019-20 is not revised by
£6,279,123,139). Figures without a release date are never compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pqtracker.evidence.models import UNIT_SCALE, Dataset, Figure, kind_of


def published_step(value: Decimal, unit: str, unit_note: str) -> Decimal:
    """The rounding a published value carries, in base units."""
    scale = UNIT_SCALE[unit]
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < 0:
        step = Decimal(10) ** exponent
    elif "round" in unit_note.lower() and value:
        text = str(int(value))
        step = Decimal(10) ** (len(text) - len(text.rstrip("0")))
    else:
        step = Decimal(1)
    return step * scale


def differs(value: Decimal, unit: str, unit_note: str, newer: Decimal, newer_unit: str) -> bool:
    """Does the newer value, rounded as the older was published, give a different figure?"""
    if kind_of(unit) != kind_of(newer_unit):
        return False
    old = value * UNIT_SCALE[unit]
    new = newer * UNIT_SCALE[newer_unit]
    # At the coarser of the two roundings: a newer figure published less precisely (HL446's
    # £7,063m for the DSG table's £7,063,230,381) revises nothing.
    step = max(published_step(value, unit, unit_note), published_step(newer, newer_unit, ""))
    return abs(new - old) > step / 2


def mark_revisions(*, measures: Iterable[str], dataset: Dataset | None = None) -> int:
    """Set ``revised_by`` across every figure of these measures; returns how many are revised.

    With ``dataset`` (the one just loaded), only measures some other dataset also has can change:
    most columns of a release are its own.
    """
    measures = set(measures)
    if dataset is not None:
        measures = set(
            Figure.objects.filter(measure__in=measures)
            .exclude(dataset=dataset)
            .values_list("measure", flat=True)
            .distinct()
        )
        if not measures:
            return 0
    groups: dict[tuple[str, str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    rows = Figure.objects.filter(
        measure__in=list(measures), release_date__isnull=False, value__isnull=False
    ).values_list(
        "measure",
        "geography_code",
        "period",
        "breakdown",
        "pk",
        "release_date",
        "value",
        "unit",
        "unit_note",
        "revised_by_id",
    )
    for row in rows.iterator(chunk_size=10000):
        groups[row[:4]].append(row[4:])
    updates: dict[int | None, list[int]] = defaultdict(list)
    revised = 0
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (r[1], r[0]))
        newest = group[-1]
        for pk, release, value, unit, unit_note, current in group:
            target = (
                newest[0]
                if release < newest[1] and differs(value, unit, unit_note, newest[2], newest[3])
                else None
            )
            revised += target is not None
            if current != target:
                updates[target].append(pk)
    for target, pks in updates.items():
        Figure.objects.filter(pk__in=pks).update(revised_by_id=target)
    return revised
