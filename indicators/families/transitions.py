"""Übergänge nach Klasse 4: the new school form and the primary school's recommendation.

Children are counted where they live, published down to the Ortsteil (as KOMPIK and UWE); a
child living outside Herne (empty Bezirk-Nr) counts city-wide only. The school-form shares are of
all children of the cell and add up to 100 % ("außerhalb Herne" included; Hauptschule and
Sekundarschule together).

Following the recommendation: the new school matches an unrestricted recommendation (Gymnasium,
Realschule, Hauptschule), and Gesamtschule and Sekundarschule match every recommendation (in NRW
they take children of every recommendation and lead to every qualification). A Gymnasium after a
Realschule or Hauptschule recommendation, or a Realschule after a Hauptschule one, is above it;
the reverse is below. "eingeschränkt" (one form recommended, the next higher one with a
restriction, e.g. "Realschule, eingeschränkt Gymnasium") does not say which forms are meant, so
those children, children without a recommendation, children moving to a Förderschule (a decision
on special needs, not a choice against the recommendation) or to a school outside Herne (form not
known) are not in the denominator. Followed, above and below add up to 100 %.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from etl.instruments import OUTSIDE_HERNE
from etl.models import Transition
from etl.vocabulary import DOWN_TO_ORTSTEIL, NEUTRAL, PERCENT, TRANSITIONS
from indicators.disclosure import RESPONDENTS
from indicators.families import PERSONS, Part, binary_sex, contribution, merge_parts, sources
from indicators.indicator import Indicator, declarer
from indicators.population import Relations

FAMILY = TRANSITIONS
# Forms by level: a recommendation and a new school are compared on this scale.
RANK = {"Hauptschule": 1, "Realschule": 2, "Gymnasium": 3}
OPEN_TO_ALL = ("Gesamtschule", "Sekundarschule")
NOT_COMPARED = ("Förderschule", OUTSIDE_HERNE)

declare = declarer(
    TRANSITIONS,
    source="Übergänge nach Klasse 4 (Schulverwaltung, nach Wohnort des Kindes)",
    rule=RESPONDENTS,
    levels=DOWN_TO_ORTSTEIL,  # a statistical district has a few dozen children per year
    breakdowns=("sex",),
    denominator="Kinder mit Übergang nach Klasse 4",
    unit=PERCENT,
    scale=100,
    direction=NEUTRAL,
)


def _form(key: str, title: str, forms: tuple[str, ...], what: str, notes: str = "") -> Indicator:
    return declare(
        key,
        f"Übergang: {title}",
        f"Anteil der Kinder, die nach Klasse 4 {what} wechseln, an allen Kindern mit Übergang.",
        numerator=f"Kinder mit Schulform neu {' oder '.join(forms)}",
        notes=notes or "Die Wahl der Schulform wird nicht bewertet.",
    )


# Keyed by the delivered forms each share counts.
FORMS: dict[tuple[str, ...], Indicator] = {
    ("Gymnasium",): _form("gymnasium", "Gymnasium", ("Gymnasium",), "auf ein Gymnasium"),
    ("Gesamtschule",): _form(
        "gesamtschule", "Gesamtschule", ("Gesamtschule",), "auf eine Gesamtschule"
    ),
    ("Realschule",): _form("realschule", "Realschule", ("Realschule",), "auf eine Realschule"),
    ("Hauptschule", "Sekundarschule"): _form(
        "hauptschule",
        "Hauptschule oder Sekundarschule",
        ("Hauptschule", "Sekundarschule"),
        "auf eine Hauptschule oder Sekundarschule",
    ),
    ("Förderschule",): _form(
        "foerderschule", "Förderschule", ("Förderschule",), "auf eine Förderschule"
    ),
    (OUTSIDE_HERNE,): _form(
        "outside",
        "Schule außerhalb Herne",
        (OUTSIDE_HERNE,),
        "auf eine Schule außerhalb Herne",
        notes="Die Schulform dieser Schulen ist nicht geliefert.",
    ),
}
COMPARED = "Kinder mit uneingeschränkter Empfehlung, die auf eine Herner Schule außer einer "
COMPARED += "Förderschule wechseln"
RULE = (
    "Gesamtschule und Sekundarschule entsprechen jeder Empfehlung. Nicht im Nenner: "
    "eingeschränkte Empfehlungen (z. B. „Realschule, eingeschränkt Gymnasium“; die Lieferung "
    "nennt die Schulformen nicht), Kinder ohne Empfehlung, Wechsel auf eine Förderschule oder "
    "eine Schule außerhalb Herne. Entsprechend, oberhalb und unterhalb ergeben zusammen 100 %."
)
FOLLOWED = declare(
    "recommendation_followed",
    "Übergang entsprechend der Empfehlung",
    "Anteil der Kinder, deren neue Schulform der Empfehlung der Grundschule entspricht.",
    numerator="Kinder mit Schulform gleich Empfehlung oder Gesamt-/Sekundarschule",
    denominator=COMPARED,
    breakdowns=(),  # compared children per Ortsteil and sex: too few in small Ortsteile
    notes=RULE,
)
ABOVE = declare(
    "recommendation_above",
    "Übergang oberhalb der Empfehlung",
    "Anteil der Kinder, die eine höhere Schulform wählen als empfohlen (Gymnasium nach "
    "Realschul- oder Hauptschulempfehlung, Realschule nach Hauptschulempfehlung).",
    numerator="Kinder mit höherer Schulform als empfohlen",
    denominator=COMPARED,
    breakdowns=(),  # compared children per Ortsteil and sex: too few in small Ortsteile
    notes=RULE,
)
BELOW = declare(
    "recommendation_below",
    "Übergang unterhalb der Empfehlung",
    "Anteil der Kinder, die eine niedrigere Schulform wählen als empfohlen.",
    numerator="Kinder mit niedrigerer Schulform als empfohlen",
    denominator=COMPARED,
    breakdowns=(),  # compared children per Ortsteil and sex: too few in small Ortsteile
    notes=RULE,
)
RECOMMENDED_GYMNASIUM = declare(
    "recommendation_gymnasium",
    "Gymnasialempfehlung",
    "Anteil der Kinder mit uneingeschränkter Empfehlung für das Gymnasium an den Kindern mit "
    "Empfehlung.",
    numerator="Kinder mit Empfehlung Gymnasium",
    denominator="Kinder mit Empfehlung (auch eingeschränkt)",
    direction=NEUTRAL,
    notes="Eine eingeschränkte Empfehlung (z. B. „Realschule, eingeschränkt Gymnasium“) zählt "
    "nicht als Gymnasialempfehlung.",
)
RECOMMENDATION = (FOLLOWED, ABOVE, BELOW)
INDICATORS: tuple[Indicator, ...] = (*FORMS.values(), *RECOMMENDATION, RECOMMENDED_GYMNASIUM)
# The persons are the children moving on; the forms and the comparison each split a total.
RELATIONS = Relations(persons=PERSONS, partitions=(tuple(FORMS.values()), RECOMMENDATION))


def comparison(recommendation: pd.Series, new_form: pd.Series) -> pd.Series:
    """ "followed", "above", "below" or None (not compared) per child."""
    recommended = recommendation.map(RANK)
    chosen = new_form.map(RANK)
    result = pd.Series(None, index=new_form.index, dtype=object)
    compared = recommended.notna() & ~new_form.isin(NOT_COMPARED)
    result[compared & (new_form.isin(OPEN_TO_ALL) | (chosen == recommended))] = "followed"
    result[compared & (chosen > recommended)] = "above"
    result[compared & (chosen < recommended)] = "below"
    return result


def moves(records: pd.DataFrame) -> pd.DataFrame:
    """Per child: period, sex and the additive columns of every indicator."""
    new_form = records["new_school_form"]
    columns = {
        "period": records["school_year"],
        "year": records["school_year"].str[:4].astype(int),
        "district": records["district_number"],
        "sex": binary_sex(records["sex"], records["id"]),
        PERSONS: 1.0,
    }
    for forms, indicator in FORMS.items():
        columns |= contribution(indicator, new_form.isin(forms).astype(float), 1.0)
    compared = comparison(records["recommendation"], new_form)
    for key, indicator in zip(("followed", "above", "below"), RECOMMENDATION, strict=True):
        columns |= contribution(
            indicator, (compared == key).astype(float), compared.notna().astype(float)
        )
    recommendation = records["recommendation"]
    columns |= contribution(
        RECOMMENDED_GYMNASIUM,
        (recommendation == "Gymnasium").astype(float),
        recommendation.notna().astype(float),
    )
    return pd.DataFrame(columns, index=records.index)


def parts(conn: Connection) -> list[Part]:
    records = sources.read(conn, select(Transition.__table__))
    if records.empty:
        return []
    return [Part(moves(records), dims=("sex",))]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return merge_parts(parts(conn), geography)
