/*-------------------------------------------------------------------------
 *
 * oom_alloc.h
 *	  malloc and realloc that fail on the N-th call, for the allocation
 *	  failure tests (test_oom.c, test_openapi_oom.c)
 *
 * A test sets oom_countdown to N and oom_hit to 0, runs the code compiled
 * with malloc and realloc renamed to these (#define malloc oom_malloc
 * before including the sources), and finds in oom_hit whether a failure
 * happened; -1 never fails.
 *
 *-------------------------------------------------------------------------
 */
#ifndef OOM_ALLOC_H
#define OOM_ALLOC_H

#include <stdlib.h>

static long oom_countdown = -1;	/* fail when it reaches 0; -1: never */
static int	oom_hit;

/* whether this call is the one to fail */
static inline int
oom_fails_now(void)
{
	if (oom_countdown >= 0 && oom_countdown-- == 0)
	{
		oom_hit = 1;
		return 1;
	}
	return 0;
}

static inline void *
oom_malloc(size_t n)
{
	return oom_fails_now() ? NULL : malloc(n);
}

static inline void *
oom_realloc(void *p, size_t n)
{
	return oom_fails_now() ? NULL : realloc(p, n);
}

#endif							/* OOM_ALLOC_H */
