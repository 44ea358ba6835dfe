"""Sector experience: what an ad asks the candidate to have worked in (the NHS, the public sector, a charity,
financial services, an accountancy practice, education, housing), and the sectors a CV's experience shows.

An ad's ask is read sentence by sentence (`services.jobs.qualification_status.sentences`): a sector named beside
an experience word ("NHS experience", "experience of working within a local authority", "knowledge of NHS
finances", "from a practice background"), its strength from the nearest cue (essential, "will have", "must" make it
required; ideally, desirable, "an advantage" make it desirable; "not essential" or "you will gain experience
across NHS organisations" make it no ask). The employer's own sector ("join our NHS trust") is no ask.

A CV's sectors are read from its experience, never its education: the employers' kinds (a hospital, a county, a
credit union, a CPA firm). Reading a sector the CV does not have costs only a gap not shown; missing one the CV has
would tell the user they lack what they have, so the CV side reads generously.

Pure: no database, no aiogram. The index stores an ad's reading (`job_index.ad_sectors`); ranking and the gaps on a
job card compare it with `CvProfile.sectors` (`services.search.job_search._sector_fit`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from services.jobs.qualification_status import Mode, marked, mode_of, sentences, unmarked


class Sector(StrEnum):
    HEALTH = "health"
    PUBLIC = "public"
    CHARITY = "charity"
    FINANCIAL_SERVICES = "financial_services"
    PRACTICE = "practice"
    EDUCATION = "education"
    HOUSING = "housing"


COVERS: dict[Sector, frozenset[Sector]] = {Sector.PUBLIC: frozenset({Sector.PUBLIC, Sector.HEALTH, Sector.HOUSING})}
"""What experience meets an ask: the NHS and housing authorities are public sector too (a CV from a hospital meets
"public sector experience"; a council's does not meet "NHS experience")."""


def meets(sector: Sector | str, worked_in: Iterable[str]) -> bool:
    """Whether experience in `worked_in` meets an ask for `sector`."""
    wanted = Sector(sector)
    return bool(COVERS.get(wanted, frozenset({wanted})) & {Sector(s) for s in worked_in if s in _VALUES})


_VALUES = {s.value for s in Sector}


@dataclass(frozen=True, slots=True)
class AdSectors:
    """The sector experience an ad asks for: required, and merely desirable."""

    required: frozenset[Sector] = frozenset()
    desirable: frozenset[Sector] = frozenset()

    def as_list(self) -> list[str]:
        """As the index stores it: required sectors by name, desirable ones with a "?" ("health", "charity?")."""
        return marked((s.value for s in self.required), (s.value for s in self.desirable))

    @classmethod
    def from_list(cls, values: Iterable[str] | None) -> AdSectors:
        required, desirable = unmarked(values, _VALUES)
        return cls(frozenset(map(Sector, required)), frozenset(map(Sector, desirable)))

    def __bool__(self) -> bool:
        return bool(self.required or self.desirable)


# ---------------------------------------------------------------- an ad's ask

_AD_SECTOR: dict[Sector, re.Pattern[str]] = {
    Sector.HEALTH: re.compile(
        r"\bNHS\b|(?i:\bhealth ?care\b|\bhealth (?:service|sector|economy|system|environment|organisations?|"
        r"finance)s?\b|\bhospitals?\b|\bagenda for change\b|\bintegrated care\b|\bacute (?:trust|sector|provider)s?\b|"
        r"\bCCGs?\b|\bclinical commissioning\b|\bhealth and (?:social )?care\b)|\bESR\b"
    ),
    Sector.PUBLIC: re.compile(
        r"(?i)\bpublic[- ]sector\b|\blocal (?:government|authorit(?:y|ies))\b|\bcentral government\b|\bcivil service\b"
        r"|\bgovernment (?:department|body|bodies|sector|organisations?|finance)s?\b|\bpublic (?:bodies|body|services?|"
        r"finance|funds?)\b|\b(?:local|city|county|borough|district|town|parish|metropolitan|unitary) councils?\b"
        r"|\bcouncil (?:environment|finance|setting)s?\b|\bpolice\b|\bCIPFA code\b"
    ),
    Sector.CHARITY: re.compile(
        r"(?i)\bcharit(?:y|ies|able)\b|\bnot[- ]for[- ]profit\b|\bnon[- ]?profit\b|\bthird sector\b|\bvoluntary "
        r"(?:sector|organisations?)\b|\bNGOs?\b"
    ),
    Sector.FINANCIAL_SERVICES: re.compile(
        r"(?i)\bfinancial services (?:sector|industry|environment|firm|organisation|company|background)s?\b"
        r"|\b(?:banking|micro[- ]?financ\w*|insurance|financial|investment) (?:field|sector|industry)\b"
        r"|\bwithin financial services\b|\bin financial services\b|\bbanking (?:sector|industry|environment)\b"
        r"|\binsurance (?:sector|industry|market|environment|company|companies)\b|\b(?:asset|investment|wealth|fund) "
        r"management (?:sector|industry|firm|environment|background)s?\b|\bFCA[- ]regulated\b|\bregulated (?:firm|"
        r"financial)s?\b"
    ),
    Sector.PRACTICE: re.compile(
        r"(?i)\baccountancy (?:practice|firm)s?\b|\b(?:an?|the|small|large|local|regional|national|busy|mid[- ]sized?)"
        r" (?:accounting|audit|tax|professional) (?:practice|firm)\b|\b(?:accounting|audit|tax|professional services) "
        r"firms?\b|\bpractice (?:experience|"
        r"background|environment|setting)\b|\b(?:in|from|within) (?:a |an )?practice\b|\bBig ?(?:4|four)\b"
        r"|\b(?:top|mid)[- ](?:tier|ranked|sized)\b[- ](?:firm|practice)s?\b"
    ),
    Sector.EDUCATION: re.compile(
        r"(?i)\b(?:higher|further) education\b|\beducation (?:sector|environment|setting)s?\b|\buniversit(?:y|ies) "
        r"(?:sector|environment|setting)s?\b|\bacademy trusts?\b|\bschools? (?:sector|environment|finance)s?\b"
    ),
    Sector.HOUSING: re.compile(r"(?i)\bhousing (?:associations?|sector|providers?)\b|\bsocial housing\b|\bRSLs?\b"),
}
_EXPERIENCE = re.compile(
    r"(?i)\bexperience[ds]?\b|\bbackground\b|\bknowledge\b|\bunderstanding\b|\bfamiliar(?:ity)?\b|\bexposure\b"
    r"|\btrack record\b|\bworked\b|\bgained\b|\bcome from\b"
    r"|\bcoming from\b|\bfrom (?:a|an|the) [\w/ -]{0,30}(?:sector|background|environment)\b"
)


def _one_pattern(patterns: dict[Sector, re.Pattern[str]]) -> re.Pattern[str]:
    """The sectors' patterns as one, each a named group (its global case flag made local): one scan finds them all."""

    def local(pattern: str) -> str:
        return f"(?i:{pattern[4:]})" if pattern.startswith("(?i)") else pattern

    return re.compile("|".join(f"(?P<{sector.value}>{local(p.pattern)})" for sector, p in patterns.items()))


_AD_ANY = _one_pattern(_AD_SECTOR)
_NOUN_AFTER = re.compile(
    r"(?i)[\s,)(/-]*(?:(?!(?:with|where|that|which|who)\b)[\w&()/-]+[\s,]+){0,3}?(?:experience|background|knowledge"
    r"|exposure|track record|understanding)\b"
)
"""The experience noun right after a sector ("NHS experience", "NHS (ESR) payroll experience", "charity sector
background"); "experienced" is no such noun ("a leading charity seeking an experienced manager")."""
_EMPLOYER = re.compile(
    r"(?i)\b(?:our|join(?:ing)? (?:our|a|an|the)|we are|we(?:'|’)re|(?:is|are) an?|an? (?:leading|award[- ]winning|"
    r"well[- ]known|busy|large|growing|successful|national|regional|local))\b[^.;]{0,25}$"
)
"""Words just before a sector that make it the employer's, not an ask ("to join our NHS trust", "we are an
award-winning charity")."""
_LINK = re.compile(r"(?i)\b(?:in|within|of|from|across|at|for|with|into|inside)\b")
_GIVES = re.compile(r"(?i)\b(?:gain(?:ing)?|develop(?:ing)?|broaden(?:ing)?|build(?:ing)?|get|offer(?:s|ing)?|"
                    r"provide(?:s)?|give(?:s)?|you will (?:be )?(?:gain|work|join))\b[^.;]{0,40}$")  # fmt: skip
_SOFTER = re.compile(r"(?i)\bideally\b|\bpreferabl[ey]\b|\bpreferred\b|\bdesirable\b|\bdesired\b|\badvantage"
                     r"|\bmay (?:have|hold)\b|\bbeneficial\b|\bplus\b|\bbonus\b|\bwelcome\b|\bhelpful\b|\buseful\b"
                     r"|\bwould be good\b")  # fmt: skip
_NOT_NEEDED = re.compile(r"(?i)\bnot (?:essential|required|necessary|a requirement|needed|mandatory)\b|\bno (?:need|"
                         r"requirement)\b|\bneed not\b|\bdon[’']?t need\b"
                         r"|\bfrom (?:all|any|other) sectors\b")  # fmt: skip
_STILL_WANTED = re.compile(r"(?i)\bdesirable\b|\badvantage|\bbeneficial\b|\bpreferred\b|\bpreferabl[ey]\b|\bideally\b")
_GAINED = re.compile(r"(?i)\b(?:gain|gaining|develop|developing|build|building|broaden|broadening)\b[^.;]{0,25}"
                     r"\bexperience\b")  # fmt: skip
_ALTERNATIVE = re.compile(
    r"(?i)\b(?:or|and/or)\s+(?:in\s+)?(?:an?\s+|the\s+)?"
    r"(?:other|another|similar|equivalent|comparable|any|related|private|commercial|industry|commerce)\b"
)
"""Another sector accepted instead: the ask is a preference."""
_ALTERNATIVE_END = re.compile(r"(?i)[;•]|\.\s|\b(?:is|are|as|but|and knowledge|and experience)\b")
"""Where the words that may offer an alternative to a sector end ("... the NHS is essential, as is Oracle or any
other ERP": the alternative is another ERP, not another sector)."""
_CLAUSE_END = re.compile(r"[;•]|\.\s|\s[-–]\s|\bbut\b|\bhowever\b|\bwhereas\b|\bwhile\b")
NEAR = 70
"""How far (characters) an experience word may sit from the sector it governs, within one clause."""


def _asked_here(sentence: str, start: int, end: int) -> bool:
    """Whether the sector at sentence[start:end] is experience asked for: an experience word just after it ("NHS
    payroll experience") or before it, joined by a preposition ("experience of working within the NHS")."""
    if _EMPLOYER.search(sentence[max(0, start - 40) : start]):  # "we are a leading charity with a track record"
        return False
    if _NOUN_AFTER.match(sentence, end):
        return True
    before = sentence[max(0, start - NEAR) : start]
    cuts = list(_CLAUSE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    return any(_LINK.search(hit.group(0)) or _LINK.search(before[hit.end() :]) for hit in _EXPERIENCE.finditer(before))


def _strength(sentence: str, start: int, end: int, section: Mode) -> Mode:
    """How strongly the sector at sentence[start:end] is asked: HARD, SOFT, or NEGATED / TARGET (no ask)."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(sentence[:start])), default=0)
    later = _CLAUSE_END.search(sentence, end)
    clause = sentence[clause_start : later.start() if later else len(sentence)]
    ahead = sentence[clause_start:start]
    if _GIVES.search(ahead) or _GAINED.search(clause):  # "you will gain experience across NHS organisations"
        return Mode.TARGET
    if _NOT_NEEDED.search(clause):  # "desirable but not essential" is desirable; "not essential" alone no ask
        return Mode.SOFT if _STILL_WANTED.search(clause) else Mode.NEGATED
    after = sentence[end : end + 60]
    after = after[: m.start()] if (m := _ALTERNATIVE_END.search(after)) else after
    if _SOFTER.search(clause) or _ALTERNATIVE.search(after):  # "the NHS, or a similar large organisation"
        return Mode.SOFT
    mode = mode_of(sentence, start, end, section)
    # Asked with no cue at all ("Previous NHS experience.", a bullet of the person specification) is asked.
    return Mode.HARD if mode is Mode.PLAIN else mode


@functools.lru_cache(maxsize=65_536)
def _sentence_asks(sentence: str, section: Mode) -> tuple[tuple[Sector, Mode], ...]:
    """The sectors one sentence asks, each HARD or SOFT. Cached: a board repeats its boilerplate sentences."""
    if not _EXPERIENCE.search(sentence):  # an ask needs an experience word: most sentences have none
        return ()
    asks = []
    for m in _AD_ANY.finditer(sentence):
        if m.lastgroup is None or not _asked_here(sentence, m.start(), m.end()):
            continue
        mode = _strength(sentence, m.start(), m.end(), section)
        if mode in (Mode.HARD, Mode.SOFT):
            asks.append((Sector(m.lastgroup), mode))
    return tuple(asks)


def read_sectors(title: str, description: str, split: list[tuple[str, Mode]] | None = None) -> AdSectors:
    """The sector experience an ad asks for (its title is never an ask: "Finance Manager - NHS" is the employer)."""
    required: set[Sector] = set()
    desirable: set[Sector] = set()
    for index, (sentence, section) in enumerate(split if split is not None else sentences(title, description)):
        if index == 0:
            continue
        for sector, mode in _sentence_asks(sentence, section):
            (required if mode is Mode.HARD else desirable).add(sector)
    return AdSectors(frozenset(required), frozenset(desirable - required))


# ---------------------------------------------------------------- a CV's experience

_CV_SECTOR: dict[Sector, re.Pattern[str]] = {
    Sector.HEALTH: re.compile(
        r"\bNHS\b|(?i:\bhospitals?\b|\bhealth ?care\b|\bhealth (?:system|services?|trust|authority|board|centre|center|"
        r"network|partners|plan|department|clinic|group)s?\b|\bmedical (?:center|centre|group|practice|college|"
        r"school|associates|clinic)s?\b|\bclinics?\b|\bnursing (?:home|facility|center|centre)s?\b|\bhospice\b"
        r"|\bCCG\b|\bpatient (?:accounts|billing|financial services)\b)"
    ),
    Sector.PUBLIC: re.compile(
        r"(?i)\b(?:county|city|state|town|borough|district|village|commonwealth|province) of\b|\b(?:county|city|"
        r"borough|district|parish|town|metropolitan|regional) council\b|\bcouncil\b|\blocal (?:government|authority)"
        r"\b|\bgovernment\b|\bdepartment of (?!accounting|finance|economics|business)\b|\bfederal (?:government|agency|"
        r"reserve|bureau|department|credit)\b|\bmunicipal(?:ity|ities)?\b"
        r"|\bpublic sector\b|\bcivil service\b|\bu\.?s\.? (?:army|navy|air force|marine|department|postal)\b"
        r"|\b(?:army|navy|air force|military|marine corps|national guard)\b|\bpolice\b|\bsheriff\b|\bHMRC\b"
        r"|\bministry of\b|\bpublic (?:agency|authority|works|utilit(?:y|ies)|schools)\b|\bstate (?:agency|university)"
        r"\b|\bcounty (?:government|office|department|treasurer|auditor|clerk|commission)\b"
        r"|(?-i:\bDepartment for [A-Z])"
    ),
    Sector.CHARITY: re.compile(
        r"(?i)\bnon[- ]?profit\b|\bnot[- ]for[- ]profit\b|\bcharit(?:y|ies)\b|\bfoundation\b|\bNGOs?\b"
        r"|\b501\s?\(?c\)?\s?\(?3\)?|\bunited way\b|\bYMCA\b|\bred cross\b|\bsalvation army\b|\bchurch\b|\bministries\b"
        r"|\bthird sector\b|\bvoluntary (?:sector|organisation)\b"
    ),
    Sector.FINANCIAL_SERVICES: re.compile(
        r"(?i)\bbank\b(?! (?:rec\w*|reconcil\w*|statements?|accounts?|deposits?|balances?|transfers?|feeds?|payments?"
        r"|details|holidays?|loans?|charges|fees|activity|runs?|records?|transactions?|and credit card|& credit card"
        r"|audits?|reporting|relationships?|lines?|financing|debt|covenants?|confirmations?)\b)"
        r"|\bbanks\b|\bbancorp\b|\bbanking (?:industry|sector|services|center|centre|group|division|operations|"
        r"institution)s?\b|\binvestment bank\w*\b|\bcredit unions?\b|\binsurance (?:company|companies|group|agency|"
        r"services|brokerage|carrier|industry|sector|firm)\b|\bassurance (?:company|group)\b|\bfinancial (?:services|"
        r"group|corporation|institution)s?\b|\basset management\b|\bwealth management\b|\bbrokerage\b"
        r"|\bsecurities (?:firm|company|industry)\b|\bmortgage (?:company|lender|corporation|bank|services)\b"
        r"|\bcapital (?:management|markets|partners)\b|\bfund (?:administration|administrator|services)\b|\btellers?\b"
        r"|\bunderwriters?\b|\bwells fargo\b|\bjp ?morgan\b|\bciti(?:bank|group)\b|\bgoldman sachs\b"
        r"|\bmorgan stanley\b|\bcharles schwab\b|\bbuilding society\b|\bbarclays\b|\bhsbc\b"
        r"|\blloyds (?:bank|banking|tsb)\b|\bnatwest\b"
        r"|\bsantander\b|\baviva\b|\blegal (?:&|and) general\b|\bprudential (?:plc|financial|assurance)\b"
    ),
    Sector.PRACTICE: re.compile(
        r"(?i)(?<!external )(?<!outside )(?<!by )(?<!with )(?:\bCPAs?(?:,)? (?:firm|pc|p\.?c\.?|llc|llp|group)\b"
        r"|\bCPA firm\b|\bCPAs\b|\bpublic accounting\b|\baccounting firm\b"
        r"|\baudit firm\b|\btax (?:firm|practice|preparation (?:firm|services?|company))\b|\bchartered accountants\b"
        r"|\bcertified public accountants\b|\bin practice\b|\b(?:accountancy|accounting) practice\b|\bbig ?(?:4|four)"
        r"\b|\bdeloitte\b|\bpwc\b|\bpricewaterhouse\w*\b|\bkpmg\b|\bernst (?:&|and) young\b|\bEY\b|\bgrant thornton\b"
        r"|\bBDO\b|\bRSM\b|\bmazars\b|\bbaker tilly\b|\bcrowe\b|\bh ?& ?r block\b|\bjackson hewitt\b|\bliberty tax\b"
        r")|\b[A-Z][a-z]+,? (?:&|and) (?:Co|Company)\b|\bLLP\b|\baccountancy firm\b|\baccountants (?:ltd|limited|llp)\b"
        r"|\bazets\b|\bpkf\b|\btax preparers?\b|\bself[- ]employed (?:bookkeeper|"
        r"accountant)\b|\bclients['’]? (?:accounts|books|bookkeeping|tax returns|work ?papers|engagements|audits?)\b"
        r"|\bfor (?:small[- ]business |individual |corporate |business )?clients\b|\bclient (?:portfolio|"
        r"engagements?|base)\b"
    ),
    Sector.EDUCATION: re.compile(
        r"(?i)\buniversit(?:y|ies)\b|\bcollege\b|\bschool (?:district|board)\b|\bschools?\b|\bacademy\b|\bboard of "
        r"education\b|\binstitute of technology\b|\bhigher education\b|\bfurther education\b"
    ),
    Sector.HOUSING: re.compile(r"(?i)\bhousing (?:association|authority|trust|group|provider)s?\b|\bsocial housing\b"),
}
_EDUCATION_LINE = re.compile(
    r"(?i)\b(?:bachelor|master'?s?|degree|B\.?S\.?c?|B\.?A\.?|M\.?B\.?A|diploma|GPA|graduated|graduate of|majored|"
    r"coursework|courses|studied|alumni|dean'?s list|honou?rs)\b"
)
"""A line about the person's own studies: a university named there is where they studied, not an employer."""
_COUNTERPARTY = re.compile(r"(?i)\b(?:external|outside|statutory|independent) (?:auditors?|audit|accountants?|tax "
                           r"advis[eo]rs?)\b|\b(?:liais\w*|work\w*|coordinat\w*) with (?:the )?auditors\b")  # fmt: skip


def cv_sectors(experience: str) -> list[Sector]:
    """The sectors a CV's experience text shows, in a fixed order: what its lines name of the employers and the
    work, leaving out lines about the person's own studies (a university there is where they studied)."""
    found: set[Sector] = set()
    for line in experience.split("\n"):
        if not line.strip():
            continue
        if _EDUCATION_LINE.search(line):
            continue
        for sector, pattern in _CV_SECTOR.items():
            if sector is Sector.PRACTICE and _COUNTERPARTY.search(line):
                continue  # "liaised with the external auditors (Deloitte)": a firm they worked with, not for
            if pattern.search(line):
                found.add(sector)
    return [s for s in Sector if s in found]
