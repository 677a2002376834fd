"""caseload-tui: statutory timescales for children's social workers, in the terminal."""

__version__ = "0.1.0"
