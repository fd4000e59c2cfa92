"""House of Lords SEND questions (UINs "HL…"), answered by Baroness Barran.

Lords questions have no named day and are due 14 days after tabling. One shows a heading that
Parliament added days after the question was tabled.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from pqtracker.parliament.demo.builders import DemoQuestion, answer, history, link, once, question
from pqtracker.parliament.demo.people import BARRAN, FENWICK, THORNBURY

D = datetime.date
HMG_BEFORE_SEPT_2022 = "To ask Her Majesty's Government "
HMG = "To ask His Majesty's Government "
IMPROVEMENT_PLAN = (
    "https://www.gov.uk/government/publications/send-and-alternative-provision-improvement-plan"
)


def questions(today: datetime.date) -> list[DemoQuestion]:
    return [
        _send_review(),
        _high_needs_by_year(),
        _inspection_framework(),
        _improvement_plan(),
        _ehcp_timeliness_2022(),
    ]


def _send_review() -> DemoQuestion:
    record = question(
        key=50,
        uin="HL4890",
        tabled=D(2021, 12, 14),
        heading="Special Educational Needs",
        asker=THORNBURY,
        text=HMG_BEFORE_SEPT_2022
        + "when they expect to publish the outcome of the review of the special educational needs "
        "and disabilities system.",
        answer=answer(
            "The government recognises that the current special educational needs and disabilities "
            "(SEND) system does not deliver the outcomes we want or expect for children and young "
            "people with SEND, their families or the people and services who support them.",
            "The SEND Review will publish as a green paper for full public consultation in the "
            "first three months of 2022.",
            by=BARRAN,
            on=D(2022, 1, 4),
        ),
    )
    return once(record, D(2022, 1, 4))


def _high_needs_by_year() -> DemoQuestion:
    record = question(
        key=51,
        uin="HL612",
        tabled=D(2022, 5, 26),
        heading="Special Educational Needs: Finance",
        asker=FENWICK,
        text=HMG_BEFORE_SEPT_2022
        + "what the total high needs funding allocated to local authorities in England was in each "
        "financial year since 2017-18.",
        answer=answer(
            "Total high needs funding allocations to local authorities in England have been:",
            (
                "2017-18: £5,827 million",
                "2018-19: £6,115 million",
                "2019-20: £6,279 million",
                "2020-21: £7,063 million",
                "2021-22: £7,906 million",
                "2022-23: £8,981 million, including the supplementary funding announced in "
                "December 2021",
            ),
            "High needs funding in 2022-23 is over 40% higher than in 2019-20.",
            by=BARRAN,
            on=D(2022, 6, 9),
        ),
    )
    return once(record, D(2022, 6, 9))


def _inspection_framework() -> DemoQuestion:
    record = question(
        key=52,
        uin="HL5560",
        tabled=D(2023, 2, 6),
        heading="Special Educational Needs: Inspections",
        asker=THORNBURY,
        text=HMG
        + "what changes have been made to the inspection of local area arrangements for children "
        "and young people with special educational needs and disabilities.",
        answer=answer(
            "Ofsted and the Care Quality Commission introduced a new area special educational "
            "needs and disabilities (SEND) inspection framework in January 2023. Inspections now "
            "look at the impact of the local area partnership's arrangements on the experiences "
            "and outcomes of children and young people with SEND, and are followed by ongoing "
            "engagement between inspections.",
            "Where inspectors identify widespread or systemic failings, the local area partnership "
            "must prepare a priority action plan. The department and NHS England monitor progress "
            "against these plans.",
            by=BARRAN,
            on=D(2023, 2, 20),
        ),
    )
    return once(record, D(2023, 2, 20))


def _improvement_plan() -> DemoQuestion:
    """Tabled without a heading; Parliament added it three days later."""
    asked = question(
        key=53,
        uin="HL7712",
        tabled=D(2023, 5, 15),
        asker=FENWICK,
        text=HMG + "what progress they have made in implementing the Special Educational Needs and "
        "Disabilities and Alternative Provision Improvement Plan.",
    )
    heading = "Special Educational Needs: Alternative Provision"
    answered = answer(
        "The Special Educational Needs and Disabilities (SEND) and Alternative Provision "
        "Improvement Plan, published in March 2023, sets out the government's plans to establish a "
        "single national SEND and alternative provision system, with national standards for how "
        "needs are identified and met.",
        "Change Programme partnerships are testing the proposals in the plan in local areas before "
        "they are rolled out nationally. The plan is published here: "
        + link(IMPROVEMENT_PLAN)
        + ".",
        by=BARRAN,
        on=D(2023, 5, 25),
    )
    return history(
        (asked, D(2023, 5, 15)),
        (replace(asked, heading=heading), D(2023, 5, 18)),
        (replace(asked, heading=heading, answer=answered), D(2023, 5, 25)),
    )


def _ehcp_timeliness_2022() -> DemoQuestion:
    record = question(
        key=54,
        uin="HL1322",
        tabled=D(2024, 1, 8),
        heading="Education, Health and Care Plans",
        asker=THORNBURY,
        text=HMG
        + "how many new education, health and care plans were issued in 2022; and what proportion "
        "were issued within 20 weeks.",
        answer=answer(
            "In the 2022 calendar year, 66,706 new education, health and care (EHC) plans were "
            "issued in England. Excluding cases where an exception to the time limit applied, "
            "49.2% were issued within 20 weeks, compared with 59.9% in 2021.",
            "Local authorities received 114,482 requests for an EHC needs assessment in 2022, an "
            "increase of 23% on 2021.",
            "These figures are published in the 'Education, health and care plans' statistics "
            "release: "
            + link(
                "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"
            )
            + ".",
            by=BARRAN,
            on=D(2024, 1, 19),
        ),
    )
    return once(record, D(2024, 1, 19))
