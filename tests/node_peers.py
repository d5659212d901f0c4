"""Real third-party test peers that run on Node.js (the LRS in tests/xapi, the OpenID provider in tests/oidc): each
pins its packages in a package.json and is installed once per machine into ~/.cache/socialwise/, so a fresh clone
finds it installed. No package-lock is written (it would record download addresses)."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require


def npm_install(package_json: Path, install_dir: Path, *, ready: Path, what: str) -> None:
    """Install `package_json` into `install_dir` unless exactly that file was installed completely before (`ready`
    is a file the install must produce). A missing Node.js skips locally and fails in CI, naming `what`."""
    require(bool(shutil.which("node") and shutil.which("npm")), f"Node.js and npm are needed to run {what}")
    install_dir.mkdir(parents=True, exist_ok=True)
    # Parallel test processes (pytest-xdist) may reach here together: one installs, the others wait and reuse it.
    with (install_dir.parent / f".{install_dir.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _install(package_json, install_dir, ready=ready, what=what)


def _install(package_json: Path, install_dir: Path, *, ready: Path, what: str) -> None:
    wanted = package_json.read_text()
    stamp = install_dir / ".installed"  # written only after a complete install of exactly this package.json
    if ready.exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    (install_dir / "package.json").write_text(wanted)
    result = subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(install_dir),
            "--no-audit",
            "--no-fund",
            "--no-package-lock",
            "--omit=dev",
            "--prefer-offline",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    require(result.returncode == 0 and ready.exists(), f"npm could not install {what}: {result.stderr[-2000:]}")
    stamp.write_text(wanted)
