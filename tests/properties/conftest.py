"""Hypothesis settings for the property-based tests: one deterministic profile.

`derandomize` makes every run try the same examples (CI cannot pass one day and fail the next),
no example database is written, and there is no per-example deadline (the machine is shared).
``HYPOTHESIS_PROFILE=explore`` runs many more examples, randomly, when hunting for new failures.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
