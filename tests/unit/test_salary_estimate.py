"""The salary estimator's rules on small hand-made boards: back-off, the minimum count, never for a stated salary,
currencies kept apart, and the band's quantiles, widening and rounding."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from services.jobs.salary_estimate import (
    Basis,
    Comparables,
    Estimate,
    PayFacts,
    Rules,
    band,
    quantile,
)

_IDS = itertools.count(1)
RULES = Rules(minimum=3, quantile=0.25, min_width=0.10)


def job(
    pay: tuple[int | None, int | None] | None = None,
    *,
    family: str | None = "payroll",
    step: int | None = 2,
    region: str | None = "Yorkshire",
    country: str | None = "United Kingdom",
    currency: str = "GBP",
) -> PayFacts:
    """A job stating `pay` (annual min, max), or none when `pay` is None."""
    low, high = pay or (None, None)
    return PayFacts(
        job_id=next(_IDS), stated=pay is not None, currency=currency if pay else None, annual_min=low,
        annual_max=high, family=family, step=step, region=region, country=country,
    )  # fmt: skip


def paid(*mids: int, **where: object) -> list[PayFacts]:
    return [job((m, m), **where) for m in mids]  # type: ignore[arg-type]


def test_the_narrowest_group_that_is_large_enough_wins() -> None:
    here = paid(26_000, 31_000, 36_000)
    elsewhere = paid(40_000, 41_000, 42_000, region="London")
    table = Comparables([*here, *elsewhere])
    estimate = table.estimate(job(), RULES)
    assert estimate == Estimate(28_000, 34_000, "GBP", 3, Basis.FAMILY_STEP_AREA)

    # Too few in the region: the family at that step anywhere.
    table = Comparables([*here[:2], *elsewhere])
    estimate = table.estimate(job(), RULES)
    assert estimate is not None and (estimate.basis, estimate.count) == (Basis.FAMILY_STEP, 5)


def test_backing_off_to_neighbouring_steps_then_other_families() -> None:
    neighbours = [*paid(25_000, step=1), *paid(35_000, 36_000, step=3)]
    other_family = paid(28_000, 29_000, 30_000, family="ap_ar_bookkeeping")
    far = paid(90_000, 95_000, 99_000, step=5)
    asked = job()

    estimate = Comparables([*neighbours, *other_family, *far]).estimate(asked, RULES)
    assert estimate is not None and (estimate.basis, estimate.count) == (Basis.FAMILY_NEAR_STEP, 3)

    estimate = Comparables([*neighbours[:2], *other_family, *far]).estimate(asked, RULES)
    assert estimate is not None and (estimate.basis, estimate.count) == (Basis.STEP, 3)
    assert estimate.high <= 31_000  # the payroll jobs a step away are not in the same-step group

    mixed = [*neighbours[:2], *paid(28_000, family="ap_ar_bookkeeping"), *far]
    estimate = Comparables(mixed).estimate(asked, RULES)
    assert estimate is not None and (estimate.basis, estimate.count) == (Basis.NEAR_STEP, 3)
    assert estimate.high < 90_000  # two steps away never compares


def test_a_family_the_title_names_not_goes_straight_to_the_step_groups() -> None:
    table = Comparables(paid(30_000, 31_000, 32_000))
    estimate = table.estimate(job(family=None), RULES)
    assert estimate is not None and estimate.basis is Basis.STEP


def test_fewer_than_the_minimum_gives_no_estimate() -> None:
    board = paid(30_000, 31_000, 32_000, 33_000)
    assert Comparables(board[:3]).estimate(job(), Rules(minimum=4)) is None
    estimate = Comparables(board).estimate(job(), Rules(minimum=4))
    assert estimate is not None and estimate.count == 4


def test_no_estimate_without_a_step() -> None:
    table = Comparables(paid(30_000, 31_000, 32_000))
    assert table.estimate(job(step=None), RULES) is None


def test_never_an_estimate_for_a_job_that_states_its_salary() -> None:
    board = paid(30_000, 31_000, 32_000, 33_000)
    table = Comparables(board)
    assert table.estimate(board[0], RULES) is None
    assert table.estimate(job((None, 45_000)), RULES) is None  # an "up to" is stated too


def test_the_job_itself_is_never_its_own_comparable() -> None:
    board = paid(30_000, 31_000, 32_000)
    asked = replace(board[0], stated=False, currency=None, annual_min=None, annual_max=None)
    assert Comparables(board).estimate(asked, RULES) is None  # two others only
    assert Comparables([*board, *paid(33_000)]).estimate(asked, RULES) is not None


def test_currencies_never_mix() -> None:
    uk = paid(30_000, 31_000, 32_000)
    armenia = paid(6_000, 7_000, 8_000, 9_000, region=None, country="Armenia", currency="USD")
    table = Comparables([*uk, *armenia])

    at_home = table.estimate(job(), RULES)
    assert at_home is not None and (at_home.currency, at_home.count) == ("GBP", 3) and at_home.low >= 29_000
    abroad = table.estimate(job(region=None, country="Armenia"), RULES)
    assert abroad is not None and (abroad.currency, abroad.count, abroad.basis) == ("USD", 4, Basis.FAMILY_STEP_AREA)
    assert abroad.high <= 9_000
    # A country whose ads state no salary, or an unknown country: the currency would be a guess.
    assert table.estimate(job(region=None, country="Georgia"), RULES) is None
    assert table.estimate(job(region=None, country=None), RULES) is None


def test_a_country_estimates_in_the_currency_most_of_its_ads_state() -> None:
    board = [*paid(30_000, 31_000, 32_000), *paid(40_000, currency="EUR")]
    table = Comparables(board)
    assert table.currency_for(job()) == "GBP"
    estimate = table.estimate(job(), RULES)
    assert estimate is not None and estimate.count == 3  # the ad in euros does not count


def test_midpoints_of_ranges_and_of_one_stated_end() -> None:
    assert job((30_000, 40_000)).midpoint == 35_000
    assert job((None, 40_000)).midpoint == 40_000
    assert job((30_000, None)).midpoint == 30_000
    assert job().midpoint is None


def test_the_band_is_the_quantiles_rounded_outwards() -> None:
    mids = [20_000, 30_000, 40_000, 50_000, 60_000]
    assert quantile(sorted(mids), 0.25) == 30_000
    assert quantile(sorted(mids), 0.1) == pytest.approx(24_000)
    assert band(mids, Rules(quantile=0.25)) == (30_000, 50_000)
    assert band([31_500, 33_200, 44_900], Rules(quantile=0.25)) == (32_000, 40_000)
    # £10k steps above £100k: two significant figures.
    assert band([150_000, 160_000, 172_000], Rules(quantile=0.25)) == (150_000, 170_000)


def test_a_band_narrower_than_the_minimum_width_is_widened_around_its_centre() -> None:
    low, high = band([40_000, 40_000, 40_000], Rules(quantile=0.25, min_width=0.10))
    assert (low, high) == (38_000, 42_000)
    assert band([40_000], Rules(quantile=0.25, min_width=0.0)) == (40_000, 40_000)
