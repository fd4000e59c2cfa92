"""load_evidence: every file in ../shared/data/send, checked against its README's published
totals; idempotent re-loads; bad files refused whole, with file, line and column."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pqtracker.audit.models import AuditEvent
from pqtracker.evidence import services
from pqtracker.evidence.models import Dataset, Figure, Unit
from pqtracker.evidence.parsing import LoadError

HNB = "dsg-allocations:high_needs_block_before_deductions_gbp:E92000001:"


def value(reference: str) -> Decimal | None:
    return Figure.objects.get(reference=reference).value


@pytest.mark.shared
@pytest.mark.django_db
def test_loads_every_send_file_with_the_published_totals(shared_dir):
    send = shared_dir / "data" / "send"
    out = StringIO()
    call_command("load_evidence", str(send), "--no-progress", stdout=out, stderr=StringIO())
    assert "23 of 23 files loaded" in out.getvalue()
    # README section 4: England high needs block, before deductions.
    assert [
        value(HNB + year) for year in ("2019-20", "2020-21", "2021-22", "2022-23", "2023-24")
    ] == [
        Decimal(6279123139),
        Decimal(7063230381),
        Decimal(7906348577),
        Decimal(8988258915),
        Decimal(9952172126),
    ]
    # NOTES section 3: EHC plans as at January, and new plans by calendar year.
    plans = "ehcp-2025-caseload:ehcplans:E92000001:January-"
    assert [value(plans + y) for y in ("2022", "2023", "2024", "2025")] == [
        473255,
        517048,
        576474,
        638745,
    ]
    new = "ehcp-2025-new-plans:new_ehc_plans:E92000001:"
    assert [value(new + y) for y in ("2021", "2022", "2023", "2024")] == [
        62180,
        66706,
        84428,
        97747,
    ]
    assert value("ehcp-2022-sen2-mi:NewallEHC:E92000001:2021") == 62180
    timeliness = "ehcp-2025-timeliness:PC_plans_issued_20_weeks_ex:E92000001:"
    assert [value(timeliness + y) for y in ("2019", "2022", "2024")] == [
        Decimal("60.4"),
        Decimal("49.2"),
        Decimal("46.4"),
    ]
    assert value("ehcp-2025-send-tribunal:appeals_registered:E92000001:2024") == 22276
    assert value("ehcp-2025-send-tribunal:send_tribunal_appeal_rate:E92000001:2024") == Decimal(
        "3.2"
    )
    assert value("lait-sen-in-england:SEN_TotStat:E92000001:January-2025") == Decimal("5.3")
    # README section 5: 82 WSoA and 67 not; revisits 20 all, 24 some, 2 none.
    ofsted = "ofsted-area-send-2016:"
    assert [
        value(ofsted + k)
        for k in ("wsoa", "no-wsoa", "revisit-all", "revisit-some", "revisit-none")
    ] == [
        82,
        67,
        20,
        24,
        2,
    ]
    # README section 7: 61 headline figures, with their units.
    assert Figure.objects.filter(dataset__slug="headline-figures").count() == 61
    assert Figure.objects.get(reference="HL446-2019-20").unit == Unit.GBP_MILLION
    assert Figure.objects.get(reference="PQ73735-3").unit_note == "more than"
    # Known revisions: 575,963 -> 576,474; £8,981m -> £8,988.3m; £6,279m is not revised.
    assert Figure.objects.get(reference="EHCP24-1").revised_by.reference == plans + "2024"
    assert Figure.objects.get(reference="HL446-2022-23").revised_by.reference == HNB + "2022-23"
    assert Figure.objects.get(reference="HL446-2019-20").revised_by is None
    assert Figure.objects.get(reference="EHCP22-1").revised_by is None  # 473,300 is 473,255 rounded
    # Suppression markers are kept, with no value.
    assert Figure.objects.filter(marker="x", value__isnull=True).exists()

    count, events = Figure.objects.count(), AuditEvent.objects.count()
    again = StringIO()
    call_command("load_evidence", str(send), "--no-progress", stdout=again, stderr=StringIO())
    assert " 0 new figures, 0 changed" in again.getvalue()
    assert (Figure.objects.count(), AuditEvent.objects.count()) == (count, events)


EES_HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,plans,plans_pc"


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_an_ees_file_without_a_manifest_loads_with_a_warning(tmp_path):
    path = write(
        tmp_path,
        "new_release.csv",
        EES_HEADER,
        "2024,Calendar year,National,E92000001,England,100,x",
        '2025,Calendar year,National,E92000001,England,"1,200",12.5',
    )
    report = services.load_path(path=path)
    assert report.created == 4 and "no manifest" in report.warnings[0]
    figure = Figure.objects.get(reference="new-release:plans_pc:E92000001:2025")
    assert (figure.measure, figure.unit, figure.value) == (
        "Plans pc",
        Unit.PERCENT,
        Decimal("12.5"),
    )
    assert Figure.objects.get(reference="new-release:plans:E92000001:2025").value == 1200
    assert Figure.objects.get(reference="new-release:plans_pc:E92000001:2024").marker == "x"
    # Again: nothing changes. A corrected file updates in place.
    assert services.load_path(path=path).created == 0
    write(
        tmp_path,
        "new_release.csv",
        EES_HEADER,
        "2024,Calendar year,National,E92000001,England,101,x",
        '2025,Calendar year,National,E92000001,England,"1,200",12.5',
    )
    assert services.load_path(path=path).updated == 1


@pytest.mark.parametrize(
    ("lines", "line", "column", "message"),
    [
        (
            ["time_period,geographic_level,plans", "2024,National,1"],
            1,
            "time_identifier",
            "missing",
        ),
        (
            [
                EES_HEADER,
                "2024,Calendar year,National,E92000001,England,1,2",
                "2025,Calendar year,National,E92000001,England,lots,2",
            ],
            3,
            "plans",
            "“lots” is not a number",
        ),
        (
            [
                EES_HEADER,
                "2024,Calendar year,National,E92000001,England,1,2",
                "2024,Calendar year,National,E92000001,England,1,2",
            ],
            3,
            "plans",
            "already on line 2",
        ),
        (
            [EES_HEADER, "2024,Calendar year,Planet,E92000001,England,1,2"],
            2,
            "geographic_level",
            "not a level",
        ),
        ([EES_HEADER, "2024,Calendar year,National,E92000001,England,1"], 2, "", "columns"),
    ],
    ids=["wrong-columns", "bad-value", "duplicate-row", "bad-level", "short-row"],
)
@pytest.mark.django_db
def test_a_bad_file_is_refused_whole(tmp_path, lines, line, column, message):
    path = write(tmp_path, "bad.csv", *lines)
    with pytest.raises(LoadError) as caught:
        services.load_path(path=path)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message and "bad.csv" in str(caught.value)
    assert not Figure.objects.exists() and not Dataset.objects.exists()


@pytest.mark.django_db
def test_the_command_reports_a_bad_file_and_loads_the_others(tmp_path):
    write(tmp_path, "a_good.csv", EES_HEADER, "2024,Calendar year,National,E92000001,England,1,2")
    write(
        tmp_path,
        "b_bad.csv",
        EES_HEADER,
        "2024,Calendar year,National,E92000001,England,1,two",
        "2025,Calendar year,National,E92000001,England,1,3",
        "2026,Calendar year,National,E92000001,England,1,4",
    )
    with pytest.raises(CommandError, match=r"b_bad.csv, line 2, column plans_pc: “two”"):
        call_command(
            "load_evidence", str(tmp_path), "--no-progress", stdout=StringIO(), stderr=StringIO()
        )
    assert set(Figure.objects.values_list("dataset__slug", flat=True)) == {"a-good"}


@pytest.mark.django_db
def test_headline_units_must_be_known(tmp_path):
    header = "id,publication,publisher,release_date,measure,geography,period,value,unit"
    path = write(
        tmp_path,
        "headlines.csv",
        header,
        "X-1,Pub,DfE,2022-06-08,Funding,England,2021,5,GBP thousand",
    )
    with pytest.raises(LoadError, match="line 2, column unit"):
        services.load_path(path=path)


def test_each_figure_links_to_its_own_release_of_one_title(demo_figures):
    def url(reference: str) -> str:
        return Figure.objects.select_related("publication").get(reference=reference).publication.url

    assert url("DEMO-HNB-2019-20").endswith("dsg-2019-to-2020")
    assert url("DEMO-HNB-2021-22").endswith("dsg-2021-to-2022")
    # Rows of one title and one address share their publication.
    assert url("DEMO-EHCP-2022") == url("DEMO-EHCP-2025")
    assert (
        Figure.objects.get(reference="DEMO-EHCP-2022").publication_id
        == Figure.objects.get(reference="DEMO-EHCP-2025").publication_id
    )


@pytest.mark.parametrize(
    ("older", "newer", "revised"),
    [
        ((Decimal("8981"), Unit.GBP_MILLION, ""), (Decimal("8988258915"), Unit.GBP), True),
        ((Decimal("6279"), Unit.GBP_MILLION, ""), (Decimal("6279123139"), Unit.GBP), False),
        # A newer figure published less precisely revises nothing.
        ((Decimal("7063230381"), Unit.GBP, ""), (Decimal("7063"), Unit.GBP_MILLION), False),
        ((Decimal("473300"), Unit.NUMBER, "rounded"), (Decimal("473255"), Unit.NUMBER), False),
        ((Decimal("575963"), Unit.NUMBER, ""), (Decimal("576474"), Unit.NUMBER), True),
        ((Decimal("46"), Unit.PERCENT, "rounded"), (Decimal("46.4"), Unit.PERCENT), False),
    ],
)
def test_what_counts_as_a_revision(older, newer, revised):
    from pqtracker.evidence.revisions import differs

    assert differs(*older, *newer) is revised


@pytest.mark.django_db
def test_a_newer_release_marks_the_older_figure_revised(tmp_path):
    header = "id,publication,publisher,release_date,measure,geography,period,value,unit"
    services.load_path(
        path=write(
            tmp_path,
            "old.csv",
            header,
            "OLD-1,Old,DfE,2024-06-13,Plans,England,January 2024,575963,number",
        )
    )
    services.load_path(
        path=write(
            tmp_path,
            "new.csv",
            header,
            "NEW-1,New,DfE,2025-06-26,Plans,England,January 2024,576474,number",
        )
    )
    assert Figure.objects.get(reference="OLD-1").revised_by.reference == "NEW-1"
    assert Figure.objects.get(reference="NEW-1").revised_by is None
