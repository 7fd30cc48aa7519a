"""Word boundaries put back after recognition: only spaces are inserted, and only where the print shows them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.words import restore_spaces


@pytest.mark.parametrize(("read", "expected"), [
    ("UnitedStatesSenator", "United States Senator"),
    ("Eletrônica ADACHILtda.", "Eletrônica ADACHI Ltda."),
    ("CustomerSuport Engineer", "Customer Suport Engineer"),
    ("Sarjapur RingRoad", "Sarjapur Ring Road"),
    ("Schillerweg198", "Schillerweg 198"),
    ("ASST.VICE PRESIDENT", "ASST. VICE PRESIDENT"),
    ("AltairD'Auria", "Altair D'Auria"),
    ("Prof.Dr. Anna Berg", "Prof. Dr. Anna Berg"),
])
def test_glued_words_are_split(read: str, expected: str) -> None:
    assert restore_spaces(read) == expected


@pytest.mark.parametrize("text", [
    "WhatsApp", "LinkedIn", "McDonald", "HubSpot", "iPhone", "MacLeod",  # names and known words stay joined
    "ricknog39@gmail.com", "www.INRIMT.COM", "cargocollective.com/nogdesign", "hubbig.com",  # addresses
    "SW1A 1AA", "Tel.:116909-6968", "Rua do Ouro, 105, 1.º Dto.", "Dipl.-Ing.", "CLINTONVILLE ROAD",
    # one abbreviation each
    "Fábrica JWX S.Com.", "Cooperativa del Sur S.Coop.", "Rao, B.Com., M.Sc.", "Ravi Kumar, M.Tech.",
])
def test_words_that_are_not_glued_stay(text: str) -> None:
    assert restore_spaces(text) == text


@given(st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs")), max_size=60))
def test_only_spaces_are_ever_added(text: str) -> None:
    restored = restore_spaces(text)
    assert restored.replace(" ", "") == text.replace(" ", "")
    assert len(restored) >= len(text)
