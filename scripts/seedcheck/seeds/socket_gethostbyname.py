import socket
import sys  # interop: for the command line

HOSTS = [
    'apu',
    'pymotw.com',
    'www.python.org',
    'nosuchname',
]
HOSTS = sys.argv[1:] or HOSTS  # interop: inputs from the command line

for host in HOSTS:
    try:
        print('{} : {}'.format(host, socket.gethostbyname(host)))
    except socket.error as msg:
        print('{} : {}'.format(host, msg))
