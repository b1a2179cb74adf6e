"""
What a simulation run produced: the event log, a case table, backlog and queue series over
time, resource utilisation and deadline breaches, each as a ``pandas`` DataFrame on request
(pandas and matplotlib are optional extras, imported when asked for).

Counting follows court statistics: a proceeding (件) is new when accepted (受理/立案) and
closed when it enters a closing state (结案); the backlog is accepted and not yet closed.
Pre-filing mediation dockets (诉前调) and petitions are counted apart from litigation.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pendulum

from disputeflow.events import Event

if TYPE_CHECKING:
    pass

__all__ = ["CASE_COLUMNS", "LITIGATION_EXCLUDED", "MEDIATION_SETTLED", "SimulationResult"]

#: Proceeding kinds left out of the litigation backlog and counts.
LITIGATION_EXCLUDED = frozenset({"pre_filing_mediation", "petition"})
#: States in which a dispute is settled by mediation (any stage, either regime).
MEDIATION_SETTLED = frozenset(
    {"mediation_succeeded", "mediated", "closed_other", "appeal_mediated", "retrial_mediated"}
)
CASE_COLUMNS = (
    "dispute_id",
    "court",
    "region",
    "category",
    "arrived_day",
    "warm",
    "diverted",
    "track",
    "settled_by_mediation",
    "appealed",
    "executed",
    "petitioned",
    "final_state",
    "closing_kind",
    "disposed_day",
    "days_to_disposition",
    "proceedings",
    "events",
)


@attrs.frozen(eq=False, repr=False)
class SimulationResult:
    """
    The outputs of one run.

    Attributes:
        scenario_id, seed: what was run.
        start_on, horizon_days: the simulated period (day 0 is ``start_on``).
        courts: court ids (the second axis of the count arrays).
        kinds: proceeding kinds (the third axis).
        stages: lifecycle stages of the flow series (plus ``done``).
        events: the event log (empty when the run dropped it).
        cases: the case table as columns (see :meth:`cases_frame`).
        accepted, closed: proceedings accepted / closed per day, court and kind.
        pending: proceedings pending at the start of each day, per court and kind.
        flow: disputes per stage at the start of each day.
        queues: per ``pool@court``: (waiting, busy) at the start of each day.
        capacity: per ``pool@court``: concurrent cases it can carry.
        utilisation: per ``pool@court``: mean busy share over the horizon.
        breaches: time limits overrun, as rows (see :meth:`breaches_frame`).
        figures: what a measurement took of the run's event log (``run_many(...,
            measure=...)``), e.g. indicator figures; ``None`` when nothing was measured.
    """

    scenario_id: str
    seed: int
    start_on: pendulum.Date
    horizon_days: int
    courts: tuple[str, ...]
    kinds: tuple[str, ...]
    stages: tuple[str, ...]
    events: tuple[Event, ...]
    cases: Mapping[str, Sequence[Any]]
    accepted: np.ndarray
    closed: np.ndarray
    pending: np.ndarray
    flow: np.ndarray
    queues: Mapping[str, tuple[np.ndarray, np.ndarray]]
    capacity: Mapping[str, int]
    utilisation: Mapping[str, float]
    breaches: tuple[tuple[Any, ...], ...]
    figures: Mapping[str, float] | None = None

    def __repr__(self) -> str:
        # The arrays and the log are far too long to print.
        end = self.start_on.add(days=self.horizon_days)
        return (
            f"<SimulationResult {self.scenario_id} seed {self.seed} {self.start_on}..{end}: "
            f"{len(self.cases['dispute_id'])} disputes, {len(self.events)} events>"
        )

    # -- headline figures ----------------------------------------------------------------------

    def _litigation(self) -> np.ndarray:
        return np.array([k not in LITIGATION_EXCLUDED for k in self.kinds])

    def metrics(self) -> dict[str, float]:
        """
        Headline figures, overall and per court (``name[court]``): disputes arrived,
        litigation proceedings new and closed in the horizon, backlog at start and end,
        closed-to-new ratio (结收比), disputes settled by mediation at any stage (share of
        disputes disposed), mean and median days to disposition, time-limit breaches.
        """
        lit = self._litigation()
        out: dict[str, float] = {}
        arrived = np.asarray(self.cases["arrived_day"], dtype=float)
        disposed = np.asarray(self.cases["disposed_day"], dtype=float)
        settled = np.asarray(self.cases["settled_by_mediation"], dtype=bool)
        warm = np.asarray(self.cases["warm"], dtype=bool)
        court = np.asarray(self.cases["court"], dtype=object)
        days = disposed - arrived
        breach_court = np.array([b[6] for b in self.breaches], dtype=object)
        for i, c in enumerate((None, *self.courts)):
            sl = slice(None) if c is None else i - 1
            suffix = "" if c is None else f"[{c}]"
            new = float(self.accepted[:, sl, lit].sum())
            closed = float(self.closed[:, sl, lit].sum())
            mask = ~warm if c is None else (~warm & (court == c))
            done = mask & ~np.isnan(disposed)
            out["arrivals" + suffix] = float(mask.sum())
            out["new" + suffix] = new
            out["closed" + suffix] = closed
            out["backlog_start" + suffix] = float(self.pending[0, sl, lit].sum())
            out["backlog_end" + suffix] = float(self.pending[-1, sl, lit].sum())
            out["closed_to_new" + suffix] = closed / new if new else math.nan
            out["mediation_share" + suffix] = (
                float(settled[done].mean()) if done.any() else math.nan
            )
            out["mean_days_to_disposition" + suffix] = (
                float(days[done].mean()) if done.any() else math.nan
            )
            out["median_days_to_disposition" + suffix] = (
                float(np.median(days[done])) if done.any() else math.nan
            )
            out["breaches" + suffix] = float(
                len(self.breaches) if c is None else (breach_court == c).sum()
            )
        return out

    def backlog(self) -> np.ndarray:
        """
        Litigation proceedings pending at the start of each day, per court: shape
        ``(horizon_days + 1, len(courts))``.
        """
        return np.asarray(self.pending[:, :, self._litigation()].sum(axis=2))

    # -- tables ----------------------------------------------------------------------------------

    def events_frame(self) -> Any:
        """
        The event log as a DataFrame, one row per event (``clocks`` and ``data`` kept as
        objects).
        """
        import pandas as pd

        return pd.DataFrame([e.to_dict() for e in self.events])

    def cases_frame(self) -> Any:
        """
        One row per dispute: court, region, category, arrival day, whether it was a warm
        start, diverted, its track, settled by mediation, appealed, executed, petitioned,
        final state and closing kind of its last proceeding, disposal day and days to
        disposition (NaN while pending), proceedings and events.
        """
        import pandas as pd

        return pd.DataFrame({k: list(self.cases[k]) for k in CASE_COLUMNS})

    def _dates(self) -> list[pendulum.Date]:
        return [self.start_on.add(days=k) for k in range(self.horizon_days + 1)]

    def backlog_frame(self) -> Any:
        """
        Long table: date, court, kind, pending, accepted and closed that day.
        """
        import pandas as pd

        dates = self._dates()
        rows = [
            (
                dates[day],
                c,
                k,
                int(self.pending[day, i, j]),
                int(self.accepted[day, i, j]),
                int(self.closed[day, i, j]),
            )
            for day in range(self.horizon_days + 1)
            for i, c in enumerate(self.courts)
            for j, k in enumerate(self.kinds)
        ]
        return pd.DataFrame(
            rows, columns=["date", "court", "kind", "pending", "accepted", "closed"]
        )

    def flow_frame(self) -> Any:
        """
        Disputes per stage at the start of each day (wide: one column per stage).
        """
        import pandas as pd

        return pd.DataFrame(self.flow, columns=list(self.stages), index=self._dates())

    def queues_frame(self) -> Any:
        """
        Long table: date, pool, court, waiting, busy, capacity.
        """
        import pandas as pd

        dates = self._dates()
        rows = []
        for key, (waiting, busy) in self.queues.items():
            pool, court = key.split("@")
            for day in range(self.horizon_days + 1):
                rows.append(
                    (dates[day], pool, court, int(waiting[day]), int(busy[day]), self.capacity[key])
                )
        return pd.DataFrame(rows, columns=["date", "pool", "court", "waiting", "busy", "capacity"])

    def utilisation_frame(self) -> Any:
        """
        One row per pool and court: capacity and mean utilisation over the horizon.
        """
        import pandas as pd

        rows = [(*k.split("@"), self.capacity[k], u) for k, u in self.utilisation.items()]
        return pd.DataFrame(rows, columns=["pool", "court", "capacity", "utilisation"])

    def breaches_frame(self) -> Any:
        """
        One row per time limit overrun: dispute, proceeding, clock, due date, the date it
        stopped (``None`` if still running at the end), days over, court.
        """
        import pandas as pd

        return pd.DataFrame(
            list(self.breaches),
            columns=[
                "dispute_id",
                "proceeding_id",
                "clock",
                "due_on",
                "stopped_on",
                "days_over",
                "court",
            ],
        )

    def to_pandas(self) -> dict[str, Any]:
        """
        Every table as a DataFrame, by name: ``events``, ``cases``, ``backlog``, ``flow``,
        ``queues``, ``utilisation``, ``breaches``.
        """
        return {
            "events": self.events_frame(),
            "cases": self.cases_frame(),
            "backlog": self.backlog_frame(),
            "flow": self.flow_frame(),
            "queues": self.queues_frame(),
            "utilisation": self.utilisation_frame(),
            "breaches": self.breaches_frame(),
        }

    # -- display ---------------------------------------------------------------------------------

    def summary(self) -> str:
        """
        A few lines of text: the run and its headline figures.
        """
        m = self.metrics()
        end = self.start_on.add(days=self.horizon_days)
        return "\n".join(
            [
                f"{self.scenario_id} seed {self.seed}: {self.start_on} to {end}, "
                f"{len(self.cases['dispute_id'])} disputes ({int(m['arrivals'])} arrived), "
                f"{len(self.events)} events kept",
                f"litigation: new {int(m['new'])}, closed {int(m['closed'])}, closed-to-new "
                f"{m['closed_to_new']:.3f}, backlog {int(m['backlog_start'])} -> "
                f"{int(m['backlog_end'])}",
                f"settled by mediation {m['mediation_share']:.1%} of disposed disputes; "
                f"days to disposition mean {m['mean_days_to_disposition']:.1f}, median "
                f"{m['median_days_to_disposition']:.1f}; time-limit breaches {int(m['breaches'])}",
            ]
        )

    def _repr_html_(self) -> str:
        m = self.metrics()
        keys = (
            "arrivals",
            "new",
            "closed",
            "closed_to_new",
            "backlog_start",
            "backlog_end",
            "mediation_share",
            "mean_days_to_disposition",
            "breaches",
        )
        head = "".join(f"<th>{html.escape(k)}</th>" for k in ("court", *keys))
        rows = []
        for c in ("all", *self.courts):
            s = "" if c == "all" else f"[{c}]"
            cells = "".join(f"<td>{m[k + s]:.3g}</td>" for k in keys)
            rows.append(f"<tr><td>{html.escape(c)}</td>{cells}</tr>")
        title = html.escape(self.summary().splitlines()[0])
        return f"<p><b>{title}</b></p><table><tr>{head}</tr>{''.join(rows)}</table>"

    # -- plots -----------------------------------------------------------------------------------

    def plot_backlog(self, ax: Any = None) -> Any:
        """
        Litigation backlog over the horizon, one line per court (matplotlib).
        """
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(8, 4))[1]
        dates = self._dates()
        for i, c in enumerate(self.courts):
            ax.plot(dates, self.backlog()[:, i], label=c)
        ax.set_title(f"Pending litigation proceedings: {self.scenario_id}")
        ax.set_ylabel("pending")
        ax.legend(fontsize="small")
        return ax

    def plot_flow(self, ax: Any = None) -> Any:
        """
        Disputes in each stage over the horizon, stacked (matplotlib).
        """
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(8, 4))[1]
        live = [i for i, s in enumerate(self.stages) if s != "done"]
        ax.stackplot(self._dates(), self.flow[:, live].T, labels=[self.stages[i] for i in live])
        ax.set_title("Disputes by stage")
        ax.legend(fontsize="small", loc="upper left")
        return ax

    def plot_time_to_disposition(self, ax: Any = None) -> Any:
        """
        Histogram of days from arrival to disposition of disputes disposed (matplotlib).
        """
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(8, 4))[1]
        days = np.asarray(self.cases["days_to_disposition"], dtype=float)
        warm = np.asarray(self.cases["warm"], dtype=bool)
        ax.hist(days[~np.isnan(days) & ~warm], bins=50)
        ax.set_xlabel("days from arrival to disposition")
        ax.set_ylabel("disputes")
        return ax
