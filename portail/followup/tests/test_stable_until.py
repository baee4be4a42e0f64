"""`stable_until`: the rules' answer stored on one day holds, unchanged, until the day it names."""

import random
from datetime import date, timedelta

from portail.followup.visit_types import Absence, EmployeeFacts, PastVisit, VisitKind
from portail.followup.visits import stable_until, visits_due

CODES = [frozenset(), frozenset({"NIGHT"}), frozenset({"CMR"}), frozenset({"ASBESTOS"}), frozenset({"RI_A"}),
         frozenset({"U18"}), frozenset({"CMR", "NIGHT"})]
KINDS = [VisitKind.VIP_INIT, VisitKind.VIP_PERIOD, VisitKind.EMA_INIT, VisitKind.EMA_PERIOD,
         VisitKind.SIR_INTERMEDIATE, VisitKind.MI_CARRIERE, VisitKind.REPRISE]


def _random_facts(rng: random.Random) -> EmployeeFacts:
    hire = date(2012, 1, 1) + timedelta(days=rng.randrange(5000))
    visits = tuple(
        PastVisit(kind=rng.choice(KINDS), on=hire + timedelta(days=rng.randrange(-20, 1500)),
                  by_doctor=rng.random() < 0.5)
        for _ in range(rng.randrange(4))
    )
    absences = ()
    if rng.random() < 0.2:
        start = hire + timedelta(days=rng.randrange(30, 2000))
        absences = (Absence(kind=rng.choice(["MATERNITY", "ILLNESS", "WORK_ACCIDENT"]), start=start,
                            end=start + timedelta(days=rng.randrange(10, 120))),)
    exit_date = hire + timedelta(days=rng.randrange(100, 6000)) if rng.random() < 0.25 else None
    return EmployeeFacts(
        birth_date=date(1960, 1, 1) + timedelta(days=rng.randrange(16000)),
        hire_date=hire,
        determinants=rng.choice(CODES),
        past_visits=visits,
        absences=absences,
        exit_date=exit_date,
        was_sir=rng.random() < 0.1,
    )


def test_answer_is_unchanged_every_day_before_stable_until():
    rng = random.Random(6)
    checked = 0
    for _ in range(400):
        facts = _random_facts(rng)
        today = date(2024, 1, 1) + timedelta(days=rng.randrange(1500))
        answer = visits_due(facts=facts, today=today)
        until = stable_until(facts=facts, today=today, due=answer)
        assert until is None or until > today
        last = min(until or today + timedelta(days=1500), today + timedelta(days=1500))
        day = today + timedelta(days=1)
        while day < last:
            assert visits_due(facts=facts, today=day) == answer, (facts, today, day, until)
            checked += 1
            day += timedelta(days=rng.choice((1, 3, 17)))
        if until is not None:
            # The day itself may differ, and the day before must not.
            assert visits_due(facts=facts, today=until - timedelta(days=1)) == answer
    assert checked > 1000


def _minor(birth: date, **overrides) -> EmployeeFacts:
    values = {"birth_date": birth, "hire_date": date(2024, 1, 15),
              "past_visits": (PastVisit(kind=VisitKind.VIP_INIT, on=date(2024, 2, 1)),)}
    values.update(overrides)
    return EmployeeFacts(**values)


def test_stable_until_is_the_18th_birthday_when_the_regime_changes():
    # Seen on 01/02/2024 at 16: renewed within 3 years (R4624-17) until 01/03/2025, within 5 from then on.
    facts = _minor(date(2007, 3, 1))
    before = visits_due(facts=facts, today=date(2024, 3, 1))
    assert stable_until(facts=facts, today=date(2024, 3, 1), due=before) == date(2025, 3, 1)
    assert visits_due(facts=facts, today=date(2025, 2, 28)) == before
    assert visits_due(facts=facts, today=date(2025, 3, 1)) != before


def test_stable_until_born_on_29_february_is_1_march():
    facts = _minor(date(2008, 2, 29))
    assert stable_until(facts=facts, today=date(2025, 6, 1)) == date(2026, 3, 1)
    assert visits_due(facts=facts, today=date(2026, 2, 28)) != visits_due(facts=facts, today=date(2026, 3, 1))


def test_answer_is_unchanged_before_stable_until_for_young_workers():
    rng = random.Random(18)
    for _ in range(150):
        hire = date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
        facts = EmployeeFacts(
            birth_date=hire - timedelta(days=rng.randrange(14 * 366, 20 * 365)),
            hire_date=hire,
            determinants=rng.choice(CODES + [frozenset({"U18_REG"}), frozenset({"NONE"})]),
            past_visits=tuple(
                PastVisit(kind=rng.choice(KINDS), on=hire + timedelta(days=rng.randrange(-20, 900)),
                          by_doctor=rng.random() < 0.5)
                for _ in range(rng.randrange(3))
            ),
        )
        today = hire + timedelta(days=rng.randrange(-60, 1500))
        answer = visits_due(facts=facts, today=today)
        until = stable_until(facts=facts, today=today, due=answer)
        day = today + timedelta(days=1)
        while until is None or day < until:
            assert visits_due(facts=facts, today=day) == answer, (facts, today, day, until)
            day += timedelta(days=rng.choice((1, 5, 11)))
            if day > today + timedelta(days=1500):
                break
