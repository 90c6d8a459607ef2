"""Lattice neighbour graphs for tests whose right answer is obvious on a grid."""
from __future__ import annotations

import numpy as np

from plugin.core.graph import NeighbourGraph


def grid(rows: int, cols: int, queen: bool = True) -> NeighbourGraph:
    """rows × cols cells numbered row by row; rook neighbours, plus diagonals when ``queen``."""
    pairs = []
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c
            if c + 1 < cols:
                pairs.append((i, i + 1))
            if r + 1 < rows:
                pairs.append((i, i + cols))
                if queen and c + 1 < cols:
                    pairs.append((i, i + cols + 1))
                if queen and c > 0:
                    pairs.append((i, i + cols - 1))
    return NeighbourGraph.from_pairs(rows * cols, np.array(pairs))
