"""The slow-client case: four uploads at 100 KB/s and two connections sending headers slowly, and readers.

Used by tests/reliability/test_slow_clients.py against the nginx layout, and runnable by hand against
any address (`python -m tests.reliability.slow_clients http://127.0.0.1:8001/`) to compare.
"""

import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

UPLOADS = 4
UPLOAD_RATE = 100_000  # bytes per second, each
UPLOAD_SIZE = 2_000_000  # 20 s at that rate: longer than the readers take
SLOW_HEADERS = 2
READERS = 20
READER_TIMEOUT = 5.0


def _slow_upload(host, port, stop):
    """POST a form body at UPLOAD_RATE; start again when the server closes the connection."""
    chunk = b"a" * (UPLOAD_RATE // 10)
    while not stop.is_set():
        try:
            with socket.create_connection((host, port), timeout=5) as connection:
                connection.sendall(
                    (
                        f"POST /login/ HTTP/1.1\r\nHost: {host}\r\n"
                        "Content-Type: application/x-www-form-urlencoded\r\n"
                        f"Content-Length: {UPLOAD_SIZE}\r\n\r\n"
                    ).encode()
                )
                sent = 0
                while sent < UPLOAD_SIZE and not stop.is_set():
                    connection.sendall(chunk)
                    sent += len(chunk)
                    time.sleep(0.1)
        except OSError:
            time.sleep(0.1)


def _slow_headers(host, port, stop):
    """Send a request's header one line a second, never ending it; reconnect when dropped."""
    while not stop.is_set():
        try:
            with socket.create_connection((host, port), timeout=5) as connection:
                connection.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode())
                while not stop.is_set():
                    time.sleep(1)
                    connection.sendall(b"X-Slow: 1\r\n")
        except OSError:
            time.sleep(0.1)


def _read(url):
    """Return (seconds, status) of one GET of `url`; status None when it failed or timed out."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=READER_TIMEOUT) as response:
            response.read()
            status = response.status
    except (urllib.error.URLError, OSError):
        status = None
    return time.monotonic() - started, status


def run(url, *, warmup=1.0):
    """Run the case against `url` (a page); return [(seconds, status)] of the READERS reader requests."""
    parts = urlsplit(url)
    stop = threading.Event()
    attackers = [
        threading.Thread(target=_slow_upload, args=(parts.hostname, parts.port, stop), daemon=True)
        for _ in range(UPLOADS)
    ] + [
        threading.Thread(target=_slow_headers, args=(parts.hostname, parts.port, stop), daemon=True)
        for _ in range(SLOW_HEADERS)
    ]
    for thread in attackers:
        thread.start()
    try:
        time.sleep(warmup)  # the slow clients have their connections before the first reader
        return [_read(url) for _ in range(READERS)]
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=3)


def p99(results):
    """The 99th percentile of the readers' times (nearest rank), in seconds."""
    times = sorted(seconds for seconds, _status in results)
    return times[min(len(times) - 1, max(0, -(-99 * len(times) // 100) - 1))]


if __name__ == "__main__":
    results = run(sys.argv[1])
    ok = sum(1 for _seconds, status in results if status == 200)
    print(
        f"{ok}/{len(results)} readers answered 200; p99 {p99(results):.3f} s; max {max(s for s, _ in results):.3f} s"
    )
