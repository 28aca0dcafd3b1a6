"""`sayso build --out DIR` writes only where it may, and a kill at any moment leaves the old
or the new build at DIR, never neither; concurrent builds take turns; leftovers are removed."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers import PACK_DIR, make_corpus
from sayso.cli import main
from sayso.corpus.outdir import MARKER, check_target, recover_and_clean
from sayso.corpus.sources import REPO_ROOT
from sayso.errors import InputError

REPO = Path(__file__).resolve().parents[1]


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` (symlinks not followed) and its hash."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def is_complete_build(folder: Path) -> bool:
    """The folder holds a whole build: the marker, and every file its SHA256SUMS lists, intact."""
    sums = folder / "SHA256SUMS"
    if not (folder / MARKER).is_file() or not sums.is_file():
        return False
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        if not (folder / name).is_file() or hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
            return False
    return True


@pytest.fixture()
def corpus(tmp_path):
    return make_corpus(tmp_path / "src")


def build(out, corpus, capsys=None) -> int:
    return main(["build", "--quiet", "--out", str(out), "--sources", str(PACK_DIR), "--corpus", str(corpus)])


def test_a_folder_of_other_files_is_refused_and_left_untouched(tmp_path, corpus, capsys):
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    (out / "thesis.txt").write_text("two years of work\n")
    (out / "notes" / "a.md").write_text("notes\n")
    before = tree(out)
    assert build(out, corpus) == 1
    err = capsys.readouterr().err
    assert f"{out}: -: --out is a folder that `sayso build` did not write" in err and "nothing was written" in err
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["mine", "src"]


@pytest.mark.parametrize("where", ["checkout", "above the checkout"])
def test_the_checkout_and_folders_holding_it_are_refused(where, corpus, capsys):
    out = REPO_ROOT if where == "checkout" else REPO_ROOT.parent
    assert build(out, corpus) == 1
    assert "--out is the checkout" in capsys.readouterr().err


def test_a_folder_with_tracked_files_is_refused_even_with_a_marker(tmp_path, corpus, capsys):
    repo = tmp_path / "repo"
    (repo / "corpus").mkdir(parents=True)
    (repo / "corpus" / "gold.jsonl").write_text("{}\n")
    (repo / "corpus" / MARKER).write_text("forged\n")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "corpus/gold.jsonl"], check=True)
    subprocess.run([*git, "commit", "-qm", "gold"], check=True)
    before = tree(repo / "corpus")
    assert build(repo / "corpus", corpus) == 1
    assert "holds files tracked by git (e.g. gold.jsonl)" in capsys.readouterr().err
    assert tree(repo / "corpus") == before


def test_a_symlink_is_refused_and_its_target_untouched(tmp_path, corpus, capsys):
    target = tmp_path / "target"
    assert build(target, corpus) == 0
    before = tree(target)
    link = tmp_path / "link"
    link.symlink_to(target)
    assert build(link, corpus) == 1
    assert "--out is a symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and tree(target) == before


def test_a_file_and_a_git_repository_are_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        check_target(tmp_path / "file")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with pytest.raises(InputError, match=r"holds a git repository"):
        check_target(tmp_path / "repo")


def test_new_empty_and_previous_builds_are_written(tmp_path, corpus):
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "new" / "deeper", tmp_path / "empty"):
        assert build(out, corpus) == 0 and is_complete_build(out)
        first = tree(out)
        assert build(out, corpus) == 0 and tree(out) == first  # replaced by an identical build


def test_leftovers_of_killed_builds_are_removed_by_the_next_build(tmp_path, corpus):
    out = tmp_path / "ds"
    assert build(out, corpus) == 0
    (tmp_path / ".ds.building-dead1" / "documents").mkdir(parents=True)
    (tmp_path / ".ds.old").mkdir()
    (tmp_path / ".other.building-x").mkdir()  # another output's: not ours to remove
    assert build(out, corpus) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.building-x", "ds", "src"]


def test_a_build_left_only_in_old_by_a_kill_between_renames_is_put_back(tmp_path, corpus):
    out = tmp_path / "ds"
    assert build(out, corpus) == 0
    os.replace(out, tmp_path / ".ds.old")  # what a kill between the fallback's two renames leaves
    recover_and_clean(out)
    assert is_complete_build(out) and not (tmp_path / ".ds.old").exists()


# -- kills and races, in real processes --------------------------------------------------------

RUN_BUILD = textwrap.dedent("""
    import os, signal, sys
    import sayso.corpus.outdir as outdir
    from sayso.cli import main
    when = os.environ.get("KILL_AT")
    if when:
        real = outdir._exchange
        def exchange(a, b):
            if when == "before-swap":
                os.kill(os.getpid(), signal.SIGKILL)
            done = real(a, b)
            if when == "after-swap":
                os.kill(os.getpid(), signal.SIGKILL)
            return done
        outdir._exchange = exchange
    sys.exit(main(["build", "--quiet", "--out", sys.argv[1], "--sources", sys.argv[2], "--corpus", sys.argv[3]]))
""")


def start_build(out: Path, corpus: Path, kill_at: str = "") -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""), "KILL_AT": kill_at}
    return subprocess.Popen([sys.executable, "-c", RUN_BUILD, str(out), str(PACK_DIR), str(corpus)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_kill_at_the_swap_leaves_the_old_or_the_new_build(tmp_path, corpus):
    out = tmp_path / "ds"
    assert build(out, corpus) == 0
    old = tree(out)
    gold = corpus / "gold" / "fixtures.jsonl"
    gold.write_text(gold.read_text().replace('"label": "GPE"', '"label": "LOC"', 1))  # the next build differs
    proc = start_build(out, corpus, "before-swap")
    assert proc.wait(timeout=120) == -signal.SIGKILL
    assert is_complete_build(out) and tree(out) == old
    proc = start_build(out, corpus, "after-swap")
    assert proc.wait(timeout=120) == -signal.SIGKILL
    assert is_complete_build(out) and tree(out) != old  # the new one; the old one lies in a leftover
    assert build(out, corpus) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "src"]


def test_kills_at_any_moment_leave_a_whole_build(tmp_path, corpus):
    out = tmp_path / "ds"
    began = time.monotonic()
    assert start_build(out, corpus).wait(timeout=120) == 0
    duration = time.monotonic() - began
    for fraction in (0.2, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0):
        proc = start_build(out, corpus)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
        assert is_complete_build(out), f"killed at {fraction:.0%} of a build"
    assert build(out, corpus) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "src"]


def test_concurrent_builds_take_turns(tmp_path, corpus):
    out = tmp_path / "ds"
    procs = [start_build(out, corpus) for _ in range(3)]
    results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    assert "Traceback" not in "".join(err for _, err in results)
    assert is_complete_build(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "src"]


def test_without_an_atomic_exchange_the_two_renames_still_replace_the_build(tmp_path, corpus, monkeypatch):
    import sayso.corpus.outdir as outdir

    monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    out = tmp_path / "ds"
    assert build(out, corpus) == 0 and build(out, corpus) == 0
    assert is_complete_build(out) and sorted(p.name for p in tmp_path.iterdir()) == ["ds", "src"]


def test_a_build_made_before_markers_is_still_replaced_but_a_lookalike_is_not(tmp_path, corpus):
    out = tmp_path / "ds"
    assert build(out, corpus) == 0
    (out / MARKER).unlink()  # as SaySo wrote it before markers (SHA256SUMS listed the marker-less files)
    sums = out / "SHA256SUMS"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines() if not line.endswith(MARKER)))
    check_target(out)
    (out / "my-notes.txt").write_text("not listed\n")
    with pytest.raises(InputError, match="did not write"):
        check_target(out)


def test_a_build_made_before_markers_left_in_old_is_put_back_too(tmp_path, corpus):
    out = tmp_path / "ds"
    assert build(out, corpus) == 0
    (out / MARKER).unlink()
    sums = out / "SHA256SUMS"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines() if not line.endswith(MARKER)))
    os.replace(out, tmp_path / ".ds.old")
    recover_and_clean(out)
    assert (out / "SHA256SUMS").is_file() and not (tmp_path / ".ds.old").exists()
