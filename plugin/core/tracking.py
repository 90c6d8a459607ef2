"""Following clusters from one period to the next: tracks and what changed.

How clusters are followed over time
-----------------------------------
Each period's clusters are found exactly as "Detect clusters" finds them for that period alone. Then each
period is compared with the one before it, one sector at a time, by the regions the clusters share:

1. A cluster continues the *track* of the previous-period cluster with which it shares the most regions
   (its predecessor). If it shares the same number with two previous clusters, the one with the lower track
   number is its predecessor.
2. If several clusters have the same predecessor, the one sharing the most regions with it keeps the track;
   if they share equally many, the larger cluster keeps it, and if they are also the same size, the one whose
   first region key (in sorted order) comes first. The others start new tracks and are marked **split**.
3. A cluster that keeps a track is marked
   **merged** when its regions come from two or more previous clusters;
   otherwise **continuing** when it has as many regions as its predecessor (usually the same ones — the
   overlap says how many carried over), **grown** when it has more, **shrunk** when it has fewer.
4. A cluster that shares no region with any previous-period cluster starts a new track and is **new**.
   In the first period every cluster is new.
5. A track that no cluster keeps has **ended**; it is listed with its last period and, as ``ended``, the
   period after it. This includes a cluster absorbed into a merge: its regions live on in the merged
   cluster's track, which is named.

So a cluster starts a new track exactly when it is *new* or *split*. A cluster that lost its predecessor to
another cluster but also took regions from a second previous cluster is *split* (it started a new track);
both tracks it took regions from are listed as its sources, so the merge is not hidden.

Track numbers run from 1 for each sector, in order of first appearance: by period, then largest cluster
first (ties: first region key), so they do not depend on the order the clusters were listed in. Only
consecutive periods are compared: a cluster that vanishes for a period and comes back starts a new track.
Periods are compared in the order given; leave out a period in which a sector could not be analysed to
compare the periods either side of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, Hashable, Optional, Sequence

from .timeline import TimelineError

NEW, CONTINUING, GROWN, SHRUNK, MERGED, SPLIT = "new", "continuing", "grown", "shrunk", "merged", "split"
CHANGES = (NEW, CONTINUING, GROWN, SHRUNK, MERGED, SPLIT)
ENDED = "ended"
MEMBER_SEP = "; "  # as detectclusters' members field


@dataclass(frozen=True)
class PeriodCluster:
    """One cluster of one period: its region keys and the caller's own id (returned untouched)."""

    members: frozenset[str]
    ref: Hashable = None


@dataclass(frozen=True)
class PeriodClusters:
    """The clusters of one sector in one period (disjoint member sets, as detect finds them)."""

    period: int
    clusters: tuple[PeriodCluster, ...] = ()

    @classmethod
    def of(cls, period: int, members: Sequence[Collection[str]],
           refs: Optional[Sequence[Hashable]] = None) -> PeriodClusters:
        """From member collections; ``refs`` default to 1, 2, … in the order given."""
        refs = list(refs) if refs is not None else list(range(1, len(members) + 1))
        if len(refs) != len(members):
            raise TimelineError(f"{period}: {len(members)} clusters but {len(refs)} ids.")
        return cls(period, tuple(PeriodCluster(frozenset(str(k) for k in m), r) for m, r in zip(members, refs)))


@dataclass(frozen=True)
class TrackedCluster:
    """A cluster with its track and how it came about."""

    period: int
    track: int
    change: str  # one of CHANGES
    members: tuple[str, ...]  # sorted keys
    ref: Hashable = None
    predecessor: Optional[int] = None  # track it continues, or split from; None when new
    overlap: int = 0  # regions shared with the predecessor's cluster in the previous period
    sources: tuple[int, ...] = ()  # tracks of every previous-period cluster it shares regions with, ascending

    @property
    def n_regions(self) -> int:
        return len(self.members)

    @property
    def members_text(self) -> str:
        return MEMBER_SEP.join(self.members)


@dataclass(frozen=True)
class EndedTrack:
    """A track no cluster kept: it ended in ``ended``, the period after ``last_period``."""

    track: int
    last_period: int
    ended: int
    members: tuple[str, ...]  # its cluster in its last period
    absorbed_into: tuple[int, ...] = ()  # tracks of the ``ended``-period clusters that took its regions

    @property
    def members_text(self) -> str:
        return MEMBER_SEP.join(self.members)


@dataclass
class TrackResult:
    """Every cluster of every period on its track, and the tracks that ended."""

    periods: list[int]
    clusters: list[TrackedCluster]  # by period, then largest first (ties: first key)
    ended: list[EndedTrack] = field(default_factory=list)  # by ended period, then track

    def in_period(self, period: int) -> list[TrackedCluster]:
        return [c for c in self.clusters if c.period == period]

    def tracks(self) -> dict[int, dict[int, TrackedCluster]]:
        """track -> {period: cluster}, tracks ascending."""
        out: dict[int, dict[int, TrackedCluster]] = {}
        for c in self.clusters:
            out.setdefault(c.track, {})[c.period] = c
        return dict(sorted(out.items()))

    def ended_track(self, track: int) -> Optional[EndedTrack]:
        return next((e for e in self.ended if e.track == track), None)


def _canonical(clusters: Sequence[PeriodCluster]) -> list[tuple[tuple[str, ...], PeriodCluster]]:
    items = [(tuple(sorted(c.members)), c) for c in clusters]
    items.sort(key=lambda it: (-len(it[0]), it[0]))
    return items


def _check(periods: Sequence[PeriodClusters]) -> None:
    seen: set[int] = set()
    for pc in periods:
        if pc.period in seen:
            raise TimelineError(f"The period {pc.period} is listed twice.")
        seen.add(pc.period)
        owner: dict[str, int] = {}
        for n, c in enumerate(pc.clusters):
            if not c.members:
                raise TimelineError(f"{pc.period}: a cluster has no regions.")
            for k in c.members:
                if k in owner and owner[k] != n:
                    raise TimelineError(f"{pc.period}: region {k!r} is in two clusters of the same sector.")
                owner[k] = n


def track_clusters(periods: Sequence[PeriodClusters]) -> TrackResult:
    """Put every cluster on a track, period by period in the order given (see the module docstring)."""
    _check(periods)
    out: list[TrackedCluster] = []
    ended: list[EndedTrack] = []
    next_track = 1
    previous: list[TrackedCluster] = []
    for pc in periods:
        current = _canonical(pc.clusters)
        prev_sets = [(p.track, frozenset(p.members)) for p in previous]
        overlaps = [{t: len(c.members & s) for t, s in prev_sets if c.members & s} for _, c in current]
        claims: dict[int, list[int]] = {}
        for i, ov in enumerate(overlaps):
            if ov:
                pred = min(ov, key=lambda t, ov=ov: (-ov[t], t))
                claims.setdefault(pred, []).append(i)
        winners = {
            pred: min(cands, key=lambda i, pred=pred: (-overlaps[i][pred], -len(current[i][0]), current[i][0]))
            for pred, cands in claims.items()
        }
        kept = {i: pred for pred, i in winners.items()}
        size_of = {p.track: p.n_regions for p in previous}
        tracked: list[TrackedCluster] = []
        for i, (members, c) in enumerate(current):
            ov = overlaps[i]
            sources = tuple(sorted(ov))
            if not ov:
                track, change, pred, overlap = next_track, NEW, None, 0
                next_track += 1
            else:
                pred = min(ov, key=lambda t, ov=ov: (-ov[t], t))
                overlap = ov[pred]
                if i in kept:
                    track = pred
                    if len(sources) >= 2:
                        change = MERGED
                    elif len(members) > size_of[pred]:
                        change = GROWN
                    elif len(members) < size_of[pred]:
                        change = SHRUNK
                    else:
                        change = CONTINUING
                else:
                    track, change = next_track, SPLIT
                    next_track += 1
            tracked.append(TrackedCluster(pc.period, track, change, members, c.ref, pred, overlap, sources))
        for p in sorted(previous, key=lambda t: t.track):
            if p.track not in winners:
                into = tuple(sorted(t.track for t in tracked if set(t.members) & set(p.members)))
                ended.append(EndedTrack(p.track, p.period, pc.period, p.members, into))
        out.extend(tracked)
        previous = tracked
    return TrackResult([pc.period for pc in periods], out, ended)
