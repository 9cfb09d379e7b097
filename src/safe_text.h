/*-------------------------------------------------------------------------
 *
 * safe_text.h
 *		  Checks and clean-up of text that crosses the wire, without
 *		  PostgreSQL headers: control characters in what goes into a
 *		  request, and invalid UTF-8 in what a server sends back
 *
 * Plain C99 so that it can be unit-tested and fuzzed on its own.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_SAFE_TEXT_H
#define REST_SAFE_TEXT_H

#include <stddef.h>

/*
 * The offset of the first control character (a C0 byte or DEL) among the
 * len bytes at s, or -1 if there is none.  With allow_whitespace, TAB, LF
 * and CR are not counted (they are JSON and SQL white space, and harmless
 * in a request body, whose length is sent).
 */
extern long safe_text_control_char(const char *s, size_t len,
								   int allow_whitespace);

/*
 * 1 if s is a valid header field name (RFC 9110 5.1: one or more token
 * characters), 0 otherwise.
 */
extern int	safe_text_header_name(const char *s);

/*
 * 1 if name (case-insensitively) is a header that frames the message or
 * belongs to the connection (Content-Length, Transfer-Encoding, Connection,
 * Upgrade, ...): curl sends those itself, and a second value would let a
 * server or a proxy read the request differently from curl (request
 * smuggling).
 */
extern int	safe_text_framing_header(const char *name);

/*
 * Copy len bytes of remote text into dst (dstsize bytes, at least 1) as
 * text that is always valid UTF-8 and printable: a byte that is not part
 * of a well-formed UTF-8 sequence becomes "\xNN", a control character but
 * LF a space, and with ascii_only every non-ASCII character "\uNNNN" (or
 * "\UNNNNNNNN"), for a database encoding that may not have it.  Output
 * that does not fit is cut before the first piece that does not fit,
 * never inside one.  Returns the length written (dst is NUL-terminated).
 * 4 * len + 1 bytes are always enough.
 */
extern size_t safe_text_sanitize(const char *src, size_t len, char *dst,
								 size_t dstsize, int ascii_only);

/*
 * len less any incomplete UTF-8 sequence at the end of the len bytes at s:
 * where a buffer of remote text was cut, so that the cut does not show as
 * invalid bytes.
 */
extern size_t safe_text_utf8_cliplen(const char *s, size_t len);

#endif							/* REST_SAFE_TEXT_H */
