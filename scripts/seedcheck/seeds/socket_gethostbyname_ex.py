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
    print(host)
    try:
        name, aliases, addresses = socket.gethostbyname_ex(host)
        print('  Hostname:', name)
        print('  Aliases :', aliases)
        print(' Addresses:', addresses)
    except socket.error as msg:
        print('ERROR:', msg)
    print()
