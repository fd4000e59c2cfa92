"""Commons SEND questions of the 2024-26 session, answered by Catherine McKinnell.

Shows a group of four questions from one member answered together, a member's declared interest,
a named-day question, and a question transferred in from another department. Figures come from
the published EHC plans, SEN in England and DSG statistics.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from pqtracker.parliament.demo.builders import (
    DFE,
    DHSC,
    DemoQuestion,
    answer,
    history,
    link,
    once,
    question,
)
from pqtracker.parliament.demo.people import (
    ELLISON,
    MARSH,
    MCKINNELL,
    NAIR,
    OKAFOR,
    PRICE,
    WHITFIELD,
)

D = datetime.date
EES = "https://explore-education-statistics.service.gov.uk/find-statistics"
EHCP = f"{EES}/education-health-and-care-plans"
SEN_IN_ENGLAND = f"{EES}/special-educational-needs-in-england"
SOS = "To ask the Secretary of State for Education, "


def questions(today: datetime.date) -> list[DemoQuestion]:
    return [
        *_timeliness_group(),
        _sen_in_england_2024(),
        _high_needs_allocations(),
        _parent_carer_forums(),
        _alternative_provision_named_day(),
        _waiting_for_assessment_transferred_in(),
        _ehcp_2025(),
        _tribunal_appeals(),
        _primary_need(),
        _personal_budgets(),
    ]


def _timeliness_group() -> list[DemoQuestion]:
    """Four questions tabled together by one member and answered with one answer."""
    tabled, answered = D(2024, 11, 18), D(2024, 11, 26)
    texts = {
        "14870": "how many requests for an education, health and care needs assessment were "
        "received by local authorities in each of the last three years.",
        "14871": "what proportion of new education, health and care plans were issued within 20 "
        "weeks in each of the last three years.",
        "14872": "what steps her Department is taking to reduce the time taken by local "
        "authorities to issue education, health and care plans.",
        "14873": "what assessment she has made of the impact of delays in issuing education, "
        "health and care plans on the attendance of the children concerned.",
    }
    shared = answer(
        "Requests for an education, health and care (EHC) needs assessment have risen sharply. "
        "Local authorities in England received 93,302 initial requests in 2021, 114,482 in 2022 "
        "and 138,242 in 2023, an increase of 21% in the last year.",
        "Excluding cases where an exception to the time limit applied, the proportion of new EHC "
        "plans issued within 20 weeks was:",
        ("59.9% in 2021", "49.2% in 2022", "50.3% in 2023"),
        "This is not good enough. The government inherited a special educational needs and "
        "disabilities (SEND) system in which families wait too long and have to fight for support. "
        "The Autumn Budget 2024 announced an additional £1 billion for SEND in 2025-26.",
        "The department works with local authorities whose timeliness is of concern, through SEND "
        "advisers and commissioned specialist support, to improve their processes and capacity.",
        "The department does not hold data linking the timeliness of EHC plans to pupils' "
        "attendance. The figures above are published in the 'Education, health and care plans' "
        "statistics release: " + link(EHCP) + ".",
        by=MCKINNELL,
        on=answered,
    )
    dates = {uin: tabled for uin in texts}
    items = []
    for offset, (uin, text) in enumerate(texts.items()):
        items.append(
            once(
                question(
                    key=20 + offset,
                    uin=uin,
                    tabled=tabled,
                    heading="Education, Health and Care Plans",
                    asker=OKAFOR,
                    text=SOS + text,
                    grouped=tuple((other, day) for other, day in dates.items() if other != uin),
                    answer=shared,
                ),
                answered,
            )
        )
    return items


def _sen_in_england_2024() -> DemoQuestion:
    record = question(
        key=25,
        uin="8127",
        tabled=D(2024, 10, 7),
        heading="Special Educational Needs: Pupils",
        asker=PRICE,
        text=SOS
        + "how many pupils in England (a) have an education, health and care plan and (b) receive "
        "SEN support.",
        answer=answer(
            "As at January 2024, 434,354 pupils in schools in England had an education, health and "
            "care (EHC) plan, 4.8% of all pupils and an increase of 11.6% on 2023. A further "
            "1,238,851 pupils received SEN support, without an EHC plan.",
            "In total, 1,673,205 pupils had special educational needs, an increase of 101,000 from "
            "2023.",
            "These figures are published in 'Special educational needs in England': "
            + link(SEN_IN_ENGLAND)
            + ".",
            by=MCKINNELL,
            on=D(2024, 10, 10),
        ),
    )
    return once(record, D(2024, 10, 10))


def _high_needs_allocations() -> DemoQuestion:
    record = question(
        key=26,
        uin="9960",
        tabled=D(2024, 10, 14),
        heading="Special Educational Needs: Finance",
        asker=MARSH,
        text=SOS
        + "what the high needs block allocation of the dedicated schools grant was in each "
        "financial year since 2019-20.",
        answer=answer(
            "The high needs block allocations of the dedicated schools grant for local authorities "
            "in England, before deductions for places funded directly, were:",
            (
                "2019-20: £6,279 million",
                "2020-21: £7,063 million",
                "2021-22: £7,906 million",
                "2022-23: £8,988 million",
                "2023-24: £9,952 million",
            ),
            "Allocations for each local authority are published with the dedicated schools grant: "
            + link(
                "https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2023-to-2024"
            )
            + ".",
            by=MCKINNELL,
            on=D(2024, 10, 21),
        ),
    )
    return once(record, D(2024, 10, 21))


def _parent_carer_forums() -> DemoQuestion:
    """The asking member declared a relevant interest (the [R] marker)."""
    record = question(
        key=27,
        uin="22418",
        tabled=D(2025, 1, 13),
        heading="Special Educational Needs: Parents",
        asker=WHITFIELD,
        interest=True,
        text=SOS
        + "what support her Department provides to parent carer forums; and what plans she has to "
        "involve those forums in reforms to the special educational needs system.",
        answer=answer(
            "The department provides grant funding to a parent carer forum in every local "
            "authority area in England, and funds a national delivery partner to support forums "
            "and help them work with their local authority and health partners.",
            "Parent carer forums bring valuable experience of the special educational needs and "
            "disabilities system. The department will continue to engage with forums, and with "
            "families more widely, as it develops its plans for reform.",
            by=MCKINNELL,
            on=D(2025, 1, 20),
        ),
    )
    return once(record, D(2025, 1, 20))


def _alternative_provision_named_day() -> DemoQuestion:
    record = question(
        key=28,
        uin="33105",
        tabled=D(2025, 2, 24),
        due=D(2025, 2, 27),
        named_day=True,
        heading="Alternative Provision",
        asker=ELLISON,
        text=SOS
        + "what steps her Department is taking to ensure that pupils in alternative provision with "
        "special educational needs receive the support set out in their education, health and care "
        "plans.",
        answer=answer(
            "Local authorities have a statutory duty to secure the special educational provision "
            "in a child's education, health and care plan, wherever the child is educated, "
            "including in alternative provision.",
            "The department expects alternative provision to be used as part of a local continuum "
            "of support, with a clear focus on returning pupils to mainstream education or a "
            "suitable specialist setting where that is in their best interests.",
            by=MCKINNELL,
            on=D(2025, 2, 27),
        ),
    )
    return once(record, D(2025, 2, 27))


def _waiting_for_assessment_transferred_in() -> DemoQuestion:
    """Tabled to the Department of Health and Social Care, transferred to the department."""
    tail = (
        "how many requests for an education, health and care needs assessment were received in "
        "2023; and in how many cases the local authority decided to carry out an assessment."
    )
    asked = question(
        key=29,
        uin="38822",
        tabled=D(2025, 3, 10),
        heading="Education, Health and Care Plans: Assessments",
        asker=NAIR,
        body=DHSC,
        text="To ask the Secretary of State for Health and Social Care, " + tail,
    )
    # Parliament readdresses a transferred question to the new department's Secretary of State.
    transferred = replace(asked, answering_body=DFE, question_text=SOS + tail)
    answered = replace(
        transferred,
        answer=answer(
            "In the 2023 calendar year, local authorities in England received 138,242 requests for "
            "an education, health and care (EHC) needs assessment. A decision to assess was made "
            "in 92,985 cases, 67.3% of requests received, and a decision not to assess in 33,141 "
            "cases, 24.0%.",
            "These figures are published in the 'Education, health and care plans' statistics "
            "release: " + link(EHCP) + ".",
            by=MCKINNELL,
            on=D(2025, 3, 17),
        ),
    )
    return history(
        (asked, D(2025, 3, 10)), (transferred, D(2025, 3, 11)), (answered, D(2025, 3, 17))
    )


def _ehcp_2025() -> DemoQuestion:
    record = question(
        key=30,
        uin="64512",
        tabled=D(2025, 6, 30),
        heading="Education, Health and Care Plans",
        asker=PRICE,
        text=SOS
        + "how many children and young people had an education, health and care plan in January "
        "2025; and what proportion of new plans were issued within 20 weeks in 2024.",
        answer=answer(
            "As at January 2025, 638,700 children and young people in England had an education, "
            "health and care (EHC) plan, an increase of 11% on January 2024.",
            "In the 2024 calendar year, 97,747 new EHC plans were issued. Excluding cases where an "
            "exception to the time limit applied, 46.4% were issued within 20 weeks, compared with "
            "50.3% in 2023. Local authorities received 154,489 requests for an EHC needs "
            "assessment in 2024.",
            "These figures are published in the 'Education, health and care plans' statistics "
            "release: " + link(EHCP) + ".",
            by=MCKINNELL,
            on=D(2025, 7, 7),
        ),
    )
    return once(record, D(2025, 7, 7))


def _tribunal_appeals() -> DemoQuestion:
    record = question(
        key=31,
        uin="65230",
        tabled=D(2025, 7, 2),
        heading="Special Educational Needs: Tribunals",
        asker=OKAFOR,
        text=SOS
        + "what assessment she has made of trends in the number of appeals to the SEND Tribunal.",
        answer=answer(
            "In the 2024 calendar year, 22,276 appeals were registered with the First-tier "
            "Tribunal (Special Educational Needs and Disability), an increase of 43% on the 15,615 "
            "registered in 2023.",
            "The department has developed a new methodology for the appeal rate, which counts "
            "appealable decisions more completely. On that basis, over 1 in 20 (6.1%) of "
            "appealable decisions in 2024 were taken to appeal. On the previous methodology, the "
            "rate was 3.2%.",
            "These figures are published in the 'Education, health and care plans' statistics "
            "release: " + link(EHCP) + ".",
            by=MCKINNELL,
            on=D(2025, 7, 9),
        ),
    )
    return once(record, D(2025, 7, 9))


def _primary_need() -> DemoQuestion:
    record = question(
        key=32,
        uin="66941",
        tabled=D(2025, 7, 8),
        heading="Education, Health and Care Plans: Autism",
        asker=WHITFIELD,
        text=SOS
        + "how many education, health and care plans record autistic spectrum disorder as the "
        "primary need.",
        answer=answer(
            "As at January 2025, autistic spectrum disorder was the primary need recorded on "
            "201,183 education, health and care plans in England, 31.5% of all plans. Speech, "
            "language and communication needs were the primary need on 135,836 plans (21.3%), and "
            "social, emotional and mental health needs on 132,217 plans (20.7%).",
            "January 2025 is the first year for which primary need is published for all plans: "
            + link(EHCP)
            + ".",
            by=MCKINNELL,
            on=D(2025, 7, 14),
        ),
    )
    return once(record, D(2025, 7, 14))


def _personal_budgets() -> DemoQuestion:
    record = question(
        key=33,
        uin="67702",
        tabled=D(2025, 7, 10),
        heading="Education, Health and Care Plans: Personal Budgets",
        asker=NAIR,
        text=SOS
        + "how many personal budgets were in place for children and young people with education, "
        "health and care plans in the 2024-25 academic year.",
        answer=answer(
            "In the 2024-25 academic year, there were 19,596 personal budgets for children and "
            "young people with education, health and care plans in England, compared with 18,258 "
            "in 2023-24.",
            "These figures are published in the 'Education, health and care plans' statistics "
            "release: " + link(EHCP) + ".",
            by=MCKINNELL,
            on=D(2025, 7, 17),
        ),
    )
    return once(record, D(2025, 7, 17))
