"""Statutory checks: the rule engine and one module per guidance pack."""
