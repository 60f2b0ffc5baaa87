"""Thin entry for the Gradio UI: ``python ui.py [--graph DIR] [--host H] [--port P]`` (same as ``kg ui``)."""

import sys

from kg.cli import ui_command
from kg.errors import KGError

if __name__ == "__main__":
    try:
        ui_command.main(prog_name="ui.py")
    except KGError as e:
        print(f"Error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        pass
