# The bot's texts in English. Every key here must exist in every other language (tests/unit/test_locales.py).
# Texts are HTML (Telegram's subset): write &lt; for a literal "<".

## Menu, welcome and consent

menu-text = <b>Main menu</b>
    Send me your CV (PDF, DOCX or text) and I will find the accounting jobs that fit it, or type what you are looking for, e.g. <i>audit senior Leeds hybrid 50k</i>.
welcome-text = Hello! I match accountants with jobs: auditors, tax, bookkeepers, payroll, management and financial accountants, finance managers.
privacy-notice = <b>Before we start: your privacy</b>
    To match you I read your CV into a short profile (qualifications, skills, software, years, level, location, salary wish). I keep that profile, your preferences, saved jobs and searches; I never keep the CV file or its text. /export shows everything I hold, /delete_me erases it all.
    Do you agree?
btn-agree = ✅ I agree
btn-not-now = Not now
consent-declined = No problem: I will not read a CV until you agree. Meanwhile you can:
    • type what you are looking for, e.g. <i>payroll manager remote</i>, and I will search the jobs;
    • open jobs and ⭐ save them;
    • set ⚙️ Preferences, including alerts about new jobs for your latest search.
    Only reading a CV needs your agreement: press 📄 Upload my CV when you are ready and I will ask again.
btn-upload-cv = 📄 Upload my CV
btn-search = 🔎 Search jobs
btn-saved = ⭐ Saved jobs
btn-preferences = ⚙️ Preferences
btn-back = ⬅️ Back
btn-menu = 🏠 Menu
help-text = <b>How I work</b>
    • Send your CV as a PDF, DOCX, ODT, RTF or plain-text file, or paste its text: I read it into a profile and show the jobs that fit, each with the reasons.
    • Type a search such as <i>payroll manager remote</i> or <i>part qualified ACCA Leeds</i>; the filter buttons narrow it down.
    • ⚙️ Preferences apply to every search; ⭐ saved jobs stay with you.
    • Applied for a job? Press ✅ I applied on its card: /applications lists them by stage (interview, offer, rejected, no reply) and reminds you to follow up.
    Commands: /menu, /profile (what I read from your CV, and corrections), /applications, /language, /export (all your data as JSON), /delete_me (erase everything), /cancel.
unknown-command = I don't know that command. /help lists what I can do.
unsupported-message = I can read a CV (a PDF, DOCX, ODT or RTF file, or pasted text) and search jobs for what you type. /help shows more.
throttled = ⏳ You are sending messages faster than I can read them, so I will skip the next ones for a few seconds. Please wait a moment and send again.
export-caption = Everything I hold about you.
session-expired = That conversation has expired. Here is the main menu.
button-expired = This button is no longer valid.
error-unexpected = Sorry, something went wrong on my side. Nothing you sent is lost; please try again.
error-domain = Sorry, that didn't work. Please try again.
error-development_only = That is only available in development.
error-embedding_unavailable = Search is briefly unavailable. Please try again in a minute.
error-index_busy = The job list is being refreshed. Please try again in a minute.
error-job_gone = This job has been taken off the board.

## Commands (Telegram's command menu)

command-start = Start, or show the main menu
command-help = What I can do
command-menu = The main menu
command-language = Change the language
command-export = All my data, as a file
command-delete-me = Erase everything you hold about me
command-cancel = Stop what I'm doing, back to the menu
command-applications = My applications: stages and reminders
command-profile = My CV profile: what I read, and corrections

## CV

cv-upload-text = Send your CV as a <b>PDF, DOCX, ODT or RTF file</b> (up to { NUMBER($limit_mb, maximumFractionDigits: 1) } MB), or paste its text here.
cv-send-file-or-text = Please send your CV as a file or paste its text.
cv-progress-reading = ⏳ Reading your CV…
cv-progress-profile = ⏳ Building your profile…
cv-progress-matching = ⏳ Finding matching jobs…
cv-progress-done = ✅ Done: { $count ->
        [0] no matching jobs yet.
        [one] one matching job.
       *[other] { $count } matching jobs.
    }
cv-progress-done-few = ✅ Done: few jobs fit this CV well. { $count ->
        [0] None to show yet.
        [one] The closest one is below.
       *[other] The closest { $count } are below.
    }
cv-rejected-empty = The file is empty. Please send your CV again.
cv-rejected-too_large = The file is too large ({ NUMBER($size_mb, maximumFractionDigits: 1) } MB). Please send a CV under { NUMBER($limit_mb, maximumFractionDigits: 1) } MB.
cv-rejected-unsupported_doc = Old Word .doc files can't be read. Please save your CV as PDF or DOCX and send it again.
cv-rejected-unsupported_image = That looks like a photo or an image. Please send your CV as PDF, DOCX or text.
cv-rejected-unsupported_format = This file type can't be read. Please send your CV as PDF, DOCX, ODT, RTF or plain text.
cv-rejected-encrypted = The file is password-protected. Please send a copy without a password.
cv-rejected-corrupt = The file seems to be damaged and can't be opened. Please export it again and resend.
cv-rejected-unsafe = The file contains content that can't be read safely. Please export it again as PDF or DOCX.
cv-rejected-too_many_pages = The CV has { $pages } pages; up to { $limit } can be read. Please send a shorter version.
cv-rejected-too_long = The CV is too long to read (over { $limit } characters). Please send a shorter version.
cv-rejected-scanned = This PDF is a scanned image with no text in it. Please send a PDF with selectable text, a DOCX, or paste your CV as a message.
cv-rejected-no_text = No readable text was found in the file. Please send your CV as PDF, DOCX or text.
cv-rejected-too_complex = The file took too long or too much memory to read. Please export it again as a simple PDF or DOCX.
cv-rejected-busy = Many CVs are being read right now. Please send yours again in a minute.
cv-rejected-too_many_today = You have sent { $limit } CVs today, the most one day allows. Please send it again tomorrow.
cv-rejected-not_understood = Something in this CV could not be read into a profile, and nothing of it was kept. Please try again, or send it in another format (PDF, DOCX or text).
cv-rejected-not_a_cv = This doesn't look like a CV: I found no job titles, no dates and no work history in it. Your profile is unchanged. Please send your CV as PDF, DOCX or text.
cv-progress-compare = ✅ Read. You already have a profile: compare them below and choose.
cv-compare-intro = A new CV never replaces your profile without asking. Keep the one you have, or replace it (you can undo for a day).
cv-compare-new = <b>The new CV</b>
cv-compare-current = <b>Your current profile</b>
cv-compare-gone = This choice has been made already, or it expired after a day. Send the CV again if you want to use it.
cv-undone = Your previous profile is back.
cv-undo-gone = There is no replaced profile to bring back (they are kept for a day).
cv-pasted-ask = This looks like it could be a CV. Read this as your CV?
btn-cv-replace = ✅ Use the new CV
btn-cv-keep = Keep current
btn-undo-replace = ↩️ Undo: bring back my previous profile
btn-pasted-read = 📄 Yes, read it as my CV
btn-pasted-search = 🔎 No, search for it
profile-title = <b>Your profile</b>
profile-role = Role: { $role } ({ $family })
profile-level = Level: { $level }, { NUMBER($years, maximumFractionDigits: 1) } { NUMBER($years, maximumFractionDigits: 1) ->
        [one] year
       *[other] years
    } of experience
profile-qualifications = Qualifications: { $items }
profile-location = Location: { $place }
profile-skills = Skills: { $items }
profile-software = Software: { $items }
profile-not-accounting = This CV shows little accounting experience, so few jobs here will fit it well.
profile-near-field-hr = The posts nearest to your HR experience come first: payroll and pensions.
profile-near-field-it = The posts nearest to your IT experience come first: finance systems and technology.
profile-near-field-sales = The posts nearest to your sales experience come first: selling mortgages and financial products.
profile-missing = I don't have your CV yet. Send it as a file or paste its text.
results-keywords-only = ℹ️ Matching by meaning is unavailable for a moment: these results match your words only. Try again in a minute for the full list.
few-fit = ⚠️ Few of these jobs fit your CV well.
qual-qualified = qualified
qual-finalist = finalist
qual-part_qualified = part-qualified
qual-studying = studying
btn-show-matches = 📋 Show { $count ->
        [one] the match
       *[other] { $count } matches
    }
btn-fix-level = ✏️ Level
btn-fix-family = ✏️ Role
btn-fix-location = ✏️ Location
cv-fix-level = Which level are you at?
cv-fix-family = Which kind of role fits you best?
cv-fix-location = Where do you want to work? Type a town, city or region.
cv-fix-title = Which job title should your profile show? Type it, e.g. <i>Audit Senior</i>.
cv-fix-years = How many years of experience do you have? Type a number, e.g. <i>4</i>.
cv-fix-years-invalid = Please type a number of years from 0 to 60, e.g. <i>4</i>.
cv-fix-salary = What salary are you looking for (a year)? Type it, e.g. <i>45k</i> or <i>£45,000</i>.
cv-fix-salary-invalid = Please type a yearly salary, e.g. <i>45k</i> or <i>£45,000</i>.
btn-fix-title = ✏️ Title
btn-fix-years = ✏️ Years
btn-fix-salary = ✏️ Salary wish
btn-fix-sectors = 🏢 Sectors worked in
btn-my-profile = 📄 My profile (what I read)
cv-fix-sectors = <b>Which sectors have you worked in?</b> Tap one to add it or take it away. Job cards say when a post asks experience of one, and whether your profile shows it.
btn-done = ✅ Done
profile-sectors = Sectors: { $items }
btn-no-salary-wish = No salary wish
profile-role-only = Role: { $family }
profile-newly-qualified = newly qualified
profile-work-hybrid = hybrid
profile-work-remote = remote
profile-salary = Salary wish: { $amount } a year

## Search

search-prompt = What are you looking for? For example <i>audit senior Leeds hybrid 50k</i>, <i>payroll manager remote</i> or <i>part qualified ACCA</i>.
search-type-query = Please type a few words about the job you want.
results-for = Jobs for “{ $query }”
results-for-cv = Jobs that fit your CV
results-filters = Filters: { $filters }
results-wanted = First: { $wanted }
results-relaxed = Shown without: { $dropped }
results-count = { $count ->
        [one] One job
       *[other] { $count } jobs
    }, page { $page } of { $pages }
results-none = No jobs match. Try other words.
results-none-relax = No jobs match these filters. You can drop one:
results-understood = 🔎 Showing results for “{ $text }”
results-off-topic = I couldn't find a job to look for in that. This board lists accounting and finance jobs in the UK and Armenia: type a role and, if you like, a place, such as “management accountant Leeds”, “payroll officer remote” or “ACCA part qualified”, or send your CV and I'll match it.
results-outside = 📍 No jobs in { $places } on this board: it lists jobs in the UK and Armenia. The closest others are below, each with where it is.
results-not-here = 📍 No job that fits in { $places } right now. The closest others are below, each with where it is.
few-fit-query = ⚠️ None of these fits your search well: they are the closest the board has. Try other words, drop a filter, or send your CV.
relax-posted = ➖ the posting date
relax-employment = ➖ the employment type
relax-ranking = ➖ the firm ranking
relax-salary = ➖ the salary minimum
relax-seniority = ➖ the level
relax-services = ➖ the service line
relax-remote = ➖ remote or hybrid
relax-location = ➖ the location
btn-prev = ◀️ Previous
btn-next = Next ▶️
btn-new-search = 🔎 New search
filter-choose = Choose one:
filter-place-prompt = Type a town, city or region (several with commas), or choose anywhere.
place-not-found = I don't know that place. Try a UK town, city or region, such as Leeds or North West.
filter-place = 📍 Place
filter-remote = 🏠 Remote
filter-salary = 💷 Salary
filter-seniority = 📈 Level
filter-service = 🧾 Service
filter-employment = 📝 Type
filter-study = 🎓 Study
study-yes = with study support
relax-study = ➖ study support
filter-alerts = 🔔 Alerts
filter-language = 🌐 Language
filter-posted = posted in the last { $days } days
filter-excluded-firms = { $count ->
        [one] one firm excluded
       *[other] { $count } firms excluded
    }
value-any = Any
value-anywhere = 🌍 Anywhere
remote-hybrid = hybrid or remote
remote-remote = remote only
remote-hybrid_only = hybrid only
salary-at-least = at least { $amount }
salary-not-stated = not stated

## Job card

firm-ranking = #{ $rank } in the league table
card-location = 📍 { $place } · { $mode }
card-mode = 📍 { $mode }
card-salary = 💷 { $salary }
card-level = 📈 { $level }
card-service = 🧾 { $service }
card-requirements = 🎓 Asks for: { $items }
card-software = 💻 Software: { $items }
card-employment = 📝 { $items }
card-posted = 🗓 Posted { $date }
card-why = <b>Why it fits:</b> { $reasons }
card-to-check = <b>To check:</b> { $items }
results-to-check = to check: { $items }
work-mode-onsite = on site
work-mode-hybrid = hybrid
work-mode-remote = remote
job-closed = This job is closed: it has been taken off the board.
job-not-found = I can't find this job on the board: it may have been taken off, or the link is not quite right. Type what you are looking for to see the jobs open now.
job-saved = Saved ⭐
job-unsaved = Removed from saved jobs
job-dismissed = Got it: I won't show this job again.
btn-apply = ✉️ Apply
btn-save = ⭐ Save
btn-unsave = ✖️ Remove from saved
btn-not-interested = 🚫 Not interested
btn-share = 🔗 Share
dismiss-why = Why not? It helps me choose better.
dismiss-too_senior = Too senior
dismiss-too_junior = Too junior
dismiss-wrong_place = Wrong place
dismiss-wrong_field = Wrong field
dismiss-salary = Salary

## Saved jobs

saved-empty = You have no saved jobs yet. Press ⭐ Save on a job to keep it here.
saved-title = <b>Saved jobs</b>: { $count }, page { $page } of { $pages }
saved-closed = closed

## Applications (the application tracker)

btn-applications = 📋 My applications
btn-i-applied = ✅ I applied
btn-stage = 📌 Stage
btn-reminder = 🔔 Reminder
btn-mark-no-reply = 🔕 Mark as no reply
btn-withdraw = 🗑 I didn't apply: remove it
card-applied = ✅ Applied on { $date } · { $stage }
card-reminder = 🔔 Follow-up reminder on { $date }
card-no-reply = ⏳ No news for { $days } days or more: no reply? If so, mark it below.
job-applied = Marked as applied ✅
apply-when = <b>When did you apply?</b> Press a day, or type the date (for example 28.11.2026).
apply-days-ago = { $days ->
        [0] Today
        [1] Yesterday
        [7] A week ago
        [14] Two weeks ago
       *[other] { $days } days ago
    }
apply-date-invalid = I couldn't take that date. Type it like 28.11.2026 (not in the future, and within the last year), or press a day.
stage-prompt = <b>Where does this application stand?</b>
stage-applied = 📨 Applied
stage-interview = 🗣 Interview
stage-offer = 🎉 Offer
stage-rejected = ✖️ Rejected
stage-no_reply = 🔕 No reply
stage-set = Stage: { $stage }
application-removed = Removed from your applications
remind-when = <b>When shall I remind you to follow up?</b> The reminder comes at 09:00 your time.
remind-in = { $days ->
        [7] In a week
        [14] In two weeks
       *[other] In { $days } days
    }
remind-none = No reminder
reminder-set = I'll remind you on { $date } 🔔
reminder-removed = No reminder now
reminder-title = 🔔 { $count ->
        [one] Time to follow up on your application:
       *[other] Time to follow up on { $count } applications:
    }
reminder-item = • <b>{ $title }</b> — { $firm }: applied { $date } ({ $days ->
        [0] today
        [one] a day ago
       *[other] { $days } days ago
    }), { $stage }
reminder-no-reply = No news for three weeks: no reply? Open it to mark it so.
reminder-hint = Open one to change its stage or set another reminder.
applications-empty = You have no applications yet. Press ✅ I applied on a job card to keep track of it here: its stage, and a reminder to follow up.
applications-title = <b>My applications</b>: { $count }, page { $page } of { $pages }
applications-applied-on = applied { $date } ({ $days ->
        [0] today
        [one] a day ago
       *[other] { $days } days ago
    })
applications-reminder = reminder on { $date }
applications-no-reply = no news for three weeks: no reply?
results-applied = ✅ applied
stats-applications = 📋 Applications: { $total } from { $users } users (interview { $interview }, offer { $offer }, rejected { $rejected }, no reply { $no_reply }) · 🔔 reminders to go: { $reminders }
error-application_not_found = You have no application for this job (any more).
error-apply_date = I couldn't take that date: not in the future, and within the last year, please.

## Preferences

prefs-title = <b>Your preferences</b> (used by every search)
prefs-filters = Filters: { $filters }
prefs-no-filters = none
prefs-alerts = Alerts about new jobs: { $value }
prefs-language = Language: { $value }
prefs-firms = Excluded firms: { $firms }
btn-excluded-firms = 🚫 Excluded firms
btn-clear-firms = Clear the list
firms-prompt = Type the name of a firm whose jobs you never want to see.
firm-not-found = I don't know a firm by that name.
firm-ambiguous = Several firms match: { $firms }. Please type the full name.
firm-excluded = { $firm } is excluded from your searches.
alerts-off = off
alerts-instant = as soon as they appear
alerts-daily = daily
alerts-weekly = weekly
language-en = English
language-ru = Русский

## Privacy

delete-confirm = <b>Erase everything?</b> Your profile, preferences, saved jobs, searches and conversation state will be deleted for good.
btn-delete-yes = 🗑 Yes, erase it all
btn-delete-no = No, keep it
deleted-done = Done: everything I held about you has been erased. Send /start if you want to begin again.

## Levels, service lines and role families

level-unknown = not stated
level-trainee = trainee
level-junior = junior
level-semi_senior = semi-senior
level-senior = senior
level-supervisor = supervisor
level-manager = manager
level-senior_manager = senior manager
level-director = director
level-partner = partner
service-internal_audit = internal audit
service-forensic = forensic
service-restructuring = restructuring
service-corporate_finance = corporate finance
service-audit = audit
service-tax = tax
service-payroll = payroll
service-outsourcing = outsourcing
service-advisory = advisory
service-accounts = accounts
family-audit = audit
family-tax = tax
family-accounts = accounts
family-management_accounting = management accounting
family-financial_accounting = financial accounting
family-payroll = payroll
family-ap_ar_bookkeeping = bookkeeping, payables and receivables
family-finance_management = finance management
family-fpa_analysis = FP&A and analysis
family-treasury = treasury
family-banking_operations = banking operations
family-other = other
employment-permanent = permanent
employment-contract = contract
employment-temporary = temporary
employment-full_time = full-time
employment-part_time = part-time

## Skills the CV reader names (services/jobs/taxonomy.py SKILLS; software names are shown as they are); plain text, escaped where shown
skill-external-audit = external audit
skill-internal-audit = internal audit
skill-audit = audit
skill-statutory-accounts = statutory accounts
skill-management-accounts = management accounts
skill-financial-reporting = financial reporting
skill-year-end = year-end
skill-month-end-close = month-end close
skill-consolidation = consolidation
skill-ifrs = IFRS
skill-uk-gaap = UK GAAP
skill-us-gaap = US GAAP
skill-sox = SOX
skill-vat = VAT
skill-corporation-tax = corporation tax
skill-personal-tax = personal tax
skill-tax-returns = tax returns
skill-payroll = payroll
skill-accounts-payable = accounts payable
skill-accounts-receivable = accounts receivable
skill-credit-control = credit control
skill-reconciliations = reconciliations
skill-general-ledger = general ledger
skill-bookkeeping = bookkeeping
skill-budgeting = budgeting
skill-forecasting = forecasting
skill-fp-a = FP&A
skill-variance-analysis = variance analysis
skill-financial-modelling = financial modelling
skill-treasury = treasury
skill-costing = costing
skill-business-partnering = business partnering
skill-fixed-assets = fixed assets
skill-accruals-and-prepayments = accruals and prepayments
skill-cash-handling = cash handling
skill-lending = lending
skill-risk-management = risk management
skill-grants-and-public-funds = grants and public funds
skill-forensic-accounting = forensic accounting
skill-insolvency = insolvency

## Reasons shown with each result

reason-level-fits = level ✓
reason-level-match = { $level } ✓
reason-more-senior = more senior than you
reason-more-junior = more junior than you
reason-level = { $level }
reason-quals-held = { $codes } ✓
reason-asks-for = asks for { $codes }
reason-family-match = { $family } ✓
reason-near-field = next to your { $field } experience
field-hr = HR
field-it = IT
field-sales = sales
reason-software-match = { $names } ✓
reason-service-match = { $service } ✓
reason-place-match = { $places } ✓
reason-remote = remote
reason-hybrid = hybrid
reason-salary-unstated = salary not stated
reason-salary-match = { $salary } ✓
reason-salary-below = pays { $salary }
reason-posted-before = posted over { $days } days ago
reason-elsewhere = { $places }, not { $wanted }

## Admins
btn-cancel = ✖️ Cancel
yes = yes
no = no
command-stats = Numbers: users, CVs, searches, jobs, tasks
command-broadcast = Send a message to many users
command-user = Look up a user: /user <id or @username>
error-broadcast_invalid = Telegram would refuse this message: { $problem }. Please send it again.
stats-title = <b>📊 Stats</b>
stats-users = 👥 Users: { $total } (new in 24 h: { $new }, active in 7 days: { $active }, with a CV: { $cv }, blocked the bot: { $blocked }, banned: { $banned })
stats-activity = 📄 CVs processed: { $cvs } (24 h: { $cvs_day }) · 🔎 searches today: { $today }, in 7 days: { $week } · ⭐ saved jobs: { $saved } · 🔔 alerts sent: { $alerts }
stats-jobs = 💼 Jobs on the board: { $board }, indexed: { $indexed }, waiting: { $waiting }
stats-errors = ⚠️ Errors in 24 h: { $errors }
stats-tasks = ⏱ Scheduled tasks, last runs:
stats-no-tasks = ⏱ No scheduled task has run yet.
stats-broadcast = 📣 Broadcast #{ $id }: { $status }, { $sent } of { $total } sent, { $blocked } blocked, { $failed } failed, { $left } left
user-usage = Send /user followed by a Telegram id or @username.
user-not-found = No user { $query }.
user-card = <b>User { $id }</b> { $username } ({ $name })
    Language: { $language } · joined { $created } · last active { $active }
    Consent: { $consent } · CV profile: { $cv } · alerts: { $alerts }
    Searches: { $searches } · saved jobs: { $saved }
    Banned: { $banned } · blocked the bot: { $blocked }
user-ban = 🚫 Ban
user-unban = ✅ Unban
user-banned = Banned: the bot ignores them now.
user-unbanned = Unbanned.
broadcast-compose = 📣 <b>New broadcast</b>
    Send the message: text (HTML: &lt;b&gt;, &lt;i&gt;, &lt;a href="..."&gt;), or a photo with a caption.
broadcast-problem = ⚠️ { $problem }
broadcast-audience = Who should get it?
broadcast-to-all = Everyone active ({ $all })
broadcast-to-with_cv = Users with a CV ({ $with_cv })
broadcast-to-language = By language…
broadcast-language = Which language?
broadcast-audience-all = everyone active
broadcast-audience-with_cv = users with a CV
broadcast-audience-language = users who read { $language }
broadcast-preview = ⬆️ This is the message exactly as it will look. It goes to { $count } ({ $audience }). Send it?
broadcast-confirm = 📣 Send now
broadcast-cancel = ⏹ Cancel the broadcast
broadcast-cancelling = Cancelling: no new copies go out.
broadcast-already-finished = This broadcast has already finished.
broadcast-progress = 📣 Broadcast #{ $id }: sending…
    Sent { $sent } of { $total } · failed { $failed } · blocked { $blocked } · left { $left } · about { $eta } s to go
broadcast-finished-done = 📣 Broadcast #{ $id } finished: { $sent } of { $total } sent, { $failed } failed, { $blocked } blocked the bot.
broadcast-finished-cancelled = 📣 Broadcast #{ $id } cancelled: { $sent } of { $total } sent, { $failed } failed, { $blocked } blocked the bot, { $left } not sent.

## Job alerts
prefs-timezone = 🕘 Time zone for digests (09:00): { $value }
filter-timezone = 🕘 Time zone
alert-title-instant = 🔔 { $count ->
        [one] A new job fits you:
       *[other] { $count } new jobs fit you:
    }
alert-title-daily = 🔔 Your daily digest: { $count ->
        [one] one new job fits you
       *[other] { $count } new jobs fit you
    }
alert-title-weekly = 🔔 Your weekly digest: { $count ->
        [one] one new job fits you
       *[other] { $count } new jobs fit you
    }
alert-title-firm = ⭐ New at { $firms }: { $count ->
        [one] one job
       *[other] { $count } jobs
    }
alert-firm-off = 🔕 No more alerts from { $firm }
alert-all = 📋 All { $count } jobs
alert-all-title = All { $count } jobs of this alert:
alert-pause = ⏸ Pause alerts
alert-gone = These jobs have left the board.
alerts-paused = Alerts are paused; turn them on again in ⚙️ Preferences. Favourite firms' own alerts stay on.

## What the user taught the ranking (services/search/leanings.py), and what a job asks that the CV lacks
step-0 = apprentice
step-1 = assistant
step-2 = semi-senior
step-3 = accountant
step-4 = senior
step-5 = manager
step-6 = head of finance
step-7 = director
step-8 = finance director
lesson-fewer_senior = Fewer roles above { $level } level from now on.
lesson-fewer_junior = Fewer roles below { $level } level from now on.
lesson-fewer_places = Fewer jobs in { $place } from now on.
lesson-fewer_families = Fewer { $family } jobs from now on.
lesson-salary_floor = Fewer jobs paying under £{ $floor } from now on.
lesson-undo = (Undo it in ⚙️ Preferences → 🧠 What I learned.)
taught-item-fewer_senior = fewer roles above { $level }
taught-item-fewer_junior = fewer roles below { $level }
taught-item-fewer_places = fewer jobs in { $place }
taught-item-fewer_families = fewer { $family } jobs
taught-item-salary_floor = fewer jobs under £{ $floor }
prefs-taught = 🧠 Learned from “not interested”: { $items }
prefs-favourites = ⭐ Favourite firms: { $firms }
btn-taught = 🧠 What I learned
btn-favourites = ⭐ Favourite firms
taught-title = <b>What I learned from your “not interested”</b>
    It moves jobs up or down your matches and alerts; it never hides a job. Tap one to forget it.
taught-none = Nothing yet. When you mark a job “not interested”, the reason you give moves your later matches.
taught-forgotten = Forgotten.
favourites-title = <b>Favourite firms</b>
    Their jobs come first in your matches, and their new jobs always come with your alerts.
    🔔 A firm's own alert brings its new jobs at once, even with your alerts off: tap “Own alert” beside it.
    Type a firm's name to add it; ✖ removes one.
favourites-none = No favourite firms yet.
favourite-added = ⭐ { $firm } is a favourite: its jobs come first and always come with your alerts. For its own alert: ⚙️ Preferences → ⭐ Favourite firms.
favourite-removed = { $firm } is no longer a favourite.
btn-firm-alert-off = 🔕 Own alert: off
btn-firm-alert-on = 🔔 Own alert: on
firm-alert-on = 🔔 You will hear of { $firm }'s new jobs as soon as they are posted, even with your alerts off.
firm-alert-off = 🔕 No more alerts of its own from { $firm } (it stays a favourite).
btn-favourite = ⭐ Favourite firm
btn-unfavourite = ☆ Not a favourite
reason-favourite-firm = ⭐ favourite firm
reason-gap-qual = asks for { $codes } qualified, which your CV does not show
reason-gap-qual-studying = asks for { $codes } qualified; your CV shows you studying for it
reason-gap-level = { $steps ->
        [one] one step
       *[other] { $steps } steps
    } above your current level
reason-gap-years = { $steps ->
        [one] one step
       *[other] { $steps } steps
    } above your level: such posts usually want about { $wanted } years, your CV shows { $years }
reason-gap-field = a { $family } post, outside your field
reason-gap-software = names { $names }, which your profile does not list
reason-suggest-part-qualified = Look for part-qualified { $codes } roles too: search “part qualified { $codes }”.
reason-suggest-qualification = Ask the employer whether they consider part-qualified or qualified-by-experience candidates before you apply.
reason-suggest-level = A role one level down fits your experience better; if you apply, show in your letter the scope you have had.
reason-suggest-field = If you have { $family } experience, add it to your CV: it will then match posts like this one.
reason-suggest-software = If you use this software, name it in your CV: it then counts in your matches.
card-missing = ❗ What you may lack: { $items }
card-suggestion = 💡 { $text }
reason-part-qualified-ok = part-qualified considered ✓
reason-study-support = study support ✓
reason-qbe-ok = qualified by experience considered ✓
reason-asks-qualified = asks for a qualified accountant
reason-gap-qualified = asks for a qualified accountant, which your CV does not show
reason-suggest-qualified = Before you apply, ask whether they consider part-qualified or qualified-by-experience candidates; or search “part qualified” for posts that do.
status-qualified = qualified
status-part_qualified = part-qualified considered
status-qbe = QBE considered
status-study_support = study support
status-training_contract = training contract
card-status = 🎓 { $items }
sector-health = NHS or healthcare
sector-public = public sector
sector-charity = charity
sector-financial_services = financial services
sector-practice = accountancy practice
sector-education = education
sector-housing = housing
reason-sector-match = { $sectors } experience ✓
reason-asks-sector = asks for { $sectors } experience
reason-gap-sector = asks for { $sectors } experience, which your CV does not show
reason-suggest-sector = If you have worked in { $sectors }, tick it on your profile (/profile → 🏢 Sectors worked in): job cards then count it as met.
card-sectors = 🏢 Sector experience: { $items }
asked-required = { $item } (essential)
asked-desirable = { $item } (desirable)
reason-language-match = { $languages } ✓
reason-asks-language = { $count ->
    [one] asks for { $languages }
   *[other] asks for these languages: { $languages }
}
reason-gap-language = { $count ->
    [one] asks for { $languages }, which your CV does not show
   *[other] asks for these languages: { $languages }, which your CV does not show
}
reason-suggest-language = { $count ->
    [one] If you speak { $languages }, say so in your CV (a line such as “Languages: { $names }, fluent”) and send it again: job cards then count it as met.
   *[other] If you speak these languages, say so in your CV (a line such as “Languages: { $names }, fluent”) and send it again: job cards then count it as met.
}
card-languages = 🗣 Languages: { $items }
tongue-english = English
tongue-french = French
tongue-german = German
tongue-spanish = Spanish
tongue-italian = Italian
tongue-portuguese = Portuguese
tongue-polish = Polish
tongue-romanian = Romanian
tongue-russian = Russian
tongue-ukrainian = Ukrainian
tongue-arabic = Arabic
tongue-urdu = Urdu
tongue-hindi = Hindi
tongue-punjabi = Punjabi
tongue-bengali = Bengali
tongue-gujarati = Gujarati
tongue-tamil = Tamil
tongue-mandarin = Mandarin
tongue-cantonese = Cantonese
tongue-chinese = Chinese
tongue-japanese = Japanese
tongue-korean = Korean
tongue-turkish = Turkish
tongue-greek = Greek
tongue-dutch = Dutch
tongue-swedish = Swedish
tongue-armenian = Armenian
tongue-welsh = Welsh
tongue-tagalog = Tagalog
tongue-vietnamese = Vietnamese
tongue-farsi = Farsi
tongue-persian = Persian
tongue-hebrew = Hebrew
tongue-swahili = Swahili
tongue-yoruba = Yoruba
tongue-somali = Somali
tongue-lithuanian = Lithuanian
tongue-latvian = Latvian
tongue-danish = Danish
tongue-norwegian = Norwegian
tongue-finnish = Finnish
tongue-czech = Czech
tongue-slovak = Slovak
tongue-hungarian = Hungarian
tongue-bulgarian = Bulgarian
tongue-croatian = Croatian
tongue-serbian = Serbian
tongue-georgian = Georgian
tongue-azerbaijani = Azerbaijani
tongue-kurdish = Kurdish
tongue-irish = Irish
tongue-gaelic = Gaelic
salary-estimated = not stated · est. { $band } (from { $count } similar ads)
