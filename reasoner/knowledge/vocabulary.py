"""Words of the rules' vocabulary that Python needs as values."""

#: The autophagy levels a user may state (``--autophagy-state``; rules: query_state/2).
STATES = ("insufficient", "moderate", "excessive")
#: The kind of a derived intervention ``block:X`` / ``restore:X`` (rules/recommend.lp).
KIND_OF_DERIVED = {"block": "cargo_blockade", "restore": "cargo_overexpression"}
