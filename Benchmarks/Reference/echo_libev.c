/* The C reference for reactor-echo: the same echo server in C on libev's ev_io, one loop.
 * Same buffering policy: read up to 64 KiB into one shared buffer, write it straight back, keep
 * what the peer does not take yet per connection and stop reading until it has drained.
 * Build: cc -O2 -o echo_libev echo_libev.c -lev   (scripts/compare does this)
 * Usage: echo_libev [--port P] [--udp P] [--unix PATH]   (port 0: the kernel picks; printed) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ev.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct { ev_io w; char *rest; size_t len; } conn;   /* w first: the callback casts */
static char buf[65536];

static void die(const char *what) { perror(what); exit(1); }

static void conn_close(struct ev_loop *loop, conn *c) {
    ev_io_stop(loop, &c->w);
    close(c->w.fd);
    free(c->rest);
    free(c);
}

static void watch(struct ev_loop *loop, conn *c, int events) {
    ev_io_stop(loop, &c->w);
    ev_io_set(&c->w, c->w.fd, events);
    ev_io_start(loop, &c->w);
}

/* Writes up to n bytes; returns how many went out, or -1 on an error other than would-block. */
static ssize_t write_some(int fd, const char *p, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t w = send(fd, p + done, n - done, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)done;
}

static void conn_cb(struct ev_loop *loop, ev_io *w, int revents) {
    conn *c = (conn *)w;
    if (revents & EV_WRITE) {                                   /* draining the rest */
        ssize_t w2 = write_some(w->fd, c->rest, c->len);
        if (w2 < 0) { conn_close(loop, c); return; }
        memmove(c->rest, c->rest + w2, c->len - (size_t)w2);
        c->len -= (size_t)w2;
        if (c->len == 0) watch(loop, c, EV_READ);
        return;
    }
    ssize_t n = recv(w->fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) { conn_close(loop, c); return; }
    ssize_t sent = write_some(w->fd, buf, (size_t)n);
    if (sent < 0) { conn_close(loop, c); return; }
    if (sent < n) {                                             /* keep the rest, stop reading */
        if (!c->rest) c->rest = malloc(sizeof buf);
        if (!c->rest) die("malloc");
        c->len = (size_t)(n - sent);
        memcpy(c->rest, buf + sent, c->len);
        watch(loop, c, EV_WRITE);
    }
}

static void accept_cb(struct ev_loop *loop, ev_io *w, int revents) {
    (void)revents;
    for (int i = 0; i < 64; i++) {
        int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) { if (errno == EINTR || errno == ECONNABORTED) continue; return; }
        if (w->data) { int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }
        conn *c = calloc(1, sizeof *c);
        if (!c) die("calloc");
        ev_io_init(&c->w, conn_cb, fd, EV_READ);
        ev_io_start(loop, &c->w);
    }
}

static void udp_cb(struct ev_loop *loop, ev_io *w, int revents) {
    (void)loop; (void)revents;
    for (int i = 0; i < 64; i++) {
        struct sockaddr_storage from;
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(w->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
        if (n < 0) return;
        sendto(w->fd, buf, (size_t)n, MSG_NOSIGNAL, (struct sockaddr *)&from, len);
    }
}

static int open_socket(int family, int type, const struct sockaddr *a, socklen_t len, const char *name) {
    int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0) die("socket");
    if (family != AF_UNIX) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a, len) < 0) die("bind");
    if (type == SOCK_STREAM && listen(fd, 4096) < 0) die("listen");
    if (family == AF_INET) {
        struct sockaddr_in bound; socklen_t bl = sizeof bound;
        getsockname(fd, (struct sockaddr *)&bound, &bl);
        printf("listening %s 127.0.0.1:%d\n", name, ntohs(bound.sin_port));
    } else {
        printf("listening %s %s\n", name, ((const struct sockaddr_un *)a)->sun_path);
    }
    fflush(stdout);
    return fd;
}

static void stop_cb(struct ev_loop *loop, ev_signal *w, int revents) { (void)w; (void)revents; ev_break(loop, EVBREAK_ALL); }

int main(int argc, char **argv) {
    int port = 10000, udp = -1;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--port") && i + 1 < argc) port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--udp") && i + 1 < argc) udp = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--unix") && i + 1 < argc) path = argv[++i];
        else if (strcmp(argv[i], "--quiet")) { fprintf(stderr, "usage: %s [--port P] [--udp P] [--unix PATH]\n", argv[0]); return 64; }
    }
    signal(SIGPIPE, SIG_IGN);
    struct ev_loop *loop = ev_default_loop(EVFLAG_AUTO);
    static ev_io tcp, unix_listener, dgram;
    static ev_signal sigint, sigterm;
    struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    ev_io_init(&tcp, accept_cb, open_socket(AF_INET, SOCK_STREAM, (struct sockaddr *)&in, sizeof in, "tcp"), EV_READ);
    tcp.data = &tcp;                                            /* non-NULL: set TCP_NODELAY */
    ev_io_start(loop, &tcp);
    if (udp >= 0) {
        in.sin_port = htons(udp);
        ev_io_init(&dgram, udp_cb, open_socket(AF_INET, SOCK_DGRAM, (struct sockaddr *)&in, sizeof in, "udp"), EV_READ);
        ev_io_start(loop, &dgram);
    }
    if (path) {
        struct sockaddr_un un = { .sun_family = AF_UNIX };
        snprintf(un.sun_path, sizeof un.sun_path, "%s", path);
        unlink(path);
        ev_io_init(&unix_listener, accept_cb, open_socket(AF_UNIX, SOCK_STREAM, (struct sockaddr *)&un, sizeof un, "unix"), EV_READ);
        ev_io_start(loop, &unix_listener);
    }
    ev_signal_init(&sigint, stop_cb, SIGINT);
    ev_signal_start(loop, &sigint);
    ev_signal_init(&sigterm, stop_cb, SIGTERM);
    ev_signal_start(loop, &sigterm);
    ev_run(loop, 0);
    if (path) unlink(path);
    return 0;
}
