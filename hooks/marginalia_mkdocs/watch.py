"""`mkdocs serve` notices an edit when the operating system reports it, not up to half a second later.

MkDocs 1.6 watches files with watchdog's PollingObserver, which looks at every watched file twice a
second: a save waits on average a quarter of a second, at worst half, before the rebuild even
starts. MkDocs chose polling on purpose (mkdocs/mkdocs#2477): native change notifications (inotify,
FSEvents, ReadDirectoryChangesW) miss edits made on the other side of a network mount, a
non-native Docker volume or a WSL drive. So the server's observer is replaced by the native one
only when every watched path is on a local filesystem; anywhere else polling stays, as in MkDocs.

Running both would not do: the poll reports each save again after the native report's build has
begun, which costs a second build and a second browser reload per save.

With native notifications MkDocs's wait for a save's events to stop (0.1 s) is halved: the events
of one save (write, rename, chmod) arrive within a millisecond or two of each other, where a poll
only ever saw them half a second apart. A change whose events keep coming (a `git checkout`)
still waits until they stop, and an event after the build has begun only starts one more build.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.api import BaseObserver, ObservedWatch

log = logging.getLogger("mkdocs.hooks.edition")

# Filesystems whose changes may be made where this kernel cannot see them (another machine, the
# host of a container or VM): polling is the only watcher that notices those.
REMOTE_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "ncpfs", "9p", "virtiofs", "vboxsf", "vmhgfs",
    "drvfs", "fakeowner", "grpcfuse", "osxfs", "fuse", "prl_fs",
})
NATIVE_BUILD_DELAY_S = 0.05
CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_DELETED})


class _ChangesOnly(FileSystemEventHandler):
    """Passes on changes only. Native observers also report files being opened and closed, and
    every build reads the watched files: passing those on would rebuild for ever."""

    def __init__(self, inner: FileSystemEventHandler) -> None:
        self.inner = inner

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            self.inner.dispatch(event)


def _native_observer() -> BaseObserver | None:
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:  # watchdog found no native API on this platform
        return None

    class ChangesObserver(Observer):  # type: ignore[misc,valid-type]
        """The platform's observer; every handler scheduled on it (MkDocs's own callback included,
        for paths watched later) hears of changes only."""

        def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *, recursive: bool = False,
                     event_filter: list[type[FileSystemEvent]] | None = None,
                     follow_symlink: bool = False) -> ObservedWatch:
            watch: ObservedWatch = super().schedule(_ChangesOnly(event_handler), path, recursive=recursive,
                                                    event_filter=event_filter, follow_symlink=follow_symlink)
            return watch

        def start(self) -> None:
            # Started early (use_native_watcher) to learn whether the platform accepts the watches;
            # the server's own start() then finds it running.
            if not self.is_alive():
                super().start()

    observer: BaseObserver = ChangesObserver()
    return observer


def filesystem_type(path: str, mounts: str) -> str | None:
    """The type of the filesystem holding `path`, from a Linux mount table (/proc/self/mounts)."""
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # The table escapes spaces and other characters in mount points as octal (\040).
        point = fields[1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def on_local_filesystems(paths: list[str], mounts: str | None) -> bool:
    """Whether native notifications see every edit under `paths`. Without a Linux mount table
    (macOS, Windows) the native APIs watch local and network volumes alike."""
    if mounts is None:
        return True
    for path in paths:
        kind = filesystem_type(path, mounts)
        if kind is None or kind in REMOTE_FILESYSTEMS or kind.startswith("fuse."):
            return False
    return True


def _read_mounts() -> str | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def use_native_watcher(server: LiveReloadServer) -> bool:
    """Move the server's watches (MkDocs's callbacks and all) to the platform's observer, before
    the server starts it. Returns False, leaving MkDocs's polling in place, where that observer
    would miss edits or the platform has none."""
    # MkDocs 1.6's server has no public list of what it watches; `_watched_paths` maps each
    # watched path to how many times it was asked for.
    watched = dict(server._watched_paths)
    paths = [os.path.realpath(path) for path in watched]
    native = _native_observer()
    if native is None or not on_local_filesystems(paths, _read_mounts()):
        return False
    polling = server.observer
    _move_watches(server, watched, native)
    try:
        native.start()
    except OSError as error:  # e.g. the inotify watch limit: MkDocs's polling carries on
        native.stop()
        _move_watches(server, watched, polling)
        log.info(f"Native file notifications unavailable ({error}); edits are noticed by polling.")
        return False
    server.build_delay = min(server.build_delay, NATIVE_BUILD_DELAY_S)
    return True


def _move_watches(server: LiveReloadServer, watched: dict[str, int], observer: BaseObserver) -> None:
    """Unwatch and watch again through the public calls, so MkDocs schedules its own callback."""
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = observer  # type: ignore[assignment]  # typed PollingObserver; any observer serves
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
