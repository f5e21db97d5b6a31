"""*Samtalsledare*: the counsellor's name and role, tidied, as one line."""

from __future__ import annotations

import pytest

from app.domain.counsellor import MAX_ROLE_LENGTH, Counsellor
from app.domain.models import MAX_NAME_LENGTH, ValidationError


def test_name_and_role_make_one_samtalsledare_line():
    """ "Kim Berg, kurator"; either alone stands alone; none gives nothing."""
    assert Counsellor.make(" Kim  Berg ", "kurator").signature == "Kim Berg, kurator"
    assert Counsellor.make("Kim Berg", "").signature == "Kim Berg"
    assert Counsellor.make("", "Specialpedagog").signature == "Specialpedagog"
    assert Counsellor.make("  ", "\t").signature == ""


def test_a_name_or_role_too_long_is_refused_not_cut():
    """Text over the limit is refused with the reason, never silently cut."""
    with pytest.raises(ValidationError) as caught:
        Counsellor.make("K" * (MAX_NAME_LENGTH + 1), "kurator")
    assert caught.value.params == {"max": MAX_NAME_LENGTH}
    with pytest.raises(ValidationError):
        Counsellor.make("Kim", "r" * (MAX_ROLE_LENGTH + 1))


def test_a_stored_counsellor_reads_back_and_a_broken_one_is_no_one():
    """The stored form round-trips; an unreadable setting names no one."""
    kim = Counsellor.make("Kim Berg", "kurator")
    assert Counsellor.from_doc(kim.to_doc()) == kim
    assert Counsellor.from_doc(None) == Counsellor()
    assert Counsellor.from_doc({"name": "K" * 500}) == Counsellor()
