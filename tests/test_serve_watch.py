"""`mkdocs serve` hears of an edit from the operating system (marginalia_mkdocs/watch.py).

The tests use MkDocs's real LiveReloadServer with MkDocs's own watch callbacks, without serving:
a rebuild request shows as the server's `_want_rebuild` flag. Nothing is timed; the waits are
generous bounds (`make bench` measures how fast a served page changes).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from marginalia_mkdocs.watch import NATIVE_BUILD_DELAY_S, filesystem_type, on_local_filesystems, use_native_watcher

native_only = pytest.mark.skipif(Observer is PollingObserver, reason="this platform has no native notifications")
BOUND_S = 10.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveReloadServer]:
    live = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    yield live
    if live.observer.is_alive():
        live.observer.stop()
        live.observer.join(timeout=BOUND_S)
    live.server_close()


def serve_natively(server: LiveReloadServer, *paths: Path) -> None:
    for path in paths:
        server.watch(str(path))
    assert server.build_delay == 0.1  # MkDocs's wait for a save's events to stop, sized for its poll
    assert use_native_watcher(server)
    assert not isinstance(server.observer, PollingObserver)
    assert server.build_delay == NATIVE_BUILD_DELAY_S
    server.observer.start()  # what LiveReloadServer.serve() does next


def served_folder(server: LiveReloadServer, folder: Path, files: dict[str, str]) -> Path:
    """`folder` holding `files`, watched through the native observer."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    serve_natively(server, folder)
    return folder


def rebuild_requested(server: LiveReloadServer, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                server._want_rebuild = False
                return True
        time.sleep(0.01)
    return False


@native_only
def test_saving_a_yaml_file_asks_for_a_rebuild(server: LiveReloadServer, tmp_path: Path) -> None:
    notes = tmp_path / "annotations" / "essay" / "notes"
    notes.mkdir(parents=True)
    (notes / "a.yml").write_text("- id: a\n", encoding="utf-8")
    serve_natively(server, tmp_path / "annotations")  # recursive: a save deep inside is heard
    (notes / "a.yml").write_text("- id: b\n", encoding="utf-8")
    assert rebuild_requested(server, BOUND_S)


@native_only
def test_an_editor_saving_by_rename_asks_for_a_rebuild(server: LiveReloadServer, tmp_path: Path) -> None:
    folder = served_folder(server, tmp_path / "annotations", {"glossary.yml": "terms: []\n"})
    (folder / ".glossary.yml.swp").write_text("terms: [x]\n", encoding="utf-8")
    assert rebuild_requested(server, BOUND_S)
    (folder / ".glossary.yml.swp").replace(folder / "glossary.yml")
    assert rebuild_requested(server, BOUND_S)


@native_only
def test_reading_files_does_not_ask_for_a_rebuild(server: LiveReloadServer, tmp_path: Path) -> None:
    """Every build reads the watched files; native observers report opening and closing too, and
    MkDocs's callback would take those for changes and rebuild for ever."""
    folder = served_folder(server, tmp_path / "annotations", {"notes.yml": "- id: a\n"})
    for _ in range(5):
        assert (folder / "notes.yml").read_text(encoding="utf-8")
    assert not rebuild_requested(server, 1.0)
    (folder / "notes.yml").write_text("- id: c\n", encoding="utf-8")
    assert rebuild_requested(server, BOUND_S)  # and it is still listening


@native_only
def test_a_watched_file_is_heard_but_not_its_neighbours(server: LiveReloadServer, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    serve_natively(server, config)
    (tmp_path / "README.md").write_text("unrelated\n", encoding="utf-8")
    assert not rebuild_requested(server, 1.0)
    config.write_text("site_name: y\n", encoding="utf-8")
    assert rebuild_requested(server, BOUND_S)


@native_only
def test_paths_watched_after_the_switch_hear_changes_only(server: LiveReloadServer, tmp_path: Path) -> None:
    """MkDocs watches mkdocs.yml's `watch:` list after the serve event, with its own callback."""
    served_folder(server, tmp_path / "docs", {})
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    server.watch(str(overrides))
    assert (overrides / "main.html").read_text(encoding="utf-8")
    assert not rebuild_requested(server, 1.0)
    (overrides / "main.html").write_text("{% extends 'base.html' %}{# edited #}\n", encoding="utf-8")
    assert rebuild_requested(server, BOUND_S)


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /home/editor/share nfs4 rw 0 0
drvfs /mnt/c 9p rw 0 0
/dev/sdb1 /home/editor/My\\040Books ext4 rw 0 0
sshfs#host: /home/editor/remote fuse.sshfs rw 0 0
"""


def test_the_filesystem_of_a_path_is_that_of_its_deepest_mount() -> None:
    assert filesystem_type("/home/editor/edition/annotations", MOUNTS) == "ext4"
    assert filesystem_type("/home/editor/share/edition", MOUNTS) == "nfs4"
    assert filesystem_type("/home/editor/sharp", MOUNTS) == "ext4"  # a prefix of a name is not a folder
    assert filesystem_type("/home/editor/My Books/edition", MOUNTS) == "ext4"


@pytest.mark.parametrize(("path", "local"), [
    ("/home/editor/edition", True),
    ("/home/editor/share/edition", False),  # another machine writes there
    ("/mnt/c/Users/editor/edition", False),  # WSL: Windows programs write there
    ("/home/editor/remote/edition", False),
])
def test_polling_stays_where_native_notifications_would_miss_edits(path: str, local: bool) -> None:
    assert on_local_filesystems([path], MOUNTS) is local
    assert on_local_filesystems([path], None)  # no mount table (macOS, Windows): native APIs see all


def test_on_a_network_mount_the_server_keeps_polling(server: LiveReloadServer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import marginalia_mkdocs.watch as watch

    monkeypatch.setattr(watch, "_read_mounts", lambda: f"server:/export {tmp_path} nfs4 rw 0 0\n")
    server.watch(str(tmp_path))
    assert not use_native_watcher(server)
    assert isinstance(server.observer, PollingObserver)
    assert server.build_delay == 0.1
    assert server._watched_paths == {str(tmp_path): 1}
