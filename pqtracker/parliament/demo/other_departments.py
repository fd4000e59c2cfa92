"""Questions other departments answer: one transferred out of the department, and questions the
department follows because they touch SEND. Their ministers are invented."""

from __future__ import annotations

import datetime
from dataclasses import replace

from pqtracker.parliament.demo.builders import (
    DHSC,
    MOJ,
    DemoQuestion,
    answer,
    history,
    link,
    once,
    question,
)
from pqtracker.parliament.demo.people import COLE, DRUMMOND, HALDANE, NAIR, RAHMAN

D = datetime.date


def questions(today: datetime.date) -> list[DemoQuestion]:
    return [_speech_therapy_transferred_out(), _tribunal_hearings(), _autism_assessment()]


def _speech_therapy_transferred_out() -> DemoQuestion:
    """Tabled to the department, transferred to Health and Social Care, answered there."""
    tail = "to reduce waiting times for speech and language therapy for children."
    asked = question(
        key=60,
        uin="29877",
        tabled=D(2025, 2, 3),
        heading="Speech and Language Therapy: Children",
        asker=NAIR,
        text="To ask the Secretary of State for Education, what steps she is taking " + tail,
    )
    # Parliament readdresses a transferred question to the new department's Secretary of State.
    moved_text = (
        "To ask the Secretary of State for Health and Social Care, what steps he is taking " + tail
    )
    moved = replace(asked, answering_body=DHSC, question_text=moved_text)
    answered = replace(
        moved,
        answer=answer(
            "Integrated care boards are responsible for commissioning speech and language therapy "
            "services to meet the needs of their local populations, working with local "
            "authorities, which commission services for children with education, health and care "
            "plans.",
            "The department is working with NHS England and the Department for Education to "
            "improve access to speech and language therapy, including through early identification "
            "of needs in early years settings and schools.",
            by=RAHMAN,
            on=D(2025, 2, 10),
        ),
    )
    return history((asked, D(2025, 2, 3)), (moved, D(2025, 2, 4)), (answered, D(2025, 2, 10)))


def _tribunal_hearings() -> DemoQuestion:
    record = question(
        key=61,
        uin="39510",
        tabled=D(2025, 3, 12),
        heading="Special Educational Needs: Tribunals",
        asker=DRUMMOND,
        body=MOJ,
        text="To ask the Secretary of State for Justice, what steps she is taking to increase the "
        "capacity of the First-tier Tribunal (Special Educational Needs and Disability).",
        answer=answer(
            "His Majesty's Courts and Tribunals Service continues to work with the judiciary to "
            "increase the number of sitting days for the First-tier Tribunal (Special Educational "
            "Needs and Disability), including through the recruitment of additional judges and "
            "specialist members.",
            "Information on appeals received and disposed of is published in the Tribunal "
            "statistics quarterly: "
            + link("https://www.gov.uk/government/collections/tribunals-statistics")
            + ".",
            by=COLE,
            on=D(2025, 3, 20),
        ),
    )
    return once(record, D(2025, 3, 20))


def _autism_assessment() -> DemoQuestion:
    record = question(
        key=62,
        uin="45218",
        tabled=D(2025, 4, 7),
        heading="Autism: Diagnosis",
        asker=HALDANE,
        body=DHSC,
        text="To ask the Secretary of State for Health and Social Care, what steps he is taking to "
        "reduce waiting times for autism assessments for children.",
        answer=answer(
            "Integrated care boards are responsible for commissioning autism assessment services "
            "in line with National Institute for Health and Care Excellence guidelines. NHS "
            "England has published national guidance to help integrated care boards and the "
            "National Health Service improve autism assessment services.",
            "Data on autism assessment waiting times is published by NHS England: "
            + link(
                "https://digital.nhs.uk/data-and-information/publications/statistical/autism-statistics"
            )
            + ".",
            by=RAHMAN,
            on=D(2025, 4, 14),
        ),
    )
    return once(record, D(2025, 4, 14))
