from travelrisk.quick import run

run()
