"""Names of the settings the app keeps in the database (no imports: cheap to use anywhere)."""

AUTHORITY_TABLE = "authority_table"  # the timescale table in force
MY_WORKER = "my_worker_id"  # the worker using this copy of the app
IDLE_LOCK_MINUTES = "idle_lock_minutes"  # minutes idle before the app locks (0: never)
LOCK_PIN = "lock_pin"  # the idle lock's PIN, as "scrypt$salt$hash" (hex): never the PIN itself
