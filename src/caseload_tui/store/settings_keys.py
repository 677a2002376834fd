"""Names of the settings the app keeps in the database (no imports: cheap to use anywhere)."""

AUTHORITY_TABLE = "authority_table"  # the timescale table in force
MY_WORKER = "my_worker_id"  # the worker using this copy of the app
