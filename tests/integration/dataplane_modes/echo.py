#!/usr/bin/env python3
"""TCP and UDP echo for the accept-mode test.

  echo.py serve ADDR PORT          echo TCP and UDP on ADDR:PORT until killed
  echo.py tcp|udp ADDR PORT        one exchange, 1 s timeout; exit 0 if echoed
"""
import socket
import sys
import threading


def serve(addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    tcp = socket.socket(fam, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, port))
    tcp.listen(8)
    udp = socket.socket(fam, socket.SOCK_DGRAM)
    udp.bind((addr, port))  # bound to the VIP, so replies come from it

    def udp_loop():
        while True:
            data, peer = udp.recvfrom(2048)
            udp.sendto(data, peer)

    threading.Thread(target=udp_loop, daemon=True).start()
    while True:
        conn, _ = tcp.accept()
        with conn:
            conn.sendall(conn.recv(2048))


def once(kind, addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
    s.settimeout(1.0)
    try:
        s.connect((addr, port))
        s.send(b"xvrrp")
        return 0 if s.recv(2048) == b"xvrrp" else 1
    except OSError:
        return 1


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(once(sys.argv[1], sys.argv[2], int(sys.argv[3])))
