"""What the store needs to know about the database before loading Alembic."""

# The newest revision in migrations/versions (a test keeps the two in step): a database already
# there opens without running Alembic.
LATEST_REVISION = "0006"
# Every revision in migrations/versions: a database at any other was made by a newer version.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")

# How long a reader or writer waits for another process's lock before giving up.
BUSY_TIMEOUT_MS = 10_000
