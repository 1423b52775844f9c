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


class IntermediaryKind(StrEnum):
    """Who may not arrange internships (N-INT-9); issue 19."""

    LABOUR_DISPATCH = "labour_dispatch"
    HR_AGENCY = "hr_agency"
    OTHER_INTERMEDIARY = "other_intermediary"
