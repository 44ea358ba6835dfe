"""From CV text to a structured accounting profile, by rules (the default, and the floor under any LLM).

The profile keeps what matching needs and nothing that identifies a person: no name, e-mail, phone or
street address is extracted at all. Instruction-like lines ("ignore previous instructions ...") are
dropped before anything is read, so a CV cannot talk its way into a better profile.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from pydantic import BaseModel, Field

from services.jobs.fields import Salary, WorkMode, parse_location, parse_salary
from services.jobs.languages import LANGUAGES
from services.jobs.roles import family_of, normalise
from services.jobs.sectors import cv_sectors
from services.jobs.taxonomy import (
    GENERIC_TITLE,
    QUALIFICATION_PATTERNS,
    RoleFamily,
    Seniority,
    qualifications_in,
    qualified_by_experience,
    seniority_from_text,
    service_line,
    skills_in,
    software_in,
    unique,
)

PROFILE_VERSION = 1


class QualificationStatus(StrEnum):
    QUALIFIED = "qualified"
    FINALIST = "finalist"
    PART_QUALIFIED = "part_qualified"
    STUDYING = "studying"


class Qualification(BaseModel):
    code: str
    status: QualificationStatus
    level: int | None = None
    """AAT level (2, 3 or 4) when stated."""


class Role(BaseModel):
    title: str
    start: str = Field(description="YYYY-MM")
    end: str | None = Field(default=None, description="YYYY-MM, or null for a current role")


class SalaryWish(BaseModel):
    minimum: int | None = None
    maximum: int | None = None
    currency: str | None = None
    period: str | None = None


class CvProfile(BaseModel):
    """The structured profile of a CV (versioned; no contact details, no CV text)."""

    version: int = PROFILE_VERSION
    qualifications: list[Qualification] = Field(default_factory=list)
    qualified_by_experience: bool = False
    skills: list[str] = Field(default_factory=list)
    software: list[str] = Field(default_factory=list)
    work_history: list[Role] = Field(default_factory=list)
    years_experience: float = 0.0
    current_title: str | None = None
    seniority: str | None = None
    seniority_level: int | None = None
    role_family: str = RoleFamily.OTHER.value
    service_lines: list[str] = Field(default_factory=list)
    location: str | None = None
    region: str | None = None
    country: str | None = None
    languages: list[str] = Field(default_factory=list)
    salary_expectation: SalaryWish | None = None
    notice_period: str | None = None
    is_accounting: bool = False
    work_mode: str | None = None
    """hybrid or remote when the CV asks for it ("Leeds, hybrid"); None when it says nothing."""
    newly_qualified: bool = False
    """The CV calls its owner newly qualified (NQ): a level of its own, at senior on the shared scale."""
    sectors: list[str] | None = None
    """The sectors the CV's experience shows (`services.jobs.sectors.Sector` values: health, public, charity,
    financial_services, practice, education, housing); None for a profile read before sectors were."""
    dealer_finance: bool = False
    """The latest title is a car dealer's "Finance Manager" (its finance and insurance desk: selling loans and cover
    to car buyers), not an accountant's post: the CV reads as a career in sales (`dealer_finance`)."""
    corrected: list[str] = Field(default_factory=list)
    """The fields the user corrected from the profile card (`Profiles.correct_profile`): these win over what the
    CV's text says wherever the profile is read (matching, alerts, the card)."""


# ---------------------------------------------------------------- hidden instructions

_INSTRUCTION = re.compile(
    r"(?i)\b(?:ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier)|disregard (?:all |any )?(?:previous|prior"
    r"|the above)|system prompt|you are (?:now )?(?:an?|the) (?:ai|assistant|language model|recruiter|llm)"
    r"|as an ai\b|(?:rate|rank|score|classify|mark|treat|consider) (?:me|this (?:cv|candidate|resume)) as\b"
    r"|new instructions?:|instructions? to (?:the )?(?:ai|model|assistant|llm)|do not follow|override)"
    r"|^\s*(?:system|assistant|developer)\s*:"
)


def strip_instructions(text: str) -> tuple[str, int]:
    """Drop lines that speak to a machine rather than describe a person. Returns the text and lines dropped."""
    kept, dropped = [], 0
    for line in text.split("\n"):
        if _INSTRUCTION.search(line):
            dropped += 1
            continue
        kept.append(line)
    return "\n".join(kept), dropped


# ---------------------------------------------------------------- sections

_HEADINGS = {
    "experience": r"(?:professional |work |relevant |employment |career )?(?:experience|history|employment)"
    r"(?: history)?|work history|career history|employment record",
    "education": r"education(?: and training| & training| & qualifications)?|academic (?:background|qualifications)"
    r"|training|education and certifications?",
    "qualifications": r"(?:professional )?(?:qualifications|certifications?|licen[cs]es?|credentials|memberships?"
    r"|professional affiliations|affiliations)(?: and (?:licen[cs]es|certifications|memberships))?",
    "skills": r"(?:core |key |technical |professional )?(?:skills|competencies|qualifications summary|highlights"
    r"|skill highlights|core qualifications|areas of expertise|expertise)",
    "summary": r"(?:professional |executive |career )?(?:summary|profile|objective|about me)",
    "languages": r"languages?",
    "other": r"additional information|interests|hobbies|accomplishments|activities(?: and honors)?|references"
    r"|personal (?:information|details)|awards|publications|volunteer(?:ing| experience)?",
}
_HEADING_RE = [(name, re.compile(rf"^(?:{pattern})\s*:?$", re.IGNORECASE)) for name, pattern in _HEADINGS.items()]


# A PDF sometimes loses the line break before a heading: "... planning tool Experience" followed by the first
# dated role. Only the capitalised heading words count, and only when the next line holds a date range.
_GLUED_HEADING = re.compile(
    r"^(.*\S)\s+((?:Professional |Work |Relevant |Employment |Career )?Experience|Work History|Employment History"
    r"|Career History)\s*:?\s*$"
)


def _unglue_headings(lines: list[str]) -> list[str]:
    out: list[str] = []
    for index, line in enumerate(lines):
        following = next((ln for ln in lines[index + 1 : index + 3] if ln.strip()), "")
        if (m := _GLUED_HEADING.match(line)) and _RANGE.search(following):
            out.extend([m.group(1), m.group(2)])
        else:
            out.append(line)
    return out


def split_sections(text: str) -> dict[str, str]:
    """Text under each recognised heading ("experience", "education" ...); the part before any is "header"."""
    sections: dict[str, list[str]] = {"header": []}
    current = "header"
    for line in _unglue_headings(text.split("\n")):
        stripped = line.strip()
        if 2 < len(stripped) < 50:
            for name, pattern in _HEADING_RE:
                if pattern.match(stripped):
                    current = name
                    sections.setdefault(current, [])
                    break
            else:
                sections.setdefault(current, []).append(line)
                continue
            continue
        sections.setdefault(current, []).append(line)
    return {name: "\n".join(lines) for name, lines in sections.items()}


# ---------------------------------------------------------------- dates and roles

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?" \
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # fmt: skip
_POINT = rf"(?:{_MONTH}\s*,?\s*(?:19|20)\d{{2}}|\d{{1,2}}\s*/\s*(?:19|20)\d{{2}}|(?:19|20)\d{{2}}\s*-\s*\d{{2}}(?!\d)" \
         rf"|(?:19|20)\d{{2}})"  # fmt: skip
_NOW = r"(?:current(?:ly)?|present|now|date|today|ongoing)"
_RANGE = re.compile(rf"(?i)\b({_POINT})\s*(?:to|-|–|—|until|till|through)\s*({_POINT}|{_NOW})\b")
# A line naming a course or a club is no job; "graduate" or "student" only when no job title is there too.
_EDUCATION_WORDS = re.compile(
    r"(?i)universit|college|school|bachelor|master'?s|degree|\bB\.?S\.?c?\b|\bB\.?A\b|\bMBA\b|diploma|GCSE|A[- ]levels?"
    r"|fraternity|sorority|\bclub\b|society|member of|captain|scholarship|study abroad"
)
_WEAK_EDUCATION = re.compile(r"(?i)graduat|student|studies|course")
# "Expected May 2019", "anticipated graduation 2013": a date to come is never time worked.
_ANTICIPATED = re.compile(
    r"(?i)anticipat|expected\s+(?:graduation|completion|to\s+(?:graduate|complete|finish)|date|in\b|by\b|[a-z]{3,9}\.?"
    r"\s+(?:19|20)\d{2}|(?:19|20)\d{2})|forthcoming"
)
_TITLE_WORDS = re.compile(
    r"(?i)accountant|auditor|audit|clerk|bookkeeper|manager|director|controller|comptroller|analyst|assistant|officer"
    r"|specialist|associate|teller|banker|cfo|chief|head|supervisor|administrator|advisor|adviser|consultant|partner"
    r"|executive|coordinator|representative|intern|trainee|apprentice|lead|senior|junior|president|owner|preparer"
    r"|processor|technician|agent|engineer|developer|recruiter|teacher|nurse|sales|cashier|designer|planner|volunteer"
    r"|\bA?VP\b|finance|accounting|payroll|\btax\b|banking|treasur|underwriter|examiner|helper"
)
_CUT_TITLE = re.compile(r"(?i)\s*(?:company name|\bat\b|\||\s[-–—]\s|,?\s*\bcity\b|\d|,\s*(?:state|[A-Z]{2})\b).*$")


@dataclass(frozen=True, slots=True)
class Span:
    start: dt.date
    end: dt.date
    current: bool
    title: str
    rank: str = ""
    """The title as written before it was trimmed ("Lending Officer - AVP"), for ranks that follow a dash."""
    detail: str = ""
    """The lines that describe the role: from its date line to the next dated role (at most 40 lines)."""


def _point(text: str, *, is_end: bool) -> dt.date | None:
    value = text.strip().lower().rstrip(".")
    if m := re.fullmatch(r"(\d{1,2})\s*/\s*((?:19|20)\d{2})", value):
        month = int(m.group(1))
        return dt.date(int(m.group(2)), month, 1) if 1 <= month <= 12 else None
    if m := re.fullmatch(rf"({_MONTH})\s*,?\s*((?:19|20)\d{{2}})", value):
        return dt.date(int(m.group(2)), _MONTHS[m.group(1)[:3]], 1)
    if m := re.fullmatch(r"((?:19|20)\d{2})\s*-\s*(\d{2})", value):  # ISO-like 2019-04
        month = int(m.group(2))
        return dt.date(int(m.group(1)), month, 1) if 1 <= month <= 12 else None
    if re.fullmatch(r"(?:19|20)\d{2}", value):
        return dt.date(int(value), 12 if is_end else 1, 1)
    return None


_ROLE_NOUN = re.compile(
    r"(?i)(?:accountant|auditor|clerk|bookkeeper|manager|director|controller|comptroller|analyst|assistant|officer"
    r"|specialist|associate|teller|banker|cfo|chief|head of \w+|supervisor|administrator|advisor|adviser|consultant"
    r"|partner|executive|coordinator|representative|intern|trainee|apprentice|lead|president|owner|preparer"
    r"|processor|technician|agent|engineer|developer|recruiter|underwriter|examiner|cashier|generalist|planner"
    r"|treasurer|secretary|receptionist|helper|broker|cashier|buyer|instructor|professor|scientist"
    r"|senior|semi-senior|junior|accounting|payroll|tax|audit|finance)\b(?:\s+(?:I{1,3}|IV|V|\d))?\W*$"
)


_PLACEHOLDER_PREFIX = re.compile(r"(?i)^\s*company name\s*(?:(?:ï1⁄4|[|:,-])\s*)?(?:city\s*,?\s*state|city|state)?\s*")


def _clean_title(candidate: str) -> str:
    candidate = _PLACEHOLDER_PREFIX.sub("", candidate.strip(" -–:\t"))
    return _CUT_TITLE.sub("", candidate).strip(" -–:,.")


_PLAIN_TITLE = re.compile(r"^[A-Z][A-Za-z]*(?:(?:\s+|\s*[&/,]\s*|-)[A-Za-z]+)*$")
_ENDS_LIKE_PROSE = re.compile(r"(?i)\b(?:the|a|an|of|to|in|for|and|with|on|at|by|from|as|my|our|was|were)$")
_EMPLOYER = re.compile(r"(?i)\b(?:ltd|limited|llp|plc|inc|llc|corp|corporation|company|co|group|gmbh|bank)\b\.?$")


def _line_start_title(before: str) -> str:
    """A short title-like phrase that starts a date line ("Merchandiser 05/2013 to Current ...").

    Used only when no candidate ends in a role noun: it must be the whole text before the dates, plain words
    starting with a capital (no "Project: (2014-2016)"), at most five of them, not open with a past-tense verb
    ("Audited the 2015 - 2016 ...") nor end like a sentence, and not be an employer ("Example Ltd"), a course
    or a project name in capitals ("CORE BANKING").
    """
    title = _clean_title(before)
    if title != before.strip(" -–:,.\t") or not _PLAIN_TITLE.match(title):  # cut short, or not plain words
        return ""
    words = title.split()
    if not 1 <= len(words) <= 5 or title.isupper():
        return ""
    if words[0].lower().endswith("ed") or _ENDS_LIKE_PROSE.search(title) or _EMPLOYER.search(title):
        return ""
    if _EDUCATION_WORDS.search(title) or _WEAK_EDUCATION.search(title):
        return ""
    return title


def _title_near(lines: list[str], index: int, before: str, after: str) -> tuple[str, str]:
    """The job title next to a date range, and the text it was read from (for ranks after a dash).

    On its line (before or after it), else the next or previous line. Titles end in a role noun
    ("... Accountant", "... Manager"); description sentences do not, so lines that read like sentences are
    never taken for titles. Failing that, a short title-like phrase that starts the date line.
    """
    whole_before = before
    before = before.split(". ")[-1]
    # "Title, Employer, Place, dates": the first comma-separated part is the title.
    same_line = [before, before.split(",")[0], *_PARTS.split(before)[1:], after, after.split(",")[0]]
    neighbours = [lines[index + 1] if index + 1 < len(lines) else "", lines[index - 1] if index else ""]
    # A title on a line of its own is short; a description line cut at its first digit is not a title line.
    short = [line for line in neighbours if len(line.split()) <= 10]
    for candidate in same_line + short:
        if title := _role_title(candidate):
            return title, candidate
    if whole_before.strip() and whole_before == before and (title := _line_start_title(before.split(",")[0])):
        return title, before
    for candidate in neighbours:
        if title := _role_title(candidate):
            return title, candidate
    return "", ""


_PARTS = re.compile(r"\s*[|•]\s*")  # "Kolkata | Finance Officer May 2006 to ...": the title is a later part


def _role_title(candidate: str) -> str:
    title = _clean_title(candidate)
    if (
        title
        and len(title) <= 70
        and len(title.split()) <= 9
        and _ROLE_NOUN.search(title)
        and not _EDUCATION_WORDS.search(title)
    ):
        return title
    return ""


_SPLIT_RANGE = re.compile(rf"(?i)({_POINT})[ \t]*\n[ \t]*(to|-|–|until|through)[ \t]*\n[ \t]*({_POINT}|{_NOW})")


def find_spans(text: str, today: dt.date) -> list[Span]:
    """The dated roles of an experience section. `today` is what "Current" means (see `written_on`)."""
    text = _SPLIT_RANGE.sub(r"\1 \2 \3", text)  # "July 2012 / to / December 2013" on three lines
    lines = text.split("\n")
    dated = [index for index, line in enumerate(lines) if _RANGE.search(line)]
    spans: list[Span] = []
    for index, line in enumerate(lines):
        for match in _RANGE.finditer(line):
            start = _point(match.group(1), is_end=False)
            current = bool(re.fullmatch(_NOW, match.group(2).strip(), re.IGNORECASE))
            end = today if current else _point(match.group(2), is_end=True)
            if start is None or end is None or end < start or start > today:
                continue
            end = min(end, today)
            window = " ".join(lines[max(0, index - 1) : index + 2])
            if (
                _EDUCATION_WORDS.search(line)
                or _ANTICIPATED.search(line)
                or ((_EDUCATION_WORDS.search(window) or _WEAK_EDUCATION.search(line)) and not _TITLE_WORDS.search(line))
            ):
                continue
            before, after = line[: match.start()], line[match.end() :]
            sentence = len(before) > 100 or bool(re.search(r"(?i)\b(?:from|during|between|since|in)\s*$", before))
            title, rank = ("", "") if sentence else _title_near(lines, index, before, after)
            following = next((i for i in dated if i > index), len(lines))
            detail = "\n".join(lines[index : min(following, index + 40)])
            spans.append(Span(start, end, current, title, rank, detail))
    return spans


# A CV whose latest year is this many years before today was written then: its "Current" is not today.
STALE_AFTER_YEARS = 8
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d)")
_NUMBER_WORDS = {
    **{w: n for n, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                   "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                   "eighteen", "nineteen", "twenty"), start=1)},
    "thirty": 30, "forty": 40,
}  # fmt: skip
# "fifteen years of bookkeeping", "20+ years of banking experience", "twelve years in finance leadership".
_CLAIMED_YEARS = re.compile(
    r"(?i)\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")(?:[- ](one|two|three|four|five|six|seven|eight|nine))?\s*\+?"
    r"\s*(?:years?|yrs?)['’]?\s+(?:of|in|as|at|with)\b"
)


def claimed_years(text: str) -> int:
    """The most years of experience the text claims for its owner ("15+ years of ..."), 0 when none."""
    best = 0
    for m in _CLAIMED_YEARS.finditer(text):
        first = m.group(1).lower()
        value = int(first) if first.isdigit() else _NUMBER_WORDS[first]
        if m.group(2):
            value += _NUMBER_WORDS[m.group(2).lower()]
        best = max(best, value if value <= 50 else 0)
    return best


def written_on(text: str, today: dt.date, *, first_start: dt.date | None = None, claimed: int = 0) -> dt.date:
    """When the CV was written, as far as its "Current" and "Present" go.

    The CV was written no earlier than the latest year it mentions (roles, education, anticipated graduation,
    courses) and, when its profile claims N years of experience, than N years after its earliest dated role.
    A CV sent today may mention nothing after the year its current job began, so a recent estimate means
    today. One that is `STALE_AFTER_YEARS` or more before today was written then: "Current" is that time, not
    today, or a 2014 CV would gain twelve years of experience by being read in 2026.
    """
    years = [int(y) for y in _YEAR.findall(text) if 1950 <= int(y) <= today.year]
    if not years:
        return today
    estimate = dt.date(max(years), 12, 1)
    if first_start is not None and claimed:
        estimate = max(estimate, dt.date(min(first_start.year + claimed, today.year), first_start.month, 1))
    if (today - estimate).days < STALE_AFTER_YEARS * 365.25:
        return today
    return estimate


def years_spanned(spans: list[Span]) -> float:
    """Years from the earliest dated role to the latest (gaps between roles included, as recruiters count)."""
    if not spans:
        return 0.0
    first, last = min(s.start for s in spans), max(s.end for s in spans)
    return round(((last.year - first.year) * 12 + last.month - first.month + 1) / 12, 1)


def months_covered(spans: list[Span]) -> int:
    """Months covered by the spans, overlaps counted once."""
    covered: set[tuple[int, int]] = set()
    for span in spans:
        year, month = span.start.year, span.start.month
        while (year, month) <= (span.end.year, span.end.month):
            covered.add((year, month))
            month += 1
            if month == 13:
                year, month = year + 1, 1
    # A range like "2016 to 2018" covers Jan 2016 to Dec 2018; "04/2016 to 04/2018" 25 months: close enough,
    # but a one-month role ("04/2016 to 04/2016") should count as one month, which the set does.
    return len(covered)


# ---------------------------------------------------------------- qualifications with status

_STATUS_PATTERNS = (
    (QualificationStatus.FINALIST, r"finalist|final (?:level|stage|papers?|exams?)|awaiting (?:final )?results|affiliate"
                                   r"|strategic level"),
    (QualificationStatus.PART_QUALIFIED, r"part[- ]?qualified|partly qualified|partially qualified|\d+ of \d+ (?:papers|exams)"
                                         r"|(?:papers|exams|modules) passed|passed \d+ (?:papers|exams)"),
    (QualificationStatus.STUDYING, r"studying|student|pursuing|working towards|candidate|in progress|currently (?:taking"
                                   r"|sitting|completing)|enrolled|trainee|level [23]\b|sitting|preparing for|expected"),
    (QualificationStatus.QUALIFIED, r"qualified|member|chartered|certified|licen[cs]ed|fellow|\bFCCA\b|\bACMA\b|\bFCMA\b"
                                    r"|\bMAAT\b|\bFCA\b|admitted|awarded|completed|obtained"),
)  # fmt: skip
_STATUS_RES = tuple((status, re.compile(p, re.IGNORECASE)) for status, p in _STATUS_PATTERNS)
_QUAL_PATTERNS = QUALIFICATION_PATTERNS
_NOT_PERSONAL = {
    "CPA": re.compile(r"(?i)\bCPAs?\b\s+(?:firm|office|practice|group|company|partners?|clients?|analyst)|\bCPA'?s\b"
                      r"|(?:for|with|to|outside|local|independent|external)\s+(?:a |the )?CPAs?\b(?!\s+(?:exam|licen))"),
    "CMA": re.compile(r"\bCMA\s+(?:[Aa]nalyst|[Dd]epartment|[Tt]eam|[Uu]nit|[Gg]roup)"),
    # In US HR CVs "ACA" is the Affordable Care Act.
    "ACA": re.compile(r"(?i)affordable care|\bACA\b\s*(?:compliance|reporting|regulations?|requirements|forms?|filings?|1095)"),
}  # fmt: skip
# Short codes that are also other things (the Affordable Care Act, AT&T) or sit in keyword lists
# ("..., CPA, Tax returns, ..."): count them only with a cue nearby.
_CUE_NEEDED = {"CPA", "CMA", "ACA", "ATT"}
_CUE = re.compile(
    r"(?i)licen[cs]|candidate|pursu|exam|passed|member|state of|#|working towards|studying|certified"
    r"|\bCPA\)|,\s*CPA\s*$|qualified|sat for|preparing for"
)
_AAT_LEVEL = re.compile(r"(?i)\bAAT\b[^.\n]{0,40}?\blevel\s*([234])|\blevel\s*([234])\b[^.\n]{0,20}\bAAT\b")


_ANY_CREDENTIAL = re.compile("|".join(p.pattern for p in _QUAL_PATTERNS.values()), re.IGNORECASE)


def _blank_credentials(text: str) -> str:
    """Credential names say nothing about status ("Certified Public Accountant"); blank them, keeping positions."""
    return _ANY_CREDENTIAL.sub(lambda m: " " * len(m.group(0)), text)


def _status_near(text: str, start: int, end: int) -> QualificationStatus | None:
    """The status the words nearest to a mention give it, within its line; None for a bare mention.

    Nearest wins, so "MAAT (AAT Level 4 qualified) and part-qualified ACCA" gives AAT "qualified" and
    ACCA "part-qualified".
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = line_end if line_end != -1 else len(text)
    before = _blank_credentials(text[max(line_start, start - 120) : start])
    after = _blank_credentials(text[end : min(line_end, end + 120)])
    best: tuple[int, int, QualificationStatus] | None = None
    for order, (status, pattern) in enumerate(_STATUS_RES):
        for m in pattern.finditer(before):
            candidate = (len(before) - m.end(), order, status)
            best = candidate if best is None or candidate < best else best
        for m in pattern.finditer(after):
            candidate = (m.start(), order, status)
            best = candidate if best is None or candidate < best else best
    return best[2] if best is not None else None


def _ended_on_its_line(text: str, start: int, written: dt.date) -> bool:
    """Whether the mention's line is dated by a range that ended before the CV was written ("2007 to 2009")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    for match in _RANGE.finditer(line):
        end = None if re.fullmatch(_NOW, match.group(2).strip(), re.IGNORECASE) else _point(match.group(2), is_end=True)
        if end is not None and end < written:
            return True
    return False


def find_qualifications(text: str, *, written: dt.date | None = None) -> list[Qualification]:
    """The person's qualifications with their status. `written` is when the CV was written (see `written_on`):
    a study dated by a range that ended before then ("ACCA trainee, 2007 - 2009") stopped part of the way.
    """
    written = written or dt.date.today()
    found: dict[str, Qualification] = {}
    rank = {QualificationStatus.QUALIFIED: 3, QualificationStatus.FINALIST: 2, QualificationStatus.PART_QUALIFIED: 1,
            QualificationStatus.STUDYING: 0}  # fmt: skip
    for code in qualifications_in(text):
        pattern = _QUAL_PATTERNS.get(code)
        mentioned = list(pattern.finditer(text)) if pattern else []
        matches = mentioned
        if code in _NOT_PERSONAL:
            matches = [
                m for m in matches if not _NOT_PERSONAL[code].search(text[max(0, m.start() - 14) : m.end() + 14])
            ]
        if code in _CUE_NEEDED:
            matches = [m for m in matches if _CUE.search(text[max(0, m.start() - 40) : m.end() + 40])]
        if not matches:
            if mentioned:  # named, but never as the person's own credential
                continue
            status = QualificationStatus.QUALIFIED  # implied by a group ("CCAB") or by "chartered accountant"
        else:
            stated = [
                QualificationStatus.PART_QUALIFIED
                if st is QualificationStatus.STUDYING and _ended_on_its_line(text, m.start(), written)
                else st
                for m in matches
                if (st := _status_near(text, m.start(), m.end())) is not None
            ]
            # What the CV says outright wins over a bare mention (often a keyword list); among those, the strongest.
            status = max(stated, key=lambda st: rank[st]) if stated else QualificationStatus.QUALIFIED
        level = None
        if code == "AAT" and (m := _AAT_LEVEL.search(text)):
            level = int(m.group(1) or m.group(2))
            if level < 4 and status is QualificationStatus.QUALIFIED:
                status = QualificationStatus.STUDYING
        found[code] = Qualification(code=code, status=status, level=level)
    return list(found.values())


# ---------------------------------------------------------------- the rest

_LANG_RE = re.compile(r"\b(" + "|".join(LANGUAGES) + r")\b")
_LANG_CONTEXT = re.compile(r"(?i)fluent|native|bilingual|speak|spoken|language|proficien|conversational|mother tongue")
_SALARY_LINE = re.compile(r"(?i)(?:salary|expected|expectation|desired|looking for|seeking|package|rate)[^\n]{0,40}"
                          r"(?:£|\$|€|\d{2,3}k)[^\n]*")  # fmt: skip
# "around 45k", "circa £50k": a rough figure in thousands, stated as what the writer wants.
_SALARY_ROUGH = re.compile(r"(?i)\b(?:around|about|circa|approx\w*|c\.)\s*[£€$]?\s*\d{2,3}(?:[.,]\d)?\s*k\b")
_NOTICE = re.compile(r"(?i)(notice period\s*:?\s*[^\n.;]{1,40}|available (?:immediately|from [^\n.;]{3,30})"
                     r"|immediately available|\d+\s*(?:weeks?|months?)'?s?\s+notice)")  # fmt: skip
_STREETISH = re.compile(r"\d+\s+\w+\s+(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way)\b", re.IGNORECASE)


def _location(header: str) -> tuple[str | None, str | None, str | None]:
    for line in header.split("\n")[:15]:
        if "@" in line or _STREETISH.search(line):
            line = re.sub(r"\S+@\S+|" + _STREETISH.pattern, " ", line, flags=re.IGNORECASE)
        found = parse_location(line)
        if found.places or found.region:
            return found.city or found.region, found.region, found.country
    return None, None, None


def _work_mode(header: str) -> str | None:
    """hybrid or remote, when the CV's opening lines ask for it ("Leeds, hybrid", "open to remote work")."""
    for line in header.split("\n")[:15]:
        mode = parse_location(line).work_mode
        if mode is not WorkMode.ONSITE:
            return mode.value
    return None


# "ACA qualified audit senior, newly qualified 2025, ...": a pasted summary whose first part names the role.
_CREDENTIAL_WORDS = re.compile(
    r"(?i)^(?:(?:(?-i:[A-Z]{2,5})|newly|part|fully|recently|chartered|certified|qualified|finalist|an?|experienced|i'?m"
    r"|i am)[\s-]+)+"
)
_NEWLY_QUALIFIED = re.compile(r"(?i)\bnewly[- ]qualified\b|\bNQ\b|\brecently qualified\b")


def _headline(header: str) -> str:
    """How the CV presents its owner in its first line: a short title ("Audit Senior"), or the part of a longer
    first line that names a role ("ACA qualified audit senior, newly qualified 2025, ..." -> "audit senior")."""
    first = next((ln.strip() for ln in header.split("\n") if ln.strip()), "")
    if "@" in first:
        return ""
    if len(first) <= 60:
        return first if _TITLE_WORDS.search(first) else ""
    for part in re.split(r"[,;|•(]", first)[:4]:
        title = _role_title(_CREDENTIAL_WORDS.sub("", part.strip()))
        if title and (title_family(title) is not None or seniority_from_text(title) is not None):
            return title
    return ""


def _seniority_from_years(years: float) -> Seniority:
    """The level of a title that names none ("HR Generalist", "Merchandiser"), from years alone.

    Years make a beginner or not; they never make a senior or a manager, which a title or a team says.
    """
    for limit, level in ((1, Seniority.TRAINEE), (2, Seniority.JUNIOR)):
        if years < limit:
            return level
    return Seniority.SEMI_SENIOR


# Grades after a title, as US employers number them: "Accountant I", "IT Technician II".
_GRADE = re.compile(r"\s(I{1,3}|IV)\W*$")
_GRADES = {"I": Seniority.JUNIOR, "II": Seniority.SEMI_SENIOR, "III": Seniority.SENIOR, "IV": Seniority.SENIOR}
# Bank officer ranks, often after a dash ("Commercial Lending Officer - AVP"). An assistant VP runs a team or
# a desk; a VP, SVP or EVP a function.
_BANK_RANKS = (
    (Seniority.MANAGER, re.compile(r"\bAVP\b|assistant vice[- ]president", re.IGNORECASE)),
    (Seniority.DIRECTOR, re.compile(r"\b[SE]?VP\b|vice[- ]president", re.IGNORECASE)),
)
# The role's own lines say the person leads people: "manage a team of 15", "led and managed team", "supervise
# three clerks", "6 direct reports".
_LEADS_PEOPLE = re.compile(
    r"(?i)\b(?:lead|leads|leading|led|manag(?:e|es|ed|ing)|supervis(?:e|es|ed|ing)|overs(?:ee|ees|aw|eeing)"
    r"|headed|heading)\b(?:\s+(?:and|&)\s+\w+)?\s+(?:(?:a|an|the|my|our|\w+)\s+){0,2}?"
    r"(?:team|staff|employees|accountants|clerks|analysts|lenders|bookkeepers|assistants|auditors)\b"
    r"|(?<![\d,.])\b\d{1,3}\s+(?:direct reports|staff members|team members|subordinates)\b"
    r"|\bteam of (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
)


_CUT_RANK = re.compile(r"(?i)\s*(?:company name|\bat\b|\||,|\d).*$")


def title_level(title: str, written: str = "") -> Seniority | None:
    """The level a CV's job title names, with what CVs add to the shared scale: grades and bank ranks.

    `written` is the title as it stood before it was trimmed, where a rank may follow a dash. A bank rank
    decides unless the rest of the title names a higher level ("CFO & VP"): an assistant vice president is
    no director.
    """
    for rank, pattern in _BANK_RANKS:
        if pattern.search(f"{title} {_CUT_RANK.sub('', written)}"):
            rest = seniority_from_text(pattern.sub(" ", title))
            return max(rest, rank) if rest is not None else rank
    level = seniority_from_text(title)
    if (grade := _GRADE.search(title)) and level in (None, Seniority.SEMI_SENIOR):
        level = _GRADES[grade.group(1)]
    return level


def cv_seniority(roles: list[Span], headline: str, years: float, *, guess: bool = True) -> Seniority | None:
    """The level of the latest role: its title (else the headline's), raised when the role leads a team.

    A title that names no level takes it from the years (at most semi-senior; only when `guess`, that is
    when the CV has dated roles or reads as a finance CV); a role whose own lines say it leads people is at
    least a supervisor, whatever the title says below that.
    """
    latest = roles[0] if roles else None
    level = title_level(latest.title, latest.rank) if latest is not None else None
    if level is None and headline:
        level = title_level(headline)
    if level is None:
        if not guess:
            return None
        level = _seniority_from_years(years)
    leads = latest is not None and bool(_LEADS_PEOPLE.search(latest.detail))
    return Seniority.SUPERVISOR if leads and Seniority.SEMI_SENIOR <= level < Seniority.SUPERVISOR else level


_FAMILY_SKILL_HINTS: tuple[tuple[RoleFamily, tuple[str, ...]], ...] = (
    (RoleFamily.AUDIT, ("external audit", "internal audit", "audit")),
    (RoleFamily.TAX, ("corporation tax", "personal tax", "tax returns", "VAT")),
    (RoleFamily.PAYROLL, ("payroll",)),
    (RoleFamily.AP_AR_BOOKKEEPING, ("accounts payable", "accounts receivable", "credit control", "bookkeeping")),
    (RoleFamily.MANAGEMENT_ACCOUNTING, ("management accounts", "costing", "variance analysis", "business partnering")),
    (RoleFamily.FINANCIAL_ACCOUNTING, ("financial reporting", "consolidation", "statutory accounts")),
    (RoleFamily.FPA_ANALYSIS, ("FP&A", "forecasting", "financial modelling", "budgeting")),
    (RoleFamily.TREASURY, ("treasury",)),
    (RoleFamily.BANKING_OPERATIONS, ("cash handling", "lending")),
)


_ACCOUNTING_SKILLS_STRONG = frozenset(
    {"external audit", "statutory accounts", "management accounts", "financial reporting", "month-end close",
     "consolidation", "IFRS", "UK GAAP", "US GAAP", "corporation tax", "personal tax", "tax returns",
     "accounts payable", "accounts receivable", "reconciliations", "general ledger", "bookkeeping", "fixed assets",
     "accruals and prepayments", "variance analysis", "FP&A", "costing", "treasury", "cash handling", "lending"}
)  # fmt: skip


# A finance department named as the title ("Finance", "Finance & Accounting"): a general finance role.
_DEPARTMENT_TITLE = re.compile(
    r"(?i)^(?:finance|financial|accounting|accounts)(?:\s*(?:&|and|/)\s*(?:accounting|accounts|finance|admin\w*))?$"
)
# "Operations Manager" says what is managed, not in which field: like "Manager", it is no evidence either way,
# and the rest of the career tells (a personal banker's operations are a bank's).
_OPERATIONS_TITLE = re.compile(
    r"(?i)^(?:(?:senior|junior|assistant|deputy|regional|area|general|head)\s+)*operations?\s+(?:manager|supervisor"
    r"|specialist|lead|leader|director|officer|coordinator|associate|executive|assistant|administrator)(?:\s+I{1,3})?$"
)


def title_family(title: str) -> RoleFamily | None:
    """The family of a CV's job title: the reading shared with job ads (`services.jobs.roles`), plus department names
    used as titles."""
    family = family_of(title)
    if family is None and _DEPARTMENT_TITLE.match(title.strip()):
        return RoleFamily.ACCOUNTS
    return family


# What a role's own lines say it does, per family: used to place a general finance title ("Finance
# Assistant", "Finance Officer", "Finance") whose duties are one family's work.
_DUTIES: tuple[tuple[RoleFamily, re.Pattern[str]], ...] = tuple((family, re.compile(p, re.IGNORECASE)) for family, p in (
    (RoleFamily.AP_AR_BOOKKEEPING, r"accounts? payable|accounts? receivable|\bA/?P\b|\bA/?R\b|purchase ledger|sales ledger"
                                   r"|supplier|vendor|purchase orders?|creditors?|debtors?|credit control|collections"
                                   r"|invoic\w*|cash ?book|bookkeeping|remittances?|payment runs?|billing"),
    (RoleFamily.FPA_ANALYSIS, r"budget\w*|forecast\w*|variances?|projections?|financial models?|\bFP&A\b"
                              r"|business plans?|expense plans?|financial planning"),
    (RoleFamily.FINANCIAL_ACCOUNTING, r"financial statements|statutory|consolidat\w*|general ledger|journals?"
                                      r"|balance sheets?|month[- ]end|year[- ]end|fixed assets?|accruals?"),
    (RoleFamily.MANAGEMENT_ACCOUNTING, r"management accounts|management reports?|costing|cost cent(?:re|er)s?"
                                       r"|margin analysis"),
    (RoleFamily.PAYROLL, r"payroll|\bPAYE\b|salaries|wages"),
    (RoleFamily.TAX, r"tax returns?|VAT returns?|corporation tax|tax computations?"),
    (RoleFamily.TREASURY, r"treasury|cash management|liquidity|hedging"),
))  # fmt: skip


def family_from_duties(detail: str) -> RoleFamily | None:
    """The family whose work fills a role's lines: at least four mentions, and twice any other family's."""
    counts = sorted(((len(pattern.findall(detail)), family) for family, pattern in _DUTIES), reverse=True)
    (top, family), (second, _) = counts[0], counts[1]
    return family if top >= 4 and top >= 2 * second else None


# A car dealer's finance desk ("Finance Manager", "F&I Manager", "Special Finance Manager") sells loans, cover and
# warranties to car buyers. Its title (as `roles.normalise` reads it: "&" is "and", "Sr." senior) ...
_DEALER_TITLE = re.compile(
    r"^(?:(?:senior|assistant|special|dealership|automotive)\s+)*(?:finance|f and i|finance and insurance)"
    r"(?:\s+business)?\s+manager(?:\s+f and i)?$|^f and i (?:business )?manager$"
)
# ... and what places it at a dealer: words only a dealer's desk uses, and words that car makers, their suppliers
# and lenders use as well, each a concept counted once ("dealership" and "dealerships" are one).
_DEALER_STRONG: tuple[tuple[str, str], ...] = (
    ("f&i", r"\bf\s?&\s?i\b|\bf and i\b|finance (?:and|&) insurance"),
    ("dms", r"dealer\s?track|route\s?one|reynolds (?:and|&) reynolds"),
    ("menu", r"menu[- ]sell"),
    ("dealership", r"dealerships?\b|\b(?:car|auto|automobile|vehicle|motor) dealers?\b"),
    ("car sales", r"\b(?:cars?|autos?|automobiles?|vehicles?) sales\b|\bsale of (?:new |used )?(?:cars|automobiles|vehicles)"),
)  # fmt: skip
_DEALER_WEAK: tuple[tuple[str, str], ...] = (
    ("automotive", r"\bautomotive\b"),
    ("aftermarket", r"\baftermarket\b"),
    ("warranty", r"\bwarrant(?:y|ies)\b"),
    ("lender", r"\blenders?\b"),
)
_DEALER_STRONG_RES = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in _DEALER_STRONG)
_DEALER_WEAK_RES = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in _DEALER_WEAK)


def dealer_finance(title: str | None, text: str) -> bool:
    """Whether `title` (the CV's latest) is a car dealer's finance desk: a finance manager's title (`_DEALER_TITLE`)
    that names a dealership, or whose CV names a dealer's own word (`_DEALER_STRONG`: F&I, DealerTrack, menu selling,
    a dealership, car sales) twice, or one of them and another dealer's word. A finance manager at a car maker or a
    parts supplier (automotive, aftermarket, warranties) or a bank (lenders) names none of a dealer's own words."""
    if not title:
        return False
    value = normalise(title)
    if not _DEALER_TITLE.search(value) and not ("dealer" in value and "finance" in value and "manager" in value):
        return False
    if "dealer" in value:
        return True
    flat = " ".join(html.unescape(text).split())
    strong = {name: len(pattern.findall(flat)) for name, pattern in _DEALER_STRONG_RES}
    found = [name for name, count in strong.items() if count]
    weak = [name for name, pattern in _DEALER_WEAK_RES if pattern.search(flat)]
    return bool(found) and (len(found) + len(weak) >= 2 or max(strong.values()) >= 2)


def _role_family(titles: list[tuple[str, float]], skills: list[str], headline: str) -> tuple[RoleFamily, bool]:
    """The family the titles point to (recent and long roles weigh more), and whether the CV is a finance one.

    A CV is a finance CV when its finance titles outweigh its other titles; with no titles at all, when
    it has plenty of finance-specific skills.
    """
    scores: dict[RoleFamily, float] = {}
    other = 0.0
    weighted = [*titles, *([(headline, 3.0)] if headline else [])]  # how the CV presents its owner counts most
    for title, weight in weighted:
        family = title_family(title)
        if family is None:
            # "Intern", "Manager" or "Operations Manager" is no evidence either way
            if not GENERIC_TITLE.match(title.strip()) and not _OPERATIONS_TITLE.match(title.strip()):
                other += weight
        else:
            scores[family] = scores.get(family, 0.0) + weight
    if scores:
        finance = sum(scores.values())
        if finance > other:
            return max(scores, key=lambda f: scores[f]), True
        return RoleFamily.OTHER, False
    if other == 0 and len(_ACCOUNTING_SKILLS_STRONG.intersection(skills)) >= 4:
        for family, hints in _FAMILY_SKILL_HINTS:
            if sum(1 for hint in hints if hint in skills) >= 2:
                return family, True
        return RoleFamily.ACCOUNTS, True
    return RoleFamily.OTHER, False


# ---------------------------------------------------------------- does it read like a CV at all?

# Words that name a job ("... Accountant", "Technician I", "audit senior"), whole words only.
_JOB_WORD = re.compile(
    r"(?i)\b(?:accountants?|auditors?|bookkeepers?|clerks?|managers?|directors?|controllers?|analysts?|assistants?"
    r"|officers?|specialists?|associates?|consultants?|administrators?|executives?|coordinators?|supervisors?"
    r"|interns?|internship|trainees?|apprentice|technicians?|engineers?|developers?|representatives?|advisers?"
    r"|advisors?|tellers?|bankers?|underwriters?|cashiers?|recruiters?|cfo|fd|payroll|audit|tax|semi-senior"
    r"|senior|junior|partner|generalist|teacher|nurse|receptionist|secretary|treasurer)\b"
)
# What CVs talk about: work, its history, study and skills.
_EMPLOYMENT_WORD = re.compile(
    r"(?i)\b(?:experience[ds]?|employment|employed|employer|worked|working|responsib\w+|duties|skills?"
    r"|education|career|qualified|qualifications?|certifi\w+|degree|university|college|achievements?"
    r"|references|profile|objective|summary|position|clients?|team|reporting|accounts|finance|financial"
    r"|hybrid|remote|salary|notice|promoted|joined|hired|graduated|studying|fluent|proficient|knowledge"
    r"|newly|accounting|reconciliations?|ledger|budget\w*|forecast\w*)\b"
)
# "4 years at KPMG", "six years of audit": years claimed for the writer.
_YEARS_CLAIM = re.compile(
    r"(?i)\b(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s*\+?\s*(?:years?|yrs?)['’]?\s+(?:of|in|as|at|with)\b"
)
# Narration about others: a report, a story, an announcement, not a person's account of their work.
_NARRATION = re.compile(r"(?i)\b(?:said|says|according to|told (?:reporters|the)|announced|reported|spokes\w+)\b")


class CvVerdict(StrEnum):
    CV = "cv"
    UNSURE = "unsure"
    NOT_CV = "not_cv"


@dataclass(frozen=True, slots=True)
class CvSignal:
    """How much a text reads like a CV, from general signals: dated roles, job-title words, CV headings,
    professional qualifications, claimed years and employment vocabulary (less narration about others)."""

    score: float
    date_ranges: int
    job_words: int
    headings: int

    @property
    def verdict(self) -> CvVerdict:
        if self.score >= CV_SCORE:
            return CvVerdict.CV
        return CvVerdict.UNSURE if self.score >= UNSURE_SCORE else CvVerdict.NOT_CV


CV_SCORE = 6.0
"""At or above: a CV. Every real CV in ../shared/data/cvs scores well above (tests/unit/test_cv_signal.py)."""
UNSURE_SCORE = 3.5
"""From here to CV_SCORE the text might be a CV: a file is read, pasted text is asked about."""


def cv_signal(text: str) -> CvSignal:
    """The CV signal of a text (see `CvSignal`); a cheap reading, run before any extraction."""
    text = text[:60_000]
    ranges = len(_RANGE.findall(text))
    years = len(set(_YEAR.findall(text)))
    job_words = len({m.group(0).lower().rstrip("s") for m in _JOB_WORD.finditer(text)})
    vocabulary = len({m.group(0).lower() for m in _EMPLOYMENT_WORD.finditer(text)})
    headings = len([name for name in split_sections(text) if name != "header"])
    credentials = len(qualifications_in(text))
    claims = len(_YEARS_CLAIM.findall(text))
    narration = len(_NARRATION.findall(text))
    score = (
        2.5 * min(ranges, 3)
        + 0.5 * min(years, 4)
        + 1.0 * min(job_words, 4)
        + 0.5 * min(vocabulary, 6)
        + 1.5 * min(headings, 3)
        + 1.5 * min(credentials, 2)
        + 1.5 * min(claims, 2)
        - 1.5 * min(narration, 4)
    )
    if ranges == 0 and job_words == 0:  # no dated role and no job named: whatever else it says, not a CV
        score = min(score, UNSURE_SCORE - 0.5)
    return CvSignal(round(score, 2), ranges, job_words, headings)


def extract_profile(text: str, *, today: dt.date | None = None) -> CvProfile:
    """The rule-based profile of a CV's text.

    `today` (defaults to today) bounds every date; "present" means today unless the CV is years old (see
    `written_on`).
    """
    today = today or dt.date.today()
    text, _ = strip_instructions(text)
    sections = split_sections(text)
    experience = sections.get("experience")
    if not experience:  # no heading found: everything but education, activities and the like
        experience = "\n".join(v for k, v in sections.items() if k not in ("education", "other", "qualifications"))
    spans = find_spans(experience, today)
    # Nobody works for more than fifty years: an earlier date is a typo ("February 1920"), not a first job.
    latest_year = max((s.end.year for s in spans), default=today.year)
    spans = [s for s in spans if s.start.year > latest_year - 50]
    profile_text = sections.get("header", "") + "\n" + sections.get("summary", "")
    first_start = min((s.start for s in spans), default=None)
    written = written_on(text, today, first_start=first_start, claimed=claimed_years(profile_text))
    if written < today:  # an old CV: its "Current" roles end when it was written
        spans = [replace(s, end=min(s.end, written)) for s in spans]
    ordered = sorted(spans, key=lambda s: (s.current, s.end, s.start), reverse=True)
    titled = [s for s in ordered if s.title]
    headline = _headline(sections.get("header", ""))
    current_title = titled[0].title if titled else (headline.title() if headline else None)

    skills = skills_in(text)
    # The current role counts most, then the ones before it; older history barely.
    rank_weights = (3.0, 2.0, 1.0, 0.5, 0.5, 0.5)
    weights = [(s.title, w) for s, w in zip(titled[:6], rank_weights, strict=False)]
    family, finance_titles = _role_family(weights, skills, headline)
    latest_title = titled[0].title if titled else ""
    if (
        family is RoleFamily.ACCOUNTS
        and title_family(latest_title) is RoleFamily.ACCOUNTS
        and ("accountant" not in latest_title.lower())
    ):
        # A general finance title ("Finance Assistant") whose own lines are one family's work is that family.
        family = family_from_duties(titled[0].detail) or family

    qualifications = find_qualifications(text, written=written)
    # A dealer's finance desk sells: no accounting family, whatever the title's words say (unless its owner holds
    # an accountancy qualification: then the rules above decide).
    dealer = dealer_finance(current_title, text) and not any(
        q.status is QualificationStatus.QUALIFIED for q in qualifications
    )
    if dealer:
        family, finance_titles = RoleFamily.OTHER, False

    years = years_spanned(spans)
    if not spans:  # no dated role (a pasted summary): the years the text claims ("4 years at KPMG")
        years = float(claimed_years(text))
    level = cv_seniority(titled, headline, years, guess=bool(spans) or family is not RoleFamily.OTHER)
    opening = sections.get("header", "") + "\n" + sections.get("summary", "")
    newly_qualified = bool(_NEWLY_QUALIFIED.search(opening))
    if newly_qualified and (level is None or level < Seniority.SENIOR):
        level = Seniority.SENIOR  # newly qualified: senior on the shared scale, whatever the years say

    software = software_in(text)
    city, region, country = _location(sections.get("header", "") + "\n" + sections.get("summary", ""))
    languages = unique(m.group(1) for line in text.split("\n") if _LANG_CONTEXT.search(line)
                       for m in _LANG_RE.finditer(line))  # fmt: skip
    if "languages" in sections:
        languages = unique([*languages, *(m.group(1) for m in _LANG_RE.finditer(sections["languages"]))])
    salary: SalaryWish | None = None
    if (line := _SALARY_LINE.search(text) or _SALARY_ROUGH.search(opening)) is not None:
        parsed: Salary = parse_salary(line.group(0))
        if parsed.stated:
            salary = SalaryWish(minimum=parsed.annual_min, maximum=parsed.annual_max, currency=parsed.currency,
                                period=parsed.period.value if parsed.period else None)  # fmt: skip
    notice = _NOTICE.search(text)
    services = unique(filter(None, (service_line(t) for t, _ in weights)))
    is_accounting = finance_titles or any(q.status is QualificationStatus.QUALIFIED for q in qualifications)
    return CvProfile(
        qualifications=qualifications,
        qualified_by_experience=qualified_by_experience(text),
        skills=skills,
        software=software,
        work_history=[
            Role(title=s.title, start=f"{s.start:%Y-%m}", end=None if s.current else f"{s.end:%Y-%m}") for s in titled
        ],
        years_experience=years,
        current_title=current_title,
        seniority=level.label if level is not None else None,
        seniority_level=int(level) if level is not None else None,
        role_family=family.value,
        service_lines=services,
        location=city,
        region=region,
        country=country,
        languages=languages,
        salary_expectation=salary,
        notice_period=notice.group(1).strip() if notice else None,
        is_accounting=is_accounting,
        work_mode=_work_mode(opening),
        newly_qualified=newly_qualified,
        dealer_finance=dealer,
        sectors=[s.value for s in cv_sectors(experience + "\n" + sections.get("summary", ""))],
    )
