"""The search: greedy with a proof of improvement, backward pruning, a lazy step, the verification
and the continued search at the requested count.

The baseline and the option are measured once at the requested replication count (the "before"
figures, which also say which pairs to try), and the baseline once more at the search's count
(`search_replications`, fewer, for speed). At each step moves not yet chosen are added to the set
and the option re-evaluated: checks, and a paired simulation against the baseline when the move
changes what reaches a Director (a measurement is cached by the set of such mechanisms, so no set is
simulated twice, and a move that changes only checks costs no simulation). The move that leaves the
fewest outstanding problems (new red checks plus weakenings) is kept, fewer meeting hours, then
fewer mechanisms, then ids breaking ties, and only if it strictly reduces them.

The step is lazy: the first tries every move; later ones try moves in order of the gain they showed
when last tried, in batches of `BATCH`, and stop once a move has shown a gain larger than any
untried move last showed (a heuristic: a move's gain can grow as the set grows, which the bundles
are there for; when no tried move improves, every move is tried before the search stops). Then each
chosen mechanism is dropped in turn if the set does as well without it.

The set is verified by a comparison at the requested replication count with the same seed, which is
exactly what `orgsim compare BASE REPAIRED` with those settings computes. When the search ran at
fewer replications and the verification still finds problems (a weakening within the noise of the
smaller count, or a unit whose items are too rare for it), the search continues at the requested
count from the verified set, trying only the moves for the pairs the remaining problems point to
that can speed a kind still weakened (and the remedies of checks still red), ordered by the gains
seen so far; it prunes only what it added, and its last evaluation is the verification.

The simulations of one step run in parallel across `settings.workers` processes, and so do the
checks of the sets it tries; each is a deterministic function of its scenario (and seed and
replication count), and ties are broken by a total order, so the result is identical whatever the
number of workers. A set's checks do not depend on the replication count, so they run once per set
(keyed by its mechanisms in the order applied), and a set judged again at the same count is not
judged twice.

What the search spends its time on is told as it happens to an optional `phases(step, message)`
callback: "simulate" as a batch of trial simulations starts (with what it simulates), "repair"
when the search goes back to its own work (running checks, judging, choosing), so a caller can
tell the time spent simulating from the rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import replace

from ...model.findings import Finding
from ...model.graph import OrgGraph
from ...model.scenario import Scenario
from ...sim.executor import Executor
from ...sim.montecarlo import run_section
from ...sim.settings import RunSettings
from ..blocks import Measurer as Blocks
from ..compare import Measurement, OptionComparison, compare_option, raised_findings
from ..diff import StructuralDiff, structural_diff
from .menu import Mechanism
from .offer import Move, apply, check_mechanisms, offer_moves, speeds
from .posts import weakening_pairs
from .result import METHOD, Evaluation, RepairResult, snippet, unrepaired

DEFAULT_SEARCH_REPLICATIONS = 4
BATCH = 4  # moves simulated together in a lazy step: fixed, so workers never change the result
BASE_KEY = ("baseline",)
UNDESCRIBED = StructuralDiff(())  # a trial's, until `Search.described`

Chosen = tuple[Mechanism, ...]
Phases = Callable[[str, str], None]  # (step: "simulate" or "repair", what it does)
SIMULATE, SEARCH = "simulate", "repair"


def _quiet(step: str, message: str) -> None:
    pass


class Measurer:
    """Measurements cached by (what was simulated, replications); the blocks of all the
    measurements asked for at once run together on the executor, results in the order asked."""

    def __init__(self, executor: Executor, phases: Phases = _quiet):
        self.executor, self.phases = executor, phases
        self.cache: dict[tuple, Measurement] = {}
        self.runs = 0

    def ensure(self, wanted: list[tuple[tuple, Scenario, RunSettings]],
               checks: list[Scenario] = ()) -> list[dict[str, Finding]]:
        """Measure what is wanted and not measured yet, and return the checks of `checks`.

        The checks are sent to the workers first, so that they check while this process
        prepares the simulations, whose blocks then queue behind the checks: the workers go on
        from the one to the other without waiting. The checks are taken before the simulations
        are said to start, so a worker that is already simulating while another finishes a
        check counts as checking."""
        todo: dict[tuple, tuple[Scenario, RunSettings]] = {}
        for key, scenario, at in wanted:
            if (key, at.replications) not in self.cache:
                todo.setdefault((key, at.replications), (scenario, at))
        by_count: dict[int, list[tuple]] = {}
        for key, (_, at) in todo.items():
            by_count.setdefault(at.replications, []).append(key)
        checking = self.executor.imap(raised_findings, list(checks))
        checked = None
        for keys in by_count.values():
            at = todo[keys[0]][1]
            blocks = Blocks([todo[k][0] for k in keys], at, self.executor)
            results = self.executor.imap(
                run_section, blocks.tasks_to(blocks.measurements[0].design[-1].blocks))
            if checked is None:
                checked = list(checking)
            self.phases(SIMULATE, f"{len(keys)} trial scenario{'s' if len(keys) > 1 else ''} "
                        f"at {at.replications} replications")
            blocks.take(results)
            self.cache.update(zip(keys, blocks.measurements))
        if checked is None:  # nothing to simulate
            checked = list(checking)
        if todo:
            self.phases(SEARCH, "")
        self.runs += len(todo)
        return checked

    def has(self, key: tuple, at: RunSettings) -> bool:
        return (key, at.replications) in self.cache

    def get(self, key: tuple, at: RunSettings) -> Measurement:
        return self.cache[(key, at.replications)]


def _move_key(move: Move) -> tuple:
    return tuple(m.id for m in move.mechanisms)


def _sim_key(mechanisms: Iterable[Mechanism]) -> tuple:
    return ("option", *sorted(m.id for m in mechanisms if m.affects_simulation))


def _set_key(mechanisms: Iterable[Mechanism]) -> tuple:
    """The set as applied, in order: `apply` merges entries in that order."""
    return tuple(m.id for m in mechanisms)


class Search:
    """One repair's search state: the measurements so far, each move's last gain, the steps."""

    def __init__(self, base: Scenario, option: Scenario, label: str, measurer: Measurer,
                 say: Callable[[str], None]):
        self.base, self.option, self.label = base, option, label
        self.measurer, self.say = measurer, say
        self.base_graph = OrgGraph(base)
        self.base_raised = raised_findings(base)
        # each move's gain when last tried (in this search or an earlier one) bounds what it is
        # tried for next
        self.gains: dict[tuple, float] = {}
        self.steps: list[str] = []
        self.raised: dict[tuple, dict[str, Finding]] = {}  # each set's checks
        self.judged: dict[tuple, OptionComparison] = {}  # by (set, replications)

    def evaluate(self, chosen: Iterable[Mechanism], at: RunSettings) -> Evaluation:
        chosen = tuple(chosen)
        key = (_set_key(chosen), at.replications)
        if key not in self.judged:
            scenario = apply(self.option, chosen)
            if key[0] not in self.raised:
                self.raised[key[0]] = raised_findings(scenario)
            # a trial is judged on its checks and simulation alone: its structural diff is
            # worked out only for the evaluations the search returns (`described`)
            self.judged[key] = compare_option(
                self.label, self.base, scenario, self.measurer.get(BASE_KEY, at),
                self.measurer.get(_sim_key(chosen), at), self.base_raised, self.raised[key[0]],
                graphs=(self.base_graph, OrgGraph(scenario)), structure=UNDESCRIBED)
        return Evaluation(chosen, self.judged[key])

    def described(self, e: Evaluation) -> Evaluation:
        """The evaluation with the structural diff of its set against the baseline."""
        structure = structural_diff(self.base, apply(self.option, e.mechanisms))
        return replace(e, result=replace(e.result, structure=structure))

    def trials(self, sets: list[Chosen], at: RunSettings) -> list[Evaluation]:
        unchecked = list(dict.fromkeys(_set_key(s) for s in sets
                                       if _set_key(s) not in self.raised))
        chosen = {_set_key(s): s for s in sets}
        found = self.measurer.ensure([(_sim_key(s), apply(self.option, s), at) for s in sets],
                                     [apply(self.option, chosen[k]) for k in unchecked])
        self.raised.update(zip(unchecked, found))
        return [self.evaluate(s, at) for s in sets]

    def note(self, step: str) -> None:
        self.steps.append(step)
        self.say(step)

    def run(self, settings: RunSettings, search: RunSettings,
            ) -> tuple[Evaluation, Evaluation, list[str]]:
        """(before, after, the new red checks with no menu remedy)."""
        self.say(f"measuring the baseline and the option at {settings.replications} replications")
        self.measurer.ensure([(BASE_KEY, self.base, settings),
                              (_sim_key(()), self.option, settings),
                              (BASE_KEY, self.base, search)])
        before = self.evaluate((), settings)
        moves, no_remedy = offer_moves(self.option, self.base, before.result)
        self.say(f"{len(moves)} candidate moves for {before.problems} problems")
        found = self.greedy((), moves, search) if before.problems else before
        self.say(f"verifying at {settings.replications} replications (seed {settings.seed})")
        after = self.trials([found.mechanisms], settings)[0]
        if after.problems and search.replications != settings.replications:
            more = self.still_useful(moves, after)
            if more:
                self.say(f"{after.problems} problems remain at {settings.replications} "
                         "replications: searching on at that count")
                after = self.greedy(after.mechanisms, more, settings)
        return self.described(before), self.described(after), no_remedy

    def greedy(self, start: Chosen, moves: list[Move], at: RunSettings) -> Evaluation:
        current = self.trials([start], at)[0]
        bound = [self.gains.get(_move_key(mv), math.inf) for mv in moves]
        while current.problems:
            best = self.step(current, moves, bound, at)
            if best is None or best.problems >= current.problems:
                break
            new_ids = [m.id for m in best.mechanisms if m not in current.mechanisms]
            self.note(f"added {' + '.join(new_ids)}: problems {current.problems} -> "
                      f"{best.problems} ({at.replications} replications)")
            current = best
        return self.prune(current, start, at)

    def step(self, current: Evaluation, moves: list[Move], bound: list[float],
             at: RunSettings) -> Evaluation | None:
        """The best set one move more gives, trying moves lazily; None when none is left."""
        pending = _pending(current, moves)
        if not pending:
            return None
        # sets whose simulation is known already (checks-only moves) cost nothing
        free = [(i, s) for i, s in pending if self.measurer.has(_sim_key(s), at)]
        queue = sorted((x for x in pending if x not in free), key=lambda x: (-bound[x[0]], x[0]))
        tried: list[Evaluation] = []
        batch = free
        while True:
            for (i, _), e in zip(batch, self.trials([s for _, s in batch], at)):
                bound[i] = self.gains[_move_key(moves[i])] = current.problems - e.problems
                tried.append(e)
            gain = current.problems - min(e.problems for e in tried) if tried else 0
            if not queue or (gain > 0 and gain > bound[queue[0][0]]):
                return min(tried, key=Evaluation.order)
            batch, queue = queue[:BATCH], queue[BATCH:]

    def prune(self, current: Evaluation, start: Chosen, at: RunSettings) -> Evaluation:
        """Drop any mechanism this search added that the set does not need (every set without
        one is simulated at once; after a drop the later sets are new)."""
        added = [m for m in current.mechanisms if m not in start]
        self.trials([tuple(c for c in current.mechanisms if c != m) for m in added], at)
        for m in reversed(added):
            rest = tuple(c for c in current.mechanisms if c != m)
            trial = self.trials([rest], at)[0]
            if trial.problems <= current.problems:
                self.note(f"dropped {m.id}: not needed ({at.replications} replications)")
                current = trial
        return current

    def still_useful(self, moves: list[Move], after: Evaluation) -> list[Move]:
        """The moves for the pairs the remaining problems point to that can speed a kind still
        weakened there, and the remedies of the checks still red."""
        result = after.result
        pairs, kinds, _ = weakening_pairs(self.option, result.weakenings, result.weakened_rows)
        for_checks = {m.id for f in result.checks.new_red
                      for m in check_mechanisms(self.option, f)}

        def useful(m: Mechanism) -> bool:
            if m.id in for_checks:
                return True
            if (m.director, m.post) not in pairs:
                return False
            fast = speeds(m, self.option)
            return fast is None or bool(fast & kinds[(m.director, m.post)])
        return [mv for mv in moves if all(useful(m) for m in mv.mechanisms)]


def _pending(current: Evaluation, moves: list[Move]) -> list[tuple[int, Chosen]]:
    """(move index, the current set with the move's new mechanisms) for each move that adds a
    set of mechanisms not already pending."""
    pending, seen = [], set()
    for i, move in enumerate(moves):
        new = tuple(m for m in move.mechanisms if m not in current.mechanisms)
        if new and frozenset(m.id for m in new) not in seen:
            seen.add(frozenset(m.id for m in new))
            pending.append((i, (*current.mechanisms, *new)))
    return pending


def repair(base: Scenario, option: Scenario, settings: RunSettings,
           search_replications: int = DEFAULT_SEARCH_REPLICATIONS, label: str = "option",
           progress: Callable[[str], None] | None = None,
           measured: tuple[Measurement, Measurement] | None = None,
           executor: Executor | None = None, phases: Phases | None = None) -> RepairResult:
    """Search the menu for the least set of mechanisms that clears the option's new red checks
    and weakenings against the base, verified at `settings`. `measured`: the baseline's and the
    option's measurements at `settings` already run (by `orgsim run`'s comparison), reused
    instead of simulated again. `executor`: one already started (its workers are reused);
    `phases`: told when trial simulations start and end (see the module's docstring)."""
    search = replace(settings, replications=min(settings.replications, search_replications))
    with nullcontext(executor) if executor else Executor.of(settings) as run:
        measurer = Measurer(run, phases or _quiet)
        if measured is not None:
            measurer.cache[(BASE_KEY, settings.replications)] = measured[0]
            measurer.cache[(_sim_key(()), settings.replications)] = measured[1]
        s = Search(base, option, label, measurer, progress or (lambda _: None))
        before, after, no_remedy = s.run(settings, search)
    return RepairResult(METHOD, before, after, tuple(s.steps), unrepaired(option, after),
                        tuple(no_remedy), settings, search, s.measurer.runs,
                        snippet(after.mechanisms, option.name, settings, search))
