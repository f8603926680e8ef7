"""The reference data kept in four languages (django-modeltranslation).

``Standard.title``, ``SectorCode.name`` and ``AccreditationBody.name`` each get a column per
language (``title_en``, ``title_fr``, ``title_es``, ``title_ru``); reading the plain attribute
gives the active language's text, or English where that one is empty
(``MODELTRANSLATION_FALLBACK_LANGUAGES``). The translations come from ``accreditation/data/``
(``translations.py`` beside this module loads them, see data/README.md).

Each model's historical model (django-simple-history) is registered too: a history row copies
every field of the saved row, the translations included, so the history table needs their
columns, and a curator sees a change to the French title in the history like any other.
django-simple-history fixed the fields it tracks when it made the historical model, before
these existed: ``keep_in_history`` adds them, for its diffs and for the record it rebuilds from
a historical row (restoring an earlier version, ``as_of``), which would otherwise lose them.
"""

from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import TranslationOptions, translator

from accreditation.models import AccreditationBody, SectorCode, Standard


class TitleOptions(TranslationOptions):
    fields = ("title",)
    # English is the text every other language falls back to: never empty.
    required_languages = ("en",)


class NameOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


translator.register([Standard, Standard.history.model], TitleOptions)
translator.register([SectorCode, SectorCode.history.model], NameOptions)
translator.register([AccreditationBody, AccreditationBody.history.model], NameOptions)


def keep_in_history(model, field):
    """Make ``model``'s history track ``field``'s translation columns as its other fields."""
    history = model.history.model
    names = [f"{field}_{language}" for language in AVAILABLE_LANGUAGES]
    history.tracked_fields = [*history.tracked_fields, *map(model._meta.get_field, names)]
    rebuild = history.instance.fget

    def instance(record):
        obj = rebuild(record)
        for name in names:
            setattr(obj, name, getattr(record, name))
        return obj

    history.instance = property(instance)


keep_in_history(Standard, "title")
keep_in_history(SectorCode, "name")
keep_in_history(AccreditationBody, "name")
