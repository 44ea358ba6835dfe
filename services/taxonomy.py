"""The accounting vocabulary shared by the job index and the CV profile.

One place for the names we match on: qualifications (canonical codes), software, the seniority
scale and service lines. Job ads and CVs are read with the same words, so a CV's "ACCA
finalist" and an ad's "part-qualified ACCA" meet on the code `ACCA`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum


class Seniority(IntEnum):
    """One ordered scale for jobs and CVs; the gaps between levels are what ranking compares."""

    TRAINEE = 0
    JUNIOR = 1
    SEMI_SENIOR = 2
    SENIOR = 3
    SUPERVISOR = 4
    MANAGER = 5
    SENIOR_MANAGER = 6
    DIRECTOR = 7
    PARTNER = 8

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").lower()


# Checked in this order: the longer phrase wins ("senior manager" before "senior" and "manager").
_SENIORITY_PATTERNS: tuple[tuple[Seniority, str], ...] = (
    (Seniority.PARTNER, r"partner|chief financial officer|\bcfo\b|group finance director"),
    (Seniority.SUPERVISOR, r"assistant manager|supervisor|team leader|team lead|assistant financial controller"),
    (
        Seniority.SENIOR_MANAGER,
        r"senior manager|associate director|assistant director|financial controller"
        r"|group controller",
    ),
    (Seniority.DIRECTOR, r"director|head of|vp finance|vice president|\bfd\b"),
    (Seniority.MANAGER, r"manager|controller|chief accountant"),
    (Seniority.SEMI_SENIOR, r"semi[- ]?senior|part[- ]qualified"),
    (Seniority.SENIOR, r"senior|in[- ]charge|newly qualified|\bnq\b"),
    (Seniority.TRAINEE, r"trainee|apprentice|graduate|intern|internship|placement|school leaver"),
    (Seniority.JUNIOR, r"junior|assistant|clerk|administrator|entry[- ]level"),
    (Seniority.SEMI_SENIOR, r"\b(?:executive|associate|officer|accountant|analyst|bookkeeper|advisor|adviser)\b"),
)
_SENIORITY_RES = tuple((level, re.compile(rf"(?i)(?:{p})")) for level, p in _SENIORITY_PATTERNS)


def seniority_from_text(text: str) -> Seniority | None:
    """The level a title (or the board's seniority field) names, or None when it names none."""
    if not text:
        return None
    for level, pattern in _SENIORITY_RES:
        if pattern.search(text):
            return level
    return None


@dataclass(frozen=True, slots=True)
class Term:
    """A canonical name and the patterns that mean it."""

    code: str
    patterns: tuple[str, ...]
    case_sensitive: bool = False


QUALIFICATIONS: tuple[Term, ...] = (
    Term("ACCA", (r"\bACCA\b", r"\bFCCA\b", r"Association of Chartered Certified Accountants",
                  r"Chartered Certified Accountant")),
    Term("ACA", (r"\bACA\b", r"\bICAEW\b", r"Institute of Chartered Accountants in England"),
         case_sensitive=True),
    Term("ICAS", (r"\bICAS\b", r"\bCA\s?\(?Scotland\)?", r"Institute of Chartered Accountants of Scotland"),
         case_sensitive=True),
    Term("CA", (r"\bCA\s?\((?:SA|ANZ|Ireland|Canada)\)", r"\bCAANZ\b", r"\bCAI\b",
                r"Chartered Accountants Ireland"), case_sensitive=True),
    Term("CIMA", (r"\bCIMA\b", r"\bACMA\b", r"\bFCMA\b", r"\bCGMA\b", r"Chartered Institute of Management Accountants"),
         case_sensitive=False),
    Term("CPA", (r"\bCPA\b", r"Certified Public Accountant"), case_sensitive=False),
    Term("CMA", (r"\bCMA\b", r"Certified Management Accountant"), case_sensitive=True),
    Term("AAT", (r"\bAAT\b", r"\bMAAT\b", r"Association of Accounting Technicians"), case_sensitive=True),
    Term("CTA", (r"\bCTA\b", r"Chartered Tax Adviser", r"Chartered Institute of Taxation", r"\bCIOT\b"),
         case_sensitive=True),
    Term("ATT", (r"\bATT\b", r"Association of Taxation Technicians"), case_sensitive=True),
    Term("CIPFA", (r"\bCIPFA\b", r"Chartered Institute of Public Finance"), case_sensitive=False),
    Term("CIA", (r"\bCIA\b", r"Certified Internal Auditor"), case_sensitive=True),
    Term("CFA", (r"\bCFA\b", r"Chartered Financial Analyst"), case_sensitive=True),
)  # fmt: skip

# Group names in ads that any member institute satisfies.
QUALIFICATION_GROUPS: dict[str, tuple[str, ...]] = {
    "CCAB": ("ACCA", "ACA", "ICAS", "CA", "CIPFA"),
}
_CCAB = re.compile(r"\bCCAB\b")
_CHARTERED_ACCOUNTANT = re.compile(r"(?i)\bchartered accountan(?:t|cy)\b")
_QBE = re.compile(r"(?i)qualified[- ]by[- ]experience|\bQBE\b|qualified through experience")

_QUAL_RES = tuple(
    (t.code, re.compile("|".join(t.patterns), 0 if t.case_sensitive else re.IGNORECASE)) for t in QUALIFICATIONS
)


def qualifications_in(text: str) -> list[str]:
    """Canonical qualification codes named in the text, in the order of QUALIFICATIONS."""
    found = {code for code, pattern in _QUAL_RES if pattern.search(text)}
    if _CCAB.search(text):
        found.update(QUALIFICATION_GROUPS["CCAB"])
    if not found & {"ACA", "ICAS", "CA"} and _CHARTERED_ACCOUNTANT.search(text):
        found.add("ACA")  # in UK ads an unqualified "chartered accountant" means the ICAEW's ACA
    order = [t.code for t in QUALIFICATIONS]
    return sorted(found, key=order.index)


def qualified_by_experience(text: str) -> bool:
    return bool(_QBE.search(text))


SOFTWARE: tuple[Term, ...] = (
    Term("Xero", (r"\bXero\b",)),
    Term("Sage", (r"\bSage\b(?!\s*(?:advice|counsel))", r"Sage ?(?:50|200|300|X3|Intacct)")),
    Term("QuickBooks", (r"\bQuick ?Books\b", r"\bQBO\b")),
    Term("SAP", (r"\bSAP\b", r"\bS/4 ?HANA\b"), case_sensitive=True),
    Term("Oracle", (r"\bOracle\b",)),
    Term("NetSuite", (r"\bNet ?Suite\b",)),
    Term("Microsoft Dynamics", (r"\bDynamics(?: ?365| NAV| AX| GP)?\b", r"\bNavision\b")),
    Term("IRIS", (r"\bIRIS\b",), case_sensitive=True),
    Term("CCH", (r"\bCCH\b",), case_sensitive=True),
    Term("CaseWare", (r"\bCase ?Ware\b",)),
    Term("TaxCalc", (r"\bTax ?Calc\b",)),
    Term("Digita", (r"\bDigita\b",)),
    Term("Alphatax", (r"\bAlpha ?tax\b",)),
    Term("BrightPay", (r"\bBright ?Pay\b",)),
    Term("Moneysoft", (r"\bMoneysoft\b",)),
    Term("Dext", (r"\bDext\b", r"\bReceipt Bank\b")),
    Term("Hubdoc", (r"\bHubdoc\b",)),
    Term("FreeAgent", (r"\bFree ?Agent\b",)),
    Term("Inflo", (r"\bInflo\b",)),
    Term("MindBridge", (r"\bMind ?Bridge\b",)),
    Term("Excel", (r"\bExcel\b", r"\bspreadsheets?\b")),
    Term("VBA", (r"\bVBA\b", r"\bmacros\b")),
    Term("Power BI", (r"\bPower ?BI\b",)),
    Term("Tableau", (r"\bTableau\b",)),
    Term("Alteryx", (r"\bAlteryx\b",)),
    Term("SQL", (r"\bSQL\b",), case_sensitive=True),
    Term("Python", (r"\bPython\b",)),
    Term("Hyperion", (r"\bHyperion\b", r"\bOracle EPM\b")),
    Term("Anaplan", (r"\bAnaplan\b",)),
    Term("Workday", (r"\bWorkday\b",)),
    Term("Kashflow", (r"\bKash ?flow\b",)),
    Term("Pegasus", (r"\bPegasus\b",)),
    Term("Access Dimensions", (r"\bAccess Dimensions\b",)),
    Term("Peachtree", (r"\bPeachtree\b",)),
    Term("MYOB", (r"\bMYOB\b",), case_sensitive=True),
    Term("1C", (r"\b1C\b",), case_sensitive=True),
)  # fmt: skip

_SOFTWARE_RES = tuple(
    (t.code, re.compile("|".join(t.patterns), 0 if t.case_sensitive else re.IGNORECASE)) for t in SOFTWARE
)


def software_in(text: str) -> list[str]:
    """Canonical software names mentioned in the text, in the order of SOFTWARE."""
    return [code for code, pattern in _SOFTWARE_RES if pattern.search(text)]


# Service lines of a practice (or the function of an in-house role), canonical name first.
SERVICE_LINES: tuple[tuple[str, str], ...] = (
    ("internal_audit", r"internal audit|risk assurance|risk advisory|\bSOX\b|controls assurance"),
    ("forensic", r"forensic|fraud investigation|counter[- ]fraud|disputes"),
    ("restructuring", r"restructuring|insolvency|turnaround|recovery"),
    ("corporate_finance", r"corporate finance|transaction services|due diligence|\bM&A\b|valuations"),
    ("audit", r"\baudit|assurance|auditor"),
    ("tax", r"\btax|\bVAT\b|customs duty|R&D (?:tax )?credits"),
    ("payroll", r"payroll|\bpensions? administrat"),
    ("outsourcing", r"outsourc"),
    ("advisory", r"advisory|consulting|consultancy"),
    ("accounts", r"accounts|bookkeep|business services|general practice|compliance accountant|client accountant"),
)
_SERVICE_RES = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in SERVICE_LINES)
SERVICE_NAMES = tuple(name for name, _ in SERVICE_LINES)


def service_line(*texts: str) -> str | None:
    """The first service line named by the texts, tried in order (the board's field, then the title)."""
    for text in texts:
        if not text:
            continue
        for name, pattern in _SERVICE_RES:
            if pattern.search(text):
                return name
    return None


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
