"""`make cost`: what one interview-minute costs to analyse on AWS, idle cost, and the worker options.

Prints markdown. Counts come from a real run on the local platform (`infra_cdk/cost/measured.json`,
refreshed by `python -m infra_cdk.cost.measure`); prices from `prices.json` (dated, with sources).
"""

from __future__ import annotations

import argparse
import os

from infra_cdk.cost import model

VOLUMES = (100, 10_000)
GOAL_PER_MINUTE = 0.01


def _inputs() -> model.Inputs:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from local_platform.template import load_template  # cached synthesized template

    return model.Inputs(
        prices=model.load("prices.json"),
        measured=model.load("measured.json"),
        assumptions=model.load("assumptions.json"),
        template=load_template(),
    )


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    inputs = _inputs()
    m, p = inputs.measured, inputs.prices
    minutes = inputs.media_minutes
    print(f"# Cost per interview-minute (prices of {p['as_of']}, {p['region']}, {p['currency']})\n")
    print(
        f"Counts from one real run ({m['measured_at']}): {m['source']}, {m['media_seconds']} s, "
        f"{m['segments']} segments. Worker time from the README's measured real-time factors.\n"
    )
    transitions = {name: s.get("transitions", 0) for name, s in m["state_machines"].items()}
    print(
        "State transitions in that run: "
        + ", ".join(f"{name} {count}" for name, count in transitions.items())
        + f" = {sum(transitions.values())} ({sum(transitions.values()) / minutes:.0f} per interview-minute)\n"
    )
    print("## Serverless part (per interview-minute)\n")
    print("| item | $ per interview-minute |")
    print("|---|---|")
    serverless = model.serverless_cost(inputs)
    for item, cost in sorted(serverless.items(), key=lambda kv: -kv[1]):
        print(f"| {item} | {cost / minutes:.5f} |")
    print(f"| **total** | **{sum(serverless.values()) / minutes:.5f}** |\n")

    print("## Worker options (compute + the serverless part, per interview-minute)\n")
    seconds = model.worker_seconds(inputs)
    print(
        "Worker vCPU-seconds per interview-minute: "
        + ", ".join(f"{part} {value:.1f}" for part, value in seconds.items())
        + f" (total {sum(seconds.values()):.1f}).\n"
    )
    print("| option | " + " | ".join(f"{v:,} min/day" for v in VOLUMES) + " |")
    print("|---|" + "---|" * len(VOLUMES))
    for name, option in model.WORKER_OPTIONS.items():
        cells = " | ".join(f"${model.per_minute(option, v, inputs):.4f}" for v in VOLUMES)
        print(f"| {name} | {cells} |")
    options = list(model.WORKER_OPTIONS.items())
    print()
    for i, (name_a, a) in enumerate(options):
        for name_b, b in options[i + 1 :]:
            volume = model.break_even(a, b, inputs)
            low = name_a if a(10, inputs) < b(10, inputs) else name_b
            if volume is None:
                print(f"- {name_a} vs {name_b}: no break-even in 1..1,000,000/day; {low} is always cheaper")
            else:
                high = name_b if low == name_a else name_a
                print(
                    f"- {name_a} vs {name_b}: break-even at about {volume:,.0f} interview-minutes a day "
                    f"({low} below it, {high} above)"
                )

    idle = model.idle_per_month(inputs)
    print("\n## Idle cost per month (nobody practising, workers at zero)\n")
    print("| item | $ per month |")
    print("|---|---|")
    for item, cost in idle.items():
        print(f"| {item} | {cost:.2f} |")
    print(f"| **total** | **{sum(idle.values()):.2f}** |\n")

    steady = max(VOLUMES)
    default_option = options[0][1]
    cheapest_name, cheapest = min(options, key=lambda kv: model.per_minute(kv[1], steady, inputs))
    default_cost = model.per_minute(default_option, steady, inputs)
    cheapest_cost = model.per_minute(cheapest, steady, inputs)
    print(f"${default_cost:.4f} per interview-minute at steady load ({steady:,}/day) with the stack default")
    print(f"${cheapest_cost:.4f} per interview-minute at steady load ({steady:,}/day) with {cheapest_name}")
    verdict = "meets" if default_cost <= GOAL_PER_MINUTE else "misses"
    print(f"Goal ${GOAL_PER_MINUTE:.2f} per interview-minute at steady load: the default {verdict} it.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
