"""A salary estimate for an ad that states none: a band read from the board's own stated salaries of comparable jobs.

Comparable means the same currency and a step on the career ladder (`services.jobs.roles`) within one of the
job's. The estimator backs off in a fixed order and stops at the first group that holds at least `Rules.minimum`
jobs with a stated salary:

    1. same role family, same step, same area (the UK region, or the country abroad)
    2. same role family, same step
    3. same role family, step within one
    4. same step, any family
    5. step within one, any family

A job with no step, or none of whose groups is large enough, gets no estimate; so does a job whose country is
unknown or whose country's ads state no salary at all (the currency would be a guess: an estimate is in the
currency most of the country's ads state), and, always, a job that states its salary. The band
runs from the `quantile` to the `1 - quantile` quantile of the group's annual midpoints (the middle of a stated
range, or its one stated end), is widened to `min_width` of its centre when narrower, and rounded outwards to two
significant figures (to £1k below £100k). An estimate is the board's going rate for such jobs, never what the
employer pays: it is shown as "est." and never stored or filtered on as a stated salary.

`DEFAULT_RULES` (`minimum` and `quantile`) are what `tests/benchmarks/bench_salary.py` chooses on folds of the real
ads; it reports the figure held out from that choice (docs/salary-estimates.md). `min_width` is set, not fitted.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cachetools import TTLCache

from db.uow import UnitOfWorkFactory


class Basis(StrEnum):
    """Which comparable jobs an estimate was made from (the back-off's levels, narrowest first)."""

    FAMILY_STEP_AREA = "family_step_area"
    FAMILY_STEP = "family_step"
    FAMILY_NEAR_STEP = "family_near_step"
    STEP = "step"
    NEAR_STEP = "near_step"


@dataclass(frozen=True, slots=True)
class Estimate:
    """An estimated annual salary band, from `count` comparable ads that state one."""

    low: int
    high: int
    currency: str
    count: int
    basis: Basis


@dataclass(frozen=True, slots=True)
class Rules:
    minimum: int = 15
    """The fewest comparable jobs an estimate is made from."""
    quantile: float = 0.10
    """The band runs from this quantile of the comparables' midpoints to 1 - this."""
    min_width: float = 0.10
    """The narrowest band, as a share of its centre (a group of one pay grade would otherwise give a point)."""


DEFAULT_RULES = Rules()


@dataclass(frozen=True, slots=True)
class PayFacts:
    """What the estimator reads of one indexed job (`db.models.JobIndexEntry`)."""

    job_id: int
    stated: bool
    currency: str | None
    annual_min: int | None
    annual_max: int | None
    family: str | None
    step: int | None
    region: str | None
    country: str | None

    @classmethod
    def of(cls, row: Any) -> PayFacts:
        """From an index row, or anything with its column names."""
        return cls(
            job_id=int(row.job_id),
            stated=bool(row.salary_stated),
            currency=row.salary_currency,
            annual_min=row.salary_min,
            annual_max=row.salary_max,
            family=row.family,
            step=row.step,
            region=row.region,
            country=row.country,
        )

    @property
    def area(self) -> str | None:
        return self.region or self.country

    @property
    def midpoint(self) -> float | None:
        """The middle of the stated annual range, or its one stated end; None when no salary is stated."""
        if not self.stated or self.currency is None:
            return None
        ends = [v for v in (self.annual_min, self.annual_max) if v]
        return sum(ends) / len(ends) if ends else None


def quantile(ordered: Sequence[float], q: float) -> float:
    """The `q` quantile of sorted values, interpolated linearly between the two nearest (numpy's default)."""
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def rounding_unit(value: float) -> int:
    """Two significant figures, and never below 1,000: £42k to the £1k, £165k to the £10k."""
    digits = math.floor(math.log10(max(value, 1.0)))
    return max(1000, int(10 ** max(0, digits - 1)))


def band(midpoints: Sequence[float], rules: Rules = DEFAULT_RULES) -> tuple[int, int]:
    """The band of these annual midpoints (any order, at least one) under `rules`, rounded outwards."""
    ordered = sorted(midpoints)
    low, high = quantile(ordered, rules.quantile), quantile(ordered, 1 - rules.quantile)
    centre = (low + high) / 2
    if high - low < rules.min_width * centre:
        low, high = centre * (1 - rules.min_width / 2), centre * (1 + rules.min_width / 2)
    unit = rounding_unit(centre)
    return math.floor(low / unit) * unit, math.ceil(high / unit) * unit


class Comparables:
    """The board's jobs that state a salary, grouped for the estimator; built once, asked many times."""

    def __init__(self, jobs: Iterable[PayFacts]) -> None:
        self._jobs: dict[int, PayFacts] = {}
        self._by_step: dict[tuple[str, int], list[tuple[PayFacts, float]]] = defaultdict(list)
        currencies: dict[str, Counter[str]] = defaultdict(Counter)
        for job in jobs:
            self._jobs[job.job_id] = job
            mid = job.midpoint
            if mid is None or job.currency is None:
                continue
            if job.country:
                currencies[job.country][job.currency] += 1
            if job.step is not None:
                self._by_step[(job.currency, job.step)].append((job, mid))
        self._currency = {
            country: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
            for country, counts in currencies.items()
        }

    def job(self, job_id: int) -> PayFacts | None:
        return self._jobs.get(job_id)

    def currency_for(self, job: PayFacts) -> str | None:
        """The currency the board's ads state salaries in, in the job's country; None when it states none there."""
        return self._currency.get(job.country) if job.country else None

    def groups(self, job: PayFacts, currency: str) -> list[tuple[Basis, list[float]]]:
        """The comparables' annual midpoints at each level of the back-off, narrowest first (the job left out)."""
        if job.step is None:
            return []
        near = [
            (other, mid)
            for step in (job.step - 1, job.step, job.step + 1)
            for other, mid in self._by_step.get((currency, step), ())
            if other.job_id != job.job_id
        ]
        same_family = [(other, mid) for other, mid in near if job.family and other.family == job.family]
        found: list[tuple[Basis, list[float]]] = []
        if job.area:
            found.append(
                (Basis.FAMILY_STEP_AREA, [m for o, m in same_family if o.step == job.step and o.area == job.area])
            )
        found.append((Basis.FAMILY_STEP, [m for o, m in same_family if o.step == job.step]))
        found.append((Basis.FAMILY_NEAR_STEP, [m for _, m in same_family]))
        found.append((Basis.STEP, [m for o, m in near if o.step == job.step]))
        found.append((Basis.NEAR_STEP, [m for _, m in near]))
        return found

    def estimate(self, job: PayFacts, rules: Rules = DEFAULT_RULES) -> Estimate | None:
        """The band for a job that states no salary; None when it states one or too few jobs compare."""
        if job.stated:
            return None
        currency = self.currency_for(job)
        if currency is None:
            return None
        for basis, midpoints in self.groups(job, currency):
            if len(midpoints) >= max(1, rules.minimum):
                low, high = band(midpoints, rules)
                return Estimate(low, high, currency, len(midpoints), basis)
        return None


TABLE_SECONDS = 300
"""How long one process reuses the board's table of comparables before reading it again."""


class SalaryEstimates:
    """Estimates for the job cards. The table of comparables is read once per process every `seconds`, so a card
    costs no query while it is fresh, and one when it is stale or the job is newer than the table."""

    def __init__(
        self, uow: UnitOfWorkFactory, model: str, *, rules: Rules = DEFAULT_RULES, seconds: int = TABLE_SECONDS
    ) -> None:
        self._uow = uow
        self._model = model
        self._rules = rules
        self._table: TTLCache[str, Comparables] = TTLCache(maxsize=1, ttl=seconds)
        self._loading = asyncio.Lock()

    async def _comparables(self) -> tuple[Comparables, bool]:
        """The table, and whether it was read just now."""
        if (table := self._table.get("table")) is not None:
            return table, False
        async with self._loading:  # concurrent cards wait for one read
            if (table := self._table.get("table")) is not None:
                return table, False
            async with self._uow.reader() as work:  # a read without a transaction, on the pool
                rows = await work.job_index.pay_facts(self._model)
            table = Comparables(PayFacts.of(row) for row in rows)
            self._table["table"] = table
            return table, True

    async def estimate(self, job_id: int) -> Estimate | None:
        """The estimate for an indexed job; None when it states a salary, too few jobs compare, or it is not
        indexed."""
        table, fresh = await self._comparables()
        job = table.job(job_id)
        if job is None and not fresh:  # indexed after the table was read
            async with self._uow.reader() as work:
                row = await work.job_index.facts(self._model, job_id)
            job = PayFacts.of(row) if row is not None else None
        return table.estimate(job, self._rules) if job is not None else None

    async def estimate_for(self, job: PayFacts) -> Estimate | None:
        """The estimate for a job whose facts the caller holds already (a job card read them)."""
        table, _ = await self._comparables()
        return table.estimate(job, self._rules)
