#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Refresh the add-on's translation files.

    python3 scripts/i18n.py            # export the .pot, merge it into the .po
    python3 scripts/i18n.py --check    # then fail on empty or fuzzy entries

Exports ``citsmart_messaging/i18n/citsmart_messaging.pot`` from a database
with the module installed (private PostgreSQL cluster, as the test command),
then runs gettext's ``msgmerge --update`` on every language of LANGUAGES, so
existing translations survive code changes: new texts come in empty, changed
ones come in fuzzy (with the old translation as a hint) until a translator
reviews them.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# sibling scripts, not a package
from devenv import (
    ADDON,
    ROOT,
    Cluster,
    free_port,
    install_cmd,
    say,
    write_odoo_config,
)
from odoo_env import odoo_problem

LANGUAGES = ("pt_BR", "es")
I18N_DIR = ROOT / ADDON / "i18n"
POT = I18N_DIR / f"{ADDON}.pot"


def export_pot(scratch):
    """Install the add-on in a fresh database and export its template."""
    cluster = Cluster(scratch / "pg")
    config = scratch / "odoo.cfg"
    database = "citsmart_i18n"
    try:
        cluster.start()
        write_odoo_config(config, cluster, scratch / "data", free_port())
        say(f"installing {ADDON} in database {database}")
        subprocess.run(install_cmd(config, database), cwd=ROOT, check=True)
        say(f"exporting {POT.relative_to(ROOT)}")
        # Odoo 19's `i18n export` (odoo/cli/i18n.py): no -l means the .pot;
        # its -c/-d belong to the subcommand, hence not odoo_cmd()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "i18n",
                "export",
                "-c",
                str(config),
                "-d",
                database,
                "-o",
                str(POT),
                ADDON,
            ],
            cwd=ROOT,
            check=True,
        )
    finally:
        cluster.stop()


def merge(lang):
    po = I18N_DIR / f"{lang}.po"
    if not po.exists():
        say(f"creating {po.relative_to(ROOT)}")
        subprocess.run(
            [
                "msginit",
                "--no-translator",
                "--no-wrap",
                f"--locale={lang}",
                "--input",
                POT,
                "--output-file",
                po,
            ],
            check=True,
        )
        return
    say(f"merging into {po.relative_to(ROOT)}")
    # --backup=off: git is the backup; --no-wrap: one line per string, so
    # re-running gives the same file and diffs stay small
    subprocess.run(
        ["msgmerge", "--quiet", "--update", "--backup=off", "--no-wrap", po, POT],
        check=True,
    )
    # texts gone from the code: drop them rather than keep #~ entries
    subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", "--output-file", po, po],
        check=True,
    )


def check(lang):
    """msgfmt's verdict: format strings and untranslated/fuzzy counts."""
    po = I18N_DIR / f"{lang}.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", os.devnull, po],
        capture_output=True,
        text=True,
        check=False,
    )
    statistics = result.stderr.strip()
    say(f"{lang}: {statistics}")
    return (
        result.returncode == 0
        and "untranslated" not in statistics
        and ("fuzzy" not in statistics)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-export", action="store_true", help="only merge the existing .pot"
    )
    parser.add_argument(
        "--check", action="store_true", help="fail on untranslated or fuzzy entries"
    )
    options = parser.parse_args()
    missing = [tool for tool in ("msgmerge", "msgfmt") if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"{', '.join(missing)} not found: apt-get install gettext")
    if not options.no_export:
        problem = odoo_problem()
        if problem:
            raise SystemExit(problem)
        scratch = Path(tempfile.mkdtemp(prefix="citsmart-i18n-"))
        os.chmod(scratch, 0o755)  # the cluster runs as "postgres" under root
        try:
            export_pot(scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    for lang in LANGUAGES:
        merge(lang)
    ok = all([check(lang) for lang in LANGUAGES])  # noqa: C419 (report every language)
    if options.check and not ok:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
