"""APScheduler inside the bot's process: the jobs (thin calls into services), the lease that lets one instance run
each job per period, the task-run records, and the heartbeat that readiness reads."""
