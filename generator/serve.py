"""`policy serve`: the internal site on localhost, rebuilt and reloaded on every edit."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from generator.errors import SourceError
from generator.package_data import SHARED_TEMPLATES
from generator.site import build


def serve(source: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted; a source with errors keeps the last good site and prints them."""
    from mkdocs.livereload import LiveReloadServer

    with tempfile.TemporaryDirectory(prefix="policy-serve-") as work:
        out = Path(work, "site")

        def rebuild() -> None:
            try:
                build(source, out, audiences=("internal",), pdf=False)
            except SourceError as exc:
                print(exc, file=sys.stderr)
                return
            print(f"Rebuilt {source}; serving http://{host}:{port}/", flush=True)

        rebuild()
        server = LiveReloadServer(builder=rebuild, host=host, port=port,
                                  root=str(out / "internal"), polling_interval=0.1)
        for folder in (source, SHARED_TEMPLATES):
            if folder.is_dir():
                server.watch(str(folder))
        try:
            server.serve()
        except KeyboardInterrupt:
            print("Stopped.")
        finally:
            server.shutdown()
