"""Replacing an output folder safely: only SaySo's own builds, whole or not at all.

``sayso build --out DIR`` replaces DIR. Before this module it deleted whatever DIR held.
Now:

* DIR may be new, empty, or a previous build, recognised by the marker file
  :data:`MARKER` that every build writes. Anything else is refused and left untouched:
  a folder of other files, the checkout or a folder above it, a folder with tracked
  (git) files or a ``.git``, a symbolic link, a file.
* Builds of the same DIR take a lock (``flock`` on DIR's parent folder), so two at once
  run one after the other instead of racing.
* The new build is written to a hidden sibling ``.DIR.building-*`` and swapped with the
  old one in one step (``renameat2(RENAME_EXCHANGE)``): a kill at any moment leaves the
  old or the new build at DIR, never neither. Where the exchange is not available the
  swap is two renames, and a kill between them is repaired by the next run.
* Leftover ``.DIR.building-*`` / ``.DIR.old`` folders of killed builds are removed by the
  next build of DIR (under the lock, so never another build's).
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from sayso.corpus.sources import REPO_ROOT
from sayso.errors import InputError, Problem

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not serialised
    fcntl = None  # type: ignore[assignment]

MARKER = ".sayso-build"
MARKER_TEXT = "This folder was written by `sayso build`; the next build replaces all of it.\n"
_TODO = "pass --out a new or empty folder, or one that `sayso build` wrote"


def _refuse(out: Path, why: str, todo: str = _TODO) -> InputError:
    return InputError(Problem(str(out), None, None, f"--out {why}; nothing was written", todo))


def _tracked_file(folder: Path) -> str | None:
    """One file under ``folder`` that git tracks, if ``folder`` is in a work tree."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "ls-files", "-z", "--", "."], capture_output=True,
                              timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None  # no git: the marker rule still protects the folder
    if done.returncode != 0:
        return None  # not inside a work tree
    first = done.stdout.split(b"\0", 1)[0]
    return first.decode("utf-8", "replace") if first else None


def check_target(out: str | os.PathLike[str], *, checkout: Path = REPO_ROOT) -> Path:
    """The absolute path to build into, after checking that SaySo may replace it.

    Raises :class:`InputError` (nothing touched) for a symbolic link, a file, the
    checkout or a folder holding it, a folder with tracked files or a ``.git``, and a
    non-empty folder without the build marker.
    """
    given = Path(out)
    if given.is_symlink():
        raise _refuse(given, f"is a symbolic link (to {os.readlink(given)})",
                      "pass the real folder; SaySo does not replace what a link points to")
    path = given.resolve()
    if path == checkout or path in checkout.parents:
        raise _refuse(given, f"is the checkout {checkout} or holds it")
    if not path.exists():
        return path
    if not path.is_dir():
        raise _refuse(given, "is a file, not a folder")
    if (path / ".git").exists():
        raise _refuse(given, "holds a git repository (.git)")
    tracked = _tracked_file(path)
    if tracked is not None:
        raise _refuse(given, f"holds files tracked by git (e.g. {tracked})")
    if not (path / MARKER).is_file() and any(path.iterdir()) and not _build_before_markers(path):
        raise _refuse(given, f"is a folder that `sayso build` did not write (it holds files and no {MARKER})")
    return path


def _build_before_markers(path: Path) -> bool:
    """A build by a SaySo without markers: its SHA256SUMS lists a card, documents and every file there."""
    try:
        listed = {line.split("  ", 1)[1] for line in (path / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
        present = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file() or p.is_symlink()}
    except (OSError, UnicodeDecodeError, IndexError):
        return False
    return ("README.md" in listed and any(name.startswith("documents/") for name in listed)
            and present - {"SHA256SUMS"} == listed)


def _lock(folder: Path) -> int:
    """An exclusive ``flock`` on ``folder`` (waiting for another build); close the fd to release."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    if fcntl is None:
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting for another `sayso build` in {folder} to finish…", file=sys.stderr)
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def claim_target(out: str | os.PathLike[str]) -> tuple[Path, Callable[[], None]]:
    """Lock ``out``'s folder, check ``out`` again, repair and clean up after killed builds.

    Returns the absolute path and the function that releases the lock (call it in a
    ``finally``).
    """
    fd = _lock(Path(out).resolve().parent)
    try:
        path = check_target(out)  # again: another build or a user may have changed it meanwhile
        recover_and_clean(path)
    except BaseException:
        os.close(fd)
        raise
    return path, lambda: os.close(fd)


def _old(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def recover_and_clean(out: Path) -> list[Path]:
    """Under the lock: put back a build a kill left only in ``.DIR.old``; remove leftovers."""
    old = _old(out)
    if old.is_dir() and not out.exists() and ((old / MARKER).is_file() or _build_before_markers(old)):
        os.replace(old, out)
    removed = []
    for leftover in [old, *out.parent.glob(f".{out.name}.building-*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def staging_folder(out: Path) -> Path:
    """A fresh hidden sibling of ``out`` to write a build into."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the dataset is for everyone
    return tmp


def write_marker(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_folder(tmp: Path, out: Path) -> None:
    """Put the finished build ``tmp`` at ``out``; the previous build, if any, is removed."""
    if not out.exists():
        os.replace(tmp, out)
        return
    if _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # now the previous build
        return
    old = _old(out)  # fallback: two renames; a kill between them is repaired by recover_and_clean
    shutil.rmtree(old, ignore_errors=True)
    os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
