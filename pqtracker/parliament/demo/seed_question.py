"""The seed question: a real Department for Education answer, exactly as published.

House of Commons UIN 87924, tabled 6 December 2021, answered 9 December 2021 by Will Quince.
The page it comes from does not name the asking member, and its API id is unknown: both stay
empty rather than guessed.
"""

from __future__ import annotations

import datetime

from pqtracker.parliament.demo.builders import DemoQuestion, answer, once, question
from pqtracker.parliament.demo.people import QUINCE

QUESTION_TEXT = (
    "To ask the Secretary of State for Education, what assessment the Government has made of the "
    "capacity of local authorities, educational settings and health and care services to provide a "
    "high level of support and choice for families, as set out in the Special Educational Needs "
    "Code of Practice."
)

ANSWER_BLOCKS: tuple[str | tuple[str, ...], ...] = (
    "The department closely monitors a range of data and intelligence to assess the operation and "
    "delivery of the special educational needs and disabilities (SEND) system. This includes data "
    "on:",
    (
        "special educational needs in schools via the annual collection of data from schools",
        "the numbers of new assessments, plans and placements",
        "local authority expenditure and dedicated schools grant assessment on spend/financial "
        "sustainability including Section 251 returns",
        "feedback from local authorities and the Parent and Pupil Panel survey",
        "inspection or revisit reports from the local area SEND inspections undertaken by Ofsted "
        "and Care Quality Commission (CQC).",
    ),
    "The government recognises that the current SEND system does not deliver the outcomes we want "
    "or expect for children and young people with SEND, their families or the people and services "
    "who support them. The SEND Review is seeking to improve the outcomes for children, with high "
    "expectations and ambitions. We need to build a financially sustainable system, where there is "
    "clear accountability. The Review will publish as a green paper for full public consultation "
    "in the first three months of 2022.",
    "The department, with SEND advisers and NHS England advisers, provides support and challenge "
    "to 89 local authority/health/social care areas who, following their Ofsted and CQC inspection "
    "or revisit, were required to produce a written statement of action (71 local authorities) or "
    "accelerated progress plan (19 local authorities) to improve the local areas’ ability to meet "
    "their statutory duties as set out in the SEND Code of Practice. In addition, the department "
    "commissions specialist support from delivery partners and delivers training programmes to "
    "local authorities, health and social care staff across the country on their statutory "
    "assessment duties.",
    "We recognise that pressures on high needs budgets have contributed to some local authorities "
    "finding it difficult to manage their dedicated schools grant funding.",
    "By financial year 2021-22, annual funding allocations to local authorities for high needs "
    "will have increased by more than £2 billion, or one third, since 2019-20. As a result of the "
    "recent Spending Review, overall funding for the core schools budget, from which high needs "
    "funding is drawn, will increase by a further £4.7 billion by financial year 2024-25, compared "
    "to previous plans, representing further real terms per pupil increase each year. We will "
    "announce how that increase will be split between mainstream schools and high needs in due "
    "course.",
)


def questions(today: datetime.date) -> list[DemoQuestion]:
    tabled, answered = datetime.date(2021, 12, 6), datetime.date(2021, 12, 9)
    record = question(
        key=None,
        uin="87924",
        tabled=tabled,
        heading="Special Educational Needs",
        text=QUESTION_TEXT,
        answer=answer(*ANSWER_BLOCKS, by=QUINCE, on=answered),
    )
    return [once(record, answered)]
