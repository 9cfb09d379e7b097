/*-------------------------------------------------------------------------
 *
 * backend_text.h
 *	  What the plain-C modules and the wire hand the backend, made into
 *	  backend strings and errors
 *
 * The plain-C modules (url.c, http_util.c, safe_text.c ...) allocate with
 * malloc and report running out of memory by returning NULL; a server's
 * bytes may be anything.  These three helpers are the one way either
 * reaches a palloc'd string or an ERROR.
 *
 * Contract:
 *	- rest_remote_text() is the only way remote text goes into a message:
 *	  the result is valid in the database and client encodings (invalid
 *	  bytes as \xNN, control characters as spaces).
 *	- rest_out_of_memory() raises the one ERROR (ERRCODE_OUT_OF_MEMORY) for
 *	  an allocation that failed outside palloc; rest_pstrdup_malloced() takes
 *	  a malloc'd result, NULL meaning that failure, and frees it.
 *	- Nothing here knows about options, requests or scans: the modules of
 *	  every layer above the plain-C ones may use it.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_BACKEND_TEXT_H
#define REST_BACKEND_TEXT_H

extern char *rest_remote_text(const char *data, size_t len);
extern void rest_out_of_memory(const char *detail);
extern char *rest_pstrdup_malloced(char *str);

#endif							/* REST_BACKEND_TEXT_H */
