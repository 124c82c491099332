"""The fixed world all deliveries describe: population, Kitas, schools and school social work posts.

Built once per seed (Herne-sized, independent of `scale`) and handed to every delivery, so that
the files agree with each other: KOMPIK children live in the districts and attend listed Kitas,
UWE questionnaires come from schools of the school social work files.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.synthetic.kitas import Kita, build_register
from etl.synthetic.population import PopulationModel, build_model
from etl.synthetic.school_social_work import Post, build_posts
from etl.synthetic.schools import School, build_schools


@dataclass
class World:
    seed: int
    scale: float
    population: PopulationModel
    kitas: list[Kita]
    schools: list[School]
    posts: dict[int, list[Post]]  # school year start -> one Post per school


def build_world(seed: int, scale: float) -> World:
    schools = build_schools()
    return World(
        seed=seed,
        scale=scale,
        population=build_model(seed),
        kitas=build_register(),
        schools=schools,
        posts=build_posts(seed, schools),
    )
