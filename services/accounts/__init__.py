"""What a user keeps with us, one use case per module: `users` (Users: membership on every update, consent,
export, erasure), `preferences` (UserPreferences: saved filters, alerts, language, time zone, excluded firms),
`profiles` (Profiles: the CV profile, a new one waiting beside it, undo, corrections), `saved` (SavedJobs: saved
and dismissed jobs), `applications` (Applications: the application tracker, jobs applied for, their stages and
follow-up reminders, which `services.delivery.reminders` sends). What admins do with users is
`services.admin.users`."""
