"""One module per rule, `elNNN_name.py` in ID order, with what several rules share in
`helpers/`; importing this package registers every rule."""

import importlib
import os


def _load_all() -> None:
    for name in sorted(os.listdir(os.path.dirname(__file__))):
        if name.endswith(".py") and not name.startswith("_"):
            importlib.import_module(f"{__name__}.{name[:-3]}")


_load_all()
