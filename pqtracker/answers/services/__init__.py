"""The answering workflow's writes: keyword-only verbs, atomic, audited, each transition a
conditional update on the status it expects (``core.move``). Import from here."""

from pqtracker.answers.services.clearance import (
    approve_step,
    current_step,
    return_step,
    save_chain,
    send_to_clearance,
    start_drafting,
)
from pqtracker.answers.services.commissioning import (
    accept,
    bulk_commission,
    commission,
    default_deadline,
    escalate_unclaimed,
    minister_choices,
    reassign,
    reject,
    transfer_out,
    use_signed_link,
)
from pqtracker.answers.services.deadline import change_internal_deadline
from pqtracker.answers.services.figures import (
    accept_flag,
    can_accept_flags,
    cite_figure,
    uncite_figure,
)
from pqtracker.answers.services.record import follow_record
from pqtracker.answers.services.submission import (
    cleared_text,
    link_published_answers,
    record_letter_sent,
    set_delay_reason,
    submit,
)

__all__ = [
    "accept",
    "accept_flag",
    "approve_step",
    "bulk_commission",
    "change_internal_deadline",
    "can_accept_flags",
    "cite_figure",
    "cleared_text",
    "commission",
    "current_step",
    "default_deadline",
    "escalate_unclaimed",
    "follow_record",
    "link_published_answers",
    "minister_choices",
    "reassign",
    "record_letter_sent",
    "reject",
    "return_step",
    "save_chain",
    "send_to_clearance",
    "set_delay_reason",
    "start_drafting",
    "submit",
    "transfer_out",
    "uncite_figure",
    "use_signed_link",
]
