from datetime import date

import pytest

from travelrisk.law.rules import as_date, entry_into_force, withdrawal_effective


@pytest.mark.parametrize(
    "deposit, expected",
    [
        (date(1999, 2, 1), date(2002, 7, 1)),  # deposited long before: with the Statute
        (date(2002, 4, 11), date(2002, 7, 1)),  # the day of the 60th instrument
        (date(2002, 7, 1), date(2002, 9, 1)),  # Australia: 60th day is 2002-08-30
        (date(2023, 11, 14), date(2024, 2, 1)),  # Armenia
        (date(2024, 10, 25), date(2025, 1, 1)),  # Ukraine: 60th day 2024-12-24, across the year
        (date(2015, 1, 2), date(2015, 4, 1)),  # Palestine
        (date(2019, 11, 26), date(2020, 2, 1)),  # Kiribati
    ],
)
def test_entry_into_force_follows_article_126(deposit: date, expected: date) -> None:
    assert entry_into_force(deposit) == expected


def test_sixtieth_day_on_the_last_day_of_a_month_moves_to_the_next_month() -> None:
    # 2023-01-30 + 60 days = 2023-03-31: in force on the first day of the month after, 2023-04-01.
    assert entry_into_force(date(2023, 1, 30)) == date(2023, 4, 1)


def test_withdrawal_takes_effect_one_year_after_notification() -> None:
    assert withdrawal_effective(date(2025, 6, 2)) == date(2026, 6, 2)
    assert withdrawal_effective(date(2016, 10, 27)) == date(2017, 10, 27)
    assert withdrawal_effective(date(2024, 2, 29)) == date(2025, 3, 1)


def test_as_date_reads_dates_and_iso_strings_only() -> None:
    assert as_date(date(2020, 1, 2)) == date(2020, 1, 2)
    assert as_date("2020-01-02") == date(2020, 1, 2)
    assert as_date("2020-13-02") is None
    assert as_date(20200102) is None
