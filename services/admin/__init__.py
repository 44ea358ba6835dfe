"""What admins see and manage: `stats` (StatsService), `api_tokens` (ApiTokens), `users` (UserAdmin: find, list,
ban)."""
