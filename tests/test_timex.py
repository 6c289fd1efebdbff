"""Date expressions: ``armswatch.events.timex.find`` and ``resolve``, in English and French.

Relative dates are resolved against the publication date, by the annotation rules: a weekday
is the latest such day on or before publication, "a day earlier" / "la veille" count from
publication, and nothing after publication is a date of an event.
"""

import pytest

from armswatch.events.timex import find, resolve

PUBLISHED = "2024-11-01"  # a Friday



def dates(sentence: str, lang: str, published: str | None = PUBLISHED) -> list[tuple[str, str, str]]:
    """(surface text, value, precision) of every date expression found, checking the offsets."""
    found = find(sentence, lang, published)
    for timex in found:
        assert sentence[timex.start:timex.end] == timex.text
        assert not timex.reported
    return [(t.text, t.value, t.precision) for t in found]


def only_date(sentence: str, lang: str, published: str | None = PUBLISHED) -> tuple[str, str]:
    found = dates(sentence, lang, published)
    assert len(found) == 1, found
    return found[0][1:]


# --- explicit dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "sentence", "expected"), [
    ("fr", "La Corée du Nord a tiré un missile le 31 octobre.", "2024-10-31"),
    ("en", "North Korea fired a missile on Oct. 31.", "2024-10-31"),
    ("en", "North Korea fired a missile on October 31, 2024.", "2024-10-31"),
    ("fr", "Le tir a eu lieu le 31/10/2024 selon Séoul.", "2024-10-31"),
    ("en", "The launch took place on 31/10/2024, Seoul said.", "2024-10-31"),
    ("fr", "La Corée du Nord a lancé un satellite le 2 janvier 2024.", "2024-01-02"),
    ("fr", "La Corée du Nord a tiré un missile le 1er novembre.", "2024-11-01"),
    ("en", "North Korea fired a missile on May 3.", "2024-05-03"),
    pytest.param("en", "North Korea fired an ICBM on Dec. 18, 2023.", "2023-12-18", id="en-Dec. 18, 2023"),
    pytest.param("en", "North Korea fired an ICBM on December 18, 2023.", "2023-12-18", id="en-December 18, 2023"),
])  # fmt: skip
def test_explicit_day_dates(lang, sentence, expected):
    assert only_date(sentence, lang) == (expected, "day")


def test_explicit_date_keeps_its_surface_text_and_offsets():
    sentence = "Pyongyang said it fired the missile on Oct. 31 from Sohae."
    (timex,) = find(sentence, "en", PUBLISHED)
    assert (timex.text, timex.start, timex.end) == ("Oct. 31", 39, 46)


@pytest.mark.parametrize(("lang", "sentence", "expected"), [
    ("en", "North Korea fired a missile in August.", ("2024-08", "month")),
    ("fr", "La Corée du Nord a tiré un missile en août.", ("2024-08", "month")),
    ("en", "North Korea conducted a nuclear test in September 2017.", ("2017-09", "month")),
    ("fr", "La Corée du Nord a procédé à un essai nucléaire en septembre 2017.", ("2017-09", "month")),
    ("fr", "La Corée du Nord a procédé à un essai nucléaire en 2017.", ("2017", "year")),
    ("en", "North Korea conducted a nuclear test in 2017.", ("2017", "year")),
    ("fr", "La Corée du Nord a tiré des missiles fin octobre.", ("2024-10", "month")),
    ("en", "North Korea fired missiles in early October.", ("2024-10", "month")),
])  # fmt: skip
def test_precision_follows_the_text(lang, sentence, expected):
    assert only_date(sentence, lang) == expected


# --- relative dates ---------------------------------------------------------------------------


@pytest.mark.parametrize("published", ["2024-11-01", "2024-11-02", "2024-11-04", "2024-11-07"])
@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "North Korea fired a missile on Friday."),
    ("fr", "La Corée du Nord a tiré un missile vendredi."),
])  # fmt: skip
def test_weekday_is_the_latest_such_day_on_or_before_publication(lang, sentence, published):
    # 2024-11-01 is a Friday: published that Friday, "Friday" is the same day, not a week before
    assert only_date(sentence, lang, published) == ("2024-11-01", "day")


@pytest.mark.parametrize(("lang", "sentence", "published", "expected"), [
    ("en", "North Korea fired a missile last Thursday.", "2024-11-01", ("2024-10-31", "day")),
    ("en", "North Korea fired a cruise missile a day earlier.", "2024-11-01", ("2024-10-31", "day")),
    ("en", "North Korea fired a cruise missile five days earlier.", "2024-11-01", ("2024-10-27", "day")),
    ("fr", "La Corée du Nord a tiré un missile de croisière la veille.", "2024-11-01", ("2024-10-31", "day")),
    ("fr", "La Corée du Nord a tiré un missile un jour plus tôt.", "2024-11-01", ("2024-10-31", "day")),
    ("en", "North Korea fired two missiles earlier this month.", "2024-11-15", ("2024-11", "month")),
    ("fr", "La Corée du Nord a tiré un missile il y a deux semaines.", "2024-11-01", ("2024-10-18", "day")),
    ("en", "North Korea fired a missile two weeks ago.", "2024-11-01", ("2024-10-18", "day")),
    ("fr", "La Corée du Nord a livré des obus en août dernier.", "2024-11-01", ("2024-08", "month")),
    ("fr", "La Corée du Nord a livré des obus le mois dernier.", "2024-11-01", ("2024-10", "month")),
    pytest.param("en", "North Korea shipped artillery shells last month.", "2024-11-01", ("2024-10", "month"),
                 id="en-last month"),
    pytest.param("en", "North Korea fired a missile last year.", "2024-11-01", ("2023", "year"),
                 id="en-last year"),
    pytest.param("fr", "La Corée du Nord a tiré un missile l'an dernier.", "2024-11-01", ("2023", "year"),
                 id="fr-l'an dernier"),
    pytest.param("fr", "L’armée avait testé le missile l’an passé.", "2024-11-01", ("2023", "year"),
                 id="fr-l’an passé, typographic apostrophe"),
    pytest.param("en", "North Korea fired the missile in April last year.", "2024-11-01", ("2023-04", "month"),
                 id="en-April last year"),
    pytest.param("en", "It was first tested on March 3 of last year.", "2024-11-01", ("2023-03-03", "day"),
                 id="en-March 3 of last year"),
    pytest.param("fr", "Le missile a été testé en avril de l'année dernière.", "2024-11-01", ("2023-04", "month"),
                 id="fr-avril de l'année dernière"),
])  # fmt: skip
def test_relative_dates_resolve_against_publication(lang, sentence, published, expected):
    assert only_date(sentence, lang, published) == expected


@pytest.mark.parametrize(("lang", "sentence"), [
    ("fr", "La Corée du Nord a tiré un missile en décembre."),
    pytest.param("en", "North Korea fired a missile in December.", id="en-December"),
])  # fmt: skip
def test_month_after_the_publication_month_is_last_year(lang, sentence):
    assert only_date(sentence, lang, "2024-11-01") == ("2023-12", "month")


def test_month_of_publication_is_this_year():
    assert only_date("North Korea fired a missile in November.", "en", "2024-11-20") == ("2024-11", "month")


# --- what is not a date -----------------------------------------------------------------------


def test_may_and_march_as_verbs_are_not_dates():
    assert dates("North Korea may test a missile soon, and its troops march toward the border.", "en") == []


def test_days_before_an_event_are_not_counted_from_publication():
    assert dates("Pyongyang fired a missile five days before the election.", "en") == []


def test_day_range_gives_its_first_day():
    assert only_date("North Korea and Russia held drills on Sept. 11-12.", "en") == ("2024-09-11", "day")
    assert only_date("La Corée du Nord a organisé des exercices les 11-12 septembre.", "fr") == ("2024-09-11", "day")
    assert resolve("Sept. 11-12", "en", PUBLISHED) == ("2024-09-11", "day")


@pytest.mark.parametrize(("lang", "sentence", "expected"), [
    ("en", "In 2017, on Aug. 29 and Sept. 15, North Korea fired missiles over Japan.",
     [("In 2017", "2017", "year"), ("Aug. 29", "2017-08-29", "day"), ("Sept. 15", "2017-09-15", "day")]),
    ("fr", "En 2017, le 29 août, la Corée du Nord a tiré un missile au-dessus du Japon.",
     [("En 2017", "2017", "year"), ("29 août", "2017-08-29", "day")]),
    # the year that closes a list of dates
    ("en", "North Korea fired missiles over Japan on Aug. 29 and Sept. 15, 2017.",
     [("Aug. 29", "2017-08-29", "day"), ("Sept. 15, 2017", "2017-09-15", "day")]),
    # but not the year of another date further on: "24 mars" is this year's
    ("fr", "Le missile lancé le 24 mars serait plutôt un Hwasong-15 amélioré, le modèle testé en novembre 2017.",
     [("24 mars", "2024-03-24", "day"), ("novembre 2017", "2017-11", "month")]),
])  # fmt: skip
def test_day_without_year_takes_the_sentence_year(lang, sentence, expected):
    assert dates(sentence, lang) == expected


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "North Korea fired a missile on October 31, 2025."),
    ("fr", "La Corée du Nord a tiré un missile le 31 octobre 2025."),
    ("en", "North Korea will hold a parade in 2026."),
    pytest.param("en", "North Korea fired a missile on Nov. 5, 2024.",
                 id="en-Nov. 5, 2024"),
    pytest.param("fr", "La Corée du Nord a tiré un missile le 5 novembre 2024.",
                 id="fr-5 novembre 2024"),
])  # fmt: skip
def test_no_date_after_publication(lang, sentence):
    assert dates(sentence, lang, "2024-11-01") == []


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "North Korea fired a missile on Friday."),
    ("en", "North Korea fired a missile a day earlier."),
    ("en", "North Korea fired a missile two weeks ago."),
    ("en", "North Korea fired a missile in August."),
    ("fr", "La Corée du Nord a tiré un missile vendredi."),
    ("fr", "La Corée du Nord a tiré un missile la veille."),
    ("fr", "La Corée du Nord a tiré un missile il y a deux semaines."),
    ("fr", "La Corée du Nord a livré des obus en août dernier."),
])  # fmt: skip
def test_no_relative_date_without_a_publication_date(lang, sentence):
    assert dates(sentence, lang, None) == []


def test_dates_with_a_year_need_no_publication_date():
    assert only_date("North Korea fired a missile on Oct. 31, 2024.", "en", None) == ("2024-10-31", "day")
    assert only_date("La Corée du Nord a tiré un missile le 31 octobre 2024.", "fr", None) == ("2024-10-31", "day")


def test_resolve_single_expressions():
    assert resolve("vendredi", "fr", "2024-11-01") == ("2024-11-01", "day")
    assert resolve("Friday", "en", "2024-11-03") == ("2024-11-01", "day")
    assert resolve("la veille", "fr", "2024-11-01") == ("2024-10-31", "day")
    assert resolve("en 2017", "fr", "2024-11-01") == ("2017", "year")
    assert resolve("October 31, 2025", "en", "2024-11-01") is None
    assert resolve("Friday", "en", None) is None


@pytest.mark.parametrize("sentence", ["Pyongyang, October 31 (KCNA) -- Kim Jong Un oversaw the test-fire.",
                                      "SEOUL, Oct. 31 — North Korea fired a missile."])
def test_a_dateline_is_no_date_nor_is_its_month_alone(sentence):
    assert dates(sentence, "en") == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Il avait tiré, le 4 puis le 28 juillet, deux missiles.", "fr",
     [("4", "2024-07-04", "day"), ("28 juillet", "2024-07-28", "day")]),
    ("It fired missiles on July 4 and 28.", "en", [("July 4", "2024-07-04", "day"), ("28", "2024-07-28", "day")]),
    ("It fired 3 and 4 missiles in July.", "en", [("July", "2024-07", "month")]),
])
def test_a_day_without_its_month_shares_the_next_ones(sentence, lang, expected):
    assert dates(sentence, lang) == expected
