"""Thin entry for the Gradio UI: ``python ui.py [--graph DIR] [--host H] [--port P]`` (same as ``kg ui``)."""

from kg.cli import cli

if __name__ == "__main__":
    cli(["ui", *__import__("sys").argv[1:]], prog_name="ui.py")
