import socket
from urllib.parse import urlunparse
import sys  # interop: for the command line

for port in [int(p) for p in sys.argv[1:]] or [80, 443, 21, 70, 25, 143, 993, 110, 995]:  # interop: inputs from the command line
    url = '{}://example.com/'.format(socket.getservbyport(port))
    print(url)
