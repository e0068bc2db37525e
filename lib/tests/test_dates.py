import doctest

from lib import dates
from lib.dates import parse_deadline


def test_it_keeps_its_docstring_examples_true():
    assert doctest.testmod(dates).failed == 0


def test_it_gives_no_due_date_for_the_time_the_work_starts():
    assert parse_deadline("2027年起", 2026) is None
    assert parse_deadline("自2026年7月1日起施行", 2026) is None
    assert parse_deadline("2027年底前", 2026).isoformat() == "2027-12-31"
