"""The goal catalogue 2013-2017: complete, in the seed's order and wording, with the surviving
chart fragments reproduced."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from etl.catalogue import CATALOGUE_DIR

CATALOGUE = yaml.safe_load((CATALOGUE_DIR / "2013-2017.yaml").read_text(encoding="utf-8"))
GOALS = CATALOGUE["goals"]
# The published text the catalogue was transcribed from, committed beside it.
SEED = CATALOGUE_DIR / "bildungskonferenz-2017.txt"
# Counted in the seed by hand: measures (the "Weitere" entries included), challenges, keep, adapt.
EXPECTED = {
    "bildungsmonitoring": (4, 4, 1, 4),
    "inklusive_systeme": (5, 3, 0, 5),
    "schulsozialarbeit": (2, 4, 0, 4),
    "ganztagssysteme": (6, 4, 0, 5),
    "individuelle_lernfoerderung": (4, 3, 0, 7),
    "leitbild_lernen_in_herne": (4, 3, 2, 0),
    "information_ueber_bildungsangebote": (4, 4, 3, 0),
    "familienbildungsangebot": (4, 3, 5, 5),
    "bildungsberatung": (3, 4, 1, 5),
    "uebergangssystem": (4, 2, 1, 6),
    "informations_und_beratungssystem": (4, 2, 0, 7),
    "koordination_der_bildungsakteure": (2, 3, 0, 4),
    "vernetzung_der_akteure": (4, 3, 3, 5),
    "verantwortungspartnerschaften": (3, 4, 4, 5),
}


def test_file_is_named_after_its_period():
    assert CATALOGUE["period"] == "2013-2017"  # ensure_catalogue relies on the file name


def test_fourteen_goals_with_statements_in_order():
    assert [goal["number"] for goal in GOALS] == list(range(1, 15))
    assert [goal["key"] for goal in GOALS] == list(EXPECTED)
    assert all(goal["statement"].strip() for goal in GOALS)


@pytest.mark.parametrize("goal", GOALS, ids=lambda goal: goal["key"])
def test_counts_per_goal(goal):
    feedback = goal["feedback"]
    counted = (
        len(goal["measures"]),
        len(goal["challenges"]),
        len(feedback["keep"] or []),
        len(feedback["adapt"] or []),
    )
    assert counted == EXPECTED[goal["key"]]
    assert "keine Anmerkungen" not in (feedback["keep"] or []) + (feedback["adapt"] or [])


def test_surviving_chart_fragments_are_reproduced():
    by_key = {goal["key"]: goal for goal in GOALS}
    ganztag = Counter(m["department"] for m in by_key["ganztagssysteme"]["measures"])
    transition = Counter(m["department"] for m in by_key["uebergangssystem"]["measures"])
    assert ganztag == {"Schulverwaltung": 6}
    assert transition == {"Kommunales Bildungsbüro": 4}


def test_inferred_departments_say_why():
    for goal in GOALS:
        for measure in goal["measures"]:
            assert bool(measure.get("inference_note")) == bool(measure["department_inferred"])


def test_wording_and_order_follow_the_seed():
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8").replace("**", ""))
    position = 0
    for goal in GOALS:
        for item in goal["measures"] + goal["challenges"]:
            found = seed.find(item["title"], position)
            assert found >= 0, f"{goal['key']}: {item['title']} not in the seed after the last item"
            position = found
        for text in (goal["feedback"]["keep"] or []) + (goal["feedback"]["adapt"] or []):
            assert re.sub(r"\s+", " ", text) in seed, text


# --- linked indicators and citation: data of the period, loaded by the catalogue step -------


def test_every_goal_has_at_most_one_lead_and_linked_goals_exactly_one():
    for goal in GOALS:
        links = goal["indicators"]
        leads = [link["id"] for link in links if link.get("lead")]
        assert len(leads) == (1 if links else 0), goal["key"]
        assert len({link["id"] for link in links}) == len(links), goal["key"]
        assert all(link["reason"].strip() and "\n" not in link["reason"] for link in links)


def test_linked_indicators_exist_in_the_registry():
    from indicators.registry import REGISTRY

    known = {indicator.id for indicator in REGISTRY}
    for goal in GOALS:
        assert {link["id"] for link in goal["indicators"]} <= known, goal["key"]


def test_the_period_names_its_citation():
    assert CATALOGUE["citation"].startswith("Zielkatalog 2013-2017")


def _expected_links() -> dict[str, list[tuple[str, bool, bool]]]:
    return {
        goal["key"]: [
            (link["id"], bool(link.get("lead")), bool(link.get("lead") or link.get("key")))
            for link in goal["indicators"]
        ]
        for goal in GOALS
        if goal["indicators"]
    }


def test_links_and_citation_load(engine):
    from etl.catalogue import ensure_catalogue, goal_links, latest_period, period_citation

    with engine.begin() as conn:
        ensure_catalogue(conn)
        ensure_catalogue(conn)  # a second run changes nothing
    with engine.connect() as conn:
        links = goal_links(conn, "2013-2017")
        assert latest_period(conn) == "2013-2017"
        assert period_citation(conn, "2013-2017") == CATALOGUE["citation"]
    got = {key: [(x.indicator, x.lead, x.key) for x in found] for key, found in links.items()}
    assert got == _expected_links()
    assert all(x.reason for found in links.values() for x in found)


def test_readers_find_nothing_on_an_empty_database(engine):
    from etl.catalogue import goal_links, latest_period, period_citation

    with engine.connect() as conn:
        assert latest_period(conn) is None
        assert goal_links(conn, "2013-2017") == {}
        assert period_citation(conn, "2013-2017") is None


def test_a_database_from_before_the_links_gets_them(engine):
    """Databases created before the links existed: the catalogue step creates the tables and
    loads the links of the period already there."""
    from etl.catalogue import LATER_TABLES, ensure_catalogue, goal_links

    with engine.begin() as conn:
        ensure_catalogue(conn)
        for table in reversed(LATER_TABLES):
            table.drop(conn)
    with engine.begin() as conn:
        ensure_catalogue(conn)
    with engine.connect() as conn:
        assert len(goal_links(conn, "2013-2017")) == len(_expected_links())


def test_changed_links_in_the_file_replace_the_loaded_ones(engine, tmp_path):
    from etl.catalogue import ensure_catalogue, goal_links

    with engine.begin() as conn:
        ensure_catalogue(conn)
    changed = yaml.safe_load((CATALOGUE_DIR / "2013-2017.yaml").read_text(encoding="utf-8"))
    first = changed["goals"][0]
    first["indicators"] = [{"id": "uwe.participation", "lead": True, "reason": "geändert"}]
    (tmp_path / "2013-2017.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")
    with engine.begin() as conn:
        ensure_catalogue(conn, tmp_path)
    with engine.connect() as conn:
        links = goal_links(conn, "2013-2017")[first["key"]]
    assert [(x.indicator, x.lead, x.key, x.reason) for x in links] == [
        ("uwe.participation", True, True, "geändert")
    ]


def test_two_leads_are_refused(engine, tmp_path):
    from etl.catalogue import ensure_catalogue

    changed = yaml.safe_load((CATALOGUE_DIR / "2013-2017.yaml").read_text(encoding="utf-8"))
    for link in changed["goals"][0]["indicators"][:2]:
        link["lead"] = True
    (tmp_path / "2013-2017.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")
    with pytest.raises(ValueError, match="more than one lead"), engine.begin() as conn:
        ensure_catalogue(conn, tmp_path)
