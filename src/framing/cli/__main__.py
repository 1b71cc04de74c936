"""``python -m framing.cli``: the same as the ``framing`` command."""

from framing.cli import main

main()
