"""The services one running bot uses, built once by the composition root and handed to the adapters."""

from __future__ import annotations

from dataclasses import dataclass

from services.accounts import Accounts
from services.cv_matching import CvMatching
from services.cv_service import CvIntake
from services.jobs import JobCards
from services.search import JobSearch


@dataclass(frozen=True, slots=True)
class Services:
    accounts: Accounts
    search: JobSearch
    jobs: JobCards
    cv: CvIntake
    cv_max_bytes: int

    @property
    def matching(self) -> CvMatching:
        return CvMatching(self.cv, self.accounts, self.search)
