import ipaddress
import sys  # interop: for the command line

NETWORKS = [
    '10.9.0.0/24',
    'fdfd:87b5:b475:5e3e::/64',
]
NETWORKS = sys.argv[1:] or NETWORKS  # interop: inputs from the command line

for n in NETWORKS:
    net = ipaddress.ip_network(n)
    print('{!r}'.format(net))
    for i, ip in zip(range(3), net):
        print(ip)
    print()
