"""Official statistics as citable figures, and the citations that tie them to answers.

A Publication is a release (an EES release, a DSG allocation table, a written answer); a Dataset
is one file of it; a Figure one value of one measure for one geography and period, with a stable
``reference`` that citations and the figure check name. A Citation points at the citing object by
content type and id, because that object (a draft version in ``answers``, a published answer in
``parliament``) sits in the layers above or beside this app, which must not import it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse


class Publication(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    release_date = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    revision_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-release_date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence:publication", args=[self.slug])


class Dataset(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="datasets")
    slug = models.SlugField(max_length=120, unique=True)
    file_name = models.CharField(max_length=255)
    coverage = models.TextField(blank=True)
    # The file's SHA-256 when last loaded: an unchanged file is not read again.
    checksum = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.file_name


class Unit(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENT = "percent", "Per cent"
    GBP = "gbp", "£"
    GBP_MILLION = "gbp_million", "£ million"
    GBP_BILLION = "gbp_billion", "£ billion"


# What a value is multiplied by to give its base quantity (pounds for money).
UNIT_SCALE: dict[str, Decimal] = {
    Unit.NUMBER: Decimal(1),
    Unit.PERCENT: Decimal(1),
    Unit.GBP: Decimal(1),
    Unit.GBP_MILLION: Decimal(1_000_000),
    Unit.GBP_BILLION: Decimal(1_000_000_000),
}


class Kind(models.TextChoices):
    """What a unit measures: derivations only combine figures of one kind."""

    COUNT = "count", "Count"
    MONEY = "money", "Money"
    RATE = "rate", "Rate"


def kind_of(unit: str) -> Kind:
    if unit == Unit.PERCENT:
        return Kind.RATE
    if unit == Unit.NUMBER:
        return Kind.COUNT
    return Kind.MONEY


class GeographyLevel(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER = "other", "Other"


class FigureQuerySet(models.QuerySet["Figure"]):
    def current(self) -> FigureQuerySet:
        return self.filter(revised_by__isnull=True)

    def for_browse(self) -> FigureQuerySet:
        return self.select_related("dataset", "publication", "revised_by")


class Figure(models.Model):
    # Unique by a constraint, not ``unique=True``: on PostgreSQL that would add a second,
    # ``LIKE`` index (nothing matches references by prefix), and every index slows the load.
    reference = models.CharField(max_length=200)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="figures")
    # Usually the dataset's publication; a headline table quotes many publications, one a row.
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="figures")
    # Found through ``figure_series_idx``, which leads with it (an index of its own, and its
    # ``LIKE`` twin on PostgreSQL, only slowed the load).
    measure = models.CharField(max_length=300)
    # The column (or headline id) the value came from, as published.
    source_column = models.CharField(max_length=120, blank=True)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    unit_note = models.CharField(max_length=200, blank=True)
    geography_level = models.CharField(max_length=20, choices=GeographyLevel.choices)
    geography_code = models.CharField(max_length=60, blank=True)
    geography_name = models.CharField(max_length=200)
    period = models.CharField(max_length=80)
    # The year a period starts in, for ordering a series ("2019-20" -> 2019).
    period_start = models.IntegerField(default=0)
    # Filter values that narrow the measure ("age 5 to 10"); "" for the total.
    breakdown = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    # A published suppression or not-applicable marker (z, x, c, :, low) in place of a value.
    marker = models.CharField(max_length=8, blank=True)
    release_date = models.DateField(null=True, blank=True)
    quote = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    revised_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="revises"
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "geography_name", "period_start", "period"]
        indexes = [
            models.Index(fields=["measure", "geography_code", "period"], name="figure_series_idx"),
            models.Index(fields=["geography_level", "period"], name="figure_level_period_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="figure_reference_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(marker=""),
                name="figure_value_or_marker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.measure}, {self.geography_name}, {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("evidence:figure", args=[self.reference])

    @property
    def kind(self) -> Kind:
        return kind_of(self.unit)


# The generation topic (``parliament.generation``) under which pages keep what the citations of
# published answers show (evidence.panels): every write to a citation, or to the figures' values
# (a load), advances it.
CITATIONS = "citations"


class Citation(models.Model):
    """A figure (or the change between two) quoted by a draft or an answer."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    figure = models.ForeignKey(Figure, on_delete=models.PROTECT, related_name="citations")
    # With a second figure the citation is of a derived figure: the change from ``base_figure``
    # to ``figure`` (absolute and per cent).
    base_figure = models.ForeignKey(
        Figure, null=True, blank=True, on_delete=models.PROTECT, related_name="base_citations"
    )
    wording = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["content_type", "object_id", "position", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_target_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "figure"],
                condition=models.Q(base_figure__isnull=True),
                name="citation_one_per_figure",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "figure", "base_figure"],
                name="citation_one_per_derivation",
            ),
        ]

    def __str__(self) -> str:
        if self.base_figure is not None:
            return f"{self.base_figure.reference} → {self.figure.reference}"
        return self.figure.reference
