"""The domain and the engine: records, rules (arts. 126 and 127), the period-cutter, verdicts.

Imports nothing outside law/."""
