"""Hypothesis strategies of adversarial boards (SPEC 3.1.5): weights such as 0.35 / 0.65 = 7/13 and equal
thirds, values planted so that the exact composite is a half at the rounding digit, 0–4 decimals, magnitudes
up to 10⁹. A case is (sheet, units, indicators, rules, mid-year sheet or None)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from generator.model.config import Category, Ranking, RuleSet, Scoring, Tiers
from generator.model.types import Indicator, ResultSheet, Unit
from tests.rules.builders import ind, rank_tiers, sheet, unit

D = Decimal
Case = tuple[ResultSheet, list[Unit], dict[str, Indicator], RuleSet, ResultSheet | None]



CATEGORY_SETS = (
    None,  # every category weighs the same: thirds when a unit has three
    (Category(id="party", name="党的建设", weight=D("0.30")), Category(id="industry", name="主导产业", weight=D("0.35")),
     Category(id="tasks", name="部门任务", weight=D("0.35"))),  # 0.30/0.65 = 6/13, 0.35/0.65 = 7/13
    (Category(id="party", name="党的建设", weight=D(1)), Category(id="industry", name="主导产业", weight=D(1)),
     Category(id="tasks", name="部门任务", weight=D(1))),
    (Category(id="party", name="党的建设", weight=D(7)), Category(id="industry", name="主导产业", weight=D(13)),
     Category(id="tasks", name="部门任务", weight=D("0.001"))),
    (Category(id="party", name="党的建设", weight=D(1000000)), Category(id="industry", name="主导产业", weight=D(3)),
     Category(id="tasks", name="部门任务", weight=D("0.7"))),
)
WEIGHTS = ("1", "2", "3", "7", "13", "0.35", "0.65", "0.1", "1000000")
SPANS = ("40", "3", "7", "13", "0.3", "0.7", "1000000000", "0.0001")
FLOORS = ("0", "60", "3", "-7", "0.5", "100000000")


@st.composite
def indicator_set(draw: st.DrawFn, method: str) -> dict[str, Indicator]:
    count = draw(st.integers(1, 5))
    result = {}
    for n in range(count):
        direction = draw(st.sampled_from(["higher", "lower"]))
        target = floor = None
        if method == "efficacy":
            floor_d, span = D(draw(st.sampled_from(FLOORS))), D(draw(st.sampled_from(SPANS)))
            # higher: the target lies above the floor; lower-is-better: below it
            target_d = floor_d + span if direction == "higher" else floor_d - span
            target, floor = str(target_d), str(floor_d)
        elif method == "target":
            target = draw(st.sampled_from(("100", "3", "7", "13", "0.7", "0.0003", "1000000000")))
        result[f"i{n}"] = ind(f"i{n}", draw(st.sampled_from(["party", "industry", "tasks"])),
                              draw(st.sampled_from(WEIGHTS)), direction, target, floor,
                              draw(st.sampled_from([(), (), ("town",)])))
    return result


def decimal_text(value: Decimal) -> str:
    return f"{value:f}"


@st.composite
def raw_value(draw: st.DrawFn, decimals: int) -> str | None:
    """A value as a user writes it: often with one digit beyond the rounding digit (so halves appear), some
    large, a few 不适用."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return None
    places = draw(st.integers(0, decimals + 2))
    limit = 10**9 if kind == 1 else 2000
    digits = draw(st.integers(-limit * 10**places if kind == 2 else 0, limit * 10**places))
    return decimal_text(D(digits).scaleb(-places))


@st.composite
def extra(draw: st.DrawFn, decimals: int) -> str:
    if draw(st.booleans()):
        return "0"
    places = draw(st.integers(0, decimals + 2))
    return decimal_text(D(draw(st.integers(0, 10**4 * 10**places))).scaleb(-places))


@st.composite
def generic_board(draw: st.DrawFn) -> Case:
    decimals = draw(st.integers(0, 4))
    method = draw(st.sampled_from(["raw", "minmax", "efficacy", "target"]))
    indicators = draw(indicator_set(method))
    count = draw(st.integers(1, 7))
    units = [unit(f"u{n}", draw(st.sampled_from(["dept", "town"])), draw(st.integers(0, 2))) for n in range(count)]
    present = draw(st.lists(st.sampled_from([u.id for u in units]), min_size=1, unique=True))
    midterm_weight = draw(st.sampled_from([None, None, "0.2", "0.35", "0.333", "0.5"]))
    rules = RuleSet(
        scoring=Scoring(normalize=method, decimals=decimals, categories=draw(st.sampled_from(CATEGORY_SETS)),  # type: ignore[arg-type]
                        midterm_weight=D(midterm_weight) if midterm_weight else None),
        ranking=Ranking(ties=draw(st.sampled_from(["min", "dense"])), within=draw(st.sampled_from(["kind", ""]))),  # type: ignore[arg-type]
        tiers=draw(st.sampled_from([Tiers(), rank_tiers(2, 2)])),
    )

    def values() -> dict[str, dict[str, str | None]]:
        return {u: {i: draw(raw_value(decimals)) for i in indicators} for u in present}

    year_values = values()
    bonus = {u: draw(extra(decimals)) for u in present}
    penalty = {u: draw(extra(decimals)) for u in present}
    year = sheet("2025", tuple(indicators), year_values, bonus, penalty, indicators, units)
    h1 = None
    if midterm_weight:
        # The mid-year file must score every unit the year scores: give each at least one value.
        h1_values = values()
        for u in present:
            first = next(iter(indicators))
            h1_values[u][first] = h1_values[u][first] or "75.5"
            for i in indicators:
                if indicators[i].applies(next(x for x in units if x.id == u)):
                    h1_values[u][i] = h1_values[u][i] or "80.25"
                    break
        h1 = sheet("2025-H1", tuple(indicators), h1_values, indicators=indicators, units=units)
    return year, units, indicators, rules, h1


@st.composite
def planted_half(draw: st.DrawFn) -> Case:
    """Raw scores in categories party (0.30) and tasks (0.35), 主导产业 不适用: the weights are 6/13 and 7/13.
    With q = 10^-(d+1), v1 = a·q, v2 = b·q and the composite C = c·q (c ending in 5: a half at the rounding
    digit), 6a + 7b = 13c holds for a = c + 7k, b = c − 6k, since 6(c + 7k) + 7(c − 6k) = 13c.
    (SPEC's example: 74.39 and the tasks mean 57.425 give 65.255, which must round to 65.26.)"""
    decimals = draw(st.integers(0, 4))
    scale = D(1).scaleb(-(decimals + 1))
    indicators = {"p": ind("p", "party"), "i": ind("i", "industry"), "t": ind("t", "tasks")}
    count = draw(st.integers(1, 5))
    units = [unit(f"u{n}", "dept", n) for n in range(count)]
    values: dict[str, dict[str, str | None]] = {}
    for u in units:
        c = draw(st.integers(-10**7, 10**8)) * 10 + 5
        k = draw(st.integers(-10**6, 10**6))
        values[u.id] = {"p": decimal_text((c + 7 * k) * scale), "i": None, "t": decimal_text((c - 6 * k) * scale)}
    rules = RuleSet(scoring=Scoring(normalize="raw", decimals=decimals, categories=CATEGORY_SETS[1]),
                    ranking=Ranking(within=""), tiers=rank_tiers(1, 1))
    return sheet("2025", ("p", "i", "t"), values, indicators=indicators, units=units), units, indicators, rules, None


@st.composite
def planted_third(draw: st.DrawFn) -> Case:
    """Three categories of equal weight: composite = (v1 + v2 + v3)/3, planted at a half: v3 = 3C − v1 − v2.
    Plus a bonus with a 5 at the digit after the rounding digit, so that the half may come from it."""
    decimals = draw(st.integers(0, 4))
    scale = D(1).scaleb(-(decimals + 1))
    indicators = {"p": ind("p", "party"), "i": ind("i", "industry"), "t": ind("t", "tasks")}
    count = draw(st.integers(1, 5))
    units = [unit(f"u{n}", "dept", n) for n in range(count)]
    values: dict[str, dict[str, str | None]] = {}
    bonus = {}
    for u in units:
        c = draw(st.integers(0, 10**5)) * 10 + draw(st.sampled_from([5, 0, 4, 6]))
        v1 = draw(st.integers(0, 10**6))
        v2 = draw(st.integers(0, 10**6))
        values[u.id] = {"p": decimal_text(v1 * scale), "i": decimal_text(v2 * scale),
                        "t": decimal_text((3 * c - v1 - v2) * scale)}
        bonus[u.id] = draw(st.sampled_from(["0", "0.5", decimal_text(5 * scale), decimal_text(D(10) * scale)]))
    rules = RuleSet(scoring=Scoring(normalize="raw", decimals=decimals, categories=CATEGORY_SETS[2]),
                    ranking=Ranking(within=""), tiers=rank_tiers(1, 1))
    return sheet("2025", ("p", "i", "t"), values, bonus=bonus, indicators=indicators, units=units), units, indicators, \
        rules, None


# ------------------------------------------------------------------------- normalisation examples
# (method, value, indicator, peers, expected): the same table serves the exact path (test_scoring.py, test_exact.py).
HIGHER_100_60 = ind("a", target="100", floor="60")
LOWER_2_10 = ind("a", direction="lower", target="2", floor="10")
NORMALISATION_CASES = [
    # raw: the value is the score, even above 100 or below 0 (unclipped)
    ("raw", "123.4", ind("a"), (), "123.4"),
    ("raw", "-5", ind("a"), (), "-5"),
    # minmax, higher: (x − min)/(max − min) × 100 over 60, 80, 100: 80 → 20/40 × 100 = 50; 60 → 0; 100 → 100
    ("minmax", "80", ind("a"), ("60", "100"), "50"),
    ("minmax", "60", ind("a"), ("80", "100"), "0"),
    ("minmax", "100", ind("a"), ("60", "80"), "100"),
    ("minmax", "70", ind("a"), ("60", "100"), "25"),  # 10/40 × 100
    # minmax, lower is better, reversed: (max − x)/(max − min) × 100: 60 → 100; 70 → 30/40 × 100 = 75; 100 → 0
    ("minmax", "60", ind("b", direction="lower"), ("80", "100"), "100"),
    ("minmax", "70", ind("b", direction="lower"), ("60", "100"), "75"),
    ("minmax", "100", ind("b", direction="lower"), ("60", "80"), "0"),
    # minmax: all equal → 100 in both directions; a unit alone in its group: min = max → 100
    ("minmax", "70", ind("a"), ("70", "70"), "100"),
    ("minmax", "70", ind("b", direction="lower"), ("70",), "100"),
    ("minmax", "3", ind("a"), (), "100"),
    # minmax over thirds: 1 among 0, 3 → 1/3 × 100 = 33.333…
    ("minmax", "1", ind("a"), ("0", "3"), "100/3"),
    # efficacy, floor 60, target 100: 85 → 60 + 40 × 25/40 = 85; 70 → 60 + 40 × 10/40 = 70
    ("efficacy", "85", HIGHER_100_60, (), "85"),
    ("efficacy", "70", HIGHER_100_60, (), "70"),
    # below the floor: 50 → ratio −0.25 clipped to 0 → 60; above the target: 120 → ratio 1.5 → 1 → 100
    ("efficacy", "50", HIGHER_100_60, (), "60"),
    ("efficacy", "120", HIGHER_100_60, (), "100"),
    ("efficacy", "60", HIGHER_100_60, (), "60"),
    ("efficacy", "100", HIGHER_100_60, (), "100"),
    # floor 0, target 200, x = 50 → 60 + 40 × 50/200 = 70
    ("efficacy", "50", ind("b", target="200", floor="0"), (), "70"),
    # efficacy, lower is better: floor 10 (worst), target 2 (best): both differences change sign together
    # x = 4 → 60 + 40 × (4 − 10)/(2 − 10) = 60 + 40 × 0.75 = 90; x = 6 → 60 + 40 × (−4)/(−8) = 80
    ("efficacy", "4", LOWER_2_10, (), "90"),
    ("efficacy", "6", LOWER_2_10, (), "80"),
    # worse than the floor: 12 → ratio −0.25 → 60; better than the target: 1 → ratio 9/8 → 100
    ("efficacy", "12", LOWER_2_10, (), "60"),
    ("efficacy", "1", LOWER_2_10, (), "100"),
    # efficacy with a span of 3: x = 1 over floor 0, target 3 → 60 + 40/3 = 73.333…
    ("efficacy", "1", ind("c", target="3", floor="0"), (), "220/3"),
    # target, higher: 100 × min(x/target, 1), target 200: 150 → 75; 250 → 100; 200 → 100; 0 → 0
    ("target", "150", ind("a", target="200"), (), "75"),
    ("target", "250", ind("a", target="200"), (), "100"),
    ("target", "200", ind("a", target="200"), (), "100"),
    ("target", "0", ind("a", target="200"), (), "0"),
    # a negative x gives a negative share: never below 0
    ("target", "-10", ind("a", target="200"), (), "0"),
    # target, lower: 100 × min(target/x, 1), target 4: 5 → 80; 8 → 50; 2 (better than target) → 100
    ("target", "5", ind("a", direction="lower", target="4"), (), "80"),
    ("target", "8", ind("a", direction="lower", target="4"), (), "50"),
    ("target", "2", ind("a", direction="lower", target="4"), (), "100"),
    # x = 0 (no accidents at all) → 100, not a division by zero; a negative x → target/x < 0 → 0
    ("target", "0", ind("a", direction="lower", target="4"), (), "100"),
    ("target", "-1", ind("a", direction="lower", target="4"), (), "0"),
    # target 3, x = 7 (lower): 300/7 = 42.857…
    ("target", "7", ind("a", direction="lower", target="3"), (), "300/7"),
]
