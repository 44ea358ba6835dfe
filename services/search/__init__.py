"""Finding jobs: `job_search` (JobSearch: a typed query or a CV's profile to ranked, explained results, and what a
job would take: `cv_gaps`), `for_user` (UserSearch: a user's search with their preferences, dismissed jobs and
leanings, one call from the dialog; a job's fit for its card), `leanings` (what "not interested" taught the ranking,
favourite firms), `query` (reading a query's words into filters and wishes), `query_words` (typos, Russian, places),
`embeddings` (vectors for queries and jobs, cached)."""
