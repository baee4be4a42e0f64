from datetime import date

import pytest

from portail.followup.visit_types import (
    Absence,
    ComplianceStatus,
    DueVisit,
    EmployeeFacts,
    PastVisit,
    Performer,
    PriorVisit,
    VisitKind,
)
from portail.followup.visits import employee_status, next_due, status, visits_due

K = VisitKind
d = date.fromisoformat
HIRE = d("2024-01-15")
TODAY = d("2024-03-01")


def facts(*codes: str, **overrides) -> EmployeeFacts:
    values = {"birth_date": d("1990-06-15"), "hire_date": HIRE, "determinants": frozenset(codes)}
    values.update(overrides)
    return EmployeeFacts(**values)


def visits(*items: tuple[str, str, bool]) -> tuple[PastVisit, ...]:
    return tuple(PastVisit(kind, d(on), by_doctor) for kind, on, by_doctor in items)


def prior(kind: str, on: str, *, same_job=True, no_inaptitude=True, attestation_available=True):
    return PriorVisit(kind, d(on), same_job, no_inaptitude, attestation_available)


def absence(kind: str, start: str, end: str | None, return_date: str | None = None) -> tuple[Absence]:
    return (Absence(kind, d(start), d(end) if end else None, d(return_date) if return_date else None),)


VIP_DONE = visits(("VIP_INIT", "2024-02-01", False))
EMA_DONE = visits(("EMA_INIT", "2024-01-10", True))
OLD_HIRE = {"hire_date": d("2020-01-15"), "past_visits": visits(("VIP_INIT", "2020-02-01", False))}
# 16 on the first day (15/01/2024), 18 on 01/03/2025. LEAP_MINOR: 18 on 01/03/2026 (no 29/02 that year).
MINOR = {"birth_date": d("2007-03-01")}
LEAP_MINOR = {"birth_date": d("2008-02-29")}

CASES = [
    # --- initial VIP ---
    pytest.param(facts(), TODAY, [(K.VIP_INIT, "2024-04-15", False)], id="R4624-10-vip-within-3-months"),
    pytest.param(facts("NONE"), TODAY, [(K.VIP_INIT, "2024-04-15", False)], id="R4624-10-none-vip-3-months"),
    pytest.param(facts(hire_date=d("2023-11-30")), TODAY, [(K.VIP_INIT, "2024-02-29", False)],
                 id="R4624-10-vip-3-months-clamped-to-month-end"),
    pytest.param(facts(contract="APPRENTICE"), TODAY, [(K.VIP_INIT, "2024-03-15", False)],
                 id="R6222-40-1-apprentice-within-2-months"),
    pytest.param(facts("NIGHT"), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-night-worker-before-assignment"),
    pytest.param(facts("U18", birth_date=d("2007-03-01")), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-minor-before-assignment"),
    pytest.param(facts(**MINOR), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-minor-no-box-vip-before-assignment"),
    pytest.param(facts("NONE", **MINOR), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-minor-none-box-vip-before-assignment"),
    pytest.param(facts(contract="APPRENTICE", **MINOR), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-minor-apprentice-before-assignment-not-2-months"),
    pytest.param(facts("PREGNANT", **MINOR), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-minor-pregnant-before-assignment"),
    pytest.param(facts(**MINOR), d("2025-06-01"), [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-minor-at-hire-still-late-once-of-age"),
    pytest.param(facts(birth_date=d("2006-04-01"), hire_date=d("2024-04-15")), TODAY,
                 [(K.VIP_INIT, "2024-07-15", False)], id="R4624-18-of-age-on-first-day-vip-within-3-months"),
    pytest.param(facts("U18"), TODAY, [(K.VIP_INIT, "2024-04-15", False)],
                 id="R4624-18-u18-box-on-an-adult-does-not-hold"),
    pytest.param(facts(hire_date=d("2023-06-01"), determinants_since=d("2024-06-01"), **MINOR), TODAY,
                 [(K.VIP_INIT, "2023-06-01", True)], id="R4624-18-minor-hiring-deadline-is-the-first-day"),
    pytest.param(facts("BIO2"), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4426-7-bio2-before-assignment"),
    pytest.param(facts("EMF"), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4453-25-emf-before-assignment"),
    pytest.param(facts("NIGHT", contract="APPRENTICE"), TODAY, [(K.VIP_INIT, "2024-01-15", True)],
                 id="R4624-18-apprentice-night-worker-strictest-wins"),
    pytest.param(facts("PREGNANT"), TODAY, [(K.VIP_INIT, "2024-04-15", False)],
                 id="R4624-19-pregnant-vip-within-3-months"),
    pytest.param(facts("DISABLED"), TODAY, [(K.VIP_INIT, "2024-04-15", False)],
                 id="R4624-20-disabled-vip-within-3-months"),
    # --- periodic VIP ---
    pytest.param(facts(past_visits=VIP_DONE), TODAY, [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-16-vip-period-5-years"),
    pytest.param(facts(past_visits=visits(("VIP_PERIOD", "2024-02-29", False))), TODAY,
                 [(K.VIP_PERIOD, "2029-02-28", False)], id="R4624-16-vip-period-from-29-february"),
    pytest.param(facts("NIGHT", past_visits=VIP_DONE), TODAY, [(K.VIP_PERIOD, "2027-02-01", False)],
                 id="R4624-17-night-vip-period-3-years"),
    pytest.param(facts("DISABLED", past_visits=VIP_DONE), TODAY, [(K.VIP_PERIOD, "2027-02-01", False)],
                 id="R4624-17-disabled-vip-period-3-years"),
    pytest.param(facts("INVALID", past_visits=VIP_DONE), TODAY, [(K.VIP_PERIOD, "2027-02-01", False)],
                 id="R4624-17-invalid-vip-period-3-years"),
    pytest.param(facts("BIO2", past_visits=VIP_DONE), TODAY, [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-16-bio2-keeps-5-years"),
    pytest.param(facts(past_visits=VIP_DONE, **MINOR), TODAY, [(K.VIP_PERIOD, "2027-02-01", False)],
                 id="R4624-17-minor-no-box-vip-period-3-years"),
    pytest.param(facts(past_visits=VIP_DONE, **MINOR), d("2025-02-28"), [(K.VIP_PERIOD, "2027-02-01", False)],
                 id="R4624-17-minor-day-before-18th-birthday-3-years"),
    pytest.param(facts(past_visits=VIP_DONE, **MINOR), d("2025-03-01"), [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-16-18th-birthday-back-to-5-years"),
    pytest.param(facts("U18", past_visits=VIP_DONE, **MINOR), d("2025-03-01"),
                 [(K.VIP_PERIOD, "2029-02-01", False)], id="R4624-16-u18-box-ends-on-18th-birthday"),
    pytest.param(facts("NIGHT", past_visits=VIP_DONE, **MINOR), d("2025-03-01"),
                 [(K.VIP_PERIOD, "2027-02-01", False)], id="R4624-17-night-worker-keeps-3-years-at-18"),
    pytest.param(facts(past_visits=VIP_DONE, **LEAP_MINOR), d("2026-02-28"),
                 [(K.VIP_PERIOD, "2027-02-01", False)], id="R4624-17-born-29-february-minor-on-28-february"),
    pytest.param(facts(past_visits=VIP_DONE, **LEAP_MINOR), d("2026-03-01"),
                 [(K.VIP_PERIOD, "2029-02-01", False)], id="R4624-16-born-29-february-of-age-on-1-march"),
    pytest.param(facts("U18", past_visits=VIP_DONE), TODAY, [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-16-u18-box-on-an-adult-keeps-5-years"),
    pytest.param(facts(past_visits=visits(("VIP_INIT", "2018-01-10", False))), TODAY,
                 [(K.VIP_PERIOD, "2023-01-10", False)], id="R4624-16-vip-period-overdue"),
    # --- SIR ---
    pytest.param(facts("ASBESTOS"), TODAY, [(K.EMA_INIT, "2024-01-15", True)],
                 id="R4624-24-sir-ema-before-assignment"),
    pytest.param(facts("NIGHT", "CMR"), TODAY, [(K.EMA_INIT, "2024-01-15", True)],
                 id="R4624-24-ema-replaces-vip-night-plus-cmr"),
    pytest.param(facts("CMR", past_visits=VIP_DONE, determinants_since=d("2024-02-20")), TODAY,
                 [(K.EMA_INIT, "2024-02-20", True)], id="R4624-24-ema-before-new-sir-post"),
    pytest.param(facts("CMR", **OLD_HIRE, determinants_since=d("2024-03-04")), TODAY,
                 [(K.EMA_INIT, "2024-03-04", True)], id="R4624-24-ema-before-sir-post-years-after-hire"),
    pytest.param(facts("NIGHT", hire_date=d("2023-06-01"), determinants_since=d("2024-06-01")), TODAY,
                 [(K.VIP_INIT, "2023-09-01", True)], id="R4624-10-missed-hiring-deadline-stays-overdue"),
    pytest.param(facts("CMR", past_visits=EMA_DONE), TODAY,
                 [(K.SIR_INTERMEDIATE, "2026-01-10", False), (K.EMA_PERIOD, "2028-01-10", False)],
                 id="R4624-28-ema-4-years-intermediate-2-years"),
    pytest.param(facts("SCAFFOLD", past_visits=EMA_DONE + visits(("SIR_INTERMEDIATE", "2025-12-01", False))),
                 d("2026-02-01"), [(K.EMA_PERIOD, "2028-01-10", False)],
                 id="R4624-28-intermediate-done"),
    pytest.param(facts("LOAD55", past_visits=EMA_DONE + visits(("SIR_INTERMEDIATE", "2025-06-01", True))),
                 d("2025-07-01"),
                 [(K.SIR_INTERMEDIATE, "2027-06-01", False), (K.EMA_PERIOD, "2028-01-10", False)],
                 id="R4624-28-intermediate-counted-from-last-doctor-visit"),
    pytest.param(facts("ELEC", hire_date=d("2019-01-15"),
                       past_visits=visits(("EMA_INIT", "2019-01-10", True))),
                 TODAY, [(K.EMA_PERIOD, "2023-01-10", False)],
                 id="R4624-28-overdue-exam-covers-intermediate"),
    pytest.param(facts("RI_B", past_visits=EMA_DONE), TODAY,
                 [(K.SIR_INTERMEDIATE, "2026-01-10", False), (K.EMA_PERIOD, "2028-01-10", False)],
                 id="R4624-28-ri-b-4-years-with-intermediate"),
    pytest.param(facts("EMPLOYER", past_visits=EMA_DONE), TODAY,
                 [(K.SIR_INTERMEDIATE, "2026-01-10", False), (K.EMA_PERIOD, "2028-01-10", False)],
                 id="R4624-23-III-employer-risks-follow-sir-rhythm"),
    pytest.param(facts("RI_A", past_visits=EMA_DONE), TODAY, [(K.RI_A_ANNUAL, "2025-01-10", False)],
                 id="R4451-82-ri-a-yearly-no-intermediate"),
    pytest.param(facts("RI_A", "CMR", past_visits=EMA_DONE + visits(("RI_A_ANNUAL", "2025-01-05", True))),
                 d("2025-03-01"), [(K.RI_A_ANNUAL, "2026-01-05", False)],
                 id="R4451-82-ri-a-yearly-wins-over-cmr"),
    pytest.param(facts("U18_REG", birth_date=d("2007-03-01"), past_visits=EMA_DONE), TODAY,
                 [(K.U18_REG_ANNUAL, "2025-01-10", False)], id="R4153-40-u18-reg-yearly"),
    pytest.param(facts("U18_REG", birth_date=d("2007-03-01"),
                       past_visits=visits(("EMA_INIT", "2023-01-10", True),
                                          ("U18_REG_ANNUAL", "2024-01-05", True))),
                 TODAY, [(K.U18_REG_ANNUAL, "2025-01-05", False)], id="R4153-40-u18-reg-from-last-avis"),
    pytest.param(facts("U18_REG", birth_date=d("2007-03-01")), TODAY, [(K.EMA_INIT, "2024-01-15", True)],
                 id="R4153-40-u18-reg-ema-before-assignment"),
    pytest.param(facts("U18_REG", past_visits=EMA_DONE, **MINOR), d("2025-02-28"),
                 [(K.U18_REG_ANNUAL, "2025-01-10", False)], id="R4153-40-u18-reg-yearly-until-18"),
    pytest.param(facts("U18_REG", past_visits=EMA_DONE, **MINOR), d("2025-03-01"),
                 [(K.VIP_PERIOD, "2029-01-10", False)], id="R4153-40-u18-reg-ends-on-18th-birthday"),
    # --- dispensations ---
    pytest.param(facts(previous_employment_visit=prior("VIP_PERIOD", "2020-03-01")), TODAY,
                 [(K.VIP_PERIOD, "2025-03-01", False)], id="R4624-15-vip-dispensed-prior-under-5-years"),
    pytest.param(facts(previous_employment_visit=prior("VIP_PERIOD", "2020-06-01"), birth_date=d("2006-02-01")),
                 TODAY, [(K.VIP_INIT, "2024-01-15", True)], id="R4624-15-minor-at-hire-prior-over-3-years"),
    pytest.param(facts(previous_employment_visit=prior("EMA_PERIOD", "2021-03-01")), TODAY,
                 [(K.VIP_PERIOD, "2026-03-01", False)], id="R4624-15-aptitude-exam-dispenses-vip"),
    pytest.param(facts(previous_employment_visit=prior("VIP_PERIOD", "2018-12-01")), TODAY,
                 [(K.VIP_INIT, "2024-04-15", False)], id="R4624-15-no-dispensation-prior-over-5-years"),
    pytest.param(facts("NIGHT", previous_employment_visit=prior("VIP_PERIOD", "2020-06-01")), TODAY,
                 [(K.VIP_INIT, "2024-01-15", True)], id="R4624-15-r4624-17-worker-prior-over-3-years"),
    pytest.param(facts("NIGHT", previous_employment_visit=prior("VIP_PERIOD", "2022-06-01")), TODAY,
                 [(K.VIP_PERIOD, "2025-06-01", False)],
                 id="R4624-15-r4624-17-worker-dispensed-under-3-years"),
    pytest.param(facts(previous_employment_visit=prior("VIP_PERIOD", "2022-06-01", same_job=False)), TODAY,
                 [(K.VIP_INIT, "2024-04-15", False)], id="R4624-15-no-dispensation-other-job"),
    pytest.param(facts(previous_employment_visit=prior("VIP_PERIOD", "2022-06-01", no_inaptitude=False)),
                 TODAY, [(K.VIP_INIT, "2024-04-15", False)], id="R4624-15-no-dispensation-after-inaptitude"),
    pytest.param(facts(previous_employment_visit=prior("VIP_PERIOD", "2022-06-01",
                                                       attestation_available=False)),
                 TODAY, [(K.VIP_INIT, "2024-04-15", False)],
                 id="R4624-15-no-dispensation-without-attestation"),
    pytest.param(facts("CMR", previous_employment_visit=prior("EMA_PERIOD", "2022-09-01")), TODAY,
                 [(K.SIR_INTERMEDIATE, "2024-09-01", False), (K.EMA_PERIOD, "2026-09-01", False)],
                 id="R4624-27-ema-dispensed-prior-under-2-years"),
    pytest.param(facts("CMR", previous_employment_visit=prior("EMA_PERIOD", "2021-12-01")), TODAY,
                 [(K.EMA_INIT, "2024-01-15", True)], id="R4624-27-no-ema-dispensation-over-2-years"),
    pytest.param(facts("CMR", previous_employment_visit=prior("VIP_PERIOD", "2023-06-01")), TODAY,
                 [(K.EMA_INIT, "2024-01-15", True)], id="R4624-27-vip-does-not-dispense-ema"),
    pytest.param(facts("CMR", previous_employment_visit=prior("EMA_PERIOD", "2023-06-01", same_job=False)),
                 TODAY, [(K.EMA_INIT, "2024-01-15", True)], id="R4624-27-no-ema-dispensation-other-job"),
    # --- reprise ---
    pytest.param(facts(past_visits=VIP_DONE, absences=absence("MATERNITY", "2024-05-01", "2024-08-20")),
                 d("2024-08-15"), [(K.REPRISE, "2024-08-29", False), (K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-reprise-after-maternity"),
    pytest.param(facts(past_visits=VIP_DONE,
                       absences=absence("OCCUPATIONAL_DISEASE", "2024-03-04", "2024-03-06")),
                 d("2024-03-07"), [(K.REPRISE, "2024-03-15", False), (K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-occupational-disease-any-length"),
    pytest.param(facts(past_visits=VIP_DONE, absences=absence("WORK_ACCIDENT", "2024-03-01", "2024-03-29")),
                 d("2024-04-01"), [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-work-accident-29-days-no-reprise"),
    pytest.param(facts(past_visits=VIP_DONE, absences=absence("WORK_ACCIDENT", "2024-03-01", "2024-03-30")),
                 d("2024-04-01"), [(K.REPRISE, "2024-04-08", False), (K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-work-accident-30-days-reprise"),
    pytest.param(facts(past_visits=VIP_DONE, absences=absence("ILLNESS", "2024-03-01", "2024-04-28")),
                 d("2024-05-01"), [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-illness-59-days-no-reprise"),
    pytest.param(facts(past_visits=VIP_DONE, absences=absence("ILLNESS", "2024-03-01", "2024-04-29")),
                 d("2024-05-01"), [(K.REPRISE, "2024-05-08", False), (K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-illness-60-days-reprise"),
    pytest.param(facts(past_visits=VIP_DONE,
                       absences=absence("NON_OCCUPATIONAL_ACCIDENT", "2024-03-01", "2024-04-29")),
                 d("2024-05-01"), [(K.REPRISE, "2024-05-08", False), (K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-non-occupational-accident-60-days"),
    pytest.param(facts(**OLD_HIRE, absences=absence("ILLNESS", "2022-03-01", "2022-03-30")), d("2022-04-02"),
                 [(K.REPRISE, "2022-04-08", False), (K.VIP_PERIOD, "2025-02-01", False)],
                 id="R4624-31-before-2022-04-01-illness-30-days-reprise"),
    pytest.param(facts(**OLD_HIRE, absences=absence("ILLNESS", "2022-03-01", "2022-03-29")), d("2022-04-02"),
                 [(K.VIP_PERIOD, "2025-02-01", False)],
                 id="R4624-31-before-2022-04-01-illness-29-days-no-reprise"),
    pytest.param(facts(**OLD_HIRE, absences=absence("ILLNESS", "2022-04-01", "2022-04-30")), d("2022-05-02"),
                 [(K.VIP_PERIOD, "2025-02-01", False)],
                 id="R4624-31-from-2022-04-01-illness-30-days-no-reprise"),
    pytest.param(facts(past_visits=VIP_DONE + visits(("REPRISE", "2024-05-02", True)),
                       absences=absence("ILLNESS", "2024-03-01", "2024-04-29")),
                 d("2024-05-03"), [(K.VIP_PERIOD, "2029-02-01", False)], id="R4624-31-reprise-already-held"),
    pytest.param(facts(past_visits=VIP_DONE,
                       absences=absence("WORK_ACCIDENT", "2024-03-01", "2024-03-31", "2024-04-02")),
                 d("2024-04-01"), [(K.REPRISE, "2024-04-10", False), (K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-explicit-return-date"),
    pytest.param(facts(past_visits=VIP_DONE, absences=absence("ILLNESS", "2024-03-01", None)),
                 d("2024-06-01"), [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="R4624-31-ongoing-absence-waits-for-end-date"),
    # --- mi-carrière ---
    pytest.param(facts(birth_date=d("1979-06-15"), past_visits=VIP_DONE), TODAY,
                 [(K.MI_CARRIERE, "2024-12-31", False), (K.VIP_PERIOD, "2029-02-01", False)],
                 id="L4624-2-2-mi-carriere-year-of-45th-birthday"),
    pytest.param(facts(birth_date=d("1979-06-15"),
                       past_visits=VIP_DONE + visits(("MI_CARRIERE", "2022-05-01", True))),
                 TODAY, [(K.VIP_PERIOD, "2029-02-01", False)],
                 id="L4624-2-2-mi-carriere-brought-forward-2-years"),
    pytest.param(facts(birth_date=d("1981-06-15"), hire_date=d("2023-01-15"),
                       past_visits=visits(("VIP_INIT", "2023-02-01", False))),
                 d("2023-06-01"), [(K.VIP_PERIOD, "2028-02-01", False)],
                 id="L4624-2-2-mi-carriere-not-shown-too-early"),
    pytest.param(facts(birth_date=d("1975-06-15"), past_visits=VIP_DONE), TODAY,
                 [(K.VIP_PERIOD, "2029-02-01", False)], id="L4624-2-2-mi-carriere-before-the-law"),
    # --- post-exposition / fin de carrière ---
    pytest.param(facts("CMR", past_visits=EMA_DONE, exit_date=d("2024-06-30")), TODAY,
                 [(K.POST_EXPO, "2024-06-30", False)], id="L4624-2-1-post-expo-sir-leaving"),
    pytest.param(facts(past_visits=VIP_DONE, exit_date=d("2024-06-30"), was_sir=True), TODAY,
                 [(K.POST_EXPO, "2024-06-30", False)], id="L4624-2-1-post-expo-former-sir-worker"),
    pytest.param(facts("ASBESTOS", past_visits=EMA_DONE, exit_date=d("2024-02-15")), TODAY,
                 [(K.POST_EXPO, "2024-02-15", False)], id="R4624-28-1-post-expo-requested-after-exit"),
    pytest.param(facts("ASBESTOS", past_visits=EMA_DONE, exit_date=d("2023-08-31")), TODAY, [],
                 id="R4624-28-1-no-post-expo-beyond-6-months"),
    pytest.param(facts("ASBESTOS", past_visits=EMA_DONE + visits(("POST_EXPO", "2024-02-20", True)),
                       exit_date=d("2024-02-29")), TODAY, [], id="L4624-2-1-post-expo-held"),
    pytest.param(facts(past_visits=VIP_DONE, exit_date=d("2024-02-29")), TODAY, [],
                 id="L4624-2-1-no-post-expo-for-si-worker"),
    pytest.param(facts(exit_date=d("2024-03-31")), TODAY, [],
                 id="R4624-10-no-vip-due-after-planned-exit"),
]


@pytest.mark.parametrize(("employee", "today", "expected"), CASES)
def test_visits_due(employee, today, expected):
    got = [(v.kind, v.due_by, v.before_assignment) for v in visits_due(facts=employee, today=today)]
    assert got == [(kind, d(due), before) for kind, due, before in expected]


@pytest.mark.parametrize(
    ("employee", "kind", "performer", "basis"),
    [
        pytest.param(facts(), K.VIP_INIT, Performer.PS, "art. R4624-10",
                     id="R4624-10-vip-by-health-professional"),
        pytest.param(facts("NIGHT"), K.VIP_INIT, Performer.PS, "art. R4624-17 et R4624-18",
                     id="R4624-18-night-basis"),
        pytest.param(facts(**MINOR), K.VIP_INIT, Performer.PS, "art. R4624-17 et R4624-18",
                     id="R4624-18-minor-no-box-basis"),
        pytest.param(facts(past_visits=VIP_DONE, **MINOR), K.VIP_PERIOD, Performer.PS, "art. R4624-17",
                     id="R4624-17-minor-no-box-period-basis"),
        pytest.param(facts("CMR"), K.EMA_INIT, Performer.MDT, "art. R4624-24", id="R4624-24-ema-by-doctor"),
        pytest.param(facts("CMR", past_visits=EMA_DONE), K.SIR_INTERMEDIATE, Performer.PS, "art. R4624-28",
                     id="R4624-28-intermediate-by-health-professional"),
        pytest.param(facts(absences=absence("MATERNITY", "2023-12-01", "2024-02-20"), past_visits=VIP_DONE),
                     K.REPRISE, Performer.MDT, "art. L4624-2-3 et R4624-31", id="R4624-31-reprise-by-doctor"),
    ],
)
def test_performer_and_legal_basis(employee, kind, performer, basis):
    visit = next(v for v in visits_due(facts=employee, today=TODAY) if v.kind is kind)
    assert (visit.performer, visit.legal_basis, visit.label) == (performer, basis, kind.label)
    assert visit.explanation


def test_explanations_are_french_and_name_dates():
    [visit] = visits_due(facts=facts("NIGHT"), today=TODAY)
    assert visit.label == "Visite d'information et de prévention initiale"
    assert visit.explanation == "Visite avant l'affectation au poste le 15/01/2024 (travail de nuit)."


def test_minor_with_no_box_is_told_why():
    [first] = visits_due(facts=facts(**MINOR), today=TODAY)
    assert first.explanation == "Visite avant l'affectation au poste le 15/01/2024 (travailleur de moins de 18 ans)."
    [period] = visits_due(facts=facts("PREGNANT", past_visits=VIP_DONE, **MINOR), today=TODAY)
    assert period.explanation == ("Renouvellement au plus tard 3 ans après la visite du 01/02/2024 "
                                  "(suivi adapté : travailleur de moins de 18 ans).")


def test_dispensation_is_explained():
    employee = facts(previous_employment_visit=prior("VIP_PERIOD", "2020-03-01"))
    [visit] = visits_due(facts=employee, today=TODAY)
    assert visit.explanation.startswith("Dispense de visite initiale (art. R4624-15)")


def test_before_assignment_comes_first_on_the_same_day():
    # Back from an accident on 02/03 into a new asbestos post: both visits are due on 10/03.
    employee = facts("ASBESTOS", **OLD_HIRE, determinants_since=d("2024-03-10"),
                     absences=absence("WORK_ACCIDENT", "2024-01-01", "2024-03-01"))
    got = [(v.kind, v.due_by) for v in visits_due(facts=employee, today=TODAY)]
    assert got == [(K.EMA_INIT, d("2024-03-10")), (K.REPRISE, d("2024-03-10"))]


def test_next_due_is_the_most_urgent():
    employee = facts("CMR", past_visits=EMA_DONE)
    assert next_due(facts=employee, today=TODAY).kind is K.SIR_INTERMEDIATE
    assert next_due(facts=facts(exit_date=d("2024-02-01")), today=TODAY) is None


def _due(due_by: str | None, before: bool = False) -> DueVisit:
    return DueVisit(K.VIP_INIT, K.VIP_INIT.label, d(due_by) if due_by else None, before,
                    Performer.PS, "art. R4624-10", "")


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        pytest.param(None, "a_jour", id="nothing-due"),
        pytest.param(_due("2024-02-29"), "en_retard", id="R4624-10-deadline-passed"),
        pytest.param(_due("2024-03-01"), "a_planifier", id="R4624-10-deadline-today"),
        pytest.param(_due("2024-05-01"), "a_planifier", id="R4624-10-deadline-within-horizon"),
        pytest.param(_due("2026-05-01"), "a_jour", id="R4624-16-deadline-far-away"),
        pytest.param(_due("2024-03-01", before=True), "en_retard", id="R4624-18-started-without-visit"),
        pytest.param(_due("2024-09-01", before=True), "a_planifier", id="R4624-18-start-ahead"),
        pytest.param(_due(None), "a_planifier", id="no-date-known"),
    ],
)
def test_status(due, expected):
    assert status(due=due, today=TODAY) == expected


def test_employee_status():
    assert employee_status(facts=facts("NIGHT"), today=TODAY) == ComplianceStatus.EN_RETARD
    assert employee_status(facts=facts(past_visits=VIP_DONE), today=TODAY) == ComplianceStatus.A_JOUR


def test_unknown_absence_kind_raises():
    with pytest.raises(ValueError, match="HOLIDAY"):
        visits_due(facts=facts(absences=absence("HOLIDAY", "2024-01-20", "2024-02-20")), today=TODAY)


def test_unknown_determinant_raises():
    with pytest.raises(ValueError):
        visits_due(facts=facts("FOO"), today=TODAY)
