"""Database schema: typed SQLAlchemy 2 models for every source, the goal catalogue and the load log.

Keys of units, schools, Kitas and children are text exactly as delivered ("0111" is not "111").
Record tables keep the row as delivered (pseudonymised keys, birth month instead of a date) and
point to the load that brought them, so a corrected re-delivery can replace exactly its rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from etl.instruments import KOMPIK_AREAS, UWE_ITEMS


class Base(DeclarativeBase):
    pass


# --- load log -------------------------------------------------------------------------------


class Load(Base):
    """One imported file: one transaction, identified by the file's SHA-256."""

    __tablename__ = "loads"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    delivery: Mapped[str] = mapped_column(String(200))  # e.g. "2019", "Stichtag 31.12.2019"
    rows: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    loaded_by: Mapped[str] = mapped_column(String(100))
    replaced: Mapped[bool] = mapped_column(Boolean, default=False)  # replaced earlier data
    # Set when a later load replaced all rows of this one; the entry stays as history.
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("loads.id"))

    warnings: Mapped[list[LoadWarning]] = relationship(
        back_populates="load", cascade="all, delete-orphan", foreign_keys="LoadWarning.load_id"
    )


class LoadWarning(Base):
    __tablename__ = "load_warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id", ondelete="CASCADE"), index=True)
    sheet: Mapped[str | None] = mapped_column(String(100))
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)  # with the record's value: command line, load log
    rule: Mapped[str | None] = mapped_column(String(300))  # without it: what pages may show

    load: Mapped[Load] = relationship(back_populates="warnings")


# One active load per file: of two processes importing the same file at once, the second cannot
# commit a second load (etl.pipeline also checks under the write lock and says "bereits
# importiert"). A superseded load may share its hash with the one that re-imported the file.
Index(
    "uq_loads_active_sha256",
    Load.sha256,
    unique=True,
    sqlite_where=Load.superseded_by.is_(None),
    postgresql_where=Load.superseded_by.is_(None),
)


class Restore(Base):
    """A backup restored into this database (``bildungsmonitor restore``, etl.backup). Load and
    build ids may return to numbers a running app has seen before; the new random ``token``
    tells the read model (publish.read.reader) that its caches are stale all the same."""

    __tablename__ = "restores"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(500))
    restored_at: Mapped[dt.datetime] = mapped_column(DateTime)
    restored_by: Mapped[str] = mapped_column(String(100))


# --- accounts, audit log and uploads of the shared server -------------------------------------


class User(Base):
    """A login of the app. ``role``: one of ``etl.accounts.ROLES``; the password only as an
    argon2 hash. Users are deactivated, never deleted, so the audit log keeps its names."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Who did what and when: logins, uploads, imports, replacements, builds, user changes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    login: Mapped[str] = mapped_column(String(100))  # "cli:<OS user>" for the command line
    action: Mapped[str] = mapped_column(String(40))  # see etl.audit.ACTIONS
    detail: Mapped[str] = mapped_column(Text, default="")


class Upload(Base):
    """A file delivered in the browser and its check or import, run in the background: any
    worker process can show its state, whichever received the file."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # in the page's URL
    file_name: Mapped[str] = mapped_column(String(500))
    stored_as: Mapped[str] = mapped_column(String(1000))
    source: Mapped[str | None] = mapped_column(String(40))
    login: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # prüft, geprüft, ersetzen?, quelle?, abgelehnt, bereits importiert, lädt, rechnet, geladen,
    # fehler: see dashboard.uploads
    state: Mapped[str] = mapped_column(String(30))
    stage: Mapped[str] = mapped_column(String(100), default="")  # progress text while running
    result: Mapped[str] = mapped_column(Text, default="")  # JSON: problems or summary
    load_id: Mapped[int | None] = mapped_column(ForeignKey("loads.id"))


# --- spatial units and population -----------------------------------------------------------

LEVELS = ("stadtbezirk", "ortsteil", "bezirk")  # top-down; "bezirk" = statistical district


class SpatialUnit(Base):
    """A Stadtbezirk, Ortsteil or statistical district; numbers are unique per level."""

    __tablename__ = "spatial_units"
    __table_args__ = (UniqueConstraint("level", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("spatial_units.id"))
    load_id: Mapped[int | None] = mapped_column(ForeignKey("loads.id"))


class Population(Base):
    __tablename__ = "population"

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    reference_date: Mapped[dt.date] = mapped_column(Date, index=True)
    district_number: Mapped[str] = mapped_column(String(20))
    age: Mapped[int] = mapped_column(SmallInteger)
    sex: Mapped[str] = mapped_column(String(1))
    count: Mapped[int] = mapped_column(Integer)


class SocialContext(Base):
    """Sozialstruktur of one statistical district at a Stichtag (statistics office, aggregated).

    A count the office kept secret ("•" or "." for fewer than 3) is None: unknown, never 0."""

    __tablename__ = "social_context"
    __table_args__ = (UniqueConstraint("reference_date", "district_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    reference_date: Mapped[dt.date] = mapped_column(Date, index=True)
    district_number: Mapped[str] = mapped_column(String(20))
    residents_under_15: Mapped[int | None] = mapped_column(Integer)
    under_15_sgb2: Mapped[int | None] = mapped_column(Integer)  # davon in SGB-II-Bedarfsgem.
    residents_15_64: Mapped[int | None] = mapped_column(Integer)
    unemployed: Mapped[int | None] = mapped_column(Integer)
    foreign_residents: Mapped[int | None] = mapped_column(Integer)
    # Zuzüge aus dem Ausland in the year up to the Stichtag; optional column
    arrivals_from_abroad: Mapped[int | None] = mapped_column(Integer)


# --- goal catalogue -------------------------------------------------------------------------


class GoalPeriod(Base):
    __tablename__ = "goal_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)  # "2013-2017"
    source: Mapped[str | None] = mapped_column(Text)
    # The period this one continues (its goals' Vorgänger are goals of that period).
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("goal_periods.id"))
    # SHA-256 of the committed catalogue file it was loaded from (None: imported as `goals`);
    # a changed file is loaded again.
    catalogue_sha256: Mapped[str | None] = mapped_column(String(64))
    load_id: Mapped[int | None] = mapped_column(ForeignKey("loads.id"))  # None: committed file

    goals: Mapped[list[Goal]] = relationship(back_populates="period", order_by="Goal.number")


class Department(Base):
    """Arbeitsbereich: a department or body that names measures."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Goal(Base):
    """Handlungsziel of one period."""

    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("period_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("goal_periods.id"))
    number: Mapped[int] = mapped_column(SmallInteger)
    key: Mapped[str] = mapped_column(String(60))  # stable slug, e.g. "schulsozialarbeit"
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))  # neu, beibehalten, angepasst
    # The goal of the previous period this one continues.
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))

    period: Mapped[GoalPeriod] = relationship(back_populates="goals")
    measures: Mapped[list[Measure]] = relationship(order_by="Measure.position")
    challenges: Mapped[list[Challenge]] = relationship(order_by="Challenge.position")
    feedback: Mapped[list[Feedback]] = relationship(order_by="Feedback.position")


class Measure(Base):
    """Maßnahme/Projekt of a goal, from the catalogue or a department's measures list."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    department_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where the department comes from (a quote, a chart fragment) or why none could be given.
    evidence: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))  # geplant, laufend, abgeschlossen
    target_group: Mapped[str | None] = mapped_column(Text)  # Zielgruppe (Maßnahmen-Abfrage)
    districts: Mapped[str | None] = mapped_column(Text)  # Stadtteile, "; "-separated
    load_id: Mapped[int | None] = mapped_column(ForeignKey("loads.id"))  # None: catalogue

    department: Mapped[Department] = relationship()


class Challenge(Base):
    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)


class Feedback(Base):
    """One conference feedback item: kind "keep" (kann unverändert bleiben) or "adapt"."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # sub-points are lines of the item ("- ...")
    # A "keep" item whose wording asks for a change: not counted as support for keeping.
    requests_change: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PeriodCitation(Base):
    """How to cite a period's catalogue in exports (its own table, so databases created before
    it existed keep working: the catalogue step creates it)."""

    __tablename__ = "goal_period_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("goal_periods.id"), unique=True)
    citation: Mapped[str] = mapped_column(Text)


class GoalIndicator(Base):
    """An indicator linked to a goal of a period (data of the catalogue, not code).

    ``lead``: the goal's Leitindikator (at most one per goal); ``key``: shown as a key indicator
    (e.g. in the meeting pack), true for the lead as well; ``position``: order in the catalogue.
    Indicator ids are those of the indicator registry; etl does not check them (it does not
    import ``indicators``), the registry's tests do."""

    __tablename__ = "goal_indicators"
    __table_args__ = (UniqueConstraint("goal_id", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(100))
    lead: Mapped[bool] = mapped_column(Boolean, default=False)
    key: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    # Optional target: from a baseline (year, value; a missing value is read from the data) to
    # a target (year, value) or a direction (steigen, sinken, halten). ``target_level``: None
    # for the city; a level (e.g. "ortsteil") when the target holds for each of its units.
    baseline_year: Mapped[int | None] = mapped_column(SmallInteger)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None] = mapped_column(SmallInteger)
    target_value: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[str | None] = mapped_column(String(10))
    target_level: Mapped[str | None] = mapped_column(String(20))


class GoalDataGap(Base):
    """Evidence a goal needs but no loaded source provides yet ("Übergänge Schule–Beruf:
    Datenquelle fehlt (Schulabgänge, Übergangsbereich)")."""

    __tablename__ = "goal_data_gaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(Text)  # what the goal would need to show
    sources: Mapped[str] = mapped_column(Text)  # which data would show it


# --- facilities -----------------------------------------------------------------------------


class Kita(Base):
    """A Kita as of the latest Kita-Verzeichnis that listed it."""

    __tablename__ = "kitas"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str] = mapped_column(String(200))
    district_number: Mapped[str] = mapped_column(String(20))
    is_family_centre: Mapped[bool] = mapped_column(Boolean)
    places: Mapped[int] = mapped_column(Integer)
    listed_since: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)  # missing from a later list


class KitaListEntry(Base):
    """A row of one Kita-Verzeichnis as delivered (history of the list)."""

    __tablename__ = "kita_list_entries"
    __table_args__ = (UniqueConstraint("list_date", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    list_date: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str] = mapped_column(String(200))
    district_number: Mapped[str] = mapped_column(String(20))
    is_family_centre: Mapped[bool] = mapped_column(Boolean)
    places: Mapped[int] = mapped_column(Integer)


class School(Base):
    """School master data, registered by the school-social-work delivery."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    school_form: Mapped[str] = mapped_column(String(40))
    district_number: Mapped[str] = mapped_column(String(20))


# --- records of the four instruments ----------------------------------------------------------


class SchoolSocialWork(Base):
    __tablename__ = "school_social_work"
    __table_args__ = (UniqueConstraint("school_year", "school_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(7))  # "2017/18"
    school_number: Mapped[str] = mapped_column(String(6))
    school_name: Mapped[str] = mapped_column(String(300))
    school_form: Mapped[str] = mapped_column(String(40))
    district_number: Mapped[str] = mapped_column(String(20))
    pupils: Mapped[int] = mapped_column(Integer)
    fte: Mapped[float] = mapped_column(Float)
    fte_fixed_term: Mapped[float] = mapped_column(Float)
    fixed_term_until: Mapped[dt.date | None] = mapped_column(Date)
    staff: Mapped[int] = mapped_column(Integer)
    employers: Mapped[str | None] = mapped_column(String(100))  # "Stadt/Land"; none without posts
    all_day: Mapped[str] = mapped_column(String(10))  # gebunden, offen, keiner
    counselling_contacts: Mapped[int | None] = mapped_column(Integer)


class SchoolLeavers(Base):
    """Schulabgänge: leavers of one school, school year, qualification and sex (aggregated)."""

    __tablename__ = "school_leavers"
    __table_args__ = (UniqueConstraint("school_year", "school_number", "qualification", "sex"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(7), index=True)  # "2017/18"
    school_number: Mapped[str] = mapped_column(String(6))
    qualification: Mapped[str] = mapped_column(String(40))  # etl.instruments.QUALIFICATIONS
    sex: Mapped[str] = mapped_column(String(1))  # m, w
    count: Mapped[int] = mapped_column(Integer)
    # davon Übergangsbereich: of them, entering the transition system (None: not reported)
    transition: Mapped[int | None] = mapped_column(Integer)


class AllDaySchool(Base):
    """Ganztag und OGS: all-day form, places, participants and waiting list per school year."""

    __tablename__ = "all_day_schools"
    __table_args__ = (UniqueConstraint("school_year", "school_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(7), index=True)
    school_number: Mapped[str] = mapped_column(String(6))
    form: Mapped[str] = mapped_column(String(12))  # gebunden, teilgebunden, offen, keiner
    pupils: Mapped[int] = mapped_column(Integer)
    places: Mapped[int] = mapped_column(Integer)
    participants: Mapped[int] = mapped_column(Integer)
    waiting_list: Mapped[int | None] = mapped_column(Integer)  # None: not reported


class KompikObservation(Base):
    """One child's KOMPIK observation: 11 area means (1-5) and norm groups (1-10)."""

    __tablename__ = "kompik_observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    kita_number: Mapped[str] = mapped_column(String(20), index=True)
    child_id: Mapped[str] = mapped_column(String(40))
    birth_month: Mapped[dt.date] = mapped_column(Date)  # first of the month: the day is dropped
    sex: Mapped[str] = mapped_column(String(1))
    district_number: Mapped[str | None] = mapped_column(String(20))  # residence
    observed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    age_months: Mapped[int] = mapped_column(SmallInteger)
    german_at_home: Mapped[bool | None] = mapped_column(Boolean)


class UweResponse(Base):
    """One UWE questionnaire with its raw item answers (1-5; FRUEH and AKT 0-7)."""

    __tablename__ = "uwe_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    school_number: Mapped[str] = mapped_column(String(6))
    grade: Mapped[int] = mapped_column(SmallInteger)
    sex: Mapped[str | None] = mapped_column(String(1))
    district_number: Mapped[str | None] = mapped_column(String(20))


class ParentSurveyResponse(Base):
    __tablename__ = "parent_survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    centre_number: Mapped[str] = mapped_column(String(20))
    centre_name: Mapped[str] = mapped_column(String(300))
    overall_grade: Mapped[int | None] = mapped_column(SmallInteger)
    would_recommend: Mapped[bool | None] = mapped_column(Boolean)
    grade_opening_hours: Mapped[int | None] = mapped_column(SmallInteger)
    grade_settling_in: Mapped[int | None] = mapped_column(SmallInteger)
    grade_lunch: Mapped[int | None] = mapped_column(SmallInteger)
    grade_information: Mapped[int | None] = mapped_column(SmallInteger)
    interest_parent_cafe: Mapped[bool | None] = mapped_column(Boolean)
    interest_counselling: Mapped[bool | None] = mapped_column(Boolean)
    interest_family_education: Mapped[bool | None] = mapped_column(Boolean)
    family_language: Mapped[str | None] = mapped_column(String(100))


class ParentSurveyDistribution(Base):
    """Sheet "Rücklauf": questionnaires handed out per Familienzentrum and year."""

    __tablename__ = "parent_survey_distribution"
    __table_args__ = (UniqueConstraint("year", "centre_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    centre_number: Mapped[str] = mapped_column(String(20))
    distributed: Mapped[int] = mapped_column(Integer)


class SchoolEntryExam(Base):
    """One child's Schuleingangsuntersuchung (health office), by residence."""

    __tablename__ = "school_entry_exams"
    __table_args__ = (UniqueConstraint("year", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)  # Untersuchungsjahr
    child_id: Mapped[str] = mapped_column(String(40))
    birth_month: Mapped[dt.date] = mapped_column(Date)  # first of the month
    sex: Mapped[str] = mapped_column(String(1))
    district_number: Mapped[str | None] = mapped_column(String(20))  # residence
    age_months: Mapped[int] = mapped_column(SmallInteger)  # at 30 September of the year
    kita_years: Mapped[float | None] = mapped_column(Float)
    german: Mapped[str | None] = mapped_column(String(30))  # Deutschkenntnisse
    coordination: Mapped[str] = mapped_column(String(20))  # Körperkoordination
    visuomotor: Mapped[str] = mapped_column(String(20))
    weight: Mapped[str] = mapped_column(String(20))  # Übergewicht
    recommendation: Mapped[str] = mapped_column(String(30))  # Schulempfehlung


class Transition(Base):
    """One child's move from grade 4 to a secondary school (school administration)."""

    __tablename__ = "transitions"
    __table_args__ = (UniqueConstraint("school_year", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(7), index=True)  # of the new school
    child_id: Mapped[str] = mapped_column(String(40))
    district_number: Mapped[str | None] = mapped_column(String(20))  # None: outside Herne
    sex: Mapped[str] = mapped_column(String(1))
    primary_school: Mapped[str] = mapped_column(String(6))
    recommendation: Mapped[str | None] = mapped_column(String(20))
    new_school_form: Mapped[str] = mapped_column(String(30))


# The instruments' many item columns are declared from data, so the lists live in one place.
for _area in KOMPIK_AREAS:
    setattr(KompikObservation, f"mean_{_area.key}", Column(Float, nullable=True))
    setattr(KompikObservation, f"norm_{_area.key}", Column(SmallInteger, nullable=True))
for _item in UWE_ITEMS:
    setattr(UweResponse, _item.lower(), Column(SmallInteger, nullable=True))
