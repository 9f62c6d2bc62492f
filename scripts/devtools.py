#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Set up, test and demo citsmart_messaging on a private PostgreSQL.

    python3 scripts/devtools.py setup [--odoo-src PATH_OR_GIT_URL]
    python3 scripts/devtools.py test  [--odoo-src PATH_OR_GIT_URL] [-- PYTEST_ARGS]
    python3 scripts/devtools.py demo  [--odoo-src PATH_OR_GIT_URL] [--port N]
    python3 scripts/devtools.py reply "Thanks, it works"

``test`` and ``demo`` run in ``.venv`` when ``setup`` built it. When no usable
Odoo 19 is found, they run ``setup`` first from ``--odoo-src`` or the
``ODOO_SRC`` environment variable (``demo``: by default from the official
Odoo repository); ``test`` without either, where ``import odoo`` fails, runs
the host-free suite and lint only and says so.
"""

import argparse
import os
import sys
from pathlib import Path

from devenv import say
from odoo_env import RUN, decide, pg_bindir, probe

SETUP_RAN = "CITSMART_SETUP_RAN"  # set before re-running in the new .venv


def reexec(python):
    """Run this command again with ``python`` (the .venv's)."""
    say(f"running in {Path(python).parent.parent}")
    sys.stdout.flush()
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def find_odoo(options, default_source=None, need_pytest=True):
    """The verdict on this python's Odoo, after moving into ``.venv`` when it
    is set up, or setting it up when Odoo is unusable and a source is known."""
    import venv_setup

    in_venv = Path(sys.prefix).resolve() == venv_setup.VENV.resolve()
    if not in_venv and venv_setup.is_ready():
        reexec(venv_setup.venv_python())
    verdict = decide(probe(), pg_bindir(), need_pytest=need_pytest)
    if verdict.kind == RUN:
        return verdict
    source = options.odoo_src or os.environ.get("ODOO_SRC") or default_source
    if not source or os.environ.get(SETUP_RAN):
        return verdict
    say(f"no usable Odoo 19 here: {verdict.reason}")
    python = venv_setup.setup(source)
    os.environ[SETUP_RAN] = "1"
    reexec(python)


def cmd_setup(options):
    import venv_setup

    source = options.odoo_src or os.environ.get("ODOO_SRC")
    venv_setup.setup(source or venv_setup.DEFAULT_SOURCE)
    return 0


def cmd_test(options):
    import run_tests

    return run_tests.cmd_test(options, find_odoo(options))


def cmd_demo(options):
    import demo
    import venv_setup

    verdict = find_odoo(options, venv_setup.DEFAULT_SOURCE, need_pytest=False)
    return demo.cmd_demo(options, verdict)


def cmd_reply(options):
    import demo

    return demo.cmd_reply(options)


def parser():
    main = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = main.add_subparsers(dest="command", required=True)
    source = argparse.ArgumentParser(add_help=False)
    source.add_argument(
        "--odoo-src",
        metavar="PATH_OR_GIT_URL",
        help="Odoo 19.0 source tree or git URL to set up .venv from "
        "(default: $ODOO_SRC)",
    )
    sub.add_parser("setup", parents=[source], help="build .venv with Odoo 19")
    test = sub.add_parser("test", parents=[source], help="run all tests")
    test.add_argument("--keep", action="store_true", help="keep the scratch cluster")
    test.add_argument("--no-lint", action="store_true", help="skip ruff/pylint-odoo")
    test.add_argument(
        "--no-wheel", action="store_true", help="skip the wheel installation check"
    )
    test.add_argument(
        "--no-peers", action="store_true", help="skip the OCA peers' own tests"
    )
    test.add_argument("pytest_args", nargs="*", help="pytest arguments (after --)")
    demo = sub.add_parser("demo", parents=[source], help="start a demo server")
    demo.add_argument("--port", type=int, default=8069, help="HTTP port (8069)")
    demo.add_argument(
        "--smtp-port", type=int, default=2525, help="local SMTP sink port (2525)"
    )
    demo.add_argument("--smoke", type=int, default=0, help=argparse.SUPPRESS)
    reply = sub.add_parser(
        "reply", help="answer the last email the demo sent, as its recipient"
    )
    reply.add_argument("text", help="the text of the reply")
    reply.add_argument(
        "--wait", type=int, default=90, help="seconds to wait for Odoo's email (90)"
    )
    return main


def main():
    options = parser().parse_args()
    handler = {
        "setup": cmd_setup,
        "test": cmd_test,
        "demo": cmd_demo,
        "reply": cmd_reply,
    }[options.command]
    sys.exit(handler(options))


if __name__ == "__main__":
    main()
