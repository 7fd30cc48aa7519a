"""`python -m service` runs the cardnote command line."""

from service.cli import main

main()
