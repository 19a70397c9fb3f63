"""A LibreOffice kept running to turn Word documents into PDFs, so a single letter does not
pay for starting LibreOffice (about a second and a half of CPU) every time.

Run by :mod:`generator.documents.pdf` with the Python that LibreOffice's UNO bridge is built for
(Debian's python3-uno), so it imports nothing of the generator: arguments are the socket
to serve, the profile folder (a URL) and the idle seconds after which it stops. It prints
``ready`` once LibreOffice answers, then takes one request a connection: a JSON line
``{"documents": [...], "out_dir": "...", "options": {...}}`` (the PDF export's options),
answered by a JSON line ``{"failed": [...]}`` naming each document it could not convert.
The documents are loaded hidden and read-only and stored with the same filter and options
as ``soffice --convert-to``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

__all__ = []


def _property(name: str, value: Any) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str, office: subprocess.Popen, timeout: float) -> Any:
    """The running LibreOffice's desktop, once it accepts connections on ``pipe``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:  # NoConnectException: not listening yet
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _convert(desktop: Any, document: Path, out_dir: Path, options: dict[str, Any]) -> None:
    loaded = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(document)), "_blank", 0,
                                          (_property("Hidden", True),))
    try:
        options = uno.Any("[]com.sun.star.beans.PropertyValue",
                          tuple(_property(name, value) for name, value in options.items()))
        target = uno.systemPathToFileUrl(str(out_dir / f"{document.stem}.pdf"))
        uno.invoke(loaded, "storeToURL", (target, (
            _property("FilterName", "writer_pdf_Export"), _property("FilterData", options),
            _property("Overwrite", True))))
    finally:
        loaded.close(True)


def _serve(server: socket.socket, desktop: Any, office: subprocess.Popen,
           idle: float) -> None:
    """Requests one at a time, until none comes for ``idle`` seconds or LibreOffice has
    gone (a client then starts a new converter)."""
    server.settimeout(idle)
    while office.poll() is None:
        try:
            connection, _ = server.accept()
        except TimeoutError:
            return
        if office.poll() is not None:
            connection.close()
            return
        with connection, connection.makefile("rw", encoding="utf-8") as stream:
            request = json.loads(stream.readline())
            failed = []
            for name in request["documents"]:
                try:
                    _convert(desktop, Path(name), Path(request["out_dir"]),
                             request.get("options", {"UseTaggedPDF": True}))
                except Exception as exc:  # told to the client, which falls back
                    failed.append([name, str(exc)])
            stream.write(json.dumps({"failed": failed}) + "\n")


def main(socket_path: str, profile: str, idle: float) -> None:
    # Stopped (kill, logout), it still ends its LibreOffice, in the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(0))
    pipe = f"council-policy-{os.getpid()}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation={profile}", "--headless",
                               "--invisible", "--norestore", "--nologo", "--nodefault",
                               f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # its group: soffice.bin with it
    try:
        desktop = _connect(pipe, office, 60)
        Path(socket_path).unlink(missing_ok=True)
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(socket_path)
            server.listen(8)
            print("ready", flush=True)
            _serve(server, desktop, office, idle)
        Path(socket_path).unlink(missing_ok=True)
        desktop.terminate()
        office.wait(10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(office.pid, signal.SIGKILL)
        office.wait()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
