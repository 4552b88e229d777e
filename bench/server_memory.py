"""The served process's resident memory over the run, so that the moment of its peak is known.

:class:`MemoryTrace` reads ``/proc/PID/status`` a few times a second in a thread; the run names
its phases (start, HTTP mix, a load, the switch to the load's revision ...) as it enters them, and
the results say the peak, when and in which phase it came, each phase's highest and last reading,
and a once-a-second series of the readings.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

# seconds between readings
EVERY_S = 0.2


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory now (``VmRSS``) or at its highest (``VmHWM``), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return float("nan")


class MemoryTrace:
    """The readings of one process's resident memory, each with the phase it was taken in."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.started = time.perf_counter()
        self._phase = "start"
        self._phases: list[tuple[float, str]] = [(0.0, "start")]
        self._samples: list[tuple[float, float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def phase(self, name: str) -> None:
        """From now on, readings belong to phase ``name``."""
        self._phase = name
        self._phases.append((self._now(), name))

    def _now(self) -> float:
        return round(time.perf_counter() - self.started, 2)

    def _read(self) -> None:
        while not self._stop.wait(EVERY_S):
            mib = rss_mib(self.pid)
            if mib == mib:  # nan once the process is gone
                self._samples.append((self._now(), mib, self._phase))

    def results(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        if not self._samples:
            return {}
        at, peak, phase = max(self._samples, key=lambda s: s[1])
        phases: dict[str, dict[str, float]] = {}
        for _, mib, name in self._samples:
            found = phases.setdefault(name, {"max_mib": mib, "last_mib": mib})
            found["max_mib"], found["last_mib"] = max(found["max_mib"], mib), mib
        each_second: dict[int, float] = {}
        for t, mib, _ in self._samples:
            each_second[int(t)] = max(each_second.get(int(t), 0.0), mib)
        return {
            "peak_mib": peak,
            "peak_at_s": at,
            "peak_phase": phase,
            "by_phase": phases,
            "phases_started_s": self._phases,
            "each_second_mib": sorted(each_second.items()),
        }
