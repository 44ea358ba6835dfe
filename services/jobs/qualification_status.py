"""What a job ad says about qualification status: qualified, part-qualified, QBE, study support, training contract.

A pure reader of the ad's title and description, rule-based over sentences:

- a *mention* is a phrase that names a status ("CCAB qualified", "part-qualified", "QBE", "study leave",
  "training contract") or a qualification code (taxonomy's `QUALIFICATION_PATTERNS`, read the way the CV
  profile reads them: a code takes the status of the nearest status word, so "CIMA / ACCA part qualified" is
  part-qualified and "CCAB/CIMA qualified or part qualified" both);
- a mention is then weighed by the nearest cue around it in its clause: *hard* ("essential", "must", "should",
  "will be", an "Essential criteria" or "RequiredQual:" section), *soft* ("desirable", "preferably",
  "advantageous", a "Desirable" section), *target* (what the job leads to: "study towards", "become", "once
  qualified", "paid for", a "What you'll get" section) or *negated* ("not", "need not", "not considered").

`qualified` needs a hard or plain mention (never soft alone, never a target) and a full qualification as the
floor: an ad that also takes technician level ("AAT or ACCA qualified", "ATT qualified"), an MBA instead, or
part-qualified candidates asks for less, while one that lets experience stand in keeps `qualified` and sets
`qbe`. `part_qualified`, `qbe` and `study_support` need a mention that is not negated (a part-qualified
candidate called "advantageous" is still considered); `training_contract` is a trainee, graduate or apprentice
post with a qualification to train for, or an ad that calls itself a training contract. A training post asks
for nobody already qualified: its "fully qualified accountant" is where it leads.

Measured on hand-labelled real ads (tests/data/ad_status_labels.json) by `tests/benchmarks/bench_status.py`.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, fields
from enum import Enum

from services.jobs.fields import html_to_text
from services.jobs.taxonomy import QUALIFICATION_PATTERNS, qualifications_in, qualified_by_experience

LABELS = ("qualified", "part_qualified", "qbe", "study_support", "training_contract")
"""The status labels, in storage order."""


@dataclass(frozen=True, slots=True)
class AdStatus:
    """What an ad says about qualification status."""

    qualified: bool = False
    """Asks for a fully qualified accountant (a requirement or clear expectation, not "desirable" alone)."""
    part_qualified: bool = False
    """Part-qualified, studying, finalist or nearly qualified candidates sought or explicitly considered."""
    qbe: bool = False
    """Qualified by experience accepted."""
    study_support: bool = False
    """The employer offers study support: funded exams or tuition, study or exam leave, support to qualify."""
    training_contract: bool = False
    """A trainee, graduate or apprentice post whose point is training towards a professional qualification."""
    codes_required: tuple[str, ...] = ()
    """Codes the ad asks to be held (any one of them satisfies it), where it names them; empty otherwise."""

    def as_list(self) -> list[str]:
        """The labels that hold, for storage as text[]: ["qualified", "study_support"]."""
        return [label for label in LABELS if getattr(self, label)]

    @classmethod
    def from_list(cls, labels: Iterable[str], codes_required: Iterable[str] = ()) -> AdStatus:
        """The status stored by `as_list` (labels it does not know, from a later reader, are ignored)."""
        held = set(labels)
        return cls(**{label: label in held for label in LABELS}, codes_required=tuple(codes_required))

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "codes_required")


# ---------------------------------------------------------------- text into sentences


class Mode(Enum):
    """How a mention is meant: what the nearest cue (or the section) makes of it."""

    PLAIN = "plain"
    HARD = "hard"
    SOFT = "soft"
    TARGET = "target"
    NEGATED = "negated"


_HEADING_SOFT = re.compile(
    r"(?i)^(?:desirable|preferred|nice to have|advantageous|would be an advantage)\b"
    r"(?:\s+(?:criteria|requirements?|skills|qualifications?|experience))?\s*:?\s*$"
)
_HEADING_HARD = re.compile(
    r"(?i)^(?:essential|required|requirements?|minimum requirements?|required qualifications?|person specification"
    r"|(?:essential|required|key) (?:criteria|requirements?|skills|qualifications?|experience)"
    r"|(?:essential )?(?:qualifications?|skills)(?:,? (?:and|&) experience)?(?: required)?)\s*:?\s*$"
)
_HEADING_OFFER = re.compile(
    r"(?i)^(?:what you(?:'|’)ll (?:get|receive)|what we (?:can )?offer|we (?:can )?offer|benefits|the package"
    r"|our offer|rewards?(?: and benefits)?|what(?:'|’)s in it for you|in return)\b[^.]{0,30}:?$"
)
_HEADING_OTHER = re.compile(
    r"(?i)^(?:[a-z][\w ’'&/()-]{0,40}:|(?:about (?:you|us|the (?:role|team|trust|company))|the (?:role|team|person|"
    r"company|opportunity)|(?:key |main )?(?:duties|responsibilities)(?: and responsibilities)?|job (?:description|"
    r"purpose|summary|overview)|what you(?:'|’)ll (?:do|be doing)|your (?:role|responsibilities)|how to apply|"
    r"additional information|overview|summary|salary|location|contact)\s*:?)$"
)
"""Any other heading, which ends the section before it: a short line ending in a colon, or a usual title."""

_JOINS_NEXT = re.compile(r"(?i)(?:[,/&-]|\b(?:of|and|or|the|a|an|in|to|for|with|by|as|on|at|from|is|are|be|other|"
                         r"its|their|our|your|including|such|well|both|into|within))$")  # fmt: skip
_ABBREVIATION = re.compile(r"(?i)(?:\be\.g|\bi\.e|\betc|\bincl|\bapprox|\bno|\bst|\bltd|\bco|\bvs|\b[A-Z])\.$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9•*-])|\s+[•·▪]\s+")


def _unwrap(text: str) -> list[str]:
    """Lines, with hard-wrapped ones joined (the Armenian board wraps at 70 characters mid-sentence)."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out:
            previous = out[-1]
            starts_item = re.match(r"^(?:[-•*▪·]|\d+[.)]|[A-Z][A-Za-z]+:)", line)
            if not starts_item and (line[0].islower() or (len(previous) > 40 and _JOINS_NEXT.search(previous))):
                out[-1] = f"{previous} {line}"
                continue
        out.append(line)
    return out


def _split_sentences(line: str) -> Iterator[str]:
    pieces = _SENTENCE_END.split(line)
    current = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if current and _ABBREVIATION.search(current):
            current = f"{current} {piece}"
            continue
        if current:
            yield current
        current = piece
    if current:
        yield current


def sentences(title: str, description: str, *, text: str | None = None) -> Iterator[tuple[str, Mode]]:
    """The ad's sentences, the title first, each with the mode its section gives it. `text`: the description as
    plain text (`html_to_text`), when the caller has it already."""
    yield html.unescape(title or "").strip(), Mode.PLAIN
    section = Mode.PLAIN
    for line in _unwrap(text if text is not None else html_to_text(description or "")):
        bare = line.lstrip("-•*▪· ").strip()
        if _HEADING_SOFT.match(bare):
            section = Mode.SOFT
        elif _HEADING_HARD.match(bare):
            section = Mode.HARD
        elif _HEADING_OFFER.match(bare):
            section = Mode.TARGET
        elif _HEADING_OTHER.match(bare):
            section = Mode.PLAIN
        elif re.match(r"^[A-Z][A-Za-z]+:\s", bare):  # "JobDescription: ...", "AboutC: ..." start a new part
            section = Mode.HARD if re.match(r"(?i)^(?:requiredqual|requirements?):", bare) else Mode.PLAIN
        for sentence in _split_sentences(line):
            yield sentence, section


def marked(required: Iterable[str], desirable: Iterable[str]) -> list[str]:
    """What an ad asks, as the index stores it (sectors, languages): required names as they are, desirable ones
    (not also required) with a "?": ["health", "charity?"]."""
    needed = set(required)
    return sorted(needed) + sorted(f"{name}?" for name in set(desirable) - needed)


def unmarked(values: Iterable[str] | None, known: Container[str]) -> tuple[frozenset[str], frozenset[str]]:
    """`marked` read back as (required, desirable); names not `known` (a reader that has since changed) left out."""
    required: set[str] = set()
    desirable: set[str] = set()
    for value in values or ():
        name = value.rstrip("?")
        if name in known:
            (desirable if value.endswith("?") else required).add(name)
    return frozenset(required), frozenset(desirable - required)


# ---------------------------------------------------------------- cues


_CODES = "|".join(
    [r"ACCA", r"ACA", r"ICAEW", r"ICAS", r"CIMA", r"CIPFA", r"CCAB", r"AAT", r"ATT", r"CTA", r"CPA", r"CFA", r"IIA"]
)
# What makes a mention hard, soft, a target or negated, by where the cue sits: before the mention (`_F`, it
# governs what follows: "must be", "preferably", "study towards") or after it (`_B`: "is essential", "desirable",
# "will be funded", "not considered"). The nearest cue in the clause wins.
_HARD_F = re.compile(
    r"(?i)\b(?:must|should|shall|essential(?:ly)?|required|requires?|requirements?|need(?:s|ed)? to|will (?:be|have"
    r"|hold|possess|need)|(?:is|are) (?:looking|seeking) for|looking for|seek(?:s|ing)?|ideal(?:ly)?|expected to"
    r"|you (?:are|have|hold)|applicants? (?:will|should|must)|candidates? (?:will|should|must))\b"
    r"|\b(?:essential|required|requirements?)\s*:"
)
_HARD_B = re.compile(r"(?i)\b(?:is|are|being|remains?) (?:essential|required|mandatory|a must)\b|\b(?:essential|"
                     r"required|mandatory)\b")  # fmt: skip
_SOFT_F = re.compile(
    r"(?i)\bpreferabl[ey]\b|\b(?:desirable|preferred|advantageous|nice to have|bonus)\s*:|\bit would be (?:an "
    r"advantage|advantageous|(?:nice|good|helpful|useful|beneficial))\b|\bideally (?:but not|though not)\b"
)
_SOFT_B = re.compile(
    r"(?i)\b(?:highly |strongly |most )?(?:desirable|desired|preferred|preferable|advantageous|beneficial)\b"
    r"|\b(?:an?|big|distinct|added|real) (?:advantage|plus|asset|bonus)\b|\bwould be (?:a |an )?(?:nice|useful|"
    r"helpful|good|plus|bonus)\b|\bnot (?:essential|required|necessary|mandatory|a (?:pre-?)?requisite)\b"
    r"|\bbut not essential\b"
)
_TARGET_F = re.compile(
    r"(?i)\b(?:towards?|becom(?:e|ing)|achiev(?:e|ing)|gain(?:ing)?|obtain(?:ing)?|attain(?:ing)?|complet(?:e|ing)"
    r"|study(?:ing)?|studies|sponsor(?:ed|ing|ship)?|fund(?:ed|ing)?|paid|pay for|support(?:ed|ing)? (?:you|for)"
    r"|training|trainee|undertak(?:e|ing)|pursu(?:e|ing)|progress(?:ing|ion)? (?:to|towards)|help you"
    r"|(?:upon|once|after|when|on) (?:becoming |you are |you(?:'|’)re )?(?:fully )?qualif\w*|on qualifying)\b"
)
_TARGET_B = re.compile(
    r"(?i)\b(?:will be |is |are )?(?:supported|funded|sponsored|paid for|fully paid|offered|provided)\b"
    r"|\b(?:training|study|tuition|exam) (?:costs|fees)\b"
)
_NEG_F = re.compile(
    r"(?i)(?:\b(?:not|no|never|neither|nor|without|non|need not|needn(?:'|’)t|don(?:'|’)t|do not|does not|doesn(?:'|’)t"
    r"|cannot|can(?:'|’)t|unable to)\b)(?![ -](?:more|less|fewer|longer|later|matter)\b)[^.;:,()]{0,28}$"
)
_NEG_B = re.compile(
    r"(?i)^[^.;]{0,40}?\b(?:(?:will|would|can|could|are|is|do|does)(?:n(?:'|’)t| not) (?:be )?(?:considered|accepted"
    r"|eligible|suitable|offered|available|provided|needed|required|necessary|essential)|cannot be (?:considered"
    r"|accepted|offered)|not (?:considered|accepted|eligible|suitable|offered|available|provided|needed|required"
    r"|necessary|essential))\b"
)
_CLAUSE_BREAK = re.compile(r"[;•]|\s[-–]\s|\bbut\b|\bhowever\b|\bwhereas\b")


def _cues_before(before: str) -> list[tuple[int, Mode]]:
    found: list[tuple[int, Mode]] = []
    for mode, pattern in ((Mode.HARD, _HARD_F), (Mode.SOFT, _SOFT_F), (Mode.TARGET, _TARGET_F)):
        found.extend((len(before) - m.end(), mode) for m in pattern.finditer(before))
    return found


def _cues_after(after: str) -> list[tuple[int, Mode]]:
    found: list[tuple[int, Mode]] = []
    for mode, pattern in ((Mode.SOFT, _SOFT_B), (Mode.HARD, _HARD_B), (Mode.TARGET, _TARGET_B)):
        found.extend((m.start(), mode) for m in pattern.finditer(after))
    return found


_MODE_ORDER = {Mode.NEGATED: 0, Mode.SOFT: 1, Mode.TARGET: 2, Mode.HARD: 3, Mode.PLAIN: 4}


def mode_of(sentence: str, start: int, end: int, section: Mode = Mode.PLAIN, *, window: int = 90) -> Mode:
    """How the mention at sentence[start:end] is meant: the nearest cue in its clause, else the section's mode."""
    before = sentence[max(0, start - window) : start]
    after = sentence[end : end + window]
    cut = list(_CLAUSE_BREAK.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    later = _CLAUSE_BREAK.search(after)
    if later:
        after = after[: later.start()]
    if _NEG_F.search(before[-32:]) or _NEG_B.search(after):
        return Mode.NEGATED
    found = _cues_before(before) + _cues_after(after)
    if not found:
        return section
    # Nearest wins; on a tie the softer reading (a soft cue beside a hard one is a preference).
    return min(found, key=lambda item: (item[0], _MODE_ORDER[item[1]]))[1]


# ---------------------------------------------------------------- mentions


_CODE_RE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in QUALIFICATION_PATTERNS.values()) + r"|\bCCAB\b", re.IGNORECASE
)

# Status words. Where they overlap ("part qualified", "qualified by experience") the part-qualified and QBE
# readings win over "qualified".
_PART = re.compile(
    r"(?i)\bpart[- ]?qualified\b|\bpart[- ]qual(?:'d)?\b|\bpart(?:ly|ially)[- ]qualified\b|\bnearly[- ]qualified\b"
    r"|\bnearly (?:or|/) newly[- ]qualified\b|\bnewly (?:or|/) nearly[- ]qualified\b|\bclose to (?:qualifying|"
    r"qualification)\b|\bfinalists?\b|\bfinal (?:stages?|level|papers?|exams?) of\b|\b(?:in|at|sitting|taking) "
    r"(?:the|your|their) final (?:stages?|level|papers?|exams?)\b|\bexams? (?:remaining|outstanding|left|to go)\b"
    r"|\b(?:actively |currently |still )?studying (?:towards|for)\b|\bactively studying\b|\bcurrently studying\b"
    r"|\bif (?:you are |you(?:'|’)re )?studying\b|\bor studying\b|\bstudying candidates\b|\bqualified or studying\b"
    r"|\b(?:currently |actively )?working towards (?:an? |the |your |their )?(?:[\w/&-]+ ){0,3}?(?:qualification|"
    r"exams|ACCA|CIMA|ACA|AAT|CIPFA|CTA|ATT|ICAS|CCAB|chartered|becoming)\b|\bstudent members?\b"
    r"|\b(?:work|study) towards becoming\b|\b(?:eager|keen|willing(?:ness)?|committed|wanting) to (?:work|study) "
    r"towards\b"
    r"|\b(?:ACCA|CIMA|ACA|AAT|CIPFA|CTA|ATT|ICAS|CCAB) (?:students?|finalists?|part[- ]qualified)\b"
)
_PART_NOT = re.compile(r"(?i)\bawards?\b|\bshortlist")
_OTHERS_BEFORE = re.compile(
    r"(?i)\b(?:mentor|supervis|manag|lead|train|coach|develop|review|oversee)\w*(?: the| our| your| a team of| a)?"
    r"(?: \w+)?\s*$"
)
_OTHERS_AFTER = re.compile(r"(?i)^\s*(?:staff|team|colleagues|juniors|trainees|employees|members of staff)\b")
"""Part-qualified people the post holder works with ("mentor part-qualified staff") are no candidates."""
_QBE = re.compile(
    r"(?i)\bequivalently qualified\b|\bqualified (?:through|via|by) (?:relevant |equivalent )?(?:work )?experience\b"
    r"|\bor (?:have |has |with |hold |possess |demonstrate )?(?:an? )?(?:equivalent|comparable|relevant|significant|"
    r"substantial|considerable) (?:(?!plus\b|and\b|with\b)[\w-]+ ){0,3}?(?:experience|knowledge)\b"
    r"|\bor (?:the )?equivalent (?:in|through|by) (?:work )?experience\b"
)
_QUALIFIED = re.compile(
    r"(?i)\b(?:(?:fully|professionally|newly|recently|already|chartered)[- ])?qualified\b|\bqualifications?\b"
    r"|\bpost[- ]qualifi(?:cation|ed)\b|\bPQE\b|\bmembers?(?:hip)? of (?:the )?(?:ACCA|CIMA|ICAEW|ICAS|CIPFA|AAT)\b"
    r"|\b(?:chartered|certified) (?:accountant|management accountant|public accountant)s?\b"
    r"|\bcertification\b|\bdesignation\b"
)
_QUALIFIED_NOT_BEFORE = re.compile(
    r"(?i)(?:\bpart|\bpartly|\bpartially|\bnearly|\balmost|\bhighly|\bhigh|\bwell|\bsuitably|\bappropriately|"
    r"\bequivalently|\bnot yet|\bsoon to be|\babout to be|\bclose to being|\bor newly|\bnewly or)[- ]?$"
)
_QUALIFIED_NOT_AFTER = re.compile(
    r"(?i)^(?:[- ](?:by|through|via) (?:relevant |equivalent )?(?:work )?experience|\s+to (?:degree|a[- ]level|gcse"
    r"|level|hnd|hnc|masters?|post-?graduate)|\s+(?:doctors?|nurses?|staff|teachers?|engineers?|applicants?|"
    r"candidates?|people|persons?|individuals?|professionals?|personnel|actuar(?:y|ies)|solicitors?|lawyers?|"
    r"clinicians?|therapists?|midwives|health|social|IT)\b|\s+and experienced\b|\s+(?:to|for) (?:the|this) "
    r"(?:role|post|position|job)|\s*(?:conditions|criteria|for)\b)"
)
_HOLDS = re.compile(r"(?i)\b(?:hold(?:s|ing)?|possess(?:es|ing)?|holders? of)\b")
"""A code that is held ("hold ACA, CIPFA or CIMA") is a qualification asked for."""
_ACCOUNTANCY = re.compile(
    r"(?i)\baccountan(?:t|ts|cy)\b|\baccounting\b|\bfinanc(?:e|ial)\b|\baudit(?:or)?\b|\btax\b|\bCCAB\b"
)
_GENERIC_QUALIFIED_OK = re.compile(r"(?i)^(?:fully|professionally|newly|recently|chartered)[- ]qualified$|^PQE$"
                                   r"|^post[- ]qualifi")  # fmt: skip
_LICENCE = re.compile(
    r"(?i)\bqualification (?:licen[cs]e|certificate)\b|\b(?:CBA|central bank) licen[cs]e\b|\blicen[cs]e (?:for|of|as)"
    r" (?:an? |the )?(?:chief |deputy chief )?accountant\b|\baccountant(?:'s|s)? (?:licen[cs]e|certificate)\b"
    r"|\bissued by the (?:RA |Armenian )?Ministry of Finance\b"
)

_STUDY_SUPPORT = re.compile(
    r"(?i)\bstudy[- ]support\b|\bsupport(?:ed)? (?:with|for|through|towards|in) (?:your |their |the |an? )?(?:"
    r"studies|study|exams?|examinations?|(?:professional |accountancy |accounting )?qualifications?|professional "
    r"(?:studies|exams)|training (?:period|contract|programme)|(?:ACCA|CIMA|ACA|AAT|CIPFA|CTA|ATT|ICAS|CCAB)\b)"
    r"|\b(?:study|exam|examination|revision)(?: and exam| and study| & exam|/exam)? (?:leave|days?|time|package|"
    r"allowance)\b|\btime (?:off )?(?:to|for) (?:study|revise|revision)\b"
    r"|\b(?:fully |full(?:y)? )?(?:funded|paid|sponsored|financed)\s+(?:for\s+)?(?:\w+\s+){0,2}?(?:study|studies|"
    r"exams?|tuition|qualifications?|courses?|professional training|(?:ACCA|CIMA|ACA|AAT|CIPFA|CTA|ATT|ICAS)\b)"
    r"|\b(?:study|studies|exam|examination|tuition|training|course|professional|qualification)s? (?:fees|costs|"
    r"expenses)\b(?: \w+){0,4} (?:paid|covered|funded|met|reimbursed)\b|\ball (?:the |your )?(?:training|study|"
    r"exam|tuition) (?:costs|fees)\b|\bfull funding for\b|\bfunding (?:for|towards) (?:your )?(?:studies|study|"
    r"exams?|qualifications?|professional)|\b(?:professional )?(?:training|qualification|study|studies|course)"
    r"(?: package)?\b[^.;]{0,50}\b(?:will be |is |are )(?:fully )?(?:supported|funded|sponsored|paid for)\b"
    r"|\bsupport (?:you )?(?:to|in) (?:achiev|gain|obtain|complet|pursu|attain)\w* (?:an? |your |the )?"
    r"(?:[\w/-]+ ){0,3}?qualification|\bsponsor(?:ship|ed)? (?:for|of|towards|through) (?:your )?(?:studies|study|"
    r"exams?|qualifications?|(?:ACCA|CIMA|ACA|AAT|CIPFA|CTA|ATT|ICAS)\b)|\bhelp (?:you )?(?:to )?(?:achieve|gain|"
    r"obtain|complete) (?:an? |your |the )?(?:[\w/-]+ ){0,2}?qualification|\b(?:fully )?supported (?:study|training|"
    r"exam)\b|\btraining costs paid\b"
)
_TRAINING_TITLE = re.compile(r"(?i)\b(?:trainee|apprentice(?:ship)?|graduate|training contract|school leaver)\b")
_TRAINING_TEXT = re.compile(
    r"(?i)\btraining contract\b|\b(?:graduate|trainee) (?:training )?(?:scheme|programme|program)\b"
    r"|\b(?:\d|two|three|four|five)[- ]year (?:training|trainee) "
    r"(?:programme|contract|scheme)\b"
)
_TRAINING_FOR = re.compile(
    r"(?i)\bqualifications?\b|\bqualif(?:y|ied|ying)\b|\bstudy|\bexams?\b|\btraining (?:programme|scheme|contract)"
    r"|\bapprenticeship\b|\b(?:" + _CODES + r")\b"
)
_ACCOUNTING_TITLE = re.compile(r"(?i)accountan|accounts|audit|\btax\b|financ|payroll|bookkeep|actuar")
_APPRENTICESHIP = re.compile(r"(?i)\bapprentice(?:ship)?\b")


def _codes_at(sentence: str) -> list[re.Match[str]]:
    # The case-sensitive codes ("ACA", "AAT") are found case-blind by the joined pattern; check them alone.
    return [match for match in _CODE_RE.finditer(sentence) if qualifications_in(match.group(0))]


def _blank(text: str, matches: Iterable[re.Match[str]]) -> str:
    """The text with the matches blanked out, keeping positions."""
    for m in matches:
        text = f"{text[: m.start()]}{' ' * (m.end() - m.start())}{text[m.end() :]}"
    return text


@dataclass(slots=True)
class _Reading:
    qualified: bool = False
    part_qualified: bool = False
    qbe: bool = False
    study_support: bool = False
    training_mentioned: bool = False
    codes: list[str] | None = None

    def add_codes(self, found: Iterable[str]) -> None:
        self.codes = self.codes or []
        self.codes.extend(c for c in found if c not in self.codes)


def _nearest_status(sentence: str, blanked: str, start: int, end: int) -> str | None:
    """The status word nearest the code at [start:end] in its clause: "part", "qbe" or "qualified"."""
    before, after = blanked[max(0, start - 70) : start], blanked[end : end + 70]
    cut = list(_CLAUSE_BREAK.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    later = _CLAUSE_BREAK.search(after)
    if later:
        after = after[: later.start()]
    best: tuple[int, int, str] | None = None
    statuses = (("part", _PART), ("qbe", _QBE), ("qualified", _QUALIFIED), ("qualified", _HOLDS))
    for order, (name, pattern) in enumerate(statuses):
        for m in pattern.finditer(before):
            if name == "qualified" and _QUALIFIED_NOT_BEFORE.search(before[: m.start()]):
                continue
            candidate = (len(before) - m.end(), order, name)
            best = candidate if best is None or candidate < best else best
        for m in pattern.finditer(after):
            if re.search(r"(?i)\b(?:or|and/or)\s+(?:an?\s+)?$", sentence[end : end + m.start()]):
                continue  # "ACA or finalist": the finalist is the other choice, not this code's status
            candidate = (m.start(), order, name)
            best = candidate if best is None or candidate < best else best
    return best[2] if best else None


def _read_sentence(sentence: str, section: Mode, reading: _Reading) -> None:
    if not sentence:
        return
    for m in _PART.finditer(sentence):
        if _PART_NOT.search(sentence[max(0, m.start() - 40) : m.end() + 40]):
            continue
        if _OTHERS_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()]) or _OTHERS_AFTER.match(
            sentence[m.end() : m.end() + 30]
        ):
            continue
        if mode_of(sentence, m.start(), m.end(), section) is not Mode.NEGATED:
            reading.part_qualified = True
    if qualified_by_experience(sentence):
        m2 = re.search(r"(?i)qualified[- ]by[- ]experience|\bQBE\b|qualified through experience", sentence)
        if m2 and mode_of(sentence, m2.start(), m2.end(), section) is not Mode.NEGATED:
            reading.qbe = True
    codes = _codes_at(sentence)
    names_a_qualification = codes[0] if codes else re.search(r"(?i)\bqualif|\blicen[cs]e", sentence)
    if names_a_qualification:
        for m in _QBE.finditer(sentence):
            if m.start() > names_a_qualification.start() and (
                mode_of(sentence, m.start(), m.end(), section) not in (Mode.NEGATED, Mode.TARGET)
            ):
                reading.qbe = True
    for m in _STUDY_SUPPORT.finditer(sentence):
        if _no_negation(sentence, m):
            reading.study_support = True
    for m in _TRAINING_TEXT.finditer(sentence):
        if mode_of(sentence, m.start(), m.end(), Mode.PLAIN) is not Mode.NEGATED:
            reading.training_mentioned = True
    _read_qualified(sentence, section, codes, reading)


def _no_negation(sentence: str, m: re.Match[str]) -> bool:
    """A study-support phrase is negated only by a negation right before it ("no study support") or after it."""
    before = sentence[max(0, m.start() - 32) : m.start()]
    return not (_NEG_F.search(before) or _NEG_B.search(sentence[m.end() : m.end() + 40]))


_TECHNICIAN = frozenset({"AAT", "ATT"})
"""Technician-level codes: an ad that accepts them asks for less than a fully qualified accountant."""
_LOWER_ALTERNATIVE = re.compile(r"(?i)\bor (?:an? )?(?:MBA|masters?|(?:university |business |finance )?degree)\b")


def _read_qualified(sentence: str, section: Mode, code_matches: list[re.Match[str]], reading: _Reading) -> None:
    """Whether the sentence asks for a fully qualified accountant, and the codes it names for it."""
    blanked = _blank(sentence, code_matches)
    required = (Mode.HARD, Mode.PLAIN)
    asked = False
    codes: list[str] = []
    for m in code_matches:
        status = _nearest_status(sentence, blanked, m.start(), m.end())
        mode = mode_of(sentence, m.start(), m.end(), section)
        # A bare code counts where the ad requires it ("RequiredQual: - A CPA", "ACCA essential").
        if (status == "qualified" and mode in required) or (status is None and mode is Mode.HARD):
            asked = True
            codes.extend(qualifications_in(m.group(0)))
    for m in _QUALIFIED.finditer(blanked):
        word = m.group(0)
        if _QUALIFIED_NOT_BEFORE.search(blanked[max(0, m.start() - 16) : m.start()]):
            continue
        if _QUALIFIED_NOT_AFTER.match(sentence[m.end() : m.end() + 40]):
            continue
        lowered = word.lower()
        if lowered.startswith("qualification") or lowered in ("certification", "designation"):
            # "accountancy qualification", "a professional qualification (ACCA, CIMA)", not "IT qualification".
            near = sentence[max(0, m.start() - 40) : m.end() + 60]
            if not re.search(r"(?i)\b(?:accountancy|accounting|CCAB|" + _CODES + r")\b", near):
                continue
            if re.search(r"(?i)\b(?:IT|excel|payroll|pensions?|degree|educational|academic|teaching)\b",
                         sentence[max(0, m.start() - 30) : m.start()]):  # fmt: skip
                continue
        elif lowered == "qualified" or not _GENERIC_QUALIFIED_OK.match(word):
            # A bare "qualified" is a professional qualification only beside an accountancy word or a code.
            around = sentence[max(0, m.start() - 25) : m.end() + 45]
            if not (
                _ACCOUNTANCY.search(around) or any(m.start() - 25 <= c.start() <= m.end() + 45 for c in code_matches)
            ):
                continue
        asked = asked or mode_of(sentence, m.start(), m.end(), section) in required
    for m in _LICENCE.finditer(sentence):
        asked = asked or mode_of(sentence, m.start(), m.end(), section) in required
    # "AAT or ACCA qualified", "ATT qualified", "a CPA or an MBA": the floor is below a full qualification.
    if asked and not (_TECHNICIAN & set(codes)) and not _LOWER_ALTERNATIVE.search(sentence):
        reading.qualified = True
        reading.add_codes(codes)


@functools.lru_cache(maxsize=32_768)
def _sentence_says(sentence: str, section: Mode) -> tuple[bool, bool, bool, bool, bool, tuple[str, ...]]:
    """What one sentence says, remembered: boards repeat their sentences (an employer's boilerplate, a template),
    and reading one is most of the cost of reading an ad (a 20,000-job board: about a minute less to index)."""
    said = _Reading()
    _read_sentence(sentence, section, said)
    return (said.qualified, said.part_qualified, said.qbe, said.study_support, said.training_mentioned,
            tuple(said.codes or ()))  # fmt: skip


def read_status(title: str, description: str, split: list[tuple[str, Mode]] | None = None) -> AdStatus:
    """What the ad (its title and its description, HTML or plain text) says about qualification status. `split`:
    the ad's `sentences`, when the caller has them already."""
    reading = _Reading()
    texts = split if split is not None else list(sentences(title, description))
    for sentence, section in texts:
        qualified, part, qbe, study, training_mentioned, codes = _sentence_says(sentence, section)
        reading.qualified |= qualified
        reading.part_qualified |= part
        reading.qbe |= qbe
        reading.study_support |= study
        reading.training_mentioned |= training_mentioned
        if codes:
            reading.add_codes(codes)
    everything = " ".join(s for s, _ in texts)
    title_text = html.unescape(title or "")
    training = False
    if _TRAINING_TITLE.search(title_text) and not re.search(r"(?i)newly qualified", title_text):
        training = bool(_TRAINING_FOR.search(everything) or _ACCOUNTING_TITLE.search(title_text))
    training = training or reading.training_mentioned
    study_support = reading.study_support or (
        training and bool(_APPRENTICESHIP.search(title_text)) and bool(qualifications_in(everything))
    )
    # A training post, or one that takes part-qualified candidates, asks for nobody already qualified.
    qualified = reading.qualified and not training and not reading.part_qualified
    return AdStatus(
        qualified=qualified,
        part_qualified=reading.part_qualified,
        qbe=reading.qbe,
        study_support=study_support,
        training_contract=training,
        codes_required=tuple(reading.codes or ()) if qualified else (),
    )
