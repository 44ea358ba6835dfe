"""The services one running bot uses, built once by the composition root and handed to the adapters."""

from __future__ import annotations

from dataclasses import dataclass

from services.accounts import Accounts
from services.alerts import JobAlerts
from services.broadcast import Broadcasts
from services.cv_matching import CvMatching
from services.cv_service import CvIntake
from services.delivery import SendPace
from services.jobs import JobCards
from services.maintenance import Maintenance
from services.search import JobSearch
from services.stats import StatsService
from services.usage import Usage


@dataclass(frozen=True, slots=True)
class Services:
    accounts: Accounts
    search: JobSearch
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
