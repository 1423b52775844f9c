"""Enumerations shared across aggregates. Values are stable: they are stored in events."""

from __future__ import annotations

from enum import StrEnum


class InstitutionKind(StrEnum):
    SCHOOL = "school"
    ENTERPRISE = "enterprise"
    HOSPITAL = "hospital"
    HEALTH_CENTRE = "health_centre"
    BUREAU = "bureau"
    ASSOCIATION = "association"


class SchoolStage(StrEnum):
    KINDERGARTEN = "kindergarten"
    PRIMARY = "primary"
    JUNIOR = "junior"
    SENIOR = "senior"
    VOCATIONAL_SECONDARY = "vocational_secondary"
    VOCATIONAL_COLLEGE = "vocational_college"
    NINE_YEAR = "nine_year"


class Locality(StrEnum):
    URBAN = "urban"
    RURAL = "rural"
