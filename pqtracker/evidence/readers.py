"""One reader per file shape: EES CSVs, headline-figure tables and counted record lists."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from pqtracker.evidence.models import GeographyLevel, Unit
from pqtracker.evidence.parsing import (
    ENGLAND,
    GEO_COLUMNS,
    LEVELS,
    MARKERS,
    TOTAL_WORDS,
    FigureRecord,
    LoadError,
    ParsedFile,
    PublicationRecord,
    checksum,
    headline_period,
    headline_unit,
    is_value,
    manifest_publication,
    measure_from_column,
    parse_date,
    parse_value,
    period_label,
    read_rows,
    reference_for,
    slugify,
    unit_from_column,
)

UNITS = frozenset(Unit.values)
HEADLINE_COLUMNS = {"id", "publication", "measure", "geography", "period", "value", "unit"}


def is_headline(header: list[str]) -> bool:
    return set(header) >= HEADLINE_COLUMNS


def read_file(path: Path, manifest: dict[str, Any] | None) -> ParsedFile:
    fmt = (manifest or {}).get("dataset", {}).get("format", "")
    header, rows = read_rows(path)
    if fmt == "skip":
        return _parsed(path, manifest, [], [], skipped=manifest["dataset"].get("reason", ""))  # type: ignore[index]
    if fmt == "headline" or (not fmt and is_headline(header)):
        return read_headline(path, header, rows, manifest)
    if fmt == "tally":
        return read_tally(path, header, rows, manifest)  # type: ignore[arg-type]
    return read_ees(path, header, rows, manifest)


def _parsed(
    path: Path,
    manifest: dict[str, Any] | None,
    publications: list[PublicationRecord],
    figures: list[FigureRecord],
    warnings: list[str] | None = None,
    skipped: str = "",
) -> ParsedFile:
    dataset = (manifest or {}).get("dataset", {})
    return ParsedFile(
        path=path,
        dataset_slug=dataset.get("slug") or slugify(path.stem),
        file_name=path.name,
        coverage=dataset.get("coverage", ""),
        checksum=checksum(path),
        publications=publications,
        figures=figures,
        warnings=warnings or [],
        skipped=skipped,
    )


def _check_unique(path: Path, figures: list[FigureRecord], lines: list[int]) -> None:
    seen: dict[str, int] = {}
    for figure, line in zip(figures, lines, strict=True):
        if figure.reference in seen:
            raise LoadError(
                path,
                line,
                figure.source_column,
                f"duplicate row: {figure.geography_name}, {figure.period}"
                + (f", {figure.breakdown}" if figure.breakdown else "")
                + f" is already on line {seen[figure.reference]}",
            )
        seen[figure.reference] = line


def read_ees(
    path: Path, header: list[str], rows: Any, manifest: dict[str, Any] | None
) -> ParsedFile:
    manifest = manifest or {}
    dataset = manifest.get("dataset", {})
    columns = {**{c: c for c in GEO_COLUMNS}, **manifest.get("columns", {})}
    geo = manifest.get("geography", {})
    markers = MARKERS | set(dataset.get("markers", []))
    indicators: dict[str, dict[str, Any]] = manifest.get("indicators", {})
    ignore = set(dataset.get("ignore", []))
    skip_where: dict[str, list[str]] = dataset.get("skip_where", {})
    renames: dict[str, str] = geo.get("rename", {})
    warnings: list[str] = []

    required = [columns["time_period"]]
    if not dataset.get("time_identifier"):
        required.append(columns["time_identifier"])
    if not geo.get("national_codes"):
        required.append(columns["geographic_level"])
    for column in [*required, *indicators]:
        if column not in header:
            raise LoadError(path, 1, column, "this column is missing from the header")
    index = {name: i for i, name in enumerate(header)}
    body = list(rows)

    known = {columns[c] for c in GEO_COLUMNS} | {geo.get("code"), geo.get("name")}
    candidates = [h for h in header if h not in known and h not in ignore]
    filters = dataset.get("filters")
    if filters is None:
        # Without a manifest: a column whose every cell is a number or a marker is an indicator.
        filters = []
        for column in candidates:
            if column in indicators:
                continue
            # Mostly words: a filter. Mostly numbers: an indicator, whose odd words are errors.
            kinds = [is_value(row[index[column]], markers) for _line, row in body]
            if kinds.count(False) > kinds.count(True):
                filters.append(column)
    indicator_columns = [c for c in candidates if c not in filters]
    if not manifest:
        warnings.append(
            f"{path.name}: no manifest; {len(indicator_columns)} indicator columns loaded as "
            "measures named from their columns, under a publication named from the file"
        )
    publication = (
        manifest_publication(manifest)
        if manifest.get("publication")
        else PublicationRecord(slug=slugify(path.stem), title=path.stem.replace("_", " "))
    )
    ds_slug = dataset.get("slug") or slugify(path.stem)
    style = dataset.get("period_style", "")
    release_by_period = {k: parse_date(str(v)) for k, v in dataset.get("release_dates", {}).items()}

    indicator_specs = []
    for column in indicator_columns:
        spec = indicators.get(column, {})
        unit = spec.get("unit") or unit_from_column(column)
        if unit not in UNITS:
            raise LoadError(path, 1, column, f"the manifest's unit “{unit}” is not known")
        measure = spec.get("measure") or measure_from_column(column)
        indicator_specs.append((column, index[column], measure, str(unit)))
    figures: list[FigureRecord] = []
    lines: list[int] = []
    for line, row in body:
        if any(row[index[col]].strip() in values for col, values in skip_where.items()):
            continue
        identifier = dataset.get("time_identifier") or row[index[columns["time_identifier"]]]
        raw_period = row[index[columns["time_period"]]]
        if not raw_period.strip().isdigit():
            raise LoadError(path, line, columns["time_period"], f"“{raw_period}” is not a period")
        period, start = period_label(raw_period, identifier, style)
        level, code, name = _geography(row, index, columns, geo, path, line)
        name = renames.get(name, name)
        values = [row[index[column]].strip() for column in filters]
        # EES marks a total by "Total"/"All …", or (breakdown_topic, breakdown) by one value
        # in both ("New EHC plans", "New EHC plans").
        if len(values) > 1 and len(set(values)) == 1:
            values = []
        breakdown = "; ".join(
            f"{column}={value}"
            for column, value in zip(filters, values, strict=False)
            if value and not TOTAL_WORDS.match(value)
        )
        # Everything but the value is the same for the whole row (or column): made once.
        row_key = ":".join(
            p
            for p in (code or slugify(name), period.replace(" ", "-"), _short(slugify(breakdown)))
            if p
        )
        release = release_by_period.get(period, publication.release_date)
        for column, position, measure, unit in indicator_specs:
            parsed = parse_value(
                row[position], path=path, line=line, column=column, markers=markers
            )
            if parsed is None:
                continue
            figures.append(
                FigureRecord(
                    reference=reference
                    if len(reference := f"{ds_slug}:{column}:{row_key}") <= 200
                    else reference_for(ds_slug, column, row_key),
                    publication_slug=publication.slug,
                    measure=measure,
                    source_column=column,
                    unit=unit,
                    geography_level=level,
                    geography_code=code,
                    geography_name=name,
                    period=period,
                    period_start=start,
                    value=parsed[0],
                    marker=parsed[1],
                    breakdown=breakdown,
                    release_date=release,
                )
            )
            lines.append(line)
    _check_unique(path, figures, lines)
    return _parsed(path, manifest, [publication], figures, warnings)


def _short(slug: str) -> str:
    """A breakdown's part of a reference: readable, and unique however long the breakdown."""
    if len(slug) <= 60:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:8]  # noqa: S324 (a name, not security)
    return f"{slug[:50]}-{digest}"


def _geography(
    row: list[str],
    index: dict[str, int],
    columns: dict[str, str],
    geo: dict[str, Any],
    path: Path,
    line: int,
) -> tuple[str, str, str]:
    def cell(name: str) -> str:
        column = columns.get(name, name)
        return row[index[column]].strip() if column in index else ""

    if geo.get("code"):
        code = row[index[geo["code"]]].strip()
        name = row[index[geo["name"]]].strip()
        if code in geo.get("national_codes", []):
            return GeographyLevel.NATIONAL, ENGLAND, "England"
        if code in geo.get("regional_codes", []):
            return GeographyLevel.REGIONAL, code, name
        return GeographyLevel.LOCAL_AUTHORITY, code, name
    raw_level = cell("geographic_level")
    level = LEVELS.get(raw_level.lower())
    if level is None:
        raise LoadError(path, line, columns["geographic_level"], f"“{raw_level}” is not a level")
    if level == GeographyLevel.NATIONAL:
        return level, cell("country_code") or ENGLAND, cell("country_name") or "England"
    if level == GeographyLevel.REGIONAL:
        name = cell("region_name") or cell("la_name")
        return level, cell("region_code") or slugify(name), name
    code = cell("new_la_code") or cell("old_la_code")
    return level, code, cell("la_name")


def read_headline(
    path: Path, header: list[str], rows: Any, manifest: dict[str, Any] | None
) -> ParsedFile:
    missing = HEADLINE_COLUMNS - set(header)
    if missing:
        raise LoadError(path, 1, sorted(missing)[0], "this column is missing from the header")
    index = {name: i for i, name in enumerate(header)}
    publications: dict[str, PublicationRecord] = {}
    figures: list[FigureRecord] = []
    lines: list[int] = []

    def cell(row: list[str], name: str) -> str:
        return row[index[name]].strip() if name in index else ""

    for line, row in rows:
        reference = cell(row, "id")
        if not reference:
            raise LoadError(path, line, "id", "every figure needs an id")
        unit = headline_unit(cell(row, "unit"))
        if unit is None:
            raise LoadError(
                path,
                line,
                "unit",
                f"“{cell(row, 'unit')}” does not begin with number, percent, "
                "GBP million or GBP billion",
            )
        parsed = parse_value(
            cell(row, "value"), path=path, line=line, column="value", markers=MARKERS
        )
        if parsed is None:
            raise LoadError(path, line, "value", "the value is empty")
        title = cell(row, "publication")
        release = parse_date(cell(row, "release_date"))
        url = cell(row, "source_url")
        slug = slugify(title)[:110]
        known = publications.get(slug)
        if known is not None and url and known.url and url != known.url:
            # One title, several releases (a grant's allocations year by year): each figure
            # links to its own. The first keeps the plain slug, so earlier loads' links stand.
            slug = f"{slugify(title)[:100]}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"
        publication = publications.setdefault(
            slug,
            PublicationRecord(
                slug=slug,
                title=title,
                publisher=cell(row, "publisher"),
                release_date=release,
                url=url,
                licence="Open Government Licence v3.0 / Open Parliament Licence v3.0",
            ),
        )
        if release and (publication.release_date is None or release > publication.release_date):
            publication.release_date = release
        period, start, period_note = headline_period(cell(row, "period"))
        geography = cell(row, "geography") or "England"
        figures.append(
            FigureRecord(
                reference=reference,
                publication_slug=slug,
                measure=cell(row, "measure"),
                source_column=reference,
                unit=unit[0],
                unit_note=unit[1][:200],
                geography_level=GeographyLevel.NATIONAL
                if geography == "England"
                else GeographyLevel.OTHER,
                geography_code=ENGLAND if geography == "England" else slugify(geography),
                geography_name=geography,
                period=period,
                period_start=start,
                value=parsed[0],
                marker=parsed[1],
                release_date=release,
                quote=cell(row, "quote"),
                note="; ".join(n for n in (period_note, cell(row, "notes")) if n)[:300],
            )
        )
        lines.append(line)
    _check_unique(path, figures, lines)
    return _parsed(path, manifest, list(publications.values()), figures)


def read_tally(path: Path, header: list[str], rows: Any, manifest: dict[str, Any]) -> ParsedFile:
    """Records counted into figures: each measure is the number of rows matching its conditions."""
    publication = manifest_publication(manifest)
    dataset = manifest["dataset"]
    index = {name: i for i, name in enumerate(header)}
    tallies: list[dict[str, Any]] = manifest.get("tally", [])
    for tally in tallies:
        for column in tally.get("where", {}):
            if column not in index:
                raise LoadError(path, 1, column, "this column is missing from the header")
    counts = [0] * len(tallies)
    for _line, row in rows:
        for i, tally in enumerate(tallies):
            if all(row[index[c]].strip() in _as_list(v) for c, v in tally.get("where", {}).items()):
                counts[i] += 1
    period = dataset["period"]
    figures = [
        FigureRecord(
            reference=reference_for(dataset["slug"], tally["key"]),
            publication_slug=publication.slug,
            measure=tally["measure"],
            source_column=tally["key"],
            unit=Unit.NUMBER,
            geography_level=GeographyLevel.NATIONAL,
            geography_code=ENGLAND,
            geography_name="England",
            period=period,
            period_start=int(dataset.get("period_start", 0)),
            value=Decimal(count),
            release_date=publication.release_date,
            note=tally.get("note", ""),
        )
        for tally, count in zip(tallies, counts, strict=True)
    ]
    return _parsed(path, manifest, [publication], figures)


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]
