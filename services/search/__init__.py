"""Finding jobs: `job_search` (JobSearch: a typed query or a CV's profile to ranked, explained results),
`for_user` (UserSearch: a user's search with their preferences and dismissed jobs, one call from the dialog),
`query` (reading a query's words into filters and wishes), `query_words` (typos, Russian, places), `embeddings`
(vectors for queries and jobs, cached)."""
