"""Fast tests of the benchmark's scoring rules (bench/scoring.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bench.scoring import Tally, match_page, normalise, normalise_address, normalise_url, score_card
from enrich.card import AddressField, Card, CardFields, EmailField, PhoneField, SocialField, TextField, WebsiteField

LABEL: dict[str, Any] = {
    "file": "x.jpg",
    "name": "José Núñez",
    "honorific": "Dr.",
    "title": "Director Comercial",
    "company": "Merino Soluciones S.L.",
    "emails": ["jnunez@merino.es"],
    "phones": [{"number": "+34 911 23 45 67", "e164": "+34911234567", "kind": "work"},
               {"number": "612 34 56 78", "e164": "+34612345678", "kind": "mobile"}],
    "websites": ["www.merino.es"],
    "address": "Calle Mayor 5, 28013 Madrid",
    "social": [],
    "unsure": [],
}


def card(name: str | None = "José Núñez", company: str | None = "Merino Soluciones S.L.",
         phones: list[tuple[str, str]] | None = None, emails: tuple[str, ...] = ("jnunez@merino.es",),
         websites: tuple[str, ...] = ("https://merino.es",), address: str | None = "Calle Mayor 5 28013 Madrid",
         social: tuple[str, ...] = ()) -> dict[str, Any]:
    """A contract-1 card JSON built with the real dataclasses."""
    phones = phones if phones is not None else [("+34911234567", "work"), ("+34612345678", "mobile")]
    fields = CardFields(
        name=TextField(name, 0.9) if name else None,
        title=TextField("DIRECTOR  comercial", 0.9),
        company=TextField(company, 0.9) if company else None,
        emails=[EmailField(e, True, 0.9) for e in emails],
        phones=[PhoneField(v, k, "ES", True, 0.9) for v, k in phones],
        websites=[WebsiteField(w, 0.9) for w in websites],
        address=AddressField(address, [address], "ES", 0.6) if address else None,
        social=[SocialField("linkedin", s) for s in social],
    )
    return Card(source={"file": "x.jpg"}, fields=fields).to_json()


def test_normalise_folds_case_accents_and_spacing() -> None:
    assert normalise("  José   NÚÑEZ ") == "jose nunez"
    assert normalise(None) == ""
    assert normalise_address("Av. Paulista, 1578 - Bela Vista") == normalise_address("av paulista 1578 bela vista")
    assert normalise_url("HTTPS://www.Merino.es/") == "merino.es"


def test_turkish_capitals_match_their_small_letters_dotted_or_not() -> None:
    assert normalise("ABDÜLKERİM DUMANLI") == normalise("Abdülkerim Dumanlı") == "abdulkerim dumanli"
    assert normalise("Fırat") == normalise("Firat")


def test_a_perfect_read_scores_every_field_right() -> None:
    score = score_card(LABEL, card())
    assert score.all_right, {k: (r.expected, r.got) for k, r in score.fields.items() if not r.right}
    assert set(score.fields) == {"name", "title", "company", "emails", "phones", "websites", "address", "social"}


def test_name_may_keep_the_honorific_but_not_lose_letters() -> None:
    assert score_card(LABEL, card(name="Dr. José Núñez")).fields["name"].right
    assert not score_card(LABEL, card(name="José Núne")).fields["name"].right


def test_company_brand_rule_only_when_asked() -> None:
    short = card(company="Merino Soluciones")
    assert not score_card(LABEL, short).fields["company"].right
    assert score_card(LABEL, short, brand_rule=True).fields["company"].right
    assert not score_card(LABEL, card(company="Altamira"), brand_rule=True).fields["company"].right


def test_phones_need_e164_and_kind_and_nothing_extra() -> None:
    wrong_kind = card(phones=[("+34911234567", "mobile"), ("+34612345678", "mobile")])
    result = score_card(LABEL, wrong_kind).fields["phones"]
    assert not result.right and result.matched == 1
    extra = card(phones=[("+34911234567", "work"), ("+34612345678", "mobile"), ("+34911234568", "fax")])
    result = score_card(LABEL, extra).fields["phones"]
    assert not result.right and (result.matched, result.n_expected, result.n_got) == (2, 2, 3)


def test_phone_without_e164_is_scored_by_printed_digits() -> None:
    label = {**LABEL, "phones": [{"number": "2294-9484", "e164": None, "kind": "work"}]}
    assert score_card(label, card(phones=[("+551122949484", "work")])).fields["phones"].right
    assert not score_card(label, card(phones=[("+551122949485", "work")])).fields["phones"].right


def test_unsure_fields_and_missing_keys_are_not_scored() -> None:
    label = {k: v for k, v in LABEL.items() if k != "social"} | {"unsure": ["title", "address"]}
    score = score_card(label, card(address=None, social=("linkedin.com/in/x",)))
    assert "title" not in score.fields and "address" not in score.fields and "social" not in score.fields
    assert score.all_right


def test_a_failed_read_is_wrong_except_where_nothing_was_expected() -> None:
    score = score_card(LABEL, None, error="boom")
    assert score.fields["social"].right
    assert not any(score.fields[k].right for k in ("name", "phones", "emails", "address"))


def test_tally_reports_accuracy_precision_recall_and_all_right_share() -> None:
    tally = Tally().extend([score_card(LABEL, card()), score_card(LABEL, card(emails=("a@b.es",)))])
    assert tally.accuracy("emails") == 0.5
    assert tally.precision("emails") == 0.5 and tally.recall("emails") == 0.5
    assert tally.all_right_share == 0.5
    assert 0.9 < tally.overall < 1.0


def test_match_page_pairs_cards_whatever_the_reading_order() -> None:
    other = {**LABEL, "name": "Ana Costa", "emails": ["ana@costa.pt"]}
    scores = match_page([LABEL, other], [card(name="Ana Costa", emails=("ana@costa.pt",)), card()])
    assert scores[0].all_right and scores[1].fields["name"].right and scores[1].fields["emails"].right
    missing = match_page([LABEL, other], [card()])
    assert missing[1].error and not missing[1].fields["name"].right


def test_enrichment_guesses_are_ignored() -> None:
    read = card(websites=())
    read["fields"]["websites"] = [{"value": "https://merino.es", "confidence": 0.5, "source": "enrichment"}]
    label = {**LABEL, "websites": []}
    assert score_card(label, read).fields["websites"].right
    assert not score_card(LABEL, read).fields["websites"].right


@given(st.text(max_size=40))
def test_normalisers_are_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
    assert normalise_address(normalise_address(text)) == normalise_address(text)
    assert normalise_url(normalise_url(text)) == normalise_url(text)


@given(st.lists(st.sampled_from(["a@x.es", "b@y.fr", "c@z.de"]), unique=True),
       st.lists(st.sampled_from(["a@x.es", "b@y.fr", "c@z.de"]), unique=True))
def test_email_set_equality_matches_item_counts(expected: list[str], read: list[str]) -> None:
    result = score_card({**LABEL, "emails": expected}, card(emails=tuple(read))).fields["emails"]
    assert result.right == (set(expected) == set(read))
    assert result.matched == len(set(expected) & set(read))


def test_alt_answers_count_as_right() -> None:
    label = {**LABEL, "title": "VP of Sales", "alt": {"title": ["Vice President of Sales"],
                                                      "emails": [["jnunez@merino.es", "info@merino.es"]]}}
    read = card()
    read["fields"]["title"]["value"] = "Vice President of Sales"
    assert score_card(label, read).fields["title"].right
    read["fields"]["title"]["value"] = "President of Sales"
    assert not score_card(label, read).fields["title"].right
    both = card(emails=("jnunez@merino.es", "info@merino.es"))
    assert score_card(label, both).fields["emails"].right
    assert not score_card({**LABEL}, both).fields["emails"].right


def test_lenient_address_needs_most_words_and_few_others() -> None:
    label = {**LABEL, "address": "Anne-Conway-Straße 6, D-28359 Bremen, Germany"}
    exact_only = score_card(label, card(address="Anne-Conway-Straße 6, D-28359 Bremen"))
    assert not exact_only.fields["address"].right
    lenient = score_card(label, card(address="Anne-Conway-Straße 6, D-28359 Bremen"), lenient_address=True)
    assert lenient.fields["address"].right  # 5 of 6 words, nothing else
    half = score_card(label, card(address="D-28359 Bremen"), lenient_address=True)
    assert not half.fields["address"].right
    noisy = score_card(label, card(address="Anne-Conway-Straße 6, D-28359 Bremen, Germany VAT DE 123 456 789"),
                       lenient_address=True)
    assert not noisy.fields["address"].right  # every label word, but too many others
    assert not score_card(label, card(address=None), lenient_address=True).fields["address"].right


def test_the_perfect_ocr_bench_reads_a_generator_card_from_its_own_lines(capsys: Any) -> None:
    from bench import understanding

    score, label, texts = understanding.read_rendered(555, 0)
    assert label["file"] == "lines_555_0" and texts  # the card's printed lines, not an OCR of a picture
    assert set(score.fields) >= {"name", "phones"} and score.fields["emails"].right  # emails need no model
    assert understanding.main(["--seed", "555", "--count", "3", "--show-failures", "name"]) == 0
    printed = capsys.readouterr().out
    assert "perfect OCR, generator seed 555: 3 cards" in printed and "layout=" in printed
