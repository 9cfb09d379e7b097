/*-------------------------------------------------------------------------
 *
 * url.c
 *		  URL building for rest_fdw, without PostgreSQL headers
 *
 * Plain C so that it can be unit-tested and fuzzed without a backend.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "url.h"

size_t
url_encode(const char *src, size_t len, char *dst)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		out = 0;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) src[i];

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			dst[out++] = (char) c;
		else
		{
			dst[out++] = '%';
			dst[out++] = hex[c >> 4];
			dst[out++] = hex[c & 15];
		}
	}
	dst[out] = '\0';
	return out;
}

size_t
url_encode_path_value(const char *src, size_t len, char *dst)
{
	size_t		i;

	for (i = 0; i < len && src[i] == '.'; i++)
		;
	if (len == 0 || i < len)
		return url_encode(src, len, dst);
	for (i = 0; i < len; i++)
		memcpy(dst + 3 * i, "%2E", 3);
	dst[3 * len] = '\0';
	return 3 * len;
}

/* 1 or 2 if the segment [s, s + len) is "." or "..", %2E counting as '.' */
static int
dot_segment(const char *s, size_t len)
{
	int			dots = 0;
	size_t		i = 0;

	while (i < len)
	{
		if (s[i] == '.')
			i++;
		else if (len - i >= 3 && s[i] == '%' && s[i + 1] == '2' &&
				 (s[i + 2] == 'e' || s[i + 2] == 'E'))
			i += 3;
		else
			return 0;
		if (++dots > 2)
			return 0;
	}
	return dots;
}

int
url_path_climbs(const char *path)
{
	size_t		end = strcspn(path, "?#");
	size_t		i = 0;
	long		depth = 0;

	/* the first '/' only separates the path from base_url's */
	if (end > 0 && path[0] == '/')
		i = 1;
	while (i <= end)
	{
		size_t		seglen = strcspn(path + i, "/?#");
		int			dots;

		if (i + seglen > end)
			seglen = end - i;
		dots = dot_segment(path + i, seglen);
		if (dots == 2 && --depth < 0)
			return 1;
		/* an empty segment is not counted: servers often merge slashes */
		if (dots == 0 && seglen > 0 && i + seglen < end)
			depth++;
		i += seglen + 1;
	}
	return 0;
}

char *
url_join(const char *base_url, const char *path, const char *query)
{
	size_t		blen = base_url ? strlen(base_url) : 0;
	size_t		plen = path ? strlen(path) : 0;
	size_t		qlen = query ? strlen(query) : 0;
	char	   *url;
	char	   *p;

	/* a query given as "?a=b" is the same as "a=b" */
	if (qlen > 0 && query[0] == '?')
	{
		query++;
		qlen--;
	}

	url = malloc(blen + plen + qlen + 3);
	if (url == NULL)
		return NULL;
	p = url;
	memcpy(p, base_url, blen);
	p += blen;
	if (plen > 0)
	{
		int			base_slash = (blen > 0 && base_url[blen - 1] == '/');
		int			path_slash = (path[0] == '/');

		if (base_slash && path_slash)
		{
			path++;
			plen--;
		}
		else if (!base_slash && !path_slash && path[0] != '?')
			*p++ = '/';
		memcpy(p, path, plen);
		p += plen;
	}
	*p = '\0';
	if (qlen > 0)
	{
		*p++ = strchr(url, '?') ? '&' : '?';
		memcpy(p, query, qlen);
		p += qlen;
		*p = '\0';
	}
	return url;
}

char *
url_add_param(const char *url, const char *name, const char *value)
{
	size_t		ulen = strlen(url);
	size_t		nlen = strlen(name);
	size_t		vlen = strlen(value);
	char	   *result = malloc(ulen + 3 * (nlen + vlen) + 3);
	char	   *p;

	if (result == NULL)
		return NULL;
	memcpy(result, url, ulen);
	p = result + ulen;
	*p++ = strchr(url, '?') ? '&' : '?';
	p += url_encode(name, nlen, p);
	*p++ = '=';
	url_encode(value, vlen, p);
	return result;
}

/*
 * Find the scheme, host and port of an absolute URL.  Returns 0 when it
 * is not an http(s) URL with a host.
 */
static int
split_origin(const char *url, const char **host, size_t *hostlen, long *port,
			 int *https)
{
	const char *p;
	const char *end;
	const char *at;
	const char *colon;

	if (strncasecmp(url, "http://", 7) == 0)
	{
		*https = 0;
		p = url + 7;
	}
	else if (strncasecmp(url, "https://", 8) == 0)
	{
		*https = 1;
		p = url + 8;
	}
	else
		return 0;

	end = p + strcspn(p, "/?#");
	/* skip any userinfo */
	at = memchr(p, '@', end - p);
	if (at)
		p = at + 1;
	if (*p == '[')
	{
		const char *close = memchr(p, ']', end - p);

		if (close == NULL)
			return 0;
		colon = (close + 1 < end && close[1] == ':') ? close + 1 : NULL;
	}
	else
		colon = memchr(p, ':', end - p);

	*host = p;
	*hostlen = (colon ? colon : end) - p;
	*port = *https ? 443 : 80;
	if (colon && colon + 1 < end)
	{
		char	   *stop;

		*port = strtol(colon + 1, &stop, 10);
		if (stop != end)
			return 0;
	}
	return *hostlen > 0;
}

int
url_same_origin(const char *a, const char *b)
{
	const char *ha;
	const char *hb;
	size_t		la;
	size_t		lb;
	long		pa;
	long		pb;
	int			sa;
	int			sb;

	if (!split_origin(a, &ha, &la, &pa, &sa) ||
		!split_origin(b, &hb, &lb, &pb, &sb))
		return 0;
	return sa == sb && pa == pb && la == lb && strncasecmp(ha, hb, la) == 0;
}
