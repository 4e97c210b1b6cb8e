#ifndef CLIBEV_H
#define CLIBEV_H

#if !__has_include(<ev.h>)
#error "libev headers not found: install them with `apt-get install libev-dev` (or run ./scripts/test, which does)"
#endif

/* Hide the pre-4.0 names (ev_loop(), ev_unloop()) so Swift sees one spelling of each function. */
#define EV_COMPAT3 0
#include <ev.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>
#include <pthread.h>

/*
 * libev's watcher initialisers and accessors are function-like macros, which Swift cannot import.
 * Each shim below wraps exactly one macro the Swift code calls; its name is the macro's with
 * `ev_` replaced by `clibev_`. Everything else in <ev.h> (ev_loop_new, ev_run, ev_io_start, ...)
 * imports directly. They are `static inline`, so release builds compile them away.
 */

typedef void (*clibev_io_cb)(struct ev_loop *, ev_io *, int);
typedef void (*clibev_timer_cb)(struct ev_loop *, ev_timer *, int);
typedef void (*clibev_signal_cb)(struct ev_loop *, ev_signal *, int);
typedef void (*clibev_async_cb)(struct ev_loop *, ev_async *, int);
typedef void (*clibev_check_cb)(struct ev_loop *, ev_check *, int);
typedef void (*clibev_idle_cb)(struct ev_loop *, ev_idle *, int);
typedef void (*clibev_prepare_cb)(struct ev_loop *, ev_prepare *, int);

/* ev_io_init */
static inline void clibev_io_init(ev_io *w, clibev_io_cb cb, int fd, int events) { ev_io_init(w, cb, fd, events); }
/* ev_io_set */
static inline void clibev_io_set(ev_io *w, int fd, int events) { ev_io_set(w, fd, events); }
/* ev_io_modify */
static inline void clibev_io_modify(ev_io *w, int events) { ev_io_modify(w, events); }
/* ev_timer_init */
static inline void clibev_timer_init(ev_timer *w, clibev_timer_cb cb, ev_tstamp after, ev_tstamp repeat) {
    ev_timer_init(w, cb, after, repeat);
}
/* ev_timer_set */
static inline void clibev_timer_set(ev_timer *w, ev_tstamp after, ev_tstamp repeat) { ev_timer_set(w, after, repeat); }
/* ev_signal_init */
static inline void clibev_signal_init(ev_signal *w, clibev_signal_cb cb, int signum) { ev_signal_init(w, cb, signum); }
/* ev_async_init */
static inline void clibev_async_init(ev_async *w, clibev_async_cb cb) { ev_async_init(w, cb); }
/* ev_check_init */
static inline void clibev_check_init(ev_check *w, clibev_check_cb cb) { ev_check_init(w, cb); }
/* ev_prepare_init */
static inline void clibev_prepare_init(ev_prepare *w, clibev_prepare_cb cb) { ev_prepare_init(w, cb); }
/* ev_idle_init */
static inline void clibev_idle_init(ev_idle *w, clibev_idle_cb cb) { ev_idle_init(w, cb); }
/* ev_set_priority */
static inline void clibev_set_priority(void *w, int priority) { ev_set_priority(w, priority); }
/*
 * Not a libev macro, but the replacement for one: libev's ev_child works only on the default loop
 * and aborts on any other, so child exits are watched through a pidfd with an ev_io watcher.
 * glibc only gained pidfd_open() in 2.36 and Swift's Glibc module does not export it, nor the
 * variadic syscall(); this is the one system call the Swift side cannot reach on its own.
 */
static inline int clibev_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

/*
 * Not libev either: pthread_setname_np is a GNU extension that Swift's Glibc module does not
 * export; loop threads are named so that `top -H` and debuggers tell them apart.
 */
int pthread_setname_np(pthread_t thread, const char *name);
static inline int clibev_thread_setname(const char *name) { return pthread_setname_np(pthread_self(), name); }

/*
 * Not libev: the main dispatch queue, where Swift's main actor runs its jobs on Linux. A loop running
 * on the main thread watches this eventfd and drains the queue, as CoreFoundation's run loop does, so
 * `Task { }` from top-level code runs while the loop runs. Both functions are exported by libdispatch
 * for CoreFoundation and declared in no installed header.
 */
int _dispatch_get_main_queue_handle_4CF(void);
void _dispatch_main_queue_callback_4CF(void *message);
static inline int clibev_is_main_thread(void) { return getpid() == (pid_t)syscall(SYS_gettid); }

/* ev_is_active */
static inline int clibev_is_active(const void *w) { return ev_is_active(w); }
/* ev_is_pending */
static inline int clibev_is_pending(const void *w) { return ev_is_pending(w); }

#endif
