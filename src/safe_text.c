/*-------------------------------------------------------------------------
 *
 * safe_text.c
 *		  Checks and clean-up of text that crosses the wire, without
 *		  PostgreSQL headers
 *
 * What rest_fdw puts into a request line or a header must not hold a
 * control character: a CR or LF would end the header and start another
 * (or, doubled, a second request on the connection).  What a server puts
 * into an error body, a Location or a Content-Type may be any bytes, and
 * ends up in a message that PostgreSQL converts to the client's encoding:
 * it has to be valid text first.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "safe_text.h"

long
safe_text_control_char(const char *s, size_t len, int allow_whitespace)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c >= 0x20 && c != 0x7f)
			continue;
		if (allow_whitespace && (c == '\t' || c == '\n' || c == '\r'))
			continue;
		return (long) i;
	}
	return -1;
}

int
safe_text_header_name(const char *s)
{
	static const char tchar_punct[] = "!#$%&'*+-.^_`|~";
	const char *p;

	if (s == NULL || *s == '\0')
		return 0;
	for (p = s; *p; p++)
	{
		unsigned char c = (unsigned char) *p;

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			(c >= 'A' && c <= 'Z') || strchr(tchar_punct, c) != NULL)
			continue;
		return 0;
	}
	return 1;
}

int
safe_text_framing_header(const char *name)
{
	static const char *const framing[] = {
		"Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "TE",
		"Trailer", "Keep-Alive", "Proxy-Connection", NULL
	};
	const char *const *f;

	for (f = framing; *f; f++)
		if (strcasecmp(name, *f) == 0)
			return 1;
	return 0;
}

/*
 * The length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), with its code point in
 * *cp; 0 if there is none.
 */
static size_t
utf8_char(const unsigned char *s, size_t avail, unsigned long *cp)
{
	unsigned char c = s[0];
	size_t		n;
	size_t		i;
	unsigned long v;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		n = 2;
		v = c & 0x1F;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		n = 3;
		v = c & 0x0F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		n = 4;
		v = c & 0x07;
	}
	else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
		(v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t
safe_text_sanitize(const char *src, size_t len, char *dst, size_t dstsize,
				   int ascii_only)
{
	const unsigned char *s = (const unsigned char *) src;
	size_t		in = 0;
	size_t		out = 0;

	if (dstsize == 0)
		return 0;
	while (in < len)
	{
		char		piece[12];
		size_t		plen;
		unsigned long cp;
		size_t		n = utf8_char(s + in, len - in, &cp);

		if (n == 0)
		{
			snprintf(piece, sizeof(piece), "\\x%02X", s[in]);
			plen = 4;
			n = 1;
		}
		else if (n == 1)
		{
			piece[0] = (cp < 0x20 && cp != '\n') || cp == 0x7f ? ' ' : (char) cp;
			plen = 1;
		}
		else if (ascii_only)
			plen = (size_t) snprintf(piece, sizeof(piece),
									 cp > 0xFFFF ? "\\U%08lX" : "\\u%04lX", cp);
		else
		{
			memcpy(piece, s + in, n);
			plen = n;
		}
		if (out + plen >= dstsize)
			break;
		memcpy(dst + out, piece, plen);
		out += plen;
		in += n;
	}
	dst[out] = '\0';
	return out;
}

size_t
safe_text_utf8_cliplen(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		start = len;
	size_t		need;

	/* back to the lead byte of the last character, at most 3 bytes back */
	while (start > 0 && len - start < 4 && (u[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0 || u[start - 1] < 0xC0)
		return len;
	start--;
	need = u[start] >= 0xF0 ? 4 : u[start] >= 0xE0 ? 3 : 2;
	return len - start < need ? start : len;
}
