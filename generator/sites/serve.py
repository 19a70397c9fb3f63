"""`policy serve`: the internal site on localhost, rebuilt and reloaded on every edit."""

from __future__ import annotations

import functools
import io
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.output import temporary_folder
from generator.package_data import SHARED_TEMPLATES
from generator.sites import engines
from generator.sites.build import build
from generator.source.errors import SourceError

__all__ = ["serve"]

#: Seconds between looks at the source for a change where the system cannot tell of one
#: (MkDocs polls; where the system tells of changes, as Linux's inotify does, a saved file
#: is seen at once), and the seconds without a further change before a rebuild starts (an
#: editor saving a file may write it more than once): an edit shows within their sum and
#: a rebuild.
POLL, QUIET = 0.05, 0.02


def _observer(polling: Any) -> Any:
    """The system's own watcher of files (inotify on Linux, told of each change as it is
    made) in place of MkDocs's polling one, which finds a change only at its next look;
    the polling one where the system has none."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    return polling if Observer is PollingObserver else Observer(timeout=POLL)


#: A WSGI application: what it is given, and what it answers with.
App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes] | None]


def _sized_by_the_file_sent(serve: App) -> App:
    """MkDocs's serving of a file, with its length taken from the file it opened rather
    than from the file's name, which a download renamed in meanwhile (the exports land
    after the pages) has moved on to: a reader would be sent the old file under the new
    one's length, cut short or waited on for ever."""
    from wsgiref.util import FileWrapper

    def sized(environ: dict[str, Any], start_response: Callable[..., Any]
              ) -> Iterable[bytes] | None:
        answered: list[tuple[Any, ...]] = []
        sent = serve(environ, lambda *answer: answered.append(answer))
        for status, headers, *rest in answered:
            if isinstance(sent, FileWrapper) and isinstance(sent.filelike, io.BufferedReader):
                size = str(os.fstat(sent.filelike.fileno()).st_size)
                headers = [(name, size if name == "Content-Length" else value)
                           for name, value in headers]
            start_response(status, headers, *rest)
        return sent

    return sized


def _live_reload_server(**settings: Any) -> Any:
    """MkDocs's server that reloads the browser after a rebuild, each file it sends sized
    by the file it opened (see :func:`_sized_by_the_file_sent`)."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def _serve_request(self, environ: Any, start_response: Any) -> Iterable[bytes] | None:
            return _sized_by_the_file_sent(super()._serve_request)(environ, start_response)

        def meanwhile(self, wait: Callable[[], None]) -> None:
            """``wait`` while readers are sent the site as it stands: MkDocs holds every
            request from the moment a rebuild is wanted until it is done, which is right
            while pages render but not while the last build's downloads are written."""
            with self._epoch_cond:
                wanted, self._wanted_epoch = self._wanted_epoch, self._visible_epoch
                self._epoch_cond.notify_all()
            try:
                wait()
            finally:
                with self._epoch_cond:
                    self._wanted_epoch = wanted

    return Server(**settings)


def _rebuild(source: Path, out: Path, address: str, stopped: threading.Event
             ) -> threading.Thread:
    """Build the intranet into ``out``, and return (so the browser reloads) once its pages
    are in: the downloads follow, the build going on in the thread returned. The next
    rebuild waits for it, so an older edit's exports never land in a newer edit's site; a
    failure after the pages are in is still printed."""
    started, shown = time.perf_counter(), threading.Event()

    def pages_in() -> None:
        print(f"Rebuilt {source} in {time.perf_counter() - started:.2f} s; serving {address}",
              flush=True)
        shown.set()

    def run() -> None:
        try:
            build(source, out, audiences=("internal",), pdf=False, shown=pages_in)
        except SourceError as exc:
            if stopped.is_set():
                return
            if shown.is_set():
                print("The pages are in, but the downloads were not rebuilt (each is still "
                      "the last good build's):", file=sys.stderr)
            print(exc, file=sys.stderr, flush=True)
        else:
            if shown.is_set():
                print(f"Downloads rebuilt in {time.perf_counter() - started:.2f} s.",
                      flush=True)
            else:
                pages_in()
        finally:
            shown.set()

    thread = threading.Thread(target=run, name="rebuild", daemon=True)
    thread.start()
    shown.wait()
    return thread


def serve(source: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted; a source with errors keeps the last good site and prints them."""
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C stops the server even where it was started with SIGINT ignored (a shell
        # ignores it for `policy serve &`), as a server left running holds its port.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    engines.reuse_pages()  # an edit renders only the pages that show it
    with temporary_folder(None, "policy-serve-") as work:  # gone on Ctrl-C and SIGTERM too
        out = Path(work, "site")

        stopped = threading.Event()  # a build under way then fails with its folder gone
        started = functools.partial(_rebuild, source, out, f"http://{host}:{port}/", stopped)
        last = [started()]

        def rebuild() -> None:
            server.meanwhile(last[0].join)  # its downloads, served as they stand meanwhile
            last[0] = started()

        server = _live_reload_server(builder=rebuild, host=host, port=port,
                                     root=str(out / "internal"), polling_interval=POLL)
        server.build_delay = QUIET  # MkDocs waits 0.1 s for an editor to finish saving
        server.observer = _observer(server.observer)
        for folder in (source, SHARED_TEMPLATES):
            if folder.is_dir():
                server.watch(str(folder))
        try:
            server.serve()
        except KeyboardInterrupt:
            print("Stopped.")
        finally:
            stopped.set()
            server.shutdown()  # without waiting for a rebuild under way
