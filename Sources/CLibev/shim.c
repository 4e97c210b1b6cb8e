/* The shims are static inline in CLibev.h; this file gives SwiftPM's C target a translation unit. */
#include "CLibev.h"

_Static_assert(sizeof(ev_tstamp) == sizeof(double), "ev_tstamp is imported into Swift as Double");
_Static_assert(EV_MINPRI == -2, "LoopExecutor.swift hard-codes EV_MINPRI as -2");
