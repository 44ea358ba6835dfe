"""aiogram-dialog dialogs: menu and consent, CV, search, job card, preferences, saved jobs, applications, privacy;
broadcast."""

from aiogram.filters import Filter
from aiogram_dialog import Dialog

from dialogs.applications import applications_dialog
from dialogs.broadcast import broadcast_dialog
from dialogs.cv import cv_dialog
from dialogs.job import job_dialog
from dialogs.menu import menu_dialog, onboarding_dialog
from dialogs.prefs import prefs_dialog
from dialogs.privacy import privacy_dialog
from dialogs.saved import saved_dialog
from dialogs.search import search_dialog


def get_dialogs(is_admin: Filter) -> list[Dialog]:
    """Fresh dialogs for one Dispatcher; the admins' (broadcast) answers those `is_admin` lets through."""
    return [menu_dialog(), onboarding_dialog(), cv_dialog(), search_dialog(), job_dialog(), prefs_dialog(),
            saved_dialog(), applications_dialog(), privacy_dialog(), broadcast_dialog(is_admin)]  # fmt: skip
