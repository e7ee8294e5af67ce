"""The data files: schema, safe YAML, overlays, cross-record checks, the cache, the Dataset."""
