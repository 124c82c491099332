"""The goal catalogue 2013-2017: complete, in the seed's order and wording, with the surviving
chart fragments reproduced, every department backed by evidence, the conference feedback as
printed (sub-points merged, keep items asking for a change flagged), and the indicator links and
data gaps of each goal (rules: data/catalogue/README.md)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from etl.catalogue import CATALOGUE_DIR, UNASSIGNED

CATALOGUE = yaml.safe_load((CATALOGUE_DIR / "2013-2017.yaml").read_text(encoding="utf-8"))
GOALS = CATALOGUE["goals"]
BY_KEY = {goal["key"]: goal for goal in GOALS}
# The published text the catalogue was transcribed from, committed beside it.
SEED = CATALOGUE_DIR / "bildungskonferenz-2017.txt"
# Counted in the seed by hand: measures (the "Weitere" entries included), challenges, keep, adapt
# (an item with sub-points counts once: Familienbildungsangebot adapt has 2 items, not 5).
EXPECTED = {
    "bildungsmonitoring": (4, 4, 1, 4),
    "inklusive_systeme": (5, 3, 0, 5),
    "schulsozialarbeit": (2, 4, 0, 4),
    "ganztagssysteme": (6, 4, 0, 5),
    "individuelle_lernfoerderung": (4, 3, 0, 7),
    "leitbild_lernen_in_herne": (4, 3, 2, 0),
    "information_ueber_bildungsangebote": (4, 4, 3, 0),
    "familienbildungsangebot": (4, 3, 5, 2),
    "bildungsberatung": (3, 4, 1, 5),
    "uebergangssystem": (4, 2, 1, 6),
    "informations_und_beratungssystem": (4, 2, 0, 7),
    "koordination_der_bildungsakteure": (2, 3, 0, 4),
    "vernetzung_der_akteure": (4, 3, 3, 5),
    "verantwortungspartnerschaften": (3, 4, 4, 5),
}
# Keep items ("kann unverändert bleiben, weil...") that ask for a change, as judged against the
# seed; every other keep item only gives a reason to keep the goal.
REQUESTS_CHANGE = {
    "information_ueber_bildungsangebote": {
        "Informationswege müssen verbessert / ausgebaut werden.",
    },
    "familienbildungsangebot": {
        "Angebote müssen sich neuen und alten Bedarfen anpassen.",
        "Sozialräumlich: neue Orte schaffen und identifizieren.",
        "Orga der Angebotsplanung und -umsetzung müsste leichter werden",
        "Viele Bedarfe sind noch nicht erfasst bzw. nicht ausreichend erfüllt",
    },
    "vernetzung_der_akteure": {
        "Ja, auf jeden Fall aber ausgeweitet - breites Spektrum an Akteuren, Sport, EA.",
        "Ja! Modifizieren des 2. Teils.",
        "Ziel kleinschrittiger konkretisieren.",
    },
}
# Departments: the names of /work/shared/domain.md, the Koordination Familienzentren (a post of
# its own in the youth office) and "nicht zugeordnet".
DOMAIN_DEPARTMENTS = {
    "Kommunales Bildungsbüro",
    "Bildungsmonitoring",
    "Kommunales Integrationszentrum",
    "Volkshochschule",
    "Familien- und Schulberatungsstelle",
    "Kommunale Fachstelle Schulsozialarbeit",
    "Schulverwaltung",
    "Fachbereich Kinder-Jugend-Familie",
    "Jugendförderung",
    "ASD",
    "Familienbüro",
    "Erziehungshilfen",
    "Koordination Familienbildung",
    "Schulamt",
    "Kitas / Familienzentren",
}
FAMILY_CENTRES = "Koordination Familienzentren"
UNSUPPORTED = {
    ("inklusive_systeme", "WEITERE"),
    (
        "information_ueber_bildungsangebote",
        "INTERKULTURELLE BILDUNGSBOTINNEN / INTEGRATIONSLOTSINNEN",
    ),
    ("familienbildungsangebot", "WEITERE"),
    ("koordination_der_bildungsakteure", "BILDUNGSBÜRO"),
    ("vernetzung_der_akteure", "KULTURELLE BILDUNG"),
    ("verantwortungspartnerschaften", "RUNDER TISCH"),
}
# Goals whose surviving chart fragment gives a count: it settles every measure of the goal.
CHART_COUNTS = {
    "ganztagssysteme": ("6 Schulverwaltungsaufgaben", "Schulverwaltung"),
    "uebergangssystem": ("4 Bildungsbüro", "Kommunales Bildungsbüro"),
}
# Chart fragments with labels only: the measures of the goal belong to these (or to nobody).
CHART_LABELS = {
    "schulsozialarbeit": {
        "Familien- und Schulberatungsstelle",
        "Kommunale Fachstelle Schulsozialarbeit",
    },
    "koordination_der_bildungsakteure": {"Kommunales Integrationszentrum", "Volkshochschule"},
}
# How the seed names a department in a measure's heading or text (department_inferred: false).
NAMED_AS = {
    "Kommunales Integrationszentrum": r"(?i:integrationszentrum)|\bKI\b",
    "Familien- und Schulberatungsstelle": r"(?i:familien- und schulberatung)",
    "Fachbereich Kinder-Jugend-Familie": r"(?i:fachbereich kinder-jugend-familie)",
    "Volkshochschule": r"\bVHS\b",
    "Familienbüro": r"(?i:familienbüro)",
    "Koordination Familienbildung": r"(?i:koordination familienbildung)",
    "Jugendförderung": r"(?i:jugendförderung)",
}
# The Leitindikator of each goal with links, as judged (README: linked indicators).
LEADS = {
    "bildungsmonitoring": "kompik.coverage",
    "schulsozialarbeit": "ssw.schools_with_post",
    "ganztagssysteme": "allday.participation",
    "individuelle_lernfoerderung": "entry.german_deficit",
    "information_ueber_bildungsangebote": "parents.grade_information",
    "familienbildungsangebot": "parents.interest_family_education",
    "uebergangssystem": "transition_system.share",
    "vernetzung_der_akteure": "uwe.asset_activities",
}
KEEP_HEADER = "Handlungsziel kann unverändert bleiben, weil..."
ADAPT_HEADER = "Das Handlungsziel muss angepasst werden, weil..."


def _text(item: str | dict) -> str:
    return item if isinstance(item, str) else item["text"]


def _items(goal: dict, kind: str) -> list:
    return goal["feedback"][kind] or []


def _seed_feedback() -> list[dict[str, list[str]]]:
    """The feedback columns of every goal as printed, in document order: items are the lines
    starting with "- "; an item ending with ":" takes the following lines of its column as its
    sub-points."""
    goals: list[dict[str, list[str]]] = []
    column = None
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s+", " ", raw.replace("**", "")).strip()
        if line == KEEP_HEADER:
            goals.append({"keep": [], "adapt": []})
            column = "keep"
        elif line == ADAPT_HEADER:
            column = "adapt"
        elif line.startswith("Handlungsziel ") or line == "Ausblick":
            column = None
        elif column and line.startswith("- "):
            items = goals[-1][column]
            if items and items[-1].split("\n")[0].endswith(":"):
                items[-1] += "\n" + line
            elif line != "- keine Anmerkungen":
                items.append(line[2:])
    return goals


def test_file_is_named_after_its_period():
    assert CATALOGUE["period"] == "2013-2017"  # ensure_catalogue relies on the file name


def test_fourteen_goals_with_statements_in_order():
    assert [goal["number"] for goal in GOALS] == list(range(1, 15))
    assert [goal["key"] for goal in GOALS] == list(EXPECTED)
    assert all(goal["statement"].strip() for goal in GOALS)


@pytest.mark.parametrize("goal", GOALS, ids=lambda goal: goal["key"])
def test_counts_per_goal(goal):
    counted = (
        len(goal["measures"]),
        len(goal["challenges"]),
        len(_items(goal, "keep")),
        len(_items(goal, "adapt")),
    )
    assert counted == EXPECTED[goal["key"]]
    texts = [_text(item) for kind in ("keep", "adapt") for item in _items(goal, kind)]
    assert "keine Anmerkungen" not in texts


def test_surviving_chart_fragments_are_reproduced():
    for key, (fragment, department) in CHART_COUNTS.items():
        measures = BY_KEY[key]["measures"]
        assert Counter(m["department"] for m in measures) == {department: len(measures)}
        assert int(fragment.split()[0]) == len(measures)
        assert all(not m["department_inferred"] and fragment in m["evidence"] for m in measures)
    for key, labels in CHART_LABELS.items():
        assert {m["department"] for m in BY_KEY[key]["measures"]} <= labels | {UNASSIGNED}, key


def test_wording_and_order_follow_the_seed():
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8").replace("**", ""))
    position = 0
    for goal in GOALS:
        for item in goal["measures"] + goal["challenges"]:
            found = seed.find(item["title"], position)
            assert found >= 0, f"{goal['key']}: {item['title']} not in the seed after the last item"
            position = found
        for item in _items(goal, "keep") + _items(goal, "adapt"):
            assert re.sub(r"\s+", " ", _text(item)) in seed, _text(item)


def test_feedback_columns_are_the_seeds_with_sub_points_merged():
    seed = _seed_feedback()
    assert len(seed) == len(GOALS)
    for goal, printed in zip(GOALS, seed, strict=True):
        for kind in ("keep", "adapt"):
            assert [_text(item) for item in _items(goal, kind)] == printed[kind], goal["key"]
    merged = _items(BY_KEY["familienbildungsangebot"], "adapt")[1]
    assert merged.split("\n") == [
        "dazu müssten konkretere Handlungsziele entwickelt werden:",
        "- Bedarfe der verschiedenen Zielgruppen.",
        "- „Ressourcenanfrage! Zielgruppen ermitteln“.",
        "- Stetige Anpassung an Veränderung.",
    ]


def test_keep_items_asking_for_a_change_are_flagged():
    for goal in GOALS:
        flagged = set()
        for item in _items(goal, "keep"):
            if isinstance(item, dict):
                assert set(item) == {"text", "requests_change"} and item["requests_change"] is True
                flagged.add(item["text"])
        assert flagged == REQUESTS_CHANGE.get(goal["key"], set()), goal["key"]
        assert all(isinstance(item, str) for item in _items(goal, "adapt")), goal["key"]


# --- departments: every attribution says where it comes from ---------------------------------


def test_every_measure_has_evidence_and_no_old_note():
    for goal in GOALS:
        for measure in goal["measures"]:
            evidence = measure.get("evidence") or ""
            assert evidence.strip() and "\n" not in evidence, (goal["key"], measure["title"])
            assert evidence.endswith((".", "“")), (goal["key"], measure["title"])
            assert "inference_note" not in measure
            assert isinstance(measure["department_inferred"], bool)


def test_departments_are_known_names():
    used = {m["department"] for goal in GOALS for m in goal["measures"]}
    assert used <= DOMAIN_DEPARTMENTS | {FAMILY_CENTRES, UNASSIGNED}


def test_unsupported_measures_are_not_assigned():
    unassigned = {
        (goal["key"], m["title"])
        for goal in GOALS
        for m in goal["measures"]
        if m["department"] == UNASSIGNED
    }
    assert unassigned == UNSUPPORTED
    for key, title in unassigned:
        measure = next(m for m in BY_KEY[key]["measures"] if m["title"] == title)
        assert measure["department_inferred"] is True


def test_the_family_centre_measures_belong_to_their_coordination():
    centres = {
        (goal["key"], m["title"])
        for goal in GOALS
        for m in goal["measures"]
        if m["department"] == FAMILY_CENTRES
    }
    assert centres == {
        ("information_ueber_bildungsangebote", "FAMILIENZENTREN"),
        ("familienbildungsangebot", "FAMILIENZENTREN"),
    }


def test_departments_not_inferred_are_named_by_the_seed():
    """department_inferred: false only where the measure's heading or text names the body, or a
    chart fragment with a count settles it."""
    for goal in GOALS:
        for measure in goal["measures"]:
            if measure["department_inferred"]:
                continue
            department = measure["department"]
            if goal["key"] in CHART_COUNTS:
                assert department == CHART_COUNTS[goal["key"]][1]
                continue
            text = f"{measure['title']}\n{measure.get('description') or ''}"
            assert re.search(NAMED_AS[department], text), (goal["key"], measure["title"])


# --- linked indicators and citation: data of the period, loaded by the catalogue step -------


def test_goals_with_links_lead_with_one_leitindikator():
    for goal in GOALS:
        links = goal["indicators"]
        if not links:
            continue
        leads = [link["id"] for link in links if link.get("lead")]
        keys = [link["id"] for link in links if link.get("key") and not link.get("lead")]
        assert leads == [links[0]["id"]], goal["key"]  # exactly one, listed first
        assert len(keys) <= 1, goal["key"]  # the meeting pack shows lead + one key indicator
        assert len({link["id"] for link in links}) == len(links), goal["key"]
        assert len(links) <= 5, goal["key"]  # a few meaningful indicators, not every variant
        assert all(link["reason"].strip() and "\n" not in link["reason"] for link in links)
    assert {
        goal["key"]: goal["indicators"][0]["id"] for goal in GOALS if goal["indicators"]
    } == LEADS


def test_kita_observations_are_linked_only_to_the_monitoring():
    """KOMPIK observes Kita children: it shows how far the monitoring reaches, not the state of
    school, transition or counselling goals."""
    for goal in GOALS:
        kompik = [link["id"] for link in goal["indicators"] if link["id"].startswith("kompik.")]
        assert not kompik or goal["key"] == "bildungsmonitoring", goal["key"]


def test_the_first_period_has_no_targets():
    """The 2013 catalogue set no numeric targets."""
    for goal in GOALS:
        for link in goal["indicators"]:
            assert not {"baseline", "target"} & set(link), (goal["key"], link["id"])


def test_goals_without_links_name_their_data_gaps():
    for goal in GOALS:
        gaps = goal.get("data_gaps") or []
        assert gaps or goal["indicators"], f"{goal['key']}: neither indicators nor data gaps"
        for gap in gaps:
            assert set(gap) == {"topic", "sources"}, goal["key"]
            for field in (gap["topic"], gap["sources"]):
                assert field.strip() and "\n" not in field and "Datenquelle fehlt" not in field


def test_linked_indicators_exist_in_the_registry():
    from indicators.registry import REGISTRY

    known = {indicator.id for indicator in REGISTRY}
    for goal in GOALS:
        missing = {link["id"] for link in goal["indicators"]} - known
        assert not missing, (goal["key"], missing)


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


def test_evidence_flags_and_gaps_load(engine):
    from sqlalchemy import select

    from etl.catalogue import data_gaps, effective_measures, ensure_catalogue
    from etl.models import Feedback, Goal

    with engine.begin() as conn:
        ensure_catalogue(conn)
    with engine.connect() as conn:
        measures = effective_measures(conn, "2013-2017")
        gaps = data_gaps(conn, "2013-2017")
        feedback = conn.execute(
            select(Goal.key, Feedback.kind, Feedback.text, Feedback.requests_change)
            .join(Goal, Feedback.goal_id == Goal.id)
            .order_by(Goal.number, Feedback.kind, Feedback.position)
        ).all()
    assert len(measures) == sum(len(goal["measures"]) for goal in GOALS)
    assert all(m.evidence for m in measures)
    unassigned = [m for m in measures if m.department == UNASSIGNED]
    assert len(unassigned) == len(UNSUPPORTED) and all(m.department_inferred for m in unassigned)
    assert gaps == {
        goal["key"]: [(gap["topic"], gap["sources"]) for gap in goal["data_gaps"]]
        for goal in GOALS
        if goal.get("data_gaps")
    }
    flagged = {(key, text) for key, kind, text, change in feedback if change}
    assert flagged == {(key, text) for key, texts in REQUESTS_CHANGE.items() for text in texts}
    assert all(kind == "keep" for _, kind, _, change in feedback if change)
    family_adapt = [
        text
        for key, kind, text, _ in feedback
        if (key, kind) == ("familienbildungsangebot", "adapt")
    ]
    assert len(family_adapt) == 2 and family_adapt[1].count("\n- ") == 3


def test_an_earlier_version_of_the_file_is_replaced(engine, tmp_path):
    """A database loaded from an earlier version of the file (a guessed department, no evidence,
    plain feedback strings, no data gaps) gets the current content when the file changes."""
    from etl.catalogue import data_gaps, effective_measures, ensure_catalogue

    earlier = yaml.safe_load((CATALOGUE_DIR / "2013-2017.yaml").read_text(encoding="utf-8"))
    for goal in earlier["goals"]:
        goal.pop("data_gaps", None)
        goal["feedback"] = {
            kind: [_text(item) for item in items or []] for kind, items in goal["feedback"].items()
        }
        for measure in goal["measures"]:
            measure.pop("evidence")
            if measure["department"] == UNASSIGNED:
                measure["department"] = "Kommunales Integrationszentrum"
    (tmp_path / "2013-2017.yaml").write_text(yaml.safe_dump(earlier), encoding="utf-8")
    with engine.begin() as conn:
        ensure_catalogue(conn, tmp_path)
    with engine.connect() as conn:
        assert data_gaps(conn, "2013-2017") == {}
        assert not any(m.evidence for m in effective_measures(conn, "2013-2017"))
    with engine.begin() as conn:
        ensure_catalogue(conn)
    with engine.connect() as conn:
        measures = effective_measures(conn, "2013-2017")
        assert len(data_gaps(conn, "2013-2017")) == sum(bool(g.get("data_gaps")) for g in GOALS)
    assert all(m.evidence for m in measures)
    assert sum(m.department == UNASSIGNED for m in measures) == len(UNSUPPORTED)


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
