"""orgsim: council organisations as typed graphs, checked against the statutory guidance on the
DCS, DASS and Welsh DSS, with simulations of how information reaches them."""


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata when first asked for: importing
    # importlib.metadata costs every command some 40 ms, and `validate` never asks.
    if name != "__version__":
        raise AttributeError(f"module 'orgsim' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    global __version__
    try:
        __version__ = version("orgsim")
    except PackageNotFoundError:  # running from a source tree that was never installed
        __version__ = "0.0.0+source"
    return __version__
