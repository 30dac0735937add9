"""The command line's families of commands, one module each (as MkDocs' commands/); cli.py gathers them."""
