"""Commons SEND questions of the 2021-22 and 2022-23 sessions, answered by Will Quince.

Shows a holding answer later replaced by the substantive answer, and an answer corrected after
publication. Figures are the published ones (EHC plans 2022 release, DSG allocations).
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from pqtracker.parliament.demo.builders import (
    DemoQuestion,
    answer,
    correction,
    history,
    holding,
    link,
    once,
    question,
)
from pqtracker.parliament.demo.people import DRUMMOND, ELLISON, HALDANE, MARSH, PRICE, QUINCE, RHYS

D = datetime.date
EES = "https://explore-education-statistics.service.gov.uk/find-statistics"
EHCP_2022 = f"{EES}/education-health-and-care-plans/2022"
CODE_OF_PRACTICE = "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"


def questions(today: datetime.date) -> list[DemoQuestion]:
    return [
        _high_needs_2022_23(),
        _planned_expenditure(),
        _inspections_holding(),
        _high_needs_correction(),
        _ehcp_2022(),
        _placements(),
        _annual_reviews(),
        _sen_in_england_2022(),
    ]


def _high_needs_2022_23() -> DemoQuestion:
    record = question(
        key=1,
        uin="89410",
        tabled=D(2021, 12, 8),
        heading="Special Educational Needs: Finance",
        asker=MARSH,
        text="To ask the Secretary of State for Education, what estimate his Department has made "
        "of the increase in high needs funding for local authorities in the 2022-23 financial "
        "year.",
        answer=answer(
            "High needs funding is increasing nationally by £780 million, or 9.6%, in the 2022-23 "
            "financial year compared to the 2021-22 financial year. This will bring the total high "
            "needs funding we allocate to £8.9 billion, an increase of over a third since 2019-20.",
            "This follows the increase of more than £1.5 billion over the previous two years.",
            "Provisional allocations for each local authority are published here: "
            + link(
                "https://www.gov.uk/government/publications/national-funding-formula-tables-for-schools-and-high-needs-2022-to-2023"
            )
            + ".",
            by=QUINCE,
            on=D(2021, 12, 13),
        ),
    )
    return once(record, D(2021, 12, 13))


def _inspections_holding() -> DemoQuestion:
    """A named-day question that got a holding answer, then the substantive answer a week later."""
    asked = question(
        key=2,
        uin="101562",
        tabled=D(2022, 1, 10),
        due=D(2022, 1, 12),
        named_day=True,
        heading="Special Educational Needs: Inspections",
        asker=PRICE,
        text="To ask the Secretary of State for Education, how many local areas have been required "
        "to produce a written statement of action following an Ofsted and Care Quality Commission "
        "area SEND inspection; and what support his Department provides to those areas.",
    )
    held = replace(asked, answer=holding(by=QUINCE, on=D(2022, 1, 12)))
    answered = replace(
        asked,
        answer=answer(
            "As at 31 March 2021, Ofsted and the Care Quality Commission (CQC) had carried out "
            "joint inspections of special educational needs and disabilities (SEND) arrangements "
            "in 116 of the 151 local areas in England. Just over half of these areas (59 out of "
            "116) were required to produce and submit a written statement of action.",
            "The department, with SEND advisers and NHS England advisers, provides support and "
            "challenge to each area required to produce a written statement of action or "
            "accelerated progress plan, until the area has shown that it has made sufficient "
            "progress in addressing its weaknesses.",
            "Ofsted's main findings are published here: "
            + link(
                "https://www.gov.uk/government/statistics/area-send-inspections-and-outcomes-in-england-as-at-31-march-2021",
                "Area SEND inspections and outcomes in England as at 31 March 2021",
            )
            + ".",
            by=QUINCE,
            on=D(2022, 1, 19),
            holding_on=D(2022, 1, 12),
        ),
    )
    return history((asked, D(2022, 1, 10)), (held, D(2022, 1, 12)), (answered, D(2022, 1, 19)))


def _high_needs_correction() -> DemoQuestion:
    """Answered on 24 January 2022; the minister corrected a percentage on 7 February."""
    asked = question(
        key=3,
        uin="108271",
        tabled=D(2022, 1, 19),
        heading="Special Educational Needs: Finance",
        asker=HALDANE,
        text="To ask the Secretary of State for Education, what the total high needs funding "
        "allocation to local authorities will be in the 2022-23 financial year; and by what "
        "proportion that allocation has increased since 2019-20.",
    )
    first = answer(
        "High needs funding is increasing in the 2022-23 financial year by £1 billion to over £9.1 "
        "billion. This unprecedented year-on-year increase of 13% includes the additional funding "
        "announced in December 2021.",
        "This means that high needs funding will have increased by over 50% since 2019-20.",
        by=QUINCE,
        on=D(2022, 1, 24),
    )
    corrected = correction(
        first,
        "High needs funding is increasing in the 2022-23 financial year by £1 billion to over £9.1 "
        "billion. This unprecedented year-on-year increase of 13% includes the additional funding "
        "announced in December 2021.",
        "This means that high needs funding will have increased by over 40% since 2019-20.",
        by=QUINCE,
        on=D(2022, 2, 7),
    )
    return history(
        (asked, D(2022, 1, 19)),
        (replace(asked, answer=first), D(2022, 1, 24)),
        (replace(asked, answer=corrected), D(2022, 2, 7)),
    )


def _ehcp_2022() -> DemoQuestion:
    record = question(
        key=4,
        uin="3418",
        tabled=D(2022, 5, 16),
        heading="Education, Health and Care Plans",
        asker=RHYS,
        text="To ask the Secretary of State for Education, how many new education, health and care "
        "plans were issued in 2021; and what proportion of those plans were issued within the "
        "statutory 20-week time limit.",
        answer=answer(
            "In the 2021 calendar year, 62,180 new education, health and care (EHC) plans were "
            "issued in England, an increase of 3% on 2020. Excluding cases where an exception to "
            "the time limit applied, 59.9% of new EHC plans were issued within 20 weeks.",
            "There were 473,300 children and young people with EHC plans as at January 2022, an "
            "increase of 10% from 430,700 as at January 2021.",
            "The department recognises that too many families wait too long for an EHC plan. The "
            "SEND Review green paper, published on 29 March 2022, sets out proposals for a single "
            "national SEND system with clear standards for how needs are identified and met.",
            "The figures are published in the 'Education, health and care plans' statistics "
            "release: " + link(EHCP_2022) + ".",
            by=QUINCE,
            on=D(2022, 5, 19),
        ),
    )
    return once(record, D(2022, 5, 19))


def _annual_reviews() -> DemoQuestion:
    record = question(
        key=5,
        uin="12990",
        tabled=D(2022, 6, 6),
        heading="Education, Health and Care Plans: Reviews",
        asker=MARSH,
        text="To ask the Secretary of State for Education, what guidance his Department issues to "
        "local authorities on the timeliness of annual reviews of education, health and care "
        "plans.",
        answer=answer(
            "Local authorities must review each education, health and care (EHC) plan at least "
            "every 12 months. The statutory requirements, including the timescales for the review "
            "meeting and for notifying the child's parent or the young person of the local "
            "authority's decision, are set out in chapter 9 of the SEND Code of "
            "Practice: " + link(CODE_OF_PRACTICE) + ".",
            "Where a local authority does not meet its statutory duties, parents can complain to "
            "the local authority and, if they remain dissatisfied, to the Local Government and "
            "Social Care Ombudsman.",
            by=QUINCE,
            on=D(2022, 6, 9),
        ),
    )
    return once(record, D(2022, 6, 9))


def _planned_expenditure() -> DemoQuestion:
    record = question(
        key=6,
        uin="92741",
        tabled=D(2021, 12, 13),
        heading="Special Educational Needs: Local Government Finance",
        asker=ELLISON,
        text="To ask the Secretary of State for Education, what local authorities in England plan "
        "to spend on high needs in the 2021-22 financial year.",
        answer=answer(
            "Local authorities in England have budgeted to spend £6.2 billion on high needs in the "
            "2021-22 financial year, an increase of £1.4 billion since 2019-20. Of this, £5.6 "
            "billion is planned expenditure on high needs top-up funding and SEN support services.",
            "These figures come from local authorities' section 251 budget statements and are "
            "published in 'Planned LA and school expenditure': "
            + link(f"{EES}/planned-la-and-school-expenditure/2021-22")
            + ".",
            by=QUINCE,
            on=D(2021, 12, 16),
        ),
    )
    return once(record, D(2021, 12, 16))


def _placements() -> DemoQuestion:
    record = question(
        key=7,
        uin="6219",
        tabled=D(2022, 5, 23),
        heading="Education, Health and Care Plans: Special Schools",
        asker=DRUMMOND,
        text="To ask the Secretary of State for Education, what proportion of children and young "
        "people with an education, health and care plan were educated in (a) special schools and "
        "(b) mainstream schools in January 2022.",
        answer=answer(
            "As at January 2022, 34.8% of children and young people with an education, health and "
            "care (EHC) plan received their provision in special schools, a decrease on the "
            "previous year, and 40.5% in mainstream schools.",
            "16,300 children and young people with EHC plans were recorded as educated elsewhere, "
            "or as awaiting provision, and 12,500 young people were recorded as not in education, "
            "employment or training.",
            "The figures are published in the 'Education, health and care plans' statistics "
            "release: " + link(EHCP_2022) + ".",
            by=QUINCE,
            on=D(2022, 5, 26),
        ),
    )
    return once(record, D(2022, 5, 26))


def _sen_in_england_2022() -> DemoQuestion:
    record = question(
        key=8,
        uin="21877",
        tabled=D(2022, 6, 20),
        heading="Special Educational Needs: Pupils",
        asker=PRICE,
        text="To ask the Secretary of State for Education, what proportion of pupils in England "
        "(a) had an education, health and care plan and (b) received SEN support in January 2022.",
        answer=answer(
            "As at January 2022, 4.0% of pupils in schools in England had an education, health and "
            "care (EHC) plan, and 12.6% received SEN support, up from 12.2% in 2021. The number of "
            "pupils with SEN support increased by 4% to 1,129,800.",
            "The number of pupils with an EHC plan has increased by 9% since 2021, and by 50% "
            "since 2016.",
            "These figures are published in 'Special educational needs in England': "
            + link(f"{EES}/special-educational-needs-in-england/2021-22")
            + ".",
            by=QUINCE,
            on=D(2022, 6, 23),
        ),
    )
    return once(record, D(2022, 6, 23))
