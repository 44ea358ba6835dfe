"""The accounting vocabulary shared by the job index and the CV profile.

One place for the names we match on: qualifications (canonical codes), software, the seniority
scale and service lines. Job ads and CVs are read with the same words, so a CV's "ACCA
finalist" and an ad's "part-qualified ACCA" meet on the code `ACCA`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum


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
# A (finance) business partner advises managers: above a senior accountant, below a finance manager; it is
# no partner of a firm ("partnering" and "partnership" are not either).
_BUSINESS_PARTNER = r"business partner\b"
_SENIORITY_PATTERNS: tuple[tuple[Seniority, str], ...] = (
    (Seniority.MANAGER, rf"\bsenior (?:\w+ )?{_BUSINESS_PARTNER}"),
    (Seniority.SENIOR, rf"\bassistant (?:\w+ )?{_BUSINESS_PARTNER}"),
    (Seniority.SUPERVISOR, _BUSINESS_PARTNER),
    (Seniority.PARTNER, r"\bpartner\b|chief financ\w* officer|\bcfo\b|group finance director"),
    (Seniority.SUPERVISOR, r"assistant manager|supervisor|team leader|team lead|assistant financial controller"),
    (
        Seniority.SENIOR_MANAGER,
        r"senior manager|associate director|assistant director|financial controller"
        r"|group controller",
    ),
    (Seniority.DIRECTOR, r"\bdirector\b|head of|vp finance|vice president|\bfd\b"),
    # A credit controller chases debts: a ledger role, not a financial controller.
    (Seniority.SENIOR, r"senior credit controller"),
    (Seniority.SEMI_SENIOR, r"credit controller"),
    (Seniority.MANAGER, r"manager|controller|chief accountant"),
    (Seniority.SEMI_SENIOR, r"semi[- ]?senior|part[- ]qualified"),
    (Seniority.SENIOR, r"senior|in[- ]charge|newly qualified|\bnq\b"),
    (Seniority.TRAINEE, r"trainee|apprentice|graduate|\bintern\b|internship|placement|school leaver"),
    (Seniority.JUNIOR, r"junior|assistant|clerk|administrator|entry[- ]level"),
    (
        Seniority.SEMI_SENIOR,
        r"\b(?:executive|associate|officer|accountant|analyst|bookkeeper|advisor|adviser|auditor)\b",
    ),
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


def compile_terms(terms: Iterable[Term]) -> dict[str, re.Pattern[str]]:
    """One pattern per canonical code: its alternatives joined, case-sensitive where the term says so."""
    return {t.code: re.compile("|".join(t.patterns), 0 if t.case_sensitive else re.IGNORECASE) for t in terms}


QUALIFICATIONS: tuple[Term, ...] = (
    Term("ACCA", (r"\bACCA\b", r"\bFCCA\b", r"Association of Chartered Certified Accountants",
                  r"Chartered Certified Accountant")),
    Term("ACA", (r"\bACA\b", r"\bICAEW\b", r"Institute of Chartered Accountants in England"),
         case_sensitive=True),
    Term("ICAS", (r"\bICAS\b", r"\bCA\s?\(?Scotland\)?", r"Institute of Chartered Accountants of Scotland"),
         case_sensitive=True),
    Term("CA", (r"\bCA\s?\((?:SA|ANZ|Ireland|Canada)\)", r"\bCA ?ANZ\b", r"\bCAI\b", r"Chartered Accountants (?:Australia|Ireland)",
                r"Chartered Accountants Ireland", r"\bSAICA\b", r"South African Institute of Chartered Accountants"),
         case_sensitive=True),
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

QUALIFICATION_PATTERNS = compile_terms(QUALIFICATIONS)


def qualifications_in(text: str) -> list[str]:
    """Canonical qualification codes named in the text, in the order of QUALIFICATIONS."""
    found = {code for code, pattern in QUALIFICATION_PATTERNS.items() if pattern.search(text)}
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

_SOFTWARE_PATTERNS = compile_terms(SOFTWARE)


def software_in(text: str) -> list[str]:
    """Canonical software names mentioned in the text, in the order of SOFTWARE."""
    return [code for code, pattern in _SOFTWARE_PATTERNS.items() if pattern.search(text)]


# Service lines of a practice (or the function of an in-house role), canonical name first.
SERVICE_LINES: tuple[tuple[str, str], ...] = (
    ("internal_audit", r"internal audit|risk assurance|risk advisory|\bSOX\b|controls assurance"),
    ("forensic", r"forensic|fraud investigation|counter[- ]fraud|disputes"),
    ("restructuring", r"restructuring|insolvency|turnaround|recovery"),
    ("corporate_finance", r"corporate finance|transaction services|due diligence|\bM&A\b|valuations"),
    ("audit", r"\baudit|assurance|auditor"),
    ("tax", r"\btax(?!i)|\bVAT\b|customs duty|R&D (?:tax )?credits"),
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


# Skills, canonical name first, with synonyms and US/UK spellings.
SKILLS: tuple[Term, ...] = (
    Term("external audit", (r"external audit", r"statutory audit", r"financial statement audits?", r"audit engagements?")),
    Term("internal audit", (r"internal audit", r"internal controls? (?:testing|review)", r"controls testing")),
    Term("audit", (r"\baudit(?:s|ing|or|ors)?\b",)),
    Term("statutory accounts", (r"statutory accounts", r"annual accounts", r"companies house filings?")),
    Term("management accounts", (r"management accounts", r"management reporting", r"monthly management packs?")),
    Term("financial reporting", (r"financial reporting", r"financial statements?", r"10-?[KQ]\b", r"SEC reporting")),
    Term("year-end", (r"year[- ]end",)),
    Term("month-end close", (r"month[- ]end", r"period[- ]end", r"\bclose process", r"closing the books")),
    Term("consolidation", (r"consolidat(?:ion|ed|ing)", r"group reporting", r"intercompany")),
    Term("IFRS", (r"\bIFRS\b", r"\bIAS\b")),
    Term("UK GAAP", (r"UK GAAP", r"FRS ?10[25]", r"\bFRS\b")),
    Term("US GAAP", (r"US GAAP", r"\bGAAP\b(?! ?\(UK)")),
    Term("SOX", (r"\bSOX\b", r"Sarbanes[- ]Oxley")),
    Term("VAT", (r"\bVAT\b", r"sales tax", r"\bGST\b")),
    Term("corporation tax", (r"corporation tax", r"corporate tax", r"CT600", r"corporate income tax")),
    Term("personal tax", (r"personal tax", r"self[- ]assessment", r"individual tax returns?", r"\b1040\b")),
    Term("tax returns", (r"tax returns?", r"tax compliance", r"tax filings?", r"tax preparation")),
    Term("payroll", (r"payroll", r"\bPAYE\b", r"\bRTI\b", r"P11Ds?", r"\bW-?2s?\b")),
    Term("accounts payable", (r"accounts payable", r"\bA/?P\b", r"purchase ledger", r"vendor (?:invoices?|payments?)",
                              r"invoice processing")),
    Term("accounts receivable", (r"accounts receivable", r"\bA/?R\b", r"sales ledger", r"invoicing", r"billing")),
    Term("credit control", (r"credit control", r"collections?\b", r"debt recovery", r"aged debt")),
    Term("reconciliations", (r"reconcil(?:e|ed|es|ing|iation|iations)",)),
    Term("general ledger", (r"general ledger", r"\bG/?L\b", r"nominal ledger", r"journal entries", r"journals")),
    Term("bookkeeping", (r"book[- ]?keeping",)),
    Term("budgeting", (r"budget(?:s|ing|ary)?\b",)),
    Term("forecasting", (r"forecast(?:s|ing)?\b", r"re-?forecasts?")),
    Term("FP&A", (r"\bFP&A\b", r"financial planning (?:and|&) analysis", r"financial planning")),
    Term("variance analysis", (r"variance analys[ie]s", r"variances\b")),
    Term("financial modelling", (r"financial model(?:l)?ing", r"financial models?")),
    Term("treasury", (r"treasury", r"cash management", r"cash flow forecast(?:s|ing)?", r"liquidity")),
    Term("costing", (r"costing", r"cost accounting", r"standard costs?", r"inventory valuation")),
    Term("business partnering", (r"business partner(?:ing)?", r"commercial finance")),
    Term("fixed assets", (r"fixed assets?", r"depreciation", r"capital assets")),
    Term("accruals and prepayments", (r"accruals?", r"prepayments?", r"deferred revenue")),
    Term("cash handling", (r"cash handling", r"teller", r"cash drawer", r"vault")),
    Term("lending", (r"loan(?:s)? (?:processing|origination|officer)", r"underwriting", r"mortgage", r"credit analysis")),
    Term("risk management", (r"risk management", r"risk assessments?", r"\bAML\b", r"anti-money laundering", r"\bKYC\b")),
    Term("grants and public funds", (r"grant accounting", r"federal funds", r"fund accounting", r"\bNHS\b")),
    Term("forensic accounting", (r"forensic",)),
    Term("insolvency", (r"insolvency", r"liquidations?\b", r"receiverships?", r"company administrations?")),
)  # fmt: skip

_SKILL_PATTERNS = compile_terms(SKILLS)


def skills_in(text: str) -> list[str]:
    """Canonical skill names found in the text, in the order of SKILLS."""
    return [code for code, pattern in _SKILL_PATTERNS.items() if pattern.search(text)]


class RoleFamily(StrEnum):
    AUDIT = "audit"
    TAX = "tax"
    ACCOUNTS = "accounts"
    MANAGEMENT_ACCOUNTING = "management_accounting"
    FINANCIAL_ACCOUNTING = "financial_accounting"
    PAYROLL = "payroll"
    AP_AR_BOOKKEEPING = "ap_ar_bookkeeping"
    FINANCE_MANAGEMENT = "finance_management"
    FPA_ANALYSIS = "fpa_analysis"
    TREASURY = "treasury"
    BANKING_OPERATIONS = "banking_operations"
    OTHER = "other"


# Titles that say nothing about the field (an intern, a manager, a consultant of what?).
GENERIC_TITLE = re.compile(
    r"(?i)^(?:(?:senior|junior|sr\.?|jr\.?|lead|chief|head|assistant|associate|deputy|acting|interim|regional|general|"
    r"managing|executive|principal|staff|summer|graduate)\s*)*(?:intern(?:ship)?|trainee|assistant|associate|manager|"
    r"director|consultant|officer|specialist|executive|analyst|coordinator|administrator|supervisor|lead|partner|"
    r"principal|vp|vice president|president|owner|founder|volunteer|employee|member)(?:\s+(?:I{1,3}|IV|\d))?$"
)
# What a title's family is, for CVs and job ads alike: `services.jobs.roles.family_of`.
