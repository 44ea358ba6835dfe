"""Translations (Fluent files, one folder per language) and the translator that serves them."""

from locales.translator import ENGLISH, Translator, message_ids, translator

__all__ = ["ENGLISH", "Translator", "message_ids", "translator"]
