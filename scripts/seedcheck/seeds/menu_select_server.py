# -*- coding: utf-8 -*-
# 2017/11/25 20:37
import os  # interop: for SEED_PORT
import socket
import threading
import select


def process(request, client_address):
    print(request,client_address)
    conn = request
    conn.sendall(bytes('欢迎致电 10086,请输入1xxx,0转人工服务.', encoding='utf8'))
    Flag = True
    while Flag:
        data = conn.recv(1024)
        data = str(data, encoding='utf8')
        if data == 'exit':
            Flag = False
        elif data == '0':
            print(data)
            conn.sendall(bytes('通过可能会被录音.balabala一大推', encoding='utf8'))
        else:
            conn.sendall(bytes('请重新输入.', encoding='utf8'))

sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sk.bind(('127.0.0.1',int(os.environ.get('SEED_PORT', 8002))))  # interop: the port from SEED_PORT
sk.listen(5)

while True:
    r, w, e = select.select([sk,],[],[],1)
    print('looping')
    if sk in r:
        print('get request')
        request, client_address = sk.accept()
        t = threading.Thread(target=process, args=(request, client_address))
        t.daemon = False
        t.start()
sk.close()
