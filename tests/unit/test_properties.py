"""Property-based tests (Hypothesis) of the free-text readers: whatever a user, a job ad or a file holds, each reader
answers within its own rules and never raises. Examples are drawn from all of Unicode and from the shapes each reader
is built for (amounts, date words, place names, bytes that look like files)."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from services.cv.profile import extract_profile
from services.cv.reading import clean_text, sniff
from services.jobs.fields import annual_pay, parse_location, parse_posted, parse_salary
from services.jobs.taxonomy import Seniority, seniority_from_text
from services.search.query import parse_query

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = {"pdf", "docx", "odt", "zip", "rtf", "doc", "encrypted_office", "image", "text", "unknown"}

amount = st.one_of(
    st.integers(0, 500_000).map(str),
    st.integers(0, 500).map(lambda n: f"{n}k"),
    st.integers(0, 500_000).map(lambda n: f"£{n:,}"),
    st.floats(0, 200, allow_nan=False).map(lambda f: f"£{f:.2f}"),
)
period = st.sampled_from(["", " per annum", " p.a.", " per hour", " an hour", " per day", " daily", " a month", " pw"])
salary_text = st.one_of(
    st.text(max_size=80),
    st.builds(lambda a, b, p, tail: f"{a} - {b}{p}{tail}", amount, amount, period, st.text(max_size=20)),
    st.builds(lambda a, p: f"up to {a}{p}", amount, period),
)
words = st.sampled_from([
    "audit", "senior", "Leeds", "remote", "part time", "ACCA", "£45k", "manager", "tax", "London", "hybrid",
    "contract", "payroll", "100k+", "day rate", "Манчестер", "бухгалтер", "posted this week", "NHS band 6",
    "Sunderland", "Tyne and Wear", "¹", "💼", "%", "_",
])  # fmt: skip
query_text = st.one_of(st.text(max_size=120), st.lists(words, max_size=8).map(" ".join))


@FAST
@given(salary_text)
def test_a_salary_is_read_or_said_unstated(text: str) -> None:
    salary = parse_salary(text)
    if not salary.stated:
        return
    assert salary.minimum is not None or salary.maximum is not None  # "up to £30k" states a maximum only
    assert all(v >= 0 for v in (salary.minimum, salary.maximum) if v is not None)
    if salary.minimum is not None and salary.maximum is not None:
        assert salary.minimum <= salary.maximum
    pay = annual_pay(salary)
    assert pay is None or pay >= 0


@FAST
@given(query_text)
def test_any_query_is_parsed_into_sane_filters(text: str) -> None:
    parsed = parse_query(text)
    f = parsed.filters
    assert f.min_salary is None or f.min_salary >= 0
    if f.seniority_min is not None and f.seniority_max is not None:
        assert f.seniority_min <= f.seniority_max
    assert f.posted_within_days is None or f.posted_within_days > 0
    assert all(place.strip() for place in f.places)
    assert isinstance(parsed.text, str)


@FAST
@given(st.text(max_size=120))
def test_a_location_is_read_from_anything(text: str) -> None:
    location = parse_location(text)
    assert location is not None


@FAST
@given(
    st.one_of(st.none(), st.text(max_size=40),
              st.builds(lambda n, u: f"{n} {u} ago", st.integers(0, 10_000), st.sampled_from(["days", "weeks", "hours",
                                                                                                "months", "day"]))),
    st.dates(dt.date(2000, 1, 1), dt.date(2035, 1, 1)),
)  # fmt: skip
def test_a_posting_date_is_never_after_the_row_was_made(text: str | None, created: dt.date) -> None:
    posted = parse_posted(text, created, created)
    assert posted <= created


@FAST
@given(st.text(max_size=80))
def test_a_seniority_is_a_level_or_nothing(text: str) -> None:
    level = seniority_from_text(text)
    assert level is None or isinstance(level, Seniority)


@FAST
@given(st.binary(max_size=4096))
def test_sniffing_any_bytes_names_a_known_kind(data: bytes) -> None:
    assert sniff(data) in KINDS


@FAST
@given(st.text(alphabet=string.ascii_letters + string.digits + " \n\t.,-£", min_size=1, max_size=400))
@example("BM")  # a bitmap's first two bytes (found by this test in CI), and a CV could begin "BMW ..."
@example("BMW finance manager")
def test_plain_text_is_sniffed_as_text(text: str) -> None:
    data = text.encode()
    if not data.startswith((b"%PDF-", b"PK", b"{\\rtf")):
        assert sniff(data) == "text"


def test_a_bitmap_is_still_an_image() -> None:
    header = b"BM" + (70).to_bytes(4, "little") + bytes(4) + (54).to_bytes(4, "little") + (40).to_bytes(4, "little")
    assert sniff(header + bytes(56)) == "image"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=600), st.lists(words | st.sampled_from(["2019 - Present", "07/2011 to 11/2012",
                                                                           "Experience", "Skills", "\n"]),
                                                  max_size=40).map(" ".join)))  # fmt: skip
def test_any_text_becomes_a_plausible_profile(text: str) -> None:
    profile = extract_profile(clean_text(text), today=dt.date(2026, 12, 6))
    assert 0 <= profile.years_experience <= 60
    assert profile.seniority_level is None or 0 <= profile.seniority_level <= 10
