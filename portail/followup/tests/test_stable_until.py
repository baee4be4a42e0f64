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
