"""What users read: the wording of statuses and bases, and each command's formats."""
