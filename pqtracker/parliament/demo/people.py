"""Members, ministers and answering bodies for the demo.

Real ministers carry only facts we are sure of (name, house, party, seat, post and its dates);
everyone else is invented, with invented seats, so that no real person or place is misdescribed.
Only Catherine McKinnell has a Members API id (4125); the rest are matched by name, as web-page
imports are, until a Members API import identifies them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pqtracker.parliament.demo.builders import DFE, DHSC, MOJ, member
from pqtracker.parliament.models import AnsweringBody, GovernmentPost, House, Member
from pqtracker.parliament.records import BodyRef, MemberRef


@dataclass(frozen=True)
class DemoMember:
    name: str
    party: str
    abbreviation: str
    colour: str
    house: str
    seat: str
    parliament_id: int | None = None
    list_name: str = ""


@dataclass(frozen=True)
class DemoPost:
    member: str
    name: str
    body: BodyRef
    start: datetime.date
    end: datetime.date | None = None


LIFE_PEER = "Life peer"
_CON = ("Conservative", "Con", "0063ba")
_LAB = ("Labour", "Lab", "d50000")
_LD = ("Liberal Democrat", "LD", "faa61a")
_GREEN = ("Green Party", "Green", "78b82a")
_XB = ("Crossbench", "XB", "a99b8f")
_IND = ("Independent", "Ind", "909090")

MEMBERS: tuple[DemoMember, ...] = (
    # Real ministers.
    DemoMember("Will Quince", *_CON, House.COMMONS, "Colchester", list_name="Quince, Will"),
    DemoMember("Baroness Barran", *_CON, House.LORDS, LIFE_PEER, list_name="Barran, B."),
    DemoMember(
        "Catherine McKinnell",
        *_LAB,
        House.COMMONS,
        "Newcastle upon Tyne North",
        parliament_id=4125,
        list_name="McKinnell, Catherine",
    ),
    # Invented members who ask questions.
    DemoMember(
        "Sarah Whitfield", *_LD, House.COMMONS, "Harrowden Vale", list_name="Whitfield, Sarah"
    ),
    DemoMember("James Okafor", *_LAB, House.COMMONS, "Eastbridge", list_name="Okafor, James"),
    DemoMember("Helen Marsh", *_CON, House.COMMONS, "North Wealdshire", list_name="Marsh, Helen"),
    DemoMember(
        "Daniel Price", *_LAB, House.COMMONS, "Coalbrook and Tarrant", list_name="Price, Daniel"
    ),
    DemoMember("Ruth Ellison", *_GREEN, House.COMMONS, "Stanmoor", list_name="Ellison, Ruth"),
    DemoMember("Tom Haldane", *_CON, House.COMMONS, "Ashcombe", list_name="Haldane, Tom"),
    DemoMember("Priya Nair", *_LAB, House.COMMONS, "Whitmore Heath", list_name="Nair, Priya"),
    DemoMember("Gareth Rhys", *_LD, House.COMMONS, "Mid Tarrant", list_name="Rhys, Gareth"),
    DemoMember("Alison Drummond", *_IND, House.COMMONS, "Fellside", list_name="Drummond, Alison"),
    DemoMember(
        "Baroness Thornbury of Calder",
        *_XB,
        House.LORDS,
        LIFE_PEER,
        list_name="Thornbury of Calder, B.",
    ),
    DemoMember(
        "Lord Fenwick of Alnmouth",
        *_LD,
        House.LORDS,
        LIFE_PEER,
        list_name="Fenwick of Alnmouth, L.",
    ),
    # Invented ministers of other departments, for questions that are not the department's.
    DemoMember(
        "Nadia Rahman", *_LAB, House.COMMONS, "Brookfield Central", list_name="Rahman, Nadia"
    ),
    DemoMember("Martin Cole", *_LAB, House.COMMONS, "Westerleigh", list_name="Cole, Martin"),
)

POSTS: tuple[DemoPost, ...] = (
    DemoPost(
        "Will Quince",
        "Parliamentary Under-Secretary (Department for Education)",
        DFE,
        datetime.date(2021, 9, 16),
        datetime.date(2022, 7, 6),
    ),
    DemoPost(
        "Baroness Barran",
        "Parliamentary Under-Secretary (Department for Education)",
        DFE,
        datetime.date(2021, 9, 17),
        datetime.date(2024, 7, 5),
    ),
    DemoPost(
        "Catherine McKinnell", "Minister of State (Education)", DFE, datetime.date(2024, 7, 9)
    ),
    DemoPost(
        "Nadia Rahman",
        "Minister of State (Department of Health and Social Care)",
        DHSC,
        datetime.date(2024, 7, 9),
    ),
    DemoPost(
        "Martin Cole",
        "Parliamentary Under-Secretary (Ministry of Justice)",
        MOJ,
        datetime.date(2024, 7, 9),
    ),
)

BODIES: tuple[BodyRef, ...] = (
    DFE,
    DHSC,
    MOJ,
    BodyRef(14, "HM Treasury"),
    BodyRef(53, "Cabinet Office"),
)

# References the data modules use: a typo in a name fails at import instead of inventing a member.
_BY_NAME = {m.name: m for m in MEMBERS}


def ref(name: str) -> MemberRef:
    known = _BY_NAME[name]
    return member(known.name, known.parliament_id)


QUINCE = ref("Will Quince")
BARRAN = ref("Baroness Barran")
MCKINNELL = ref("Catherine McKinnell")
WHITFIELD = ref("Sarah Whitfield")
OKAFOR = ref("James Okafor")
MARSH = ref("Helen Marsh")
PRICE = ref("Daniel Price")
ELLISON = ref("Ruth Ellison")
HALDANE = ref("Tom Haldane")
NAIR = ref("Priya Nair")
RHYS = ref("Gareth Rhys")
DRUMMOND = ref("Alison Drummond")
THORNBURY = ref("Baroness Thornbury of Calder")
FENWICK = ref("Lord Fenwick of Alnmouth")
RAHMAN = ref("Nadia Rahman")
COLE = ref("Martin Cole")


def ensure_people() -> None:
    """Create the demo bodies, members and posts that are missing; never overwrite what an
    import has since filled in."""
    bodies = {}
    for body in BODIES:
        bodies[body.parliament_id], _ = AnsweringBody.objects.get_or_create(
            parliament_id=body.parliament_id, defaults={"name": body.name}
        )
    members = {}
    for demo in MEMBERS:
        defaults = {
            "name_display": demo.name,
            "name_list": demo.list_name or demo.name,
            "party": demo.party,
            "party_abbreviation": demo.abbreviation,
            "party_colour": demo.colour,
            "house": demo.house,
            "membership_from": demo.seat,
            "is_current": None,
        }
        if demo.parliament_id is not None:
            members[demo.name], _ = Member.objects.get_or_create(
                parliament_id=demo.parliament_id, defaults=defaults
            )
            continue
        existing = (
            Member.objects.filter(name_display__iexact=demo.name).order_by("parliament_id").first()
        )
        members[demo.name] = existing or Member.objects.create(**defaults)
    for post in POSTS:
        GovernmentPost.objects.get_or_create(
            member=members[post.member],
            name=post.name,
            start_date=post.start,
            defaults={
                "answering_body": bodies[post.body.parliament_id],
                "department_name": post.body.name,
                "end_date": post.end,
            },
        )
