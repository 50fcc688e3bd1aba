"""Reading CSV cells as publishers wrote them: missing markers, header variants, encodings."""

import pytest

from orgsim.io.importers.table import Row, decode, header_key, parse_fte, sniff_delimiter, value


@pytest.mark.parametrize("cell, expected", [
    ("  Chief   Executive ", "Chief Executive"), ("N/D", None), ("n/a", None), ("'N/A'", None),
    ("", None), ("-", None), ("'Eliminated'", "Eliminated"), ("0", "0"),
])
def test_value(cell, expected):
    assert value(cell) == expected


@pytest.mark.parametrize("header, key", [
    ('"Grade (or equivalent)"', "gradeorequivalent"), ("Contact E-mail", "contactemail"),
    ("\ufeffPost Unique Reference", "postuniquereference"), ("Salary Cost of Reports (£)",
                                                            "salarycostofreports"),
    ("Job/Team Function", "jobteamfunction"), ("Health & Safety", "healthandsafety"),
])
def test_header_key(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize("cell, fte, complaint", [
    ("1", 1.0, None), ("0.83", 0.83, None), ("0,5", 0.5, None), ("1,250", 1250.0, None),
    ("N/D", None, None), ("abc", None, "f row 7: FTE 'abc' is not a number of posts; left out"),
    ("-1", None, "f row 7: FTE '-1' is not a number of posts; left out"),
    ("nan", None, "f row 7: FTE 'nan' is not a number of posts; left out"),
])
def test_parse_fte(cell, fte, complaint):
    problems = []
    assert parse_fte(Row(7, (cell,)), 0, "f", problems) == fte
    assert [str(p) for p in problems] == ([complaint] if complaint else [])


@pytest.mark.parametrize("data, text, encoding", [
    ("Café £5".encode("utf-8-sig"), "Café £5", "utf-8-sig"),
    ("Café £5".encode("utf-8"), "Café £5", "utf-8-sig"),
    ("Café £5 – ok".encode("cp1252"), "Café £5 – ok", "cp1252"),
    (b"x\x81y", "x\x81y", "latin-1"),  # 0x81 is undefined in cp1252; Latin-1 takes any byte
    ("Café".encode("utf-16"), "Café", "utf-16"),
])
def test_decode_tries_utf8_then_cp1252_then_latin1(data, text, encoding):
    assert decode(data, "f.csv") == (text, encoding)


@pytest.mark.parametrize("text, delimiter", [
    ("a,b;c\n", ","), ("a;b;c\n1,5;2;3\n", ";"), ("a\tb\tc\n", "\t"), ("\n\nabc\n", ","),
])
def test_sniff_delimiter(text, delimiter):
    assert sniff_delimiter(text) == delimiter
