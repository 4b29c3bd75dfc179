"""Name keys and "X region" forms shared by every geocoder."""

from __future__ import annotations

import pytest

from sitreport.geocode import fold, variant_key
from sitreport.geocode.base import is_latin, strip_marks, suffix_form


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kharkiv", "KHARKIV"),
        ("Khar'kiv", "Kharkiv"),
        ("Kharkivs’ka", "Kharkivska"),
        ("Khān Yūnis", "Khan Yunis"),
        ("Dmytro-Darivka", "Dmytro Darivka"),
        ("Łódź", "Lodz"),
        ("  Gaza   Strip ", "gaza strip"),
    ],
)
def test_fold_ignores_case_marks_apostrophes_and_hyphens(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_spellings_apart() -> None:
    assert fold("Kharkov") != fold("Kharkiv")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Yurivka", "Yuryivka"), ("Nadiia", "Nadiya"), ("Dobrovillia", "Dobrovilya"), ("Zaporizhia", "Zaporizhzhia")],
)
def test_variant_key_meets_transliteration_variants(a: str, b: str) -> None:
    assert variant_key(a) == variant_key(b)
    assert fold(a) != fold(b)


def test_strip_marks_keeps_case() -> None:
    assert strip_marks("Ségou") == "Segou"


@pytest.mark.parametrize(("name", "latin"), [("Kyiv", True), ("Київ", False), ("Khān Yūnis", True), ("غزة", False)])
def test_is_latin(name: str, latin: bool) -> None:
    assert is_latin(name) is latin


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("Kharkiv region", ("Kharkiv", "admin1")),
        ("Kursk oblast", ("Kursk", "admin1")),
        ("Idlib Governorate", ("Idlib", "admin1")),
        ("Stavropol krai", ("Stavropol", "admin1")),
        ("Pavlohrad district", ("Pavlohrad", "admin2")),
        ("Kharkiv", None),
        ("Gaza Strip", None),
    ],
)
def test_suffix_form_names_the_level(name: str, split: tuple[str, str] | None) -> None:
    assert suffix_form(name) == split


def test_fold_takes_letters_nfkd_keeps() -> None:
    assert fold("Gədəbəy") == fold("Gadabay")
    assert fold("Đà Nẵng") == fold("Da Nang")
