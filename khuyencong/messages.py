"""The site's interface words, one Babel message catalogue per language.

The engine writes each word of its interface in English, marked for `pybabel extract` (babel.cfg)
by the gettext names it already knows: `_("...")` where the page's language is at hand, `N_("...")`
in a table translated where it is used, never inside an f-string (pybabel reads a Python 3.11
f-string as one string and would miss it; the word would then fail the build as untranslated).
khuyencong/locale/messages.pot lists them; khuyencong/locale/<language>/LC_MESSAGES/messages.po
holds each language's words and is read as it is, so no compiled file has to be kept in step with
it. Fact data (labels, titles, sentences from data/) never goes through here. After changing a
marked word, from the project's folder:

    .venv/bin/pybabel extract -F babel.cfg --sort-by-file --omit-header --add-location=file \
        -o khuyencong/locale/messages.pot khuyencong macros.py
    .venv/bin/pybabel update -i khuyencong/locale/messages.pot -d khuyencong/locale \
        --omit-header --no-fuzzy-matching --ignore-obsolete

then write the Vietnamese words in vi/LC_MESSAGES/messages.po (English needs none: a msgid is
its English); tests/test_messages.py checks all of it. No header, no line numbers: the files
change only when a word does.
"""

from __future__ import annotations

from gettext import NullTranslations
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .problems import Problem

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
# The language the msgids are written in: a word without a translation there reads as written.
SOURCE_LANGUAGE = "en"


def N_(msgid: str) -> str:
    """Mark a word for the catalogue where it is only named; `_` translates it where it is used."""
    return msgid


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


class _Untranslated(NullTranslations):
    """What a language other than the source falls back to: an error, not an English word on its page."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def gettext(self, message: str) -> str:
        path = catalogue_path(self.language).relative_to(LOCALE_DIR.parent.parent)
        raise LookupError(
            f"{path}: no translation of {message!r}; fix: translate it there (see khuyencong/messages.py)"
        )


def _read_catalogue(language: str) -> tuple[Translations, list[Problem]]:
    """The language's words, and a problem for each word it leaves untranslated (empty or fuzzy)."""
    path = catalogue_path(language)
    with path.open("rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN)
    problems = [
        Problem(
            path.relative_to(LOCALE_DIR.parent.parent).as_posix(),
            message.lineno,
            1,
            f"no {language} translation of {message.id!r}" + (" (marked fuzzy)" if message.fuzzy else ""),
            "write its translation in msgstr and remove any fuzzy flag (see khuyencong/messages.py)",
        )
        for message in catalog
        if message.id and language != SOURCE_LANGUAGE and (not message.string or message.fuzzy)
    ]
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy and empty translations are left out, as gettext does
    compiled.seek(0)
    words = Translations(compiled, domain=DOMAIN)
    if language != SOURCE_LANGUAGE:
        words.add_fallback(_Untranslated(language))
    return words, problems


# Read once, when the engine is imported, like its code (about 17 ms for both): an edited
# catalogue shows after `make serve` is restarted, as an edit to khuyencong/ does.
_READ = {language: _read_catalogue(language) for language in ("vi", "en")}
CATALOGUES = {language: words for language, (words, _) in _READ.items()}
# Reported with the project's problems (project.py): a build stops on them before a page is drawn.
CATALOGUE_PROBLEMS = tuple(problem for _, problems in _READ.values() for problem in problems)


def translations(language: str) -> Translations:
    """The interface words of one language, as gettext's Translations: `_ = translations(language).gettext`."""
    return CATALOGUES[language]
