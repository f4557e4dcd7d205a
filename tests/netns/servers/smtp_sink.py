#!/usr/bin/env python3
# tests/netns/servers/smtp_sink.py ADDR PORT OUT: a minimal SMTP server
# that records every dialogue in OUT, for comparing the alerts of two
# daemons.  Per mail, the envelope (HELO, MAIL FROM, RCPT TO lines as
# received) and the DATA with the Date: header value replaced by <date>
# are appended to OUT, followed by a line "=== end"; OUT is flushed
# after each mail.  One connection at a time, as the daemons send.
import socket
import sys


def serve(conn, out):
    f = conn.makefile("rb")
    conn.sendall(b"220 sink ESMTP\r\n")
    rec = []
    while True:
        line = f.readline()
        if not line:
            return
        cmd = line.decode(errors="replace").rstrip("\r\n")
        up = cmd.upper()
        if up.startswith("HELO") or up.startswith("EHLO") or \
                up.startswith("MAIL") or up.startswith("RCPT"):
            rec.append(cmd)
            conn.sendall(b"250 ok\r\n")
        elif up == "DATA":
            conn.sendall(b"354 go\r\n")
            while True:
                d = f.readline()
                if not d:
                    return
                d = d.decode(errors="replace").rstrip("\r\n")
                if d == ".":
                    break
                if d.startswith("Date: "):
                    d = "Date: <date>"
                rec.append("| " + d)
            rec.append("=== end")
            out.write("\n".join(rec) + "\n")
            out.flush()
            rec = []
            conn.sendall(b"250 queued\r\n")
        elif up == "QUIT":
            conn.sendall(b"221 bye\r\n")
            return
        else:
            conn.sendall(b"502 no\r\n")


def main():
    addr, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    with open(path, "a") as out:
        while True:
            c, _ = s.accept()
            try:
                c.settimeout(30)
                serve(c, out)
            except OSError:
                pass
            finally:
                c.close()


main()
