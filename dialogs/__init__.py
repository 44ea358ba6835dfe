"""aiogram-dialog dialogs: menu and consent, CV, search, job card, preferences, saved jobs, privacy."""

from aiogram_dialog import Dialog

from dialogs.cv import cv
from dialogs.job import job
from dialogs.menu import menu, onboarding
from dialogs.prefs import prefs
from dialogs.privacy import privacy
from dialogs.saved import saved
from dialogs.search import search


def get_dialogs() -> list[Dialog]:
    return [menu, onboarding, cv, search, job, prefs, saved, privacy]
