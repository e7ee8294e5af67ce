"""Names and places: from what a user types to a suspect or a place."""
