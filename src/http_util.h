/*-------------------------------------------------------------------------
 *
 * http_util.h
 *		  HTTP details for rest_fdw's client, without PostgreSQL headers:
 *		  Retry-After, Link (RFC 8288), backoff, allowed-host patterns and
 *		  query parameters of next-page URLs
 *
 * Plain C99 so that it can be unit-tested on its own (test/unit).
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_HTTP_UTIL_H
#define REST_HTTP_UTIL_H

#include <stddef.h>
#include <time.h>

/*
 * Parse an HTTP-date (RFC 9110 5.6.7: IMF-fixdate, and the obsolete RFC 850
 * and asctime forms) into seconds since the Unix epoch.  Returns 1 on
 * success, 0 if the text is not such a date.
 */
extern int	http_parse_date(const char *value, long long *epoch);

/*
 * The delay a Retry-After header value asks for, in milliseconds, relative
 * to "now" (seconds since the epoch): delay-seconds or an HTTP-date; a date
 * in the past means no delay.  Returns 1 on success, 0 when the value is
 * neither form.
 */
extern int	http_retry_after_ms(const char *value, long long now,
								long long *delay_ms);

/*
 * Exponential backoff with jitter for retry number "attempt" (1 for the
 * first retry): base_ms * 2^(attempt-1), capped at cap_ms, of which the
 * upper half is scaled by random01 (in [0, 1)), so that clients that failed
 * together do not retry together ("equal jitter").
 */
extern long long http_backoff_ms(long long base_ms, int attempt,
								 double random01, long long cap_ms);

/*
 * The target of the first link in a Link header value (RFC 8288) whose
 * "rel" parameter lists relation "rel" (case-insensitively), malloc'd, or
 * NULL.  *oom is set to 1 when NULL is due to running out of memory.
 */
extern char *http_link_target(const char *value, const char *rel, int *oom);

/*
 * Allowed hosts: a list of patterns separated by commas or white space.
 * A pattern is "host" or "host:port"; host may be "*" (any host) or start
 * with "*." (any subdomain of the rest, not the domain itself); port may be
 * "*".  An IPv6 address is written in brackets: "[::1]:8080".  Without a
 * port, any port matches.  Host names compare case-insensitively.
 *
 * http_host_patterns_check() returns 1 if the list is well formed;
 * otherwise 0, with the first bad pattern copied (truncated) into bad.
 * An empty list is well formed.
 */
extern int	http_host_patterns_check(const char *patterns, char *bad,
									 size_t badsize);

/*
 * 1 if host (as in a URL; IPv6 in brackets) and port match one of the
 * patterns; 0 otherwise, and for an empty list.
 */
extern int	http_host_allowed(const char *patterns, const char *host, long port);

/*
 * 1 if the URL's query string has a parameter named name (compared with the
 * name as written in the URL, and with its percent-encoded form).
 */
extern int	http_url_has_param(const char *url, const char *name);

/*
 * A copy of url without any query parameter named name (as for
 * http_url_has_param), malloc'd; NULL when out of memory.  The fragment is
 * dropped too: it is never sent.
 */
extern char *http_url_without_param(const char *url, const char *name);

#endif							/* REST_HTTP_UTIL_H */
