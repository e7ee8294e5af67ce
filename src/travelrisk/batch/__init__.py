"""Many legs at once: readers, writers, the fast, parallel and columnar paths, routes."""
