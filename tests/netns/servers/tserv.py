#!/usr/bin/env python3
"""tests/netns/servers/tserv.py: tiny real servers for the checker suites.

    python3 tserv.py MODE ADDR PORT LOG

MODE is one of
    tcp   accept and close (a MySQL-port listener is no more than this)
    http  HTTP/1.x: "200 OK" with body "vigil ok\n" for any GET
    smtp  "220" greeting, "250" to HELO/EHLO, "221" to QUIT
    dns   UDP: answer every query with its id, QR set, rcode 0
    udp   UDP echo
    https HTTP over TLS (python3's ssl): certificate TSERV_CERT, key
          TSERV_KEY; with TSERV_CLIENT_CA a client certificate signed by
          that CA is required.  The answer is "200" with body
          "vigil ok\n", or, when the file TSERV_RESP exists, its first
          line is the status code and the rest the body (read at every
          request, so a test can change it).  Its log line is written
          after the handshake and ends with "sni=<name>" (or "sni=-"),
          or "handshake-failed" when the handshake failed.
Every connection or datagram appends "<epoch ms> <mode> <peer>" to LOG
(line flushed), so a test knows when each check ran.  Runs until killed.
"""
import os
import socket
import sys
import time

mode, addr, port, logpath = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
log = open(logpath, "a", buffering=1)


def note(peer, extra=""):
    log.write("%d %s %s%s\n" % (int(time.time() * 1000), mode, peer[0],
                                  extra))


def tcp_server():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    return s


def readline(c, limit=4096):
    buf = b""
    while not buf.endswith(b"\n") and len(buf) < limit:
        b = c.recv(1)
        if not b:
            break
        buf += b
    return buf


def serve_tcp(handler):
    s = tcp_server()
    while True:
        c, peer = s.accept()
        note(peer)
        c.settimeout(5)
        try:
            handler(c)
        except OSError:
            pass
        c.close()


def h_tcp(c):
    pass


def h_http(c):
    req = b""
    while b"\r\n\r\n" not in req and len(req) < 8192:
        b = c.recv(4096)
        if not b:
            return
        req += b
    body = b"vigil ok\n"
    c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
              b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)


def https_answer():
    path = os.environ.get("TSERV_RESP")
    if path and os.path.exists(path):
        with open(path, "rb") as f:
            data = f.read()
        code, _, body = data.partition(b"\n")
        return int(code), body
    return 200, b"vigil ok\n"


def serve_https():
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.environ["TSERV_CERT"], os.environ["TSERV_KEY"])
    if os.environ.get("TSERV_CLIENT_CA"):
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(os.environ["TSERV_CLIENT_CA"])
    seen = {}

    def on_sni(sock, name, _ctx):
        seen["sni"] = name
    ctx.sni_callback = on_sni
    s = tcp_server()
    while True:
        c, peer = s.accept()
        c.settimeout(5)
        seen.clear()
        try:
            t = ctx.wrap_socket(c, server_side=True)
        except (OSError, ssl.SSLError):
            note(peer, " handshake-failed")
            c.close()
            continue
        note(peer, " sni=%s" % (seen.get("sni") or "-"))
        try:
            req = b""
            while b"\r\n\r\n" not in req and len(req) < 8192:
                b = t.recv(4096)
                if not b:
                    break
                req += b
            code, body = https_answer()
            t.sendall(b"HTTP/1.0 %d X\r\nContent-Type: text/plain\r\n"
                      b"Content-Length: %d\r\nConnection: close\r\n\r\n"
                      % (code, len(body)) + body)
            t.unwrap()
        except (OSError, ssl.SSLError):
            pass
        c.close()


def h_smtp(c):
    c.sendall(b"220 tserv ESMTP\r\n")
    while True:
        l = readline(c)
        if not l:
            return
        v = l[:4].upper()
        if v in (b"HELO", b"EHLO"):
            c.sendall(b"250 tserv\r\n")
        elif v == b"QUIT":
            c.sendall(b"221 bye\r\n")
            return
        else:
            c.sendall(b"250 ok\r\n")


def serve_udp(dns):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        d, peer = s.recvfrom(4096)
        note(peer)
        if dns:
            if len(d) < 12:
                continue
            # Same id, QR + the query's RD, RA, rcode 0, no answers:
            # enough for a DNS_CHECK (id, QR, rcode).
            flags = 0x8000 | (d[2] & 0x01) << 8 | 0x0080
            d = d[:2] + bytes([flags >> 8, flags & 0xff]) + d[4:6] + \
                b"\0\0\0\0\0\0" + d[12:]
        s.sendto(d, peer)


if mode == "tcp":
    serve_tcp(h_tcp)
elif mode == "http":
    serve_tcp(h_http)
elif mode == "smtp":
    serve_tcp(h_smtp)
elif mode == "https":
    serve_https()
elif mode == "dns":
    serve_udp(True)
elif mode == "udp":
    serve_udp(False)
else:
    sys.exit("tserv: unknown mode " + mode)
