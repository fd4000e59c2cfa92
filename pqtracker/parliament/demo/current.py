"""Questions of the current session. Most are dated relative to today, so that the demo always
has questions due today, due tomorrow and overdue, one whose heading is not yet published, a
withdrawn one, and a question re-asked by another member three weeks after the first was answered
(flagged at intake as a possible duplicate, with its referral answer).

The holding answer still standing and the re-asked pair have fixed dates: an answer dated relative
to today would become a new answer version every day the seed is rerun. Who answers for the
department now is not something this data asserts, so it names no minister.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from pqtracker.calendar.rules import add_working_days
from pqtracker.parliament.demo.builders import (
    TREASURY,
    DemoQuestion,
    answer,
    history,
    holding,
    once,
    question,
)
from pqtracker.parliament.demo.dates import on_or_before
from pqtracker.parliament.demo.people import (
    DRUMMOND,
    ELLISON,
    FENWICK,
    HALDANE,
    MARSH,
    NAIR,
    OKAFOR,
    PRICE,
    RHYS,
    THORNBURY,
    WHITFIELD,
)
from pqtracker.parliament.records import MemberRef

SOS = "To ask the Secretary of State for Education, "
HOLDING_ON = datetime.date(2026, 10, 15)
FIRST_ASKED = datetime.date(2026, 10, 19)
RE_ASKED = datetime.date(2026, 11, 9)
HMG = "To ask His Majesty's Government "


def questions(today: datetime.date) -> list[DemoQuestion]:
    # Offsets count working days from the last working day on or before today: on a weekend or
    # a bank holiday, what is "due today" fell due on the working day before.
    anchor = on_or_before(today)

    def day(offset: int) -> datetime.date:
        return add_working_days(anchor, offset)

    heading_later = question(
        key=72,
        uin="86018",
        tabled=day(-1),
        asker=RHYS,
        text=SOS
        + "how many schools in England employ or commission a speech and language therapist.",
    )
    holding_base = question(
        key=77,
        uin="71392",
        tabled=datetime.date(2026, 10, 12),
        due=datetime.date(2026, 10, 15),
        named_day=True,
        heading="Special Educational Needs: Finance",
        asker=WHITFIELD,
        text=SOS
        + "how many local authorities had a cumulative deficit on their dedicated schools grant at "
        "the end of the 2025-26 financial year; and what the total of those deficits was.",
    )
    withdrawn = question(
        key=78,
        uin="85501",
        tabled=day(-6),
        heading="Special Educational Needs: Finance",
        asker=OKAFOR,
        text=SOS + "what the total high needs block allocation is for the 2026-27 financial year.",
    )
    return [
        # Due today: an ordinary question and a named-day one.
        once(
            question(
                key=70,
                uin="85112",
                tabled=day(-2),
                heading="Special Educational Needs: Transport",
                asker=PRICE,
                text=SOS
                + "how many children with education, health and care plans were eligible for free "
                "home to school transport in each of the last three years.",
            )
        ),
        once(
            question(
                key=71,
                uin="85340",
                tabled=day(-3),
                due=day(0),
                named_day=True,
                heading="Alternative Provision: Special Educational Needs",
                asker=ELLISON,
                text=SOS + "how many pupils with an education, health and care plan were placed in "
                "alternative provision in each local authority in the latest year for which "
                "figures are available.",
            )
        ),
        # Due tomorrow: one whose heading Parliament added a day after tabling, and a named day.
        history(
            (heading_later, day(-1)),
            (replace(heading_later, heading="Speech and Language Therapy: Schools"), day(0)),
        ),
        once(
            question(
                key=73,
                uin="85977",
                tabled=day(-2),
                due=day(1),
                named_day=True,
                heading="Education, Health and Care Plans: Reviews",
                asker=HALDANE,
                text=SOS
                + "what proportion of annual reviews of education, health and care plans were "
                "completed within the statutory time limit in the last year for which figures are "
                "available.",
            )
        ),
        # Overdue.
        once(
            question(
                key=74,
                uin="84290",
                tabled=day(-9),
                heading="Special Schools: Capital Investment",
                asker=MARSH,
                text=SOS
                + "how many new specialist places for pupils with special educational needs have "
                "been created with high needs capital funding since 2022.",
            )
        ),
        once(
            question(
                key=75,
                uin="84811",
                tabled=day(-7),
                due=day(-3),
                named_day=True,
                heading="Special Educational Needs: Tribunals",
                asker=DRUMMOND,
                text=SOS
                + "in what proportion of appeals to the SEND Tribunal in the latest year for which "
                "figures are available the tribunal found in favour of the appellant.",
            )
        ),
        # Tabled today; Parliament has not yet given it a heading.
        once(
            question(
                key=76,
                uin="86233",
                tabled=day(0),
                asker=NAIR,
                text=SOS
                + "what guidance is provided to schools on making reasonable adjustments to "
                "uniform policies for pupils with sensory processing needs.",
            )
        ),
        # A holding answer still standing.
        history(
            (holding_base, holding_base.date_tabled),
            (replace(holding_base, answer=holding(by=MemberRef(), on=HOLDING_ON)), HOLDING_ON),
        ),
        # Withdrawn by the member two days after tabling.
        history((withdrawn, day(-6)), withdrawn=True),
        # Lords: due 14 days after tabling (about nine working days).
        once(
            question(
                key=79,
                uin="HL11842",
                tabled=day(-9),
                heading="Special Educational Needs: Teachers",
                asker=FENWICK,
                text=HMG
                + "what training on special educational needs is included in initial teacher "
                "training.",
            )
        ),
        once(
            question(
                key=80,
                uin="HL11650",
                tabled=day(-14),
                heading="Special Educational Needs: Mental Health Services",
                asker=THORNBURY,
                text=HMG
                + "what steps they are taking to improve access to mental health support for "
                "pupils with special educational needs in mainstream schools.",
            )
        ),
        # Asked and answered; then asked again, in nearly the same words, by another member.
        once(
            question(
                key=82,
                uin="80417",
                tabled=FIRST_ASKED,
                heading="Educational Psychologists: Local Government",
                asker=MARSH,
                text=SOS
                + "how many educational psychologists were employed by local authorities in "
                "England in each of the last five years.",
                answer=answer(
                    "Local authorities employ educational psychologists, and the department does "
                    "not hold figures for the number they employ centrally.",
                    "The department funds the initial training of educational psychologists "
                    "through a three-year doctoral programme.",
                    by=MemberRef(),
                    on=datetime.date(2026, 10, 27),
                ),
            ),
            on=datetime.date(2026, 10, 27),
        ),
        once(
            question(
                key=83,
                uin="83906",
                tabled=RE_ASKED,
                heading="Educational Psychologists: Local Government",
                asker=PRICE,
                text=SOS
                + "how many educational psychologists have been employed by local authorities in "
                "England in each of the last five years.",
            )
        ),
        # Another department's question on the same subject, followed but not answered here.
        once(
            question(
                key=81,
                uin="86050",
                tabled=day(-1),
                heading="Independent Schools: VAT",
                asker=HALDANE,
                body=TREASURY,
                text="To ask the Chancellor of the Exchequer, how many pupils with an education, "
                "health and care plan attend independent schools that charge VAT on fees.",
            )
        ),
    ]
