import socket
import sys  # interop: for the command line

for host in sys.argv[1:] or ['apu', 'pymotw.com']:  # interop: inputs from the command line
    print('{:>10} : {}'.format(host, socket.getfqdn(host)))
