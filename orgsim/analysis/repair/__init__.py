"""Repair an option: the least set of protocol mechanisms that restores the statutory Directors'
oversight to the baseline's and clears the option's new red checks.

- `menu`: the mechanism kinds, each declared once with what it adds, costs and clears;
- `posts`: which (Director, post) pairs an option's problems point to;
- `offer`: what the menu offers for those problems, as the moves of the search;
- `search`: the greedy search, its pruning and verification;
- `result`: what a repair found, and the YAML snippet for the option file.

A weakening no post outside the Director's line can reach (every team where it arises is in the
Director's line) is left unrepaired and says so: where its route is unchanged, the difference is
chance at that replication count. Every new red check no declared kind clears is listed under
`no_menu_remedy` before the search starts, and stays unrepaired (it needs a structural change the
menu does not make).
"""

from .menu import MENU, Mechanism, MechanismKind, Offer, Site, mechanism, menu_table
from .offer import Move, apply, check_mechanisms, offer_moves, pair_mechanisms, speeds
from .posts import weakening_pairs
from .result import Evaluation, RepairResult, snippet
from .search import BATCH, DEFAULT_SEARCH_REPLICATIONS, repair

__all__ = ["BATCH", "DEFAULT_SEARCH_REPLICATIONS", "MENU", "Evaluation", "Mechanism",
           "MechanismKind", "Move", "Offer", "RepairResult", "Site", "apply", "check_mechanisms",
           "mechanism", "menu_table", "offer_moves", "pair_mechanisms", "repair", "snippet",
           "speeds", "weakening_pairs"]
