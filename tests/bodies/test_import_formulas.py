"""Formula neutralisation: every piece a spreadsheet could split off is plain text, and the
import undoes exactly what the export added."""

import random
import re

import pytest

from bodies.csvio.format import neutralise, restore

# A piece starts at the cell's start or after a separator; it is a formula when it
# starts (after spaces) with one of these characters.
FORMULA_PIECE = re.compile(r"(^|[,;\t|])[ ]*[=+\-@\t\r]")
ALPHABET = ["'", "=", "+", "-", "@", "\t", "\r", ",", ";", "|", " ", "a", "1", "\n"]


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("Berlin;=1+1", "Berlin;'=1+1"),
        ("Berlin,=1+1", "Berlin,'=1+1"),
        ("Berlin\t=1+1", "Berlin\t'=1+1"),
        ("Berlin|=1+1", "Berlin|'=1+1"),
        ("Berlin; =1+1", "Berlin;' =1+1"),
        ("=1;@2", "'=1;'@2"),
        ("'=1;''-2", "''=1;'''-2"),
        ("\t=", "'\t'="),
        ("D-ZM-1", "D-ZM-1"),
        ("2020-05-01", "2020-05-01"),
        ("ISO 9001;ISO 14001", "ISO 9001;ISO 14001"),
        ("O'Brien; Söhne", "O'Brien; Söhne"),
        ("'quoted", "'quoted"),
    ],
)
def test_each_piece_is_neutralised_and_restored(value, exported):
    assert neutralise(value) == exported
    assert restore(exported) == value


def test_random_cells_are_safe_and_round_trip():
    rng = random.Random(2026)
    for _ in range(20_000):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 10)))
        exported = neutralise(value)
        assert FORMULA_PIECE.search(exported) is None, (value, exported)
        assert restore(exported) == value, (value, exported)
