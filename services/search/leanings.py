"""What a user taught the ranking: the reasons they gave for "not interested", and the firms they like.

A leaning moves jobs up or down the list; it never filters one out (a filter is what the user set on purpose, in
the preferences or in the query's words). "Too senior" moves the level window down, "too junior" up, "wrong place"
puts that place's jobs lower, "wrong field" that role family's, "salary too low" raises the pay below which a job
sinks; a favourite firm's jobs rise. The user sees each lesson when it is learned and can undo it in the
preferences (`Leanings.without`).

Pure: no database, no aiogram. `services.accounts.saved.SavedJobs.dismiss_job` learns a lesson and stores it with
the dismissal in one transaction; `services.search.job_search` scores with `lean`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

MOST_PLACES = 8
MOST_FIRMS = 20
SALARY_STEP = 1000
"""A salary floor is kept in whole thousands above the pay the user called too low."""


class Lesson(StrEnum):
    """One kind of thing a user taught; the key of its message and of its undo button."""

    FEWER_SENIOR = "fewer_senior"
    FEWER_JUNIOR = "fewer_junior"
    FEWER_PLACES = "fewer_places"
    FEWER_FAMILIES = "fewer_families"
    SALARY_FLOOR = "salary_floor"
    FIRMS = "firms"


@dataclass(frozen=True, slots=True)
class Learned:
    """What one "not interested" taught, to tell the user ("Fewer roles above manager level from now on")."""

    lesson: Lesson
    value: str | int


@dataclass(frozen=True, slots=True)
class Leanings:
    most_step: int | None = None
    """Jobs above this step of the career ladder (`services.jobs.roles.career_step`) rank lower: too senior."""
    least_step: int | None = None
    """Jobs below this step rank lower: too junior."""
    places: tuple[str, ...] = ()
    """Places (as the index names them) whose jobs rank lower: wrong place."""
    families: tuple[str, ...] = ()
    """Role families whose jobs rank lower: wrong field."""
    salary_floor: int | None = None
    """Annual pay in pounds below which a job that states its pay ranks lower: salary too low."""
    firms: tuple[str, ...] = ()
    """Favourite firms (their names as the index holds them): their jobs rank higher and always come with alerts."""

    def __bool__(self) -> bool:
        return any(getattr(self, name) not in (None, ()) for name in self.__dataclass_fields__)

    # ---------------------------------------------------------------- storage
    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value not in (None, ()):
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Leanings:
        """The inverse of `as_dict`; unknown keys (from a later version) and wrong types are ignored."""
        if not data:
            return cls()
        values: dict[str, Any] = {}
        for name in ("most_step", "least_step", "salary_floor"):
            if isinstance(data.get(name), int):
                values[name] = data[name]
        for name in ("places", "families", "firms"):
            if isinstance(data.get(name), list):
                values[name] = tuple(str(v) for v in data[name])
        return cls(**values)

    # ---------------------------------------------------------------- learning and undoing
    def learn(self, reason: str, job: JobFacts) -> tuple[Leanings, Learned | None]:
        """These leanings after a "not interested" for `reason` (a `DismissReason` value) on `job`, and what was
        learned (None when the job says nothing to learn from: no level, no place, no stated pay)."""
        if reason == "too_senior" and job.step is not None and job.step > 0:
            most = job.step - 1 if self.most_step is None else min(self.most_step, job.step - 1)
            least = self.least_step if self.least_step is None or self.least_step <= most else None
            return replace(self, most_step=most, least_step=least), Learned(Lesson.FEWER_SENIOR, most)
        if reason == "too_junior" and job.step is not None and job.step < 8:
            least = job.step + 1 if self.least_step is None else max(self.least_step, job.step + 1)
            kept = self.most_step if self.most_step is None or self.most_step >= least else None
            return replace(self, least_step=least, most_step=kept), Learned(Lesson.FEWER_JUNIOR, least)
        if reason == "wrong_place" and job.work_mode != "remote" and (place := job.place) is not None:
            places = _added(self.places, place, MOST_PLACES)
            return replace(self, places=places), Learned(Lesson.FEWER_PLACES, place)
        if reason == "wrong_field" and job.family is not None:
            families = _added(self.families, job.family, MOST_PLACES)
            return replace(self, families=families), Learned(Lesson.FEWER_FAMILIES, job.family)
        if reason == "salary" and job.annual_pay is not None:
            floor = (job.annual_pay // SALARY_STEP + 1) * SALARY_STEP
            floor = max(floor, self.salary_floor or 0)
            return replace(self, salary_floor=floor), Learned(Lesson.SALARY_FLOOR, floor)
        return self, None

    def with_firm(self, firm: str) -> Leanings:
        return replace(self, firms=_added(self.firms, firm, MOST_FIRMS))

    def values_of(self, lesson: Lesson) -> tuple[str | int, ...]:
        """What one kind of lesson holds: its places, fields or firms; a ceiling, a floor or a pay floor alone."""
        single = {Lesson.FEWER_SENIOR: self.most_step, Lesson.FEWER_JUNIOR: self.least_step,
                  Lesson.SALARY_FLOOR: self.salary_floor}  # fmt: skip
        if lesson in single:
            value = single[lesson]
            return () if value is None else (value,)
        lists = {Lesson.FEWER_PLACES: self.places, Lesson.FEWER_FAMILIES: self.families, Lesson.FIRMS: self.firms}
        return lists[lesson]

    def without(self, lesson: Lesson, value: str | None = None) -> Leanings:
        """These leanings less one lesson (a place, a family or a firm when `value` names it; all of them if not)."""
        if lesson is Lesson.FEWER_SENIOR:
            return replace(self, most_step=None)
        if lesson is Lesson.FEWER_JUNIOR:
            return replace(self, least_step=None)
        if lesson is Lesson.SALARY_FLOOR:
            return replace(self, salary_floor=None)

        def kept(values: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(v for v in values if value is not None and v != value)

        if lesson is Lesson.FEWER_PLACES:
            return replace(self, places=kept(self.places))
        if lesson is Lesson.FEWER_FAMILIES:
            return replace(self, families=kept(self.families))
        return replace(self, firms=kept(self.firms))


def value_key(value: str | int) -> str:
    """A short, stable name for one lesson's value (a place, a field, a firm) in a button's data: a button drawn
    before the list changed still names the same value, or none."""
    return hashlib.blake2b(str(value).encode(), digest_size=4).hexdigest()


def _added(values: tuple[str, ...], value: str, most: int) -> tuple[str, ...]:
    """`value` appended once; the oldest dropped past `most`."""
    return (*(v for v in values if v != value), value)[-most:]


@dataclass(frozen=True, slots=True)
class JobFacts:
    """What a lesson is learned from: the job as the index parsed it."""

    step: int | None
    family: str | None
    places: Sequence[str]
    region: str | None
    work_mode: str
    annual_pay: int | None
    """The most it pays a year in pounds (None when it states no pay in pounds)."""

    @property
    def place(self) -> str | None:
        return self.places[0] if self.places else self.region


# ---------------------------------------------------------------- scoring

STEP = 0.5
"""Taken off per step (two at most) that a job lies outside the user's level window."""
PLACE = 0.6
"""Taken off a job in a place the user called wrong."""
FIELD = 1.0
"""Taken off a job in a role family the user called the wrong field."""
SALARY = 0.6
"""Taken off, in proportion (up to a quarter below the floor), a job paying less than the user's floor."""
FIRM = 0.5
"""Added to a favourite firm's job."""


@dataclass(frozen=True, slots=True)
class Lean:
    """How the user's leanings move one job, and what to say about it."""

    score: float = 0.0
    favourite: bool = False
    below_floor: bool = False


NO_LEAN = Lean()


def lean(leanings: Leanings, *, step: int | None, family: str | None, places: Sequence[str] | None,
         region: str | None, firm: str, pays: int | None,
         named_places: frozenset[str] = frozenset()) -> Lean:  # fmt: skip
    """How far `leanings` move a job up (positive) or down. A place the query names outweighs a lesson about it.
    A lesson names a town, or a region when the job named no town: a job is in it by its towns or its region."""
    if not leanings:
        return NO_LEAN
    score = 0.0
    if step is not None:
        if leanings.most_step is not None and step > leanings.most_step:
            score -= STEP * min(2, step - leanings.most_step)
        if leanings.least_step is not None and step < leanings.least_step:
            score -= STEP * min(2, leanings.least_step - step)
    where = {*(places or ()), *((region,) if region else ())}
    if set(leanings.places) & where and not where & named_places:
        score -= PLACE
    if family is not None and family in leanings.families:
        score -= FIELD
    below = False
    if leanings.salary_floor and pays is not None and pays < leanings.salary_floor:
        score -= SALARY * min(1.0, (leanings.salary_floor - pays) / (0.25 * leanings.salary_floor))
        below = True
    favourite = firm in leanings.firms
    if favourite:
        score += FIRM
    return Lean(score, favourite, below)
