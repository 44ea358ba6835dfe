"""The services one running bot uses, built once by the composition root and handed to the adapters."""

from __future__ import annotations

from dataclasses import dataclass

from services.accounts.applications import Applications
from services.accounts.preferences import UserPreferences
from services.accounts.profiles import Profiles
from services.accounts.saved import SavedJobs
from services.accounts.users import Users
from services.admin.stats import StatsService
from services.admin.users import UserAdmin
from services.cv.intake import CvIntake
from services.cv.matching import CvMatching
from services.delivery.alerts import JobAlerts
from services.delivery.broadcasts import Broadcasts
from services.delivery.pace import SendPace
from services.delivery.reminders import ApplicationReminders
from services.jobs.cards import JobCards
from services.maintenance import Maintenance
from services.search.for_user import UserSearch
from services.search.job_search import JobSearch
from services.usage import Usage


@dataclass(frozen=True, slots=True)
class Services:
    users: Users
    preferences: UserPreferences
    profiles: Profiles
    saved: SavedJobs
    user_admin: UserAdmin
    search: JobSearch
    user_search: UserSearch
    """A user's search as the bot runs it: their preferences and dismissed jobs read with it."""
    jobs: JobCards
    cv: CvIntake
    cv_max_bytes: int
    stats: StatsService
    broadcasts: Broadcasts
    usage: Usage
    pace: SendPace
    """One pace for every bulk send of the process (broadcasts and alerts together)."""
    alerts: JobAlerts
    maintenance: Maintenance

    matching: CvMatching
    """CV intake, profile and matches as one use case (one transaction per CV)."""
    applications: Applications
    """The application tracker: applied jobs, their stages and follow-up reminders."""
    reminders: ApplicationReminders
    """The tracker's follow-up reminders, sent at the shared pace."""
