"""The application layer: where the store, the timescale tables, the calendar and the engine
meet. The app (``ui``) and the commands (``cli``) call only this layer (and read the domain's
value types)."""
