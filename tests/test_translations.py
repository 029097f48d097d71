"""The Norwegian catalogues are complete and the committed .mo files match the .po files."""

import gettext
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("*/locale/nb/LC_MESSAGES/django.po")) + [ROOT / "locale/nb/LC_MESSAGES/django.po"]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_has_a_norwegian_translation(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{po_path}: no Norwegian for {untranslated} (run make messages, then translate)"
    assert not fuzzy, f"{po_path}: fuzzy (unchecked) translations {fuzzy}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_the_po_file(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make compilemessages"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.msgid_plural:
            got = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            )
            assert got == entry.msgstr_plural[0], entry.msgid
        else:
            got = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
            assert got == entry.msgstr, f"{mo_path} is stale for {entry.msgid!r}: run make compilemessages"


def test_each_app_and_the_shared_templates_have_a_catalogue():
    found = {str(p.relative_to(ROOT)).split("/locale/")[0] for p in CATALOGUES if p.exists()}
    assert {"accounts", "recruitment", "candidates", "locale/nb/LC_MESSAGES/django.po"} - found <= {
        "locale/nb/LC_MESSAGES/django.po"
    }
    assert (ROOT / "locale/nb/LC_MESSAGES/django.po").exists()
