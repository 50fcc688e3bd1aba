"""orgsim: council organisations as typed graphs, checked against the statutory guidance on the
DCS, DASS and Welsh DSS, with simulations of how information reaches them."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("orgsim")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
