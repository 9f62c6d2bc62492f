#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Check that the wheel alone installs the add-on in Odoo, and that
uninstalling it leaves tickets and their chatter intact.

    python3 scripts/check_wheel_install.py [--keep]

Builds ``odoo_addon_citsmart_messaging-19.0.*.whl``, installs it (--no-deps)
into a throwaway venv that sees this python's packages (Odoo 19 and
helpdesk_mgmt; this python may itself be a virtualenv), then, with that
venv's python, from a directory outside the repository and with an
addons_path that does not contain it, installs the module in a fresh
database on a private PostgreSQL cluster. PASS when the module is
``installed`` there, from the venv's copy.
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
    wheel_cmd,
    write_odoo_config,
)
from odoo_env import odoo_problem

DATABASE = "citsmart_wheel"


def run(cmd, **kwargs):
    say(" ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def build_wheel(outdir):
    run(wheel_cmd(outdir))
    (wheel,) = Path(outdir).glob("odoo_addon_citsmart_messaging-19.0.*.whl")
    return wheel


def make_venv(venv, wheel):
    """A venv that borrows this python's site-packages (Odoo 19 is not on
    PyPI), after its own: ``--system-site-packages`` would borrow the base
    interpreter's instead when this python is itself a virtualenv. addsitedir
    also runs their .pth files (Odoo's editable install is one)."""
    run([sys.executable, "-m", "venv", venv])
    python = Path(venv) / "bin" / "python"
    purelib = run(
        [python, "-c", "import sysconfig;print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    borrowed = [p for p in sys.path if p.endswith("-packages") and Path(p).is_dir()]
    Path(purelib, "borrowed_site_packages.pth").write_text(
        "".join(f"import site; site.addsitedir({path!r})\n" for path in borrowed)
    )
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel])
    return python


def addon_origin(python, cwd):
    """Where the venv's python finds the add-on (before Odoo sets any path)."""
    probe = run(
        [
            python,
            "-c",
            (
                "import importlib.util as u, odoo.addons;"
                f"print(u.find_spec('odoo.addons.{ADDON}').origin)"
            ),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    return Path(probe.stdout.strip())


def module_state(cluster):
    return query(cluster, f"SELECT state FROM ir_module_module WHERE name = '{ADDON}'")


def query(cluster, sql):
    return "\n".join(cluster.query(sql, DATABASE)).strip()


UNINSTALL_SETUP = """
from markupsafe import Markup
ticket = env["helpdesk.ticket"].create(
    {"name": "Kept after uninstall", "description": "<p>x</p>"}
)
env["helpdesk.ticket.comment"].create(
    {"ticket_id": ticket.id, "body": Markup("<p>Chatter entry kept</p>")}
)
env.cr.commit()
"""


def check_uninstall(python, config, cluster, workdir):
    """Uninstalling the add-on leaves tickets and their chatter intact."""
    shell = [python, "-m", "odoo", "shell", "-c", config, "-d", DATABASE, "--no-http"]
    run(shell, cwd=workdir, input=UNINSTALL_SETUP, text=True, capture_output=True)
    uninstall = [python, "-m", "odoo", "module", "uninstall", "-c", config]
    run([*uninstall, "-d", DATABASE, ADDON], cwd=workdir)
    state = module_state(cluster)
    kept = query(
        cluster,
        "SELECT count(*) FROM helpdesk_ticket t JOIN mail_message m"
        " ON m.model = 'helpdesk.ticket' AND m.res_id = t.id"
        " WHERE t.name = 'Kept after uninstall'"
        " AND m.body LIKE '%Chatter entry kept%'",
    )
    say(f"after uninstall: {ADDON} {state}, ticket with its chatter entry: {kept}")
    return state == "uninstalled" and kept == "1"


def check(scratch):
    wheel = build_wheel(scratch / "dist")
    say(f"built {wheel.name}")
    python = make_venv(scratch / "venv", wheel)
    site = Path(
        run(
            [python, "-c", "import sysconfig;print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    venv_addons = site / "odoo" / "addons"
    workdir = scratch / "cwd"  # outside the repository: not on sys.path
    workdir.mkdir()
    origin = addon_origin(python, workdir)
    if not origin.is_relative_to(venv_addons):
        say(f"the add-on is imported from {origin}, not from the venv")
        return False
    cluster = Cluster(scratch / "pg")
    config = scratch / "odoo.cfg"
    try:
        cluster.start()
        # only the venv's addons: Odoo's own and helpdesk_mgmt come from the
        # odoo.addons namespace, never from this repository
        write_odoo_config(
            config,
            cluster,
            scratch / "data",
            free_port(),
            extra={"addons_path": venv_addons},
        )
        assert str(ROOT) not in config.read_text()
        cmd = install_cmd(config, DATABASE)
        cmd[0] = str(python)
        install = subprocess.run(cmd, cwd=workdir, check=False)
        if install.returncode:
            say(f"odoo exited with {install.returncode}")
            return False
        state = module_state(cluster)
        say(f"{ADDON} state in {DATABASE}: {state or 'absent'}")
        if state != "installed":
            return False
        return check_uninstall(python, config, cluster, workdir)
    finally:
        cluster.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch dir")
    options = parser.parse_args()
    problem = odoo_problem()
    if problem:
        print(problem)
        print("FAIL")
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="citsmart-wheel-"))
    os.chmod(scratch, 0o755)  # the cluster runs as "postgres" under root
    try:
        ok = check(scratch)
    except (subprocess.CalledProcessError, ValueError) as error:
        say(f"error: {error}")
        ok = False
    finally:
        if options.keep:
            say(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print("PASS" if ok else "FAIL", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
