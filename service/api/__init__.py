"""The HTTP layer: blueprints, request parsing and the one place errors become responses."""
