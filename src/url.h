/*-------------------------------------------------------------------------
 *
 * url.h
 *		  URL building for rest_fdw, without PostgreSQL headers
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_URL_H
#define REST_URL_H

#include <stddef.h>

/*
 * Percent-encode src (RFC 3986: everything but unreserved characters) into
 * dst, which must have room for 3 * len + 1 bytes.  Returns the length
 * written, not counting the terminating NUL.
 */
extern size_t url_encode(const char *src, size_t len, char *dst);

/*
 * url_encode() for a value that fills a placeholder of a path: a value made
 * only of dots ("." or "..") has them encoded too, so that it cannot form a
 * dot segment that the server (or curl) would resolve to another path.
 * Same room needed as for url_encode().
 */
extern size_t url_encode_path_value(const char *src, size_t len, char *dst);

/*
 * Nonzero if a path that is appended to base_url's path climbs above it
 * through its dot segments: "/../x", "/a/../../x", also written with %2E.
 * Only the part before any '?' or '#' is read.
 */
extern int	url_path_climbs(const char *path);

/*
 * Join base_url, path and a query string into one URL, malloc'd; NULL when
 * out of memory.  Exactly one '/' separates base and path; the query is
 * added after '?', or after '&' when the path already has a query.  Empty
 * or NULL parts are left out.
 */
extern char *url_join(const char *base_url, const char *path,
					  const char *query);

/*
 * Append "name=value" (both percent-encoded) to a URL, malloc'd; NULL when
 * out of memory.
 */
extern char *url_add_param(const char *url, const char *name,
						   const char *value);

/*
 * Nonzero if two absolute http(s) URLs have the same scheme, host and port
 * (case-insensitively, default ports filled in).
 */
extern int	url_same_origin(const char *a, const char *b);

#endif							/* REST_URL_H */
