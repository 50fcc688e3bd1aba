"""Information-flow simulation: how fast statutory Directors learn of what matters.

The engine (`engine`) is a thin layer of channel and meeting callbacks over SimPy; SimPy types stay
inside it. `network` compiles a validated scenario into plain tables once; `streams` draws the items;
`montecarlo` runs replications in worker processes; `metrics` summarises plain per-item records;
`standards` turns missed standards into findings; `analytic` is the closed form the engine is held to.
"""
