"""Addresses reversed once per process (web.addresses) are the ones reverse() gives."""

from __future__ import annotations

import pytest
from django.test.utils import override_script_prefix
from django.urls import NoReverseMatch, reverse

from pqtracker.web.addresses import address, address_of


@pytest.mark.parametrize("pk", [1, 7, 42, 987_654_321_987, 10**15])
def test_an_address_with_an_id_is_the_one_reverse_gives(pk):
    assert address_of("parliament:question-detail", pk) == reverse(
        "parliament:question-detail", args=[pk]
    )


def test_addresses_follow_the_script_prefix():
    plain = address_of("parliament:question-detail", 5)
    with override_script_prefix("/pq/"):
        assert address_of("parliament:question-detail", 5) == "/pq/questions/5/"
        assert address("parliament:question-list") == "/pq/questions/"
    assert plain == "/questions/5/"
    assert address("parliament:question-list") == "/questions/"


def test_an_argument_that_is_not_an_integer_id_is_reversed_as_it_is():
    assert address_of("answers:link", "abc") == reverse("answers:link", args=["abc"])  # type: ignore[arg-type]


def test_an_unknown_name_raises_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        address("no-such-page")
