"""A build killed with -9 while HermiT runs leaves no JVM and, after the next run, no temporary
folder behind (the store and export were already safe: the build swaps them in atomically)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from alliance_kg.reason.consistency import remove_stale_workspaces

from ..conftest import ROOT

#: runs HermiT on the ontology and a large made-up ABox (a JVM busy for many seconds)
CHILD = """
import pyoxigraph as ox
from alliance_kg.reason.consistency import run_hermit
triples = [q.triple for q in ox.parse(path=ONTOLOGY, format=ox.RdfFormat.TURTLE)]
ak = "https://w3id.org/alliance-kg/ontology#"
rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
for i in range(30000):
    me = ox.NamedNode(f"https://example.org/firm/{i}")
    triples.append(ox.Triple(me, rdf_type, ox.NamedNode(ak + "Company")))
    other = ox.NamedNode(f"https://example.org/firm/{(i * 7919) % 30000}")
    triples.append(ox.Triple(me, ox.NamedNode(ak + "collaboratesWith"), other))
while True:
    run_hermit(triples)
"""


def _java_children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next(
            (line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), ""
        )
        if ppid == str(pid) and b"HermiT" in cmdline:
            found.append(int(entry.name))
    return found


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_kill_9_during_hermit_leaves_no_jvm_and_no_workspace():
    source = ROOT / "ontology" / "alliance.ttl"
    child = subprocess.Popen([sys.executable, "-c", CHILD.replace("ONTOLOGY", repr(str(source)))])
    try:
        assert _wait_for(lambda: _java_children(child.pid), 120), "HermiT never started"
        jvms = _java_children(child.pid)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        # with the death signal the kernel kills the JVM at once; without, it would run on
        assert _wait_for(lambda: not any(Path(f"/proc/{j}").exists() for j in jvms), 5), (
            "the JVM outlived the killed process"
        )
    finally:
        if child.poll() is None:
            child.kill()
    mine = list(Path(tempfile.gettempdir()).glob(f"alliance-kg-hermit-{child.pid}-*"))
    removed = remove_stale_workspaces()
    assert all(folder in removed for folder in mine)
    assert not list(Path(tempfile.gettempdir()).glob(f"alliance-kg-hermit-{child.pid}-*"))
