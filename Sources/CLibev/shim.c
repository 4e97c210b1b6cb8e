/* The shims are static inline in CLibev.h; this file gives SwiftPM's C target a translation unit. */
#include "CLibev.h"

_Static_assert(sizeof(ev_tstamp) == sizeof(double), "ev_tstamp is imported into Swift as Double");
