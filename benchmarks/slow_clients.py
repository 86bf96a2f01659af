"""Slow clients (slowloris-style) against a server on this machine, for benchmarks/run.py.

    python benchmarks/slow_clients.py PORT [--clients 200] [--seconds 20]

Keeps `--clients` connections open to 127.0.0.1:PORT (loopback only) for `--seconds`:
half send a request's headers one line every few seconds and never finish them, half
send complete POST headers and then trickle a large body a few bytes at a time. A
connection the server closes is opened again at once, so the number stays the same.
Sync workers that read from such clients themselves are blocked by them; a buffering
proxy (nginx) reads them instead and passes on only complete requests. Prints, at the
end, how often the server cut a slow client off.
"""

import argparse
import asyncio
import time

HOST = "127.0.0.1"  # loopback only, never another machine
MAX_CLIENTS = 500


async def answered(reader):
    """The server answered (a 408, say) or closed the connection."""
    try:
        await asyncio.wait_for(reader.read(4096), timeout=0.001)
    except TimeoutError:
        return False
    return True


async def slow_headers(port, deadline, stats):
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\n")
    n = 0
    while time.monotonic() < deadline:
        await asyncio.sleep(2)
        n += 1
        writer.write(f"X-Slow-{n}: {n}\r\n".encode())
        await writer.drain()
        if await answered(reader):
            break
    writer.close()


async def slow_body(port, deadline, stats):
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(b"POST /bench/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\n"
                 b"Content-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n")
    while time.monotonic() < deadline:
        await asyncio.sleep(1)
        writer.write(b"0123456789")
        await writer.drain()
        if await answered(reader):
            break
    writer.close()


async def keep_open(kind, port, deadline, stats):
    while time.monotonic() < deadline:
        try:
            await kind(port, deadline, stats)
        except OSError:
            pass
        if time.monotonic() < deadline:
            stats["cut off"] += 1
            await asyncio.sleep(0.1)


async def main(port, clients, seconds):
    deadline = time.monotonic() + seconds
    stats = {"cut off": 0}
    kinds = [slow_headers, slow_body]
    await asyncio.gather(*(keep_open(kinds[i % 2], port, deadline, stats)
                           for i in range(clients)))
    print(f"{clients} slow clients for {seconds}s: cut off by the server "
          f"{stats['cut off']} times", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.port, min(args.clients, MAX_CLIENTS), args.seconds))
