#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark ticket messaging on real Odoo 19 and PostgreSQL (a private
cluster on 127.0.0.1, like the tests), against stock Odoo.

    python3 scripts/benchmark.py create [--quick]   # creating N comments
    python3 scripts/benchmark.py requests [--runs N] # the three requests over HTTP

Each command is a module (``bench_<command>.py``) with ``add_arguments``,
optionally ``check_options`` and ``CLUSTER_SETTINGS`` (PostgreSQL settings),
and ``run(options, scratch, cluster)``, which gets a scratch directory (0755)
and the started cluster in ``scratch/pg``; the databases are made by
bench_setup.py.
"""

import argparse
import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devenv
from odoo_env import odoo_problem

COMMANDS = {
    "create": "creating N comments against Odoo's native way (one process)",
    "requests": "the three requests over HTTP, ours vs stock helpdesk_mgmt",
    "load": "the load run: workers, cron, concurrent people, ours vs stock",
}


def available():
    here = Path(__file__).resolve().parent
    return {
        name: help
        for name, help in COMMANDS.items()
        if (here / f"bench_{name}.py").exists()
    }


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch dir")
    commands = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for name, help in available().items():
        modules[name] = importlib.import_module(f"bench_{name}")
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--keep", action="store_true", help="keep the scratch dir")
        modules[name].add_arguments(sub)
    options = parser.parse_args(argv)
    module = modules[options.command]
    if hasattr(module, "check_options"):
        module.check_options(parser, options)
    return module, options


def main(argv=None):
    module, options = parse_args(argv)
    problem = odoo_problem()
    if problem:
        print(problem)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix=f"citsmart-bench-{options.command}-"))
    os.chmod(scratch, 0o755)  # the cluster runs as "postgres" under root
    cluster = devenv.Cluster(
        scratch / "pg", settings=getattr(module, "CLUSTER_SETTINGS", None)
    )
    try:
        cluster.start()
        return module.run(options, scratch, cluster)
    finally:
        cluster.stop()
        if options.keep:
            devenv.say(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
