"""Imported by the fork server of ``graph.isolated`` (never by the parent): prepares, once, what
every child's reading shares, so that each child forked from the server starts ready.

Without it each child (one per file) built the registry index and compiled the theme matchers
for itself: about 1.5 s of a 0.3 s document. The objects are then frozen out of the cyclic
collector, whose first full pass in each child otherwise walked (and so copied) all of them.
"""

from __future__ import annotations

import contextlib
import gc

from loaders.extract import prepare

# a failure here must not stop the server: each child then meets it and reports it per file
with contextlib.suppress(Exception):
    prepare()
gc.collect()
gc.freeze()
