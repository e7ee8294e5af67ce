"""The validated-data cache: content-keyed, digest-checked, written safely in a private folder.

A cache entry is the validated data of one set of data files. Its name and key are a SHA-256 of
what the answer depends on: the bytes of every data file (bundle and overlay), this code's version
and cache format, and the version of pycountry, whose names the place index embeds. An edit that
keeps a file's size and modification time (`cp -p`, `rsync -a`, a reproducible tarball) therefore
misses the cache, as does the same relative `--data-dir` used in two projects.

An entry is one line of JSON header (the key and a SHA-256 of the body), then the JSON body. A body
that does not match its digest, a header for another key, or anything else unexpected is treated as
a miss and rebuilt silently. The digest catches corruption and careless edits; the folder, created
0700 and refused if another user owns it, keeps other users from planting entries or symlinks.
Entries are opened without following symlinks, only if they are regular files, and read no further
than a bound; they are written with `mkstemp` and renamed into place, and temporary files that a
killed process left behind are removed.

Beside the entries lies the answer index of `check`'s fast path (see `quick`), written and read with
the same care.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

FORMAT = 2
MAX_ENTRY_BYTES = 64 * 2**20
STALE_TEMP_SECONDS = 3600
_TEMP_SUFFIX = ".tmp"


def folder() -> str | None:
    """The cache folder: $TRAVELRISK_CACHE_DIR, else the platform's user cache folder; None when
    $TRAVELRISK_NO_CACHE is set."""
    if os.environ.get("TRAVELRISK_NO_CACHE"):
        return None
    configured = os.environ.get("TRAVELRISK_CACHE_DIR")
    if configured:
        return configured
    if sys.platform.startswith("linux"):
        # What platformdirs.user_cache_dir gives on Linux (tests compare the two), without the
        # few milliseconds its import costs every `check`.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        return os.path.join(base, "travelrisk")
    import platformdirs

    return platformdirs.user_cache_dir("travelrisk", appauthor=False)


def content_key(version: str, contents: Iterable[tuple[str, bytes]]) -> str:
    """The hex SHA-256 of the code version, the cache format, pycountry's version and every
    (label, bytes) pair given, in the order given."""
    import hashlib

    digest = hashlib.sha256()
    for part in (version, str(FORMAT), pycountry_version()):
        digest.update(part.encode() + b"\0")
    for label, content in contents:
        digest.update(f"{label}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def pycountry_version() -> str:
    """pycountry's installed version, from its dist-info folder's name: importlib.metadata would
    cost `check` more start-up time than everything else here."""
    import importlib.util

    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.origin:
        return "none"
    site = os.path.dirname(os.path.dirname(spec.origin))
    try:
        found = sorted(n for n in os.listdir(site) if n.lower().startswith("pycountry-"))
    except OSError:
        found = []
    return ";".join(found) or f"unversioned:{spec.origin}"


def entry_path(cache_folder: str, key: str) -> str:
    return os.path.join(cache_folder, f"data-{key[:32]}.json")


def read(path: str, key: str) -> Any | None:
    """The body cached at `path` for `key`, or None for a miss (absent, unsafe, corrupt, stale)."""
    content = read_bytes(path, MAX_ENTRY_BYTES)
    if content is None:
        return None
    header, _, body = content.partition(b"\n")
    try:
        meta = json.loads(header)
        if not isinstance(meta, dict) or meta.get("key") != key:
            return None
        import hashlib

        if meta.get("digest") != hashlib.sha256(body).hexdigest():
            return None
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def read_bytes(path: str, limit: int, own: bool = False) -> bytes | None:
    """The bytes of the regular file at `path`, not through a symlink, if it holds at most
    `limit` of them (and, with `own`, belongs to this user); else None."""
    handle = open_entry(path, limit, own)
    if handle is None:
        return None
    try:
        with handle:
            content: bytes = handle.read(limit + 1)
    except OSError:
        return None
    return content if len(content) <= limit else None


def open_entry(path: str, limit: int, own: bool = False) -> BinaryIO | None:
    """The regular file at `path` open for reading, not through a symlink, if it holds at most
    `limit` bytes (and, with `own`, belongs to this user); else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        getuid = getattr(os, "geteuid", None)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if own and getuid is not None and info.st_uid != getuid():
            return None
        handle = os.fdopen(fd, "rb")
        fd = -1
        return handle
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def write(path: str, key: str, body: Mapping[str, Any], default: Any = None) -> None:
    """Store `body` for `key` at `path`; any failure only costs speed next time."""
    try:
        payload = json.dumps(body, default=default, allow_nan=False).encode()
    except (TypeError, ValueError, RecursionError):
        return  # a value JSON cannot hold: answer without a cache
    import hashlib

    header = json.dumps({"key": key, "digest": hashlib.sha256(payload).hexdigest()}).encode()
    write_bytes(path, header + b"\n" + payload)


def write_bytes(path: str, content: bytes) -> None:
    """Put `content` at `path` in the cache folder, whole or not at all (a temporary file renamed
    into place); any failure only costs speed next time."""
    cache_folder = os.path.dirname(path)
    if not _private_folder(cache_folder):
        return
    import tempfile

    _remove_stale_temps(cache_folder)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".data-", suffix=_TEMP_SUFFIX, dir=cache_folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)  # replaces a symlink planted at `path`; never writes through it
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.remove(tmp)


def _private_folder(path: str) -> bool:
    """Create `path` 0700 if absent; True if it is then a real folder owned by this user that no
    one else can write to (tightened to 0700 if it is ours but open)."""
    with contextlib.suppress(OSError):
        os.makedirs(path, mode=0o700, exist_ok=True)
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False  # a symlink, a file, a device: not ours to write in
    getuid = getattr(os, "geteuid", None)
    if getuid is not None and info.st_uid != getuid():
        return False
    if info.st_mode & 0o077:
        try:
            os.chmod(path, 0o700)
        except OSError:
            return False
    return True


def _remove_stale_temps(cache_folder: str) -> None:
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        entries = list(os.scandir(cache_folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(".data-") and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.remove(entry.path)
