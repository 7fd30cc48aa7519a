"""service.card_sides.merge_back: the front's values win, the back adds what the front lacks (marked), conflicts
become warnings. Properties over generated cards (hypothesis) and a few worked examples."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from service.domain.card_sides import merge_back
from service.domain.fields import LIST_FIELDS, SINGLE_FIELDS

TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=20)


def _item(value: str) -> dict:
    return {"value": value, "confidence": 0.9, "source": "ocr"}


def _fields():
    singles = {key: st.one_of(st.none(), TEXT.map(_item)) for key in SINGLE_FIELDS}
    lists = {key: st.lists(TEXT.map(_item), max_size=3) for key in LIST_FIELDS}
    return st.fixed_dictionaries({**singles, **lists})


def _card(fields: dict, warnings: list[str] | None = None) -> dict:
    return {"schema": "cardnote/card@1", "source": {"file": "f.jpg"}, "fields": fields, "enrichment": {},
            "warnings": warnings or [], "ocr": {"lines": []}}


@given(_fields(), _fields())
def test_the_front_is_never_lost_or_changed(front_fields, back_fields):
    front, back = _card(front_fields), _card(back_fields)
    before = copy.deepcopy(front)
    merged = merge_back(front, back)
    assert front == before  # pure: the input is not touched
    for key in SINGLE_FIELDS:
        if front_fields[key]:
            assert merged["fields"][key] == front_fields[key]
        elif merged["fields"][key]:
            assert merged["fields"][key]["side"] == "back"
    for key in LIST_FIELDS:
        kept = merged["fields"][key][:len(front_fields[key])]
        assert kept == front_fields[key]
        assert all(item["side"] == "back" for item in merged["fields"][key][len(front_fields[key]):])


@given(_fields())
def test_a_back_with_nothing_on_it_adds_nothing(front_fields):
    merged = merge_back(_card(front_fields), _card({}))
    assert merged["fields"] == {**front_fields}
    assert merged["warnings"] == []


def test_a_differently_printed_value_is_a_warning_and_the_same_value_is_not():
    front = _card({"company": _item("Merino Soluciones"), "name": _item("Irene Soliz"),
                   "websites": [_item("https://merino.example")]})
    back = _card({"company": _item("MERINO  soluciones"), "name": _item("Jonas Weber"),
                  "given_name": _item("Jonas"), "websites": [_item("http://www.merino.example/")]},
                 warnings=["a phone did not validate"])
    merged = merge_back(front, back)
    assert merged["fields"]["company"]["value"] == "Merino Soluciones"
    assert merged["fields"].get("given_name") is None  # the front's name decides its parts
    assert len(merged["fields"]["websites"]) == 1  # the same site, written differently
    assert merged["warnings"] == ["Back of the card: a phone did not validate",
                                  "The back of the card says “Jonas Weber” for the name; the front's “Irene Soliz” "
                                  "was kept."]
    assert merged["source"]["back"] == {"file": "f.jpg"}


def test_a_name_only_the_back_prints_comes_with_its_parts():
    merged = merge_back(_card({"company": _item("Merino")}),
                        _card({"name": _item("Irene Soliz"), "given_name": _item("Irene"),
                               "family_name": _item("Soliz")}))
    assert [merged["fields"][k]["value"] for k in ("name", "given_name", "family_name")] == ["Irene Soliz", "Irene",
                                                                                              "Soliz"]
    assert {merged["fields"][k]["side"] for k in ("name", "given_name", "family_name")} == {"back"}
