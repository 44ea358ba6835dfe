"""What a job title says: the role it names, its family, and its step on the career ladder.

One reading for job ads, CVs and typed queries, so that they meet on the same terms. The ladder is the one
recruiters for UK accounting and finance use (and the readers who judge our matching):

    1 clerk, assistant, administrator, officer (NHS bands 2-4)    5 finance manager, financial controller,
    2 assistant accountant, senior officer (band 5)                 business partner (8a)
    3 accountant, analyst, auditor (band 6)                       6 senior manager, head of (8b-8c)
    4 senior or financial accountant, supervisor (band 7)         7 deputy or assistant director (8d-9)
                                                                  8 director, CFO, partner
and 0 for apprentices and interns. A title gives a step from its role noun and its modifiers ("Assistant Finance
Manager" is a step below a finance manager, "Senior Payroll Officer" one above a payroll officer); a stated salary
moves a title that is ambiguous about level towards the step its pay suggests.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from services.jobs.taxonomy import RoleFamily

# ---------------------------------------------------------------- words


@dataclass(frozen=True, slots=True)
class Synonym:
    """One role or term under its many names: `patterns` (regular expressions over lower-case text) become
    `canonical` before a title or a query is read, and a full-text search looks for any of `variants`."""

    canonical: str
    patterns: tuple[str, ...]
    variants: tuple[str, ...] = ()


SYNONYMS: tuple[Synonym, ...] = (
    # A CFO and a finance director are one role to recruiters (and to the readers who judge us): one name.
    Synonym("finance director", (r"\bc\.?f\.?o\b", r"\bchief financ\w* officer\b", r"\bexecutive director of finance\b",
                                 r"\bdirector of finance\b", r"\bdirector,? finance\b", r"\bfinancial director\b",
                                 r"\bf\.?d\b", r"\bdof\b"),
            ("finance director", "director of finance", "chief financial officer", "chief finance officer", "cfo",
             "financial director")),
    Synonym("financial controller", (r"\bfinance controller\b", r"\bf\.?c\b"),
            ("financial controller", "finance controller")),
    Synonym("finance business partner", (r"\bfbp\b", r"\bfinancial business partner\b"),
            ("finance business partner", "fbp", "business partner")),
    Synonym("financial planning analysis", (r"\bfp ?& ?a\b", r"\bfp and a\b", r"\bfinancial planning (?:and|&) analysis\b"),
            ("fp&a", "financial planning", "financial analysis")),
    Synonym("accounts payable", (r"\bp2p\b", r"\bpurchase to pay\b", r"\bprocure to pay\b", r"\bpurchase ledger\b",
                                 r"\ba/?p\b(?= (?:assistant|clerk|officer|administrator|specialist|supervisor|manager|team|analyst|processor))"),
            ("accounts payable", "purchase to pay", "purchase ledger", "p2p", "procure to pay")),
    Synonym("accounts receivable", (r"\bsales ledger\b",
                                    r"\ba/?r\b(?= (?:assistant|clerk|officer|administrator|specialist|supervisor|manager|team|analyst))"),
            ("accounts receivable", "sales ledger")),
    Synonym("newly qualified", (r"\bnq\b", r"\brecently qualified\b"), ("newly qualified", "nq", "recently qualified")),
    Synonym("part qualified", (r"\bpart[- ]qualified\b", r"\bpartly qualified\b"), ("part qualified", "part-qualified")),
    Synonym("semi senior", (r"\bsemi[- ]senior\b",)),
    Synonym("vice president", (r"\bvice[- ]president\b", r"\bvp\b")),
    Synonym("chief", (r"\bcheif\b",)),
    Synonym("senior", (r"\bsr\.?(?= )",)),
    Synonym("junior", (r"\bjr\.?(?= )",)),
    Synonym("manager", (r"\bmgr\b",)),
    Synonym("assistant", (r"\basst\.?(?= )",)),
    Synonym("accountant", (r"\bacct\b",)),
)  # fmt: skip
_SYNONYM_RES = tuple((re.compile("|".join(s.patterns)), s) for s in SYNONYMS)
_CANONICAL_RES = tuple((re.compile(rf"\b{re.escape(s.canonical)}\b"), s.variants) for s in SYNONYMS if s.variants)

# Marks of NHS staffing rather than of banking: "Bank Staff Nurse", "Payroll Officer (Bank)", "Accountant - BANK".
_STAFF_BANK = re.compile(r"^bank\b|\(bank\)|[-–,]\s*bank\b|\bbank (?:staff|hours|only|shifts?)\b|\bstaff bank\b")
# Codes and noise in titles: "(AB12)", "- 2021/ 004", "Band 8b - 8c", "Band 6".
_NOISE = re.compile(r"\([a-z]{1,3}\d{1,3}\)|\b\d{4}\s*/\s*\d{2,3}\b|\bband \d[a-d]?(?:\s*-\s*\d[a-d]?)?\b")
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset({"of", "and", "the", "in", "for", "a", "an", "to", "at", "with", "on", "or", "job", "jobs",
                       "role", "roles", "position", "positions", "vacancy", "vacancies", "based", "near", "around",
                       "within", "x"})  # fmt: skip


def normalise(text: str) -> str:
    """Lower case, HTML entities, codes and bands gone, synonyms and abbreviations as their canonical names."""
    value = html.unescape(text).lower().replace("&", " and ")
    value = _NOISE.sub(" ", value)
    value = re.sub(r"[^\w/+£$€ -]|\s-+\s", " ", value)
    for pattern, synonym in _SYNONYM_RES:
        value = pattern.sub(synonym.canonical, value)
    return " ".join(value.split())


def concepts(text: str) -> list[tuple[str, ...]]:
    """A query as what a full-text search must find: one tuple of phrases per concept, any of which will do
    ("CFO NHS" -> ("finance director", "director of finance", "chief financial officer", ...), ("nhs",))."""
    value = normalise(text)
    found: list[tuple[int, tuple[str, ...]]] = []
    for canonical, variants in _CANONICAL_RES:
        found += [(m.start(), variants) for m in canonical.finditer(value)]
        value = canonical.sub(lambda m: " " * len(m.group(0)), value)
    for m in _WORD.finditer(value):
        if m.group(0) not in STOPWORDS:
            found.append((m.start(), (m.group(0),)))
    return [phrases for _, phrases in sorted(found)]


def stem(word: str) -> str:
    """A light stem, enough for titles: plurals, and finance/financial, accountant/accounts/accounting kept apart
    from each other only by `related`."""
    if word in ("financial", "finances"):
        return "finance"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The content words of a title or a query, normalised and stemmed."""
    return [stem(w) for w in _WORD.findall(normalise(text)) if w not in STOPWORDS]


def related(a: str, b: str) -> bool:
    """Different words of one root that name nearly the same thing: accountant and accounting, audit and
    auditor, administrator and administration."""
    return a != b and len(a) >= 5 and len(b) >= 5 and a[:6] == b[:6]


def staff_bank(title: str) -> bool:
    """Whether a title's "bank" is the NHS staff bank (temporary shifts), not a bank."""
    return bool(_STAFF_BANK.search(html.unescape(title).lower().strip()))


# ---------------------------------------------------------------- families

# The first family whose pattern matches the normalised title wins; order matters only where titles name two.
_FAMILY_PATTERNS: tuple[tuple[RoleFamily, str], ...] = (
    (RoleFamily.PAYROLL, r"payroll|pension(?!s? (?:fund|scheme) account)"),
    (RoleFamily.TAX, r"\btax(?!i)|\bvat\b"),
    (RoleFamily.AUDIT, r"audit|assurance|transaction services|due diligence"),
    (RoleFamily.TREASURY, r"treasur|cash manag"),
    (RoleFamily.FINANCE_MANAGEMENT,
     r"chief financial officer|finance director|financial controller|(?<!credit )\bcontrollers?\b|comptroller"
     r"|head of (?:\w+ )?finance"
     r"|head of financial|finance (?:\w+ ){0,2}manager|financial manager|manager,? finance|chief accountant|chief financ"
     r"|accounting manager|accounts manager|director.{0,30}\bfinance\b|finance.{0,20}\bdirector|vice president.{0,15}finance"
     r"|finance lead|fiscal (?:officer|manager)|financial services manager|head of (?:\w+ )?(?:accounts|accounting)"
     r"|grants? manager"),
    (RoleFamily.FPA_ANALYSIS,
     r"finance analyst|financial analyst|(?:^|(?:financ\w*|commercial|senior|lead|principal|assistant|deputy|junior"
     r"|strategic|divisional|management|fp&a|fp and a) )business partner|financial planning|budget analyst"
     r"|planning analyst|commercial (?:finance )?analyst|pricing analyst|finance and analytics|investment analyst"
     r"|analyst.{0,25}financ|financ.{0,25}analyst|cost analyst|revenue analyst|financial strategy|financial planner"
     r"|credit analyst|accounting analyst"),
    (RoleFamily.MANAGEMENT_ACCOUNTING,
     r"management account|cost accountant|costing|commercial accountant|directorate accountant|decision support"
     r"|divisional accountant|project accountant|contract(?:ing|s)? accountant|network accountant"),
    (RoleFamily.FINANCIAL_ACCOUNTING,
     r"financial accountant|reporting accountant|financial reporting|corporate accountant|capital accountant"
     r"|technical accountant|fund accountant|group accountant|consolidation|systems accountant|revenue accountant"),
    (RoleFamily.AP_AR_BOOKKEEPING,
     r"accounts payable|accounts receivable|bookkeep|book keeper|credit control|credit controller|collections?"
     r"|billing|invoice|ledger|account(?:s|ancy) (?:assistant|clerk|administrator|officer|apprentice)|accounting clerk"
     r"|finance (?:assistant|clerk|administrator|admin|apprentice|support|coordinator|officer)"
     r"|account clerk|cashier|expenses|purchasing clerk|finance and \w+ (?:assistant|officer)"
     r"|accounts and \w+ assistant|\w+ and finance (?:assistant|officer|support)"
     r"|financ\w*(?: \w+){0,2} (?:clerk|assistant|apprentice|administrator|officer|support)\b"),
    (RoleFamily.BANKING_OPERATIONS,
     r"\bbanking\b|\bbanker\b|\bteller\b|\bbank\b|loan|mortgage|lending|underwrit|credit officer|vault|microfinance"
     r"|cash (?:operations|services)"),
    (RoleFamily.ACCOUNTS, r"accountant|accounting|\baccounts\b|finance (?:executive|associate|specialist|trainee)"
                          r"|graduate finance|newly qualified"
                          r"|general ledger|fiscal"),
)  # fmt: skip
_FAMILY_RES = tuple((family, re.compile(p)) for family, p in _FAMILY_PATTERNS)
# Occupations that merely sound like finance.
_NOT_FINANCE = re.compile(
    r"financial aid|student finance|professor|lecturer|instructor|\bphd\b|research scientist|nurse|therapist|doctor|physician"
    r"|pharmac|clinical|midwife|paramedic|surgeon|radiograph|dentist|teacher|software (?:engineer|developer)"
)


def family_of(title: str) -> RoleFamily | None:
    """The role family a title names; None when it names no accounting or finance role."""
    value = normalise(title)
    if _NOT_FINANCE.search(value):
        return None
    if staff_bank(title):
        value = _STAFF_BANK.sub(" ", value)
    for family, pattern in _FAMILY_RES:
        if pattern.search(value):
            return family
    return None


ACCOUNTING = frozenset({RoleFamily.ACCOUNTS, RoleFamily.FINANCIAL_ACCOUNTING, RoleFamily.MANAGEMENT_ACCOUNTING,
                        RoleFamily.FINANCE_MANAGEMENT})  # fmt: skip
_F = RoleFamily
# Closely related families (a recruiter would put the same person forward, one key aspect off) and adjacent ones
# (a move someone might make): the judges' guidelines, in both directions.
_CLOSE: frozenset[frozenset[RoleFamily]] = frozenset(
    frozenset(pair) for pair in [
        *((a, b) for a in ACCOUNTING for b in ACCOUNTING if a != b),
        (_F.FPA_ANALYSIS, _F.MANAGEMENT_ACCOUNTING), (_F.FPA_ANALYSIS, _F.FINANCE_MANAGEMENT),
        (_F.AP_AR_BOOKKEEPING, _F.ACCOUNTS),
    ]
)  # fmt: skip
_ADJACENT: frozenset[frozenset[RoleFamily]] = frozenset(
    frozenset(pair) for pair in [
        (_F.AP_AR_BOOKKEEPING, _F.PAYROLL),
        *((_F.AUDIT, a) for a in ACCOUNTING), *((_F.TAX, a) for a in ACCOUNTING),
        *((_F.TREASURY, a) for a in ACCOUNTING), (_F.TREASURY, _F.AP_AR_BOOKKEEPING), (_F.TREASURY, _F.BANKING_OPERATIONS),
        (_F.BANKING_OPERATIONS, _F.FPA_ANALYSIS), (_F.BANKING_OPERATIONS, _F.AP_AR_BOOKKEEPING),
        (_F.FPA_ANALYSIS, _F.FINANCIAL_ACCOUNTING), (_F.FPA_ANALYSIS, _F.ACCOUNTS),
        (_F.AP_AR_BOOKKEEPING, _F.FINANCIAL_ACCOUNTING), (_F.AP_AR_BOOKKEEPING, _F.MANAGEMENT_ACCOUNTING),
        (_F.AP_AR_BOOKKEEPING, _F.FINANCE_MANAGEMENT), (_F.AUDIT, _F.TAX),
    ]
)  # fmt: skip


# A plain "Accountant" is a financial accountant to recruiters: one family for matching.
_GENERAL = {RoleFamily.ACCOUNTS, RoleFamily.FINANCIAL_ACCOUNTING}


def affinity(a: RoleFamily | str | None, b: RoleFamily | str | None) -> int:
    """How near two families are: 3 the same, 2 closely related, 1 adjacent, 0 apart (or unknown)."""
    if a is None or b is None:
        return 0
    fa, fb = RoleFamily(a), RoleFamily(b)
    if RoleFamily.OTHER in (fa, fb):
        return 0
    if fa == fb or {fa, fb} == _GENERAL:
        return 3
    pair = frozenset((fa, fb))
    return 2 if pair in _CLOSE else 1 if pair in _ADJACENT else 0


# ---------------------------------------------------------------- the ladder

# The role noun's step, most specific first; the first match gives the base step, which the modifiers move.
_BASE_STEPS: tuple[tuple[int, str], ...] = (
    (8, r"finance director|(?<!business )\bpartner\b|vice president|managing director|chief executive"
        r"|chief (?:\w+ )?officer"),
    (7, r"\bdirector\b"),
    (6, r"\bhead of\b|\bhead\b|general manager"),
    (5, r"\bmanager\b|(?<!credit )\bcontrollers?\b|comptroller|business partner|chief accountant"
        r"|chief (?:\w+ )?specialist"),
    (4, r"supervisor|team (?:leader|lead)|financial accountant|newly qualified|in[- ]charge|\bexpert\b|consultant"
        r"|(?:tax|audit|accounts|payroll|practice) senior\b|(?<!semi )\bsenior$"),
    (3, r"accountant|analyst|auditor|adviser|advisor|\bexecutive\b|specialist|coordinator|modeller|underwriter"),
    (2, r"semi senior|part qualified|bookkeeper|book keeper|accounting technician|paraplanner|\bassociate\b"
        r"|staff accountant"),
    (0, r"apprentice|\bintern\b|internship|work experience|school leaver"),
    (1, r"clerk|assistant|administrator|\badmin\b|officer|cashier|technician|trainee|graduate|teller|support"
        r"|credit controller|receptionist|processor"),
)  # fmt: skip
_BASE_RES = tuple((step, re.compile(p)) for step, p in _BASE_STEPS)
_DEPUTY_DIRECTOR = re.compile(r"\b(?:deputy|assistant|associate) (?:\w+ )?(?:finance director|director)\b")
_UNDER = re.compile(r"\b(?:assistant|deputy) (?:\w+ ){0,2}(?:manager|controller|business partner|head)\b")
_ASSISTANT_ACCOUNTANT = re.compile(r"\bassistant (?:\w+ ){0,2}accountant\b|\bstaff accountant\b")
_UP = re.compile(r"(?<!semi )\b(?:senior|principal|principle|lead)\b(?! (?:\w+ )?(?:director|partner)\b)")
_DOWN = re.compile(r"\b(?:junior|trainee|graduate)\b")
# NHS Agenda for Change bands as titles and salary fields name them ("Band 6", "Band 8b - 8c").
_BAND = re.compile(r"\bband\s*(\d)\s*([a-d])?")
_BAND_STEPS = {"2": 1, "3": 1, "4": 1, "5": 2, "6": 3, "7": 4, "8a": 5, "8b": 6, "8c": 6, "8d": 7, "9": 7}
# Annual pay (GBP) at which each step begins: UK finance roles around 2013-2020, the NHS bands' pay (band 5 from
# £24,907, band 6 £31,365, band 7 £38,890, 8a £45,753, 8b £53,168, 8d £75,914).
_PAY_STEPS = ((24_000, 2), (31_000, 3), (38_000, 4), (45_500, 5), (53_000, 6), (75_000, 7), (110_000, 8))


def title_step(title: str) -> int | None:
    """The ladder step a title names, or None when it names no level (a bare "Finance" or "Payroll")."""
    value = normalise(title)
    if staff_bank(title):
        value = _STAFF_BANK.sub(" ", value)
    if _DEPUTY_DIRECTOR.search(value):
        return 7
    if _ASSISTANT_ACCOUNTANT.search(value):
        return 2
    base = next((step for step, pattern in _BASE_RES if pattern.search(value)), None)
    if base is None:  # a practice's level word alone: "Senior - Audit & Assurance", "Junior Tax"
        return 4 if re.search(r"(?<!semi )\bsenior\b", value) else 2 if re.search(r"\bjunior\b", value) else None
    if base in (5, 6) and _UNDER.search(value):
        return base - 1
    if _UP.search(value) and base not in (4, 8) and not re.search(r"\bsenior$", value):
        return min(7, base + 1)
    if _DOWN.search(value) and base >= 2:
        return base - 1
    return base


def _band_key(found: re.Match[str]) -> str:
    return found.group(1) + (found.group(2) or "a") if found.group(1) == "8" else found.group(1)


def band_step(text: str) -> int | None:
    """The step of the NHS pay band a title or salary field names ("Band 7", "Band 8b - 8c": the lower one)."""
    found = _BAND.search(html.unescape(text).lower())
    return _BAND_STEPS.get(_band_key(found)) if found else None


# A band that is someone else's, named just before it: "supported by a band 7 lead", "reporting to the Band 8a",
# "current band 6 pharmacists", "experience at Band 5 or above", "managing two band 4 officers". ("Currently
# recruiting a Band 5", "Reporting to the FC, this Band 7 role" are the post's own.)
_OTHERS_BAND = re.compile(
    r"\b(?:supported by|report(?:s|ing)? (?:in)?to|current|existing|experience (?:at|of working at)|led by|managing"
    r"|supervising|line managing|deputising for|team of)(?:\s+(?:an?|the|two|three|four|our|other|\d+))?\s*$"
)


def ad_band_step(description: str, annual_pay: float | None = None) -> int | None:
    """The step of the NHS band an ad's text gives its post ("Job title Corporate Accountant Band 5 Hours Full
    time"): only when the text names a single band that is not someone else's ("supported by a band 7 lead"), and
    the pay the ad states, if any, is within a step of that band's (pay scales rise over the years; a band 8a named
    in an ad paying a band 5's salary is not the post's)."""
    text = html.unescape(description or "").lower()
    found = {
        _band_key(m) for m in _BAND.finditer(text) if not _OTHERS_BAND.search(text[max(0, m.start() - 40) : m.start()])
    }
    step = _BAND_STEPS.get(found.pop()) if len(found) == 1 else None
    if step is not None and (paid := pay_step(annual_pay)) is not None and abs(paid - step) > 1:
        return None
    return step


def pay_step(annual_pay: float | None) -> int | None:
    """The step that a yearly salary in pounds usually buys; None when pay is not stated."""
    if annual_pay is None or annual_pay <= 0:
        return None
    step = 1
    for floor, level in _PAY_STEPS:
        if annual_pay >= floor:
            step = level
    return step


# Words that state a level outright; a title without one ("Accountant", "Bookkeeper", "Finance Officer") leaves
# its level to the pay.
_STATED_LEVEL = re.compile(
    r"\b(?:senior|junior|trainee|graduate|apprentice|manager|director|head|partner|supervisor|lead|principal"
    r"|deputy|chief|controller|assistant|semi senior|part qualified|newly qualified)\b"
)


def career_step(title: str, annual_pay: float | None = None, band: str = "", description: str = "") -> int | None:
    """A job's step. An NHS band (in the title, the salary field `band`, or the one band the ad's `description`
    gives the post: `ad_band_step`) is the post's grade, and the ladder is built on the bands: the band decides,
    whatever the title's words ("Finance Section Manager, Band 6" is an accountant's post, "Senior Payroll Officer,
    Band 4" a clerk's). Without one, a title that states no level outright moves towards the step its pay suggests
    when the two disagree by more than one ("Bookkeeper, £38,000-£45,000" reads as a step 3)."""
    graded = band_step(title) or band_step(band) or ad_band_step(description, annual_pay)
    if graded is not None:
        return graded
    named = title_step(title)
    paid = pay_step(annual_pay)
    if named is None:
        return paid
    if paid is None or abs(paid - named) <= 1 or _STATED_LEVEL.search(normalise(title)):
        return named
    return round((named + paid) / 2)


# ---------------------------------------------------------------- matching a role phrase with a title


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """How well a title answers a role phrase: the weighted share of the phrase's words it holds, and whether the
    phrase's words stand in it together and in order."""

    coverage: float
    phrase: bool


def role_match(phrase: Sequence[str], title_words: Sequence[str], weights: dict[str, float] | None = None) -> RoleMatch:
    """`phrase` and `title_words` are `words(...)` of what was asked and of the title; `weights` each asked word's
    importance (its rarity among titles). A word of the same root ("accounting" for "accountant") counts half."""
    wanted = list(dict.fromkeys(phrase))
    if not wanted:
        return RoleMatch(0.0, False)
    have = list(title_words)
    total = got = 0.0
    for word in wanted:
        weight = (weights or {}).get(word, 1.0)
        total += weight
        if word in have:
            got += weight
        elif any(related(word, h) for h in have):
            got += 0.5 * weight
    together = len(wanted) > 1 and f" {' '.join(wanted)} " in f" {' '.join(have)} "
    return RoleMatch(got / total if total else 0.0, together)


# A CV's "Director of Finance" is mostly the head of a function below its CFO (American and in-house usage); a
# board's finance director names the organisation's top finance post, which the ads call the same.
_BOARD = re.compile(r"chief|\bc\.?f\.?o\b|vice president|\bvp\b|executive|group|managing|\bboard\b")


# A bank's lending, credit or trust officer: in American banks (and the CVs that come from them) an officer is a
# professional who makes or manages loans, not a clerk as a UK "Finance Officer" is.
_BANK_OFFICER = re.compile(r"\b(?:lending|loan|credit|trust|banking) officer\b")
_NOT_AN_OFFICERS_STEP = re.compile(r"\b(?:assistant|clerk|trainee|junior|chief|apprentice|intern)\b")


def cv_step(title: str, director: int = 6) -> int | None:
    """The step of a CV's current title: as for a job, except that a director who is not plainly the top of an
    organisation (chief, vice president, executive, group) reads as `director` (the head of a function), and a bank's
    lending, credit or trust officer as a specialist (`_BANK_OFFICER`: "Senior Lending Officer" is a step 4)."""
    value = normalise(title)
    if _BANK_OFFICER.search(value) and not _NOT_AN_OFFICERS_STEP.search(value):  # "Assistant Loan Officer" as it is
        title = re.sub(r"(?i)\bofficer\b", "specialist", html.unescape(title))
    step = title_step(title)
    top = _BOARD.search(value) or _BOARD.search(html.unescape(title).lower())
    if step is not None and step >= 7 and re.search(r"\bdirector\b", value) and not top:
        return director
    return step


# ---------------------------------------------------------------- fields next to finance

# A CV from outside finance (its title names no finance family) may still come from a field that sits next to some
# finance posts, as recruiters place such people: HR runs payroll and benefits, IT runs finance systems, sales and
# customer service sell financial products. The first of a CV's titles, latest first, that names one decides; a
# finance title before it (a banker who once built websites) means the CV is no move from another field.
_FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("hr", r"\bhr\b|human resource|personnel|recruit|talent acquisition|employee relations|people (?:partner|manager)"),
    ("it", r"\bit\b|information (?:technology|systems)|software|developer|programmer|mainframe|database|\bweb\b"
           r"|\bsystems? (?:engineer|administrator|analyst)|technical (?:\w+ )?(?:analyst|support|lead|architect|specialist)"
           r"|network (?:engineer|administrator|analyst|technician|manager)"),
    ("sales", r"\bsales\b|marketing|business development|customer service|\bretail\b|account (?:manager|executive)"),
)  # fmt: skip
_FIELD_RES = tuple((name, re.compile(p)) for name, p in _FIELD_PATTERNS)
_INTERN = re.compile(r"\bintern(?:s|ships?)?\b")
FIELDS = tuple(name for name, _ in _FIELD_PATTERNS)

# The finance posts next to each field, read from a job's title: posts that name HR beside a finance role, finance
# systems or technology as the role itself (not a sector: "Finance Director - Technology"), and selling financial
# products (not the sales ledger, sales invoices or sales tax, which are accounting).
_HR_FINANCE = re.compile(r"\bhr\b|human resource|personnel|\bpeople\b")
_SYSTEMS = re.compile(
    r"systems accountant|financ\w* (?:and )?(?:systems?|technology|it|data)\b"
    r"|(?:systems?|technology|\bit|data) (?:accountant|analyst|officer|auditor|manager|support)"
)
_FINANCIAL_SALES = re.compile(
    r"mortgage advis|financial advis|insurance advis|new business sales|sales (?:\w+ ){0,4}financial (?:markets|products|services)"
    r"|financial (?:markets|products|services) sales"
)


def cv_field(titles: Sequence[str]) -> str | None:
    """The field next to finance that a CV's titles (latest first) name: "hr", "it" or "sales"; None for none, or
    when a finance title comes first. An internship names no field: it is where a career began, not its field."""
    for title in titles:
        if family_of(title) is not None:
            return None
        value = normalise(title)
        if _INTERN.search(value):
            continue
        for name, pattern in _FIELD_RES:
            if pattern.search(value):
                return name
    return None


def neighbours(field: str | None, family: RoleFamily | str | None, title: str) -> bool:
    """Whether a finance post (its family and title) sits next to `field`: payroll and pensions for HR, finance
    systems and technology posts for IT, the selling of financial products for sales."""
    if field == "sales":
        return bool(_FINANCIAL_SALES.search(normalise(title)))
    if field not in ("hr", "it") or family is None:  # HR's and IT's neighbours are finance posts
        return False
    if field == "hr":
        return RoleFamily(family) is RoleFamily.PAYROLL or bool(_HR_FINANCE.search(normalise(title)))
    return bool(_SYSTEMS.search(normalise(title)))
