"""Reading a CV into a profile and matching it: `intake` (CvIntake: the file's checks and reading), `reading`
(the sandboxed parser worker's client), `formats`, `llm` (optional extraction), `profile` (CvProfile and the
rules that read one), `matching` (CvMatching: read, keep, match as one use case)."""
