import socket
import sys  # interop: for the command line

hostname, aliases, addresses = socket.gethostbyaddr((sys.argv[1:] or ['10.9.0.10'])[0])  # interop: inputs from the command line

print('Hostname :', hostname)
print('Aliases  :', aliases)
print('Addresses:', addresses)
