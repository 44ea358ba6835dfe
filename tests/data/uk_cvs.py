"""UK-style CVs written for this project (fictional people), with their expected labels.

They cover every qualification code and status the profile knows, in varied phrasings, and are rendered as
PDF and DOCX by the tests (tests/support/render.py). Dates count to REFERENCE_DATE.
"""

from __future__ import annotations

import datetime as dt

REFERENCE_DATE = dt.date(2026, 11, 1)

UK_CVS: list[dict] = [
    {
        "id": "audit-senior-aca",
        "text": """AUDIT SENIOR
Leeds, West Yorkshire
Profile
ICAEW Chartered Accountant (ACA qualified 2023) with five years in external audit at a top-10 firm.
Experience
Audit Senior | Example Audit LLP, Leeds | September 2021 - Present
- Led statutory audits of owner-managed businesses under FRS 102 and IFRS
- Used CaseWare and Inflo data analytics; supervised two associates
Audit Associate | Example Audit LLP, Leeds | September 2019 - August 2021
- External audit fieldwork, bank reconciliations and substantive testing
Education
BSc Accounting and Finance, University of Leeds, 2016 - 2019
Languages: English (native), Polish (fluent)
""",
        "labels": {
            "role_family": "audit",
            "seniority": "senior",
            "years": 7.2,
            "qualifications": [("ACA", "qualified")],
        },
    },
    {
        "id": "management-accountant-cima-finalist",
        "text": """Management Accountant
Manchester
Summary
CIMA finalist (Strategic level passed, case study booked) producing monthly management accounts.
Work history
Management Accountant, Example Manufacturing Ltd, 03/2022 to Present
- Monthly management accounts, variance analysis, standard costing and budgeting
- Power BI dashboards; Sage 200 and Excel
Assistant Management Accountant, Example Foods plc, 06/2019 to 02/2022
- Month-end close, accruals and prepayments, balance sheet reconciliations
Education
BA Business Studies, Manchester Metropolitan University, 2015 - 2018
Notice period: one month. Salary expectation: £45,000 - £50,000
""",
        "labels": {
            "role_family": "management_accounting",
            "seniority": "semi senior",
            "years": 7.4,
            "qualifications": [("CIMA", "finalist")],
        },
    },
    {
        "id": "tax-senior-cta-att",
        "text": """TAX SENIOR - CTA, ATT
London
Professional qualifications
- Chartered Tax Adviser (CTA), admitted 2024
- ATT qualified 2021 (Association of Taxation Technicians)
Employment history
Corporate Tax Senior, Example Tax Partners LLP, London, Jan 2022 - Present
Corporation tax returns (CT600), R&D tax credits, group relief; Alphatax and Digita.
Tax Assistant, Example Accountants, London, Sep 2019 - Dec 2021
Personal tax and self-assessment returns for 150 clients; VAT returns.
Education
LLB Law, King's College London, 2016 - 2019
""",
        "labels": {
            "role_family": "tax",
            "seniority": "senior",
            "years": 7.2,
            "qualifications": [("CTA", "qualified"), ("ATT", "qualified")],
        },
    },
    {
        "id": "payroll-supervisor-aat-studying",
        "text": """PAYROLL SUPERVISOR
Birmingham
Profile
Payroll supervisor running a 1,200-employee monthly and weekly payroll. Currently studying AAT Level 3.
Experience
Payroll Supervisor - Example Payroll Bureau Ltd - April 2020 to Present
RTI submissions, auto-enrolment pensions, P11D benefits, statutory payments; BrightPay and Moneysoft.
Payroll Administrator - Example Retail Group - May 2016 to March 2020
Processed starters and leavers, timesheets and payroll reconciliations.
Education
A-levels, Example Sixth Form College, 2014 - 2016
""",
        "labels": {
            "role_family": "payroll",
            "seniority": "supervisor",
            "years": 10.5,
            "qualifications": [("AAT", "studying")],
        },
    },
    {
        "id": "accounts-assistant-maat-acca-part",
        "text": """Accounts Assistant
Bristol
About me
MAAT (AAT Level 4 qualified) and part-qualified ACCA, 5 of 13 exams passed, looking for a semi-senior role.
Employment
Accounts Assistant | Example & Co Chartered Accountants | 2022 - Present
Year-end accounts for sole traders and small companies, bookkeeping in Xero and QuickBooks, VAT returns.
Accounts Clerk | Example Wholesale Ltd | 2019 - 2021
Purchase ledger, sales ledger and credit control; supplier statement reconciliations.
Education
AAT Level 4 Diploma in Professional Accounting, Example College, 2020 - 2022
""",
        "labels": {
            # Bookkeeping, ledgers and credit control: the recruiter's family for such assistants (../shared/judgments
            # cv_labels.json reads a "Finance Assistant" so), shared since with job ads (services/jobs/roles.py).
            "role_family": "ap_ar_bookkeeping",
            "seniority": "junior",
            "years": 7.9,
            "qualifications": [("ACCA", "part_qualified"), ("AAT", "qualified")],
        },
    },
    {
        "id": "financial-controller-fcca",
        "text": """FINANCIAL CONTROLLER, FCCA
Reading, Berkshire
Profile
Fellow of the Association of Chartered Certified Accountants with twelve years in finance leadership.
Experience
Financial Controller, Example Technology Group, July 2018 - Present
Group consolidation, statutory accounts under IFRS, cash flow forecasting, NetSuite implementation.
Finance Manager, Example Logistics Ltd, March 2014 - June 2018
Management accounts, budgeting and forecasting, team of four.
Senior Accountant, Example Services plc, August 2012 - February 2014
Education
BSc Economics, University of Reading, 2008 - 2011
""",
        "labels": {
            "role_family": "finance_management",
            "seniority": "senior manager",
            "years": 14.3,
            "qualifications": [("ACCA", "qualified")],
        },
    },
    {
        "id": "audit-manager-icas",
        "text": """Audit Manager
Edinburgh
Qualifications
Chartered Accountant, ICAS (CA), qualified 2019
Career history
Audit Manager, Example Scotland LLP, Edinburgh - 10/2022 to present
Audit Assistant Manager, Example Scotland LLP, Edinburgh - 10/2019 to 09/2022
Trainee Chartered Accountant, Example Scotland LLP - 09/2016 to 09/2019
Audits of charities and public sector bodies; SORP, FRS 102; external audit planning and reporting.
Education
MA (Hons) Accountancy, University of Edinburgh, 2012 - 2016
""",
        "labels": {
            "role_family": "audit",
            "seniority": "manager",
            "years": 10.2,
            "qualifications": [("ICAS", "qualified")],
        },
    },
    {
        "id": "nhs-financial-accountant-cipfa-trainee",
        "text": """FINANCIAL ACCOUNTANT
Nottingham
Summary
Financial accountant in the NHS, studying towards CIPFA (Professional Certificate passed) through the NHS scheme.
Experience
Financial Accountant, Example NHS Foundation Trust, Nottingham, February 2023 - Present
Year-end annual accounts, fixed asset register, balance sheet reconciliations, Oracle general ledger.
Finance Officer, Example NHS Trust, Derby, September 2020 - January 2023
Accounts payable, accruals and VAT recovery.
Education
BSc Mathematics, University of Nottingham, 2017 - 2020
""",
        "labels": {
            "role_family": "financial_accounting",
            "seniority": "semi senior",
            "years": 6.2,
            "qualifications": [("CIPFA", "studying")],
        },
    },
    {
        "id": "internal-auditor-cia",
        "text": """Senior Internal Auditor - CIA
Birmingham
Certifications
- Certified Internal Auditor (CIA), Institute of Internal Auditors, 2021
Experience
Senior Internal Auditor, Example Bank plc, Birmingham, May 2020 - Present
Risk-based internal audit plans, SOX-style controls testing, reporting to the audit committee.
Internal Auditor, Example Insurance Ltd, June 2017 - April 2020
Education
BA Accounting, Aston University, 2014 - 2017
""",
        "labels": {
            "role_family": "audit",
            "seniority": "senior",
            "years": 9.4,
            "qualifications": [("CIA", "qualified")],
        },
    },
    {
        "id": "fpa-analyst-cfa-acca",
        "text": """FP&A Analyst
London (hybrid)
Profile
FP&A analyst; CFA Level II candidate and ACCA finalist (final papers SBL and SBR sitting in December).
Experience
FP&A Analyst, Example Media Group, London, 01/2023 to Present
Budgeting, forecasting, financial modelling and business partnering; Anaplan and Power BI.
Financial Analyst, Example Consulting Ltd, London, 07/2020 to 12/2022
Variance analysis, monthly reporting packs.
Education
BSc Finance, University of Warwick, 2017 - 2020
""",
        "labels": {
            "role_family": "fpa_analysis",
            "seniority": "semi senior",
            "years": 6.3,
            "qualifications": [("ACCA", "finalist"), ("CFA", "studying")],
        },
    },
    {
        "id": "finance-manager-ca-anz",
        "text": """FINANCE MANAGER
London
Summary
Chartered Accountant (CA ANZ), member of Chartered Accountants Australia and New Zealand since 2017, now in London.
Experience
Finance Manager, Example Property Fund, London, March 2021 - Present
Fund accounting, investor reporting, treasury and cash management.
Senior Accountant, Example Advisory Pty, Sydney, February 2015 - February 2021
Education
Bachelor of Commerce, University of Sydney, 2011 - 2014
""",
        "labels": {
            "role_family": "finance_management",
            "seniority": "manager",
            "years": 11.8,
            "qualifications": [("CA", "qualified")],
        },
    },
    {
        "id": "bookkeeper-qbe",
        "text": """BOOKKEEPER
Norwich
Profile
Qualified by experience bookkeeper with fifteen years of sole-charge bookkeeping for small businesses.
Experience
Self-employed Bookkeeper, Norwich, 2015 - Present
Bookkeeping, bank reconciliations, VAT returns and payroll for 25 clients using Sage 50, Xero and Dext.
Bookkeeper, Example Builders Ltd, Norwich, 2010 - 2014
Purchase ledger, sales ledger, credit control.
Languages: English
""",
        "labels": {
            "role_family": "ap_ar_bookkeeping",
            "seniority": "semi senior",
            "years": 16.8,
            "qualifications": [],
            "qualified_by_experience": True,
        },
    },
    {
        "id": "reporting-accountant-us-cpa-cma",
        "text": """Financial Reporting Accountant
Manchester
Summary
Licensed Certified Public Accountant (CPA, State of New York, license no. 00000) relocating to the UK; currently
preparing for the CMA exam (Part 1 passed).
Experience
Financial Reporting Accountant, Example Holdings Inc., New York, August 2019 - September 2025
US GAAP and SEC reporting (10-K, 10-Q), consolidation, SOX controls; SAP and Hyperion.
Staff Accountant, Example CPA Firm LLP, New York, June 2017 - July 2019
Education
BBA Accounting, Example University, 2013 - 2017
""",
        "labels": {
            "role_family": "financial_accounting",
            "seniority": "semi senior",
            "years": 8.3,
            "qualifications": [("CPA", "qualified"), ("CMA", "studying")],
        },
    },
    {
        "id": "graduate-trainee-aca-studying",
        "text": """GRADUATE TRAINEE ACCOUNTANT
Cambridge
Profile
Graduate on an ICAEW training contract, studying for the ACA (Certificate level complete).
Experience
Graduate Trainee Accountant (Audit), Example LLP, Cambridge, September 2025 - Present
External audit fieldwork, bank reconciliations, fixed asset testing.
Summer Intern, Example LLP, Cambridge, July 2024 - August 2024
Education
BA Economics, University of Cambridge, 2022 - 2025
""",
        "labels": {
            "role_family": "audit",
            "seniority": "trainee",
            "years": 1.4,
            "qualifications": [("ACA", "studying")],
        },
    },
    {
        "id": "treasury-analyst-aca-part",
        "text": """Treasury Analyst
Glasgow
Profile
Treasury analyst, part qualified ACA (eight exams passed) with experience of cash management and FX hedging.
Experience
Treasury Analyst, Example Energy plc, Glasgow, April 2022 - Present
Daily cash positioning, cash flow forecasting, bank relationships, liquidity reporting.
Credit Control Assistant, Example Energy plc, Glasgow, August 2020 - March 2022
Education
BAcc, University of Glasgow, 2016 - 2020
""",
        "labels": {
            "role_family": "treasury",
            "seniority": "semi senior",
            "years": 6.3,
            "qualifications": [("ACA", "part_qualified")],
        },
    },
]
