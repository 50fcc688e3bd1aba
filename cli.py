"""`python cli.py ...` behaves exactly like the `orgsim` command."""

from orgsim.cli.main import main

if __name__ == "__main__":
    main()
