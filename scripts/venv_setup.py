# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The set-up command: a virtualenv in the repository (``.venv/``) with Odoo
19.0 from the source folder or git URL the user names, its requirements,
helpdesk_mgmt and its OCA peers from PyPI, and the test tooling.

    python3 scripts/devtools.py setup [--odoo-src PATH_OR_GIT_URL]

Odoo's ``requirements.txt`` pins versions per Python version, for Debian and
Ubuntu's packages; some of the pins for Python < 3.12 have no wheel for
today's platforms (cbor2 5.4.2, ...), so below 3.12 the markers are evaluated
as if the python were 3.12. ``psycopg2`` becomes ``psycopg2-binary`` (no
compiler needed) and ``python-ldap`` (needs OpenLDAP's headers; only the
``auth_ldap`` add-on uses it) is left out. As root, Debian's ``postgresql``
and ``chromium`` are installed when missing.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

try:
    from packaging.markers import default_environment
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.version import InvalidVersion, Version
except ImportError:  # a bare python: pip's copy
    from pip._vendor.packaging.markers import default_environment
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
    from pip._vendor.packaging.version import InvalidVersion, Version

from devenv import ROOT, banner, say
from odoo_env import PEER_SUITES, REQUIRED, SERIES, pg_bindir

DEFAULT_SOURCE = "https://github.com/odoo/odoo"
VENV = ROOT / ".venv"
MARKER = VENV / "citsmart-setup.json"
MIN_MARKER_PYTHON = (3, 12)
RENAMED = {"psycopg2": "psycopg2-binary"}
SKIPPED = {"python-ldap"}
# helpdesk_mgmt and the OCA peers tested beside the add-on
OCA_ADDONS = (REQUIRED, *PEER_SUITES)
DEBIAN_PACKAGES = {"postgresql": "initdb", "chromium": "chromium"}


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def marker_environment(python_version, platform="linux"):
    """The environment markers are evaluated in: this python's, raised to
    MIN_MARKER_PYTHON when older."""
    version = tuple(int(part) for part in python_version.split(".")[:2])
    env = dict(default_environment(), sys_platform=platform)
    if version < MIN_MARKER_PYTHON:
        major, minor = MIN_MARKER_PYTHON
        env["python_version"] = f"{major}.{minor}"
        env["python_full_version"] = f"{major}.{minor}.0"
    else:
        env["python_version"] = "{}.{}".format(*version)
        env["python_full_version"] = python_version
    return env


def odoo_requirements(text, python_version, platform="linux"):
    """The requirement lines to install from Odoo's ``requirements.txt``."""
    env = marker_environment(python_version, platform)
    selected = []
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*", "", raw).strip()
        if not line:
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise ValueError(f"requirements.txt: {raw!r}: {error}") from error
        if requirement.marker and not requirement.marker.evaluate(env):
            continue
        name = normalize(requirement.name)
        if name in SKIPPED:
            continue
        extras = ",".join(sorted(requirement.extras))
        extras = f"[{extras}]" if extras else ""
        selected.append(f"{RENAMED.get(name, name)}{extras}{requirement.specifier}")
    return selected


_NOT_FOUND = re.compile(
    r"Could not find a version that satisfies the requirement "
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<spec>\S*).*?"
    r"\(from versions: (?P<versions>[^)]*)\)"
)


def without_wheel(pip_output, requirements):
    """What to change when pip, asked for wheels only, found none.

    Returns ``("relax", old, new)`` when a pinned requirement of ours has
    wheels at later versions only (the lowest of them replaces the pin),
    ``("source", name)`` when a distribution has no wheel at all (pure
    Python sdists such as ofxparse: allowed from source), or None."""
    match = _NOT_FOUND.search(pip_output)
    if not match:
        return None
    name = normalize(match["name"])
    pinned = {
        normalize(line.split("==")[0]): line for line in requirements if "==" in line
    }
    if name in pinned:
        pin = Version(pinned[name].split("==")[1])
        later = sorted(
            version
            for version in map(_version, match["versions"].split(","))
            if version and not version.is_prerelease and version > pin
        )
        if later:
            return ("relax", pinned[name], f"{name}=={later[0]}")
    return ("source", name)


def _version(text):
    try:
        return Version(text.strip())
    except InvalidVersion:  # "none", or a legacy version string
        return None


def oca_requirements():
    return [f"odoo-addon-{name}=={SERIES}.*" for name in OCA_ADDONS]


def is_git_url(source):
    return bool(re.match(r"^(\w+://|git@|[\w.-]+@[\w.-]+:)", source)) or (
        source.endswith(".git") and not Path(source).is_dir()
    )


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "citsmart_messaging"


def clone_dir(url):
    """Where ``url`` is cloned: a cache folder outside the repository."""
    digest = hashlib.sha1(url.encode()).hexdigest()[:10]
    return cache_dir() / f"odoo-{SERIES}-{digest}"


def source_version(src):
    """``release.version`` of the Odoo source tree ``src``, read from
    ``odoo/release.py`` without importing it."""
    values = {}
    release = Path(src) / "odoo" / "release.py"
    exec(compile(release.read_text(), str(release), "exec"), values)  # noqa: S102
    return values["version"]


def run(cmd, **kwargs):
    say(" ".join(str(part) for part in cmd))
    subprocess.run([str(part) for part in cmd], check=True, **kwargs)


def fetch_source(source):
    """A local Odoo source tree for ``source`` (a folder or a git URL)."""
    if not is_git_url(source):
        src = Path(source).expanduser().resolve()
        if not (src / "odoo" / "release.py").is_file():
            raise SystemExit(f"{src} is not an Odoo source tree (no odoo/release.py)")
        return src
    src = clone_dir(source)
    if (src / ".git").is_dir():
        say(f"updating the clone of {source} in {src}")
        run(["git", "-C", src, "fetch", "--depth=1", "origin", SERIES])
        run(["git", "-C", src, "reset", "--hard", "--quiet", "FETCH_HEAD"])
    else:
        src.parent.mkdir(parents=True, exist_ok=True)
        say(f"shallow clone of {source} ({SERIES}) into {src}")
        run(["git", "clone", "--depth=1", "--branch", SERIES, source, src])
    return src


def install_debian_packages():
    """As root on Debian: postgresql and chromium when missing."""
    missing = [
        package
        for package, program in DEBIAN_PACKAGES.items()
        if not (pg_bindir() if package == "postgresql" else shutil.which(program))
    ]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say(f"missing {', '.join(missing)}: install them (Debian: apt-get install)")
        return
    say(f"installing {', '.join(missing)} from Debian")
    run(["apt-get", "update", "-qq"])
    run(["apt-get", "install", "-y", "-qq", *missing], stdout=subprocess.DEVNULL)


def venv_python(venv=VENV):
    return venv / "bin" / "python"


def is_ready(venv=VENV):
    return (venv / MARKER.name).is_file() and venv_python(venv).exists()


def install_wheels(pip, requirements, pinned, attempts=12):
    """Install ``requirements`` and the test tooling in one resolution
    (Odoo's pins win over open ranges), from wheels: a pin without a wheel
    for this python moves to the next version that has one, a distribution
    without any wheel comes from its sdist (see without_wheel())."""
    requirements = list(requirements)
    from_source = []
    for _attempt in range(attempts):
        pinned.write_text("\n".join(requirements) + "\n")
        cmd = [*pip, "--only-binary=:all:"]
        cmd += [f"--no-binary={name}" for name in from_source]
        cmd += ["-r", pinned, "-r", ROOT / "requirements-test.txt"]
        say(" ".join(str(part) for part in cmd))
        result = subprocess.run(
            [str(part) for part in cmd], capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            return requirements
        change = without_wheel(result.stderr, requirements)
        if change is None:
            print(result.stdout[-3000:], result.stderr[-3000:])
            raise SystemExit("pip failed to install Odoo's requirements")
        if change[0] == "relax":
            say(f"{change[1]} has no wheel for this python: using {change[2]}")
            requirements[requirements.index(change[1])] = change[2]
        elif change[1] in from_source:
            print(result.stderr[-3000:])
            raise SystemExit(f"pip cannot install {change[1]}")
        else:
            say(f"{change[1]} has no wheel: installed from its sdist")
            from_source.append(change[1])
    raise SystemExit("pip: too many requirements without wheels")


def setup(source):
    """Build ``.venv`` from ``source``; returns the venv's python."""
    started = time.monotonic()
    banner(f"Set-up: .venv with Odoo {SERIES} from {source}")
    install_debian_packages()
    src = fetch_source(source)
    version = source_version(src)
    if not version.startswith(SERIES):
        raise SystemExit(f"{src} holds Odoo {version}, {SERIES} is needed")
    if VENV.exists() and not is_ready():
        say(f"{VENV} is incomplete (interrupted set-up?): completing it")
    run([sys.executable, "-m", "venv", VENV])
    python = venv_python()
    pip = [python, "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    run([*pip, "--upgrade", "pip"])
    python_version = subprocess.run(
        [python, "-c", "import platform;print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    requirements = odoo_requirements(
        (src / "requirements.txt").read_text(), python_version
    )
    install_wheels(pip, requirements, VENV / "odoo-requirements.txt")
    run([*pip, "--no-deps", "-e", src])
    run([*pip, "--no-deps", *oca_requirements()])
    elapsed = time.monotonic() - started
    MARKER.write_text(
        json.dumps(
            {
                "source": str(source),
                "odoo_src": str(src),
                "python": python_version,
                "seconds": round(elapsed),
            },
            indent=1,
        )
    )
    say(f"set-up done in {elapsed / 60:.1f} min: {python}")
    return python
