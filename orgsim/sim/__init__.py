"""Information-flow simulation: how fast statutory Directors learn of what matters.

The engine (`engine`) is a thin layer of channel and meeting callbacks over SimPy; SimPy types stay
inside it. It runs on the network `orgsim.model.network` compiles (the rules read the same one, through
`orgsim.model.reach`); `streams` draws the items;
`montecarlo` runs replications in worker processes; `metrics` summarises plain per-item records;
`standards` turns missed standards into findings; `orgsim.model.analytic` is the closed form the
engine is held to.
"""
