"""The context rule (domain.validate_context) and the normalisation of request fields."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.context import COLLABORATION_KINDS, PLACEHOLDERS, ContextSettings, is_placeholder, validate_context
from service.domain.errors import ValidationFailed
from service.domain.fields import lookup_emails, lookup_phones, normalise_fields

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL

NOTE = "Discussed their expansion into Mexico and our logistics software."
DETAIL = "Offer a pilot of the routing module"


def test_a_real_context_passes():
    assert validate_context(NOTE, "client", DETAIL) == {}
    assert validate_context("  " + NOTE + "\n", " Client ", DETAIL) == {}


@pytest.mark.parametrize("placeholder", sorted(PLACEHOLDERS))
def test_every_placeholder_is_refused_in_any_case_and_padding(placeholder):
    for variant in (placeholder, placeholder.upper(), f"  {placeholder}.  ", f"\t{placeholder}!\n"):
        assert "note" in validate_context(variant, "client", DETAIL)
        assert "collaboration.detail" in validate_context(NOTE, "client", variant)


@given(st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=40))
def test_whitespace_is_never_a_note(blank):
    assert "note" in validate_context(blank, "client", DETAIL)


@given(st.text(alphabet="-._/?!*# 0123456789", min_size=20, max_size=60))
def test_symbols_and_digits_alone_say_nothing(noise):
    assert "note" in validate_context(noise, "client", DETAIL)


@given(st.sampled_from(COLLABORATION_KINDS), st.integers(min_value=15, max_value=60))
def test_length_limits_follow_the_settings(kind, minimum):
    settings = ContextSettings(note_min_length=minimum, detail_min_length=8)
    just_short = ("word " * 30)[: minimum - 1]
    just_long = ("word " * 30)[:minimum].rstrip() + "s" * (minimum - len(("word " * 30)[:minimum].rstrip()))
    assert "note" in validate_context(just_short, kind, DETAIL, settings)
    assert validate_context(just_long, kind, DETAIL, settings) == {}


@pytest.mark.parametrize("kind", [None, "", "  ", "friend", 3, ["client"]])
def test_kind_must_be_from_the_fixed_list(kind):
    assert "collaboration.kind" in validate_context(NOTE, kind, DETAIL)


def test_is_placeholder_keeps_real_short_words():
    assert is_placeholder("N/A") and is_placeholder("-- ") and not is_placeholder("supply chain talk")


def test_settings_cannot_go_below_the_database_floor(tmp_path):
    from ocr.errors import ConfigurationError
    from service.settings.config import load_settings

    with pytest.raises(ConfigurationError):
        load_settings(str(tmp_path), {"CARDNOTE_NOTE_MIN_LENGTH": 2})
    assert load_settings(str(tmp_path), {}, environ={"CARDNOTE_DETAIL_MIN_LENGTH": "12"})[
        "CARDNOTE_DETAIL_MIN_LENGTH"] == 12


def test_secret_key_is_generated_once_and_kept(tmp_path):
    from service.settings.config import load_settings

    first = load_settings(str(tmp_path), {}, environ={})["SECRET_KEY"]
    assert len(first) >= 32 and load_settings(str(tmp_path), {}, environ={})["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_fields_keep_provenance_of_unchanged_values():
    card = {"name": {"value": "Irene Soliz", "confidence": 0.9, "source": "ocr", "raw": "IRENE SOLIZ"},
            "emails": [{"value": "i@m.example", "valid": True, "confidence": 0.97, "source": "ocr",
                        "raw": "E: i@m.example"}]}
    out = normalise_fields({"name": "Irene Soliz", "emails": ["i@m.example", "new@m.example"],
                            "company": {"value": "Merino", "source": "ocr", "confidence": 0.2}}, card)
    assert out["name"] == card["name"]
    assert out["emails"][0] == card["emails"][0] and out["emails"][1]["source"] == "user"
    assert out["company"] == {"value": "Merino", "source": "user", "confidence": 1.0}  # a claim not from the card


def test_partial_update_keeps_fields_not_sent_and_clears_with_null():
    stored = normalise_fields({"name": "Ana", "company": "Lab", "phones": ["+34 612 345 678"]})
    out = normalise_fields({"company": None, "title": "CTO"}, stored, partial=True)
    assert out["name"] == stored["name"] and out["phones"] == stored["phones"]
    assert out["company"] is None and out["title"]["value"] == "CTO"


def test_user_phones_and_emails_are_validated_by_the_libraries():
    out = normalise_fields({"phones": ["612 345 678", "12"], "emails": ["not-an-email"]}, region="ES")
    assert out["phones"][0] == {"value": "+34612345678", "valid": True, "region": "ES", "kind": "other",
                                "source": "user", "confidence": 1.0}
    assert out["phones"][1]["valid"] is False
    assert out["emails"][0]["valid"] is False and out["emails"][0]["value"] == "not-an-email"  # kept, flagged


def test_lookup_keys():
    fields = normalise_fields({"emails": ["Ana@Lab.example"], "phones": ["+34 612 345 678", "123"]})
    assert lookup_emails(fields) == ["ana@lab.example"]
    assert lookup_phones(fields) == ["+34612345678"]  # too-short numbers never match strangers


@pytest.mark.parametrize("bad", [[], "x", {"unknown": 1}, {"emails": {"nope": 1}}, {"address": ["a", "b"]}])
def test_malformed_fields_raise(bad):
    with pytest.raises(ValidationFailed):
        normalise_fields(bad)


_field_values = st.one_of(st.none(), st.text(max_size=30), st.lists(st.text(max_size=20), max_size=3),
                          st.fixed_dictionaries({"value": st.text(max_size=20)},
                                                optional={"source": st.sampled_from(["ocr", "user", "qr"]),
                                                          "confidence": st.floats(0, 1)}))


@given(st.dictionaries(st.sampled_from(["name", "company", "title", "emails", "phones", "websites", "address",
                                        "social"]), _field_values, max_size=6))
def test_normalising_is_total_and_idempotent(raw):
    try:
        once = normalise_fields(raw)
    except ValidationFailed:
        return  # e.g. a list where one value is expected: refused with a message, never a crash
    assert normalise_fields(once, once) == once  # reading back and saving unchanged changes nothing
    for key, value in once.items():
        items = value if isinstance(value, list) else [value] if value else []
        assert all(item["source"] == "user" and item["value"].strip() for item in items), key
