from __future__ import annotations

from django import template

from pqtracker.answers import rules
from pqtracker.answers.models import Case

register = template.Library()


@register.simple_tag
def holder(case: Case) -> str:
    """Who holds the case now (a person, or the PQ team, candidates...)."""
    return rules.holder_label(case)
