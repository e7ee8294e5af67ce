from travelrisk.cli import run

run()
