"""Development tools, never imported by the bot in production: the terminal playground and its Bot API stand-in
(`playground`, `chat`), the demo board generator (`demo_data`) and the seeding and import of jobs into the legacy
tables (`dev_data`). The command line imports them only when a development command runs."""
