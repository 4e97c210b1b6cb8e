# -*- coding: utf-8 -*-
# 2017/11/25 20:16
import os  # interop: for SEED_PORT
import socket
ip_port = ('127.0.0.1',int(os.environ.get('SEED_PORT', 8009)))  # interop: the port from SEED_PORT
sk = socket.socket()
sk.connect(ip_port)
sk.settimeout(5)

while True:
    data = sk.recv(1024)
    data = str(data, encoding='utf8')
    print('receive:',data)
    inp = input('please input:')
    sk.sendall(bytes(inp,encoding="utf8"))
    if inp == 'exit':
        break

sk.close()
