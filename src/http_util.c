/*-------------------------------------------------------------------------
 *
 * http_util.c
 *		  HTTP details for rest_fdw's client, without PostgreSQL headers
 *
 * Parsers for the headers the client acts on (Retry-After, Link), the
 * backoff schedule of retries, the host patterns of rest_fdw.allowed_hosts
 * and the query-parameter surgery that keeps an api_key out of displayed
 * next-page URLs.  Plain C99 so that it can be unit-tested without a
 * backend; nothing here allocates except where a result is returned.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "http_util.h"

/* ASCII-only helpers, independent of the locale */
static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* case-insensitive comparison of n bytes */
static int
same_ci(const char *a, const char *b, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char) a[i]) != lower((unsigned char) b[i]))
			return 0;
	return 1;
}

/* ---------------------------------------------------------------------
 * HTTP-date and Retry-After
 * ---------------------------------------------------------------------
 */

static const char *const month_names[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant) */
static long long
days_from_civil(long long y, int m, int d)
{
	long long	era;
	long long	yoe;
	long long	doy;
	long long	doe;

	y -= (m <= 2);
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Read exactly n digits */
static int
read_digits(const char **p, int n, int *value)
{
	int			v = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (!is_digit((unsigned char) (*p)[i]))
			return 0;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*value = v;
	return 1;
}

static int
read_month(const char **p, int *month)
{
	int			i;

	for (i = 0; i < 12; i++)
		if (same_ci(*p, month_names[i], 3))
		{
			*p += 3;
			*month = i + 1;
			return 1;
		}
	return 0;
}

static int
expect(const char **p, char c)
{
	if (**p != c)
		return 0;
	(*p)++;
	return 1;
}

/* "HH:MM:SS" */
static int
read_time(const char **p, int *h, int *m, int *s)
{
	return read_digits(p, 2, h) && expect(p, ':') &&
		read_digits(p, 2, m) && expect(p, ':') &&
		read_digits(p, 2, s) &&
		*h <= 23 && *m <= 59 && *s <= 60;
}

int
http_parse_date(const char *value, long long *epoch)
{
	const char *p = value;
	int			day = 0;
	int			month = 0;
	int			year = 0;
	int			h = 0;
	int			m = 0;
	int			s = 0;
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	while (is_space((unsigned char) *p))
		p++;
	/* the day name is not checked against the date, as RFC 9110 allows */
	if (!is_alpha((unsigned char) *p))
		return 0;
	while (is_alpha((unsigned char) *p))
		p++;

	if (*p == ',')
	{
		p++;
		if (!expect(&p, ' ') || !read_digits(&p, 2, &day))
			return 0;
		if (*p == ' ')
		{
			/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
			p++;
			if (!read_month(&p, &month) || !expect(&p, ' ') ||
				!read_digits(&p, 4, &year))
				return 0;
		}
		else if (*p == '-')
		{
			/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
			p++;
			if (!read_month(&p, &month) || !expect(&p, '-') ||
				!read_digits(&p, 2, &year))
				return 0;
			year += (year < 70) ? 2000 : 1900;
		}
		else
			return 0;
		if (!expect(&p, ' ') || !read_time(&p, &h, &m, &s) ||
			!expect(&p, ' ') || !same_ci(p, "GMT", 3))
			return 0;
		p += 3;
	}
	else if (*p == ' ')
	{
		/* asctime: Sun Nov  6 08:49:37 1994 */
		p++;
		if (!read_month(&p, &month) || !expect(&p, ' '))
			return 0;
		if (*p == ' ')
		{
			p++;
			if (!read_digits(&p, 1, &day))
				return 0;
		}
		else if (!read_digits(&p, 2, &day))
			return 0;
		if (!expect(&p, ' ') || !read_time(&p, &h, &m, &s) ||
			!expect(&p, ' ') || !read_digits(&p, 4, &year))
			return 0;
	}
	else
		return 0;

	while (is_space((unsigned char) *p))
		p++;
	if (*p != '\0' || day < 1 || day > mdays[month - 1])
		return 0;

	*epoch = days_from_civil(year, month, day) * 86400 + h * 3600 + m * 60 + s;
	return 1;
}

int
http_retry_after_ms(const char *value, long long now, long long *delay_ms)
{
	const char *p = value;
	long long	epoch;

	while (is_space((unsigned char) *p))
		p++;
	if (is_digit((unsigned char) *p))
	{
		long long	seconds = 0;

		while (is_digit((unsigned char) *p))
		{
			/* a century is as good as forever */
			if (seconds < 100LL * 365 * 86400)
				seconds = seconds * 10 + (*p - '0');
			p++;
		}
		while (is_space((unsigned char) *p))
			p++;
		if (*p != '\0')
			return 0;
		*delay_ms = seconds * 1000;
		return 1;
	}
	if (!http_parse_date(value, &epoch))
		return 0;
	*delay_ms = epoch > now ? (epoch - now) * 1000 : 0;
	return 1;
}

long long
http_backoff_ms(long long base_ms, int attempt, double random01, long long cap_ms)
{
	long long	delay = base_ms;
	int			i;

	if (base_ms <= 0)
		return 0;
	for (i = 1; i < attempt && delay < cap_ms; i++)
		delay *= 2;
	if (delay > cap_ms)
		delay = cap_ms;
	if (random01 < 0)
		random01 = 0;
	if (random01 >= 1)
		random01 = 0.999999;
	return delay - delay / 2 + (long long) ((double) (delay / 2) * random01);
}

/* ---------------------------------------------------------------------
 * Link header (RFC 8288)
 * ---------------------------------------------------------------------
 */

/* Does the space-separated relation list rels[0..len) contain rel? */
static int
rel_list_has(const char *rels, size_t len, const char *rel)
{
	size_t		rlen = strlen(rel);
	size_t		i = 0;

	while (i < len)
	{
		size_t		start;

		while (i < len && is_space((unsigned char) rels[i]))
			i++;
		start = i;
		while (i < len && !is_space((unsigned char) rels[i]))
			i++;
		if (i - start == rlen && rlen > 0 && same_ci(rels + start, rel, rlen))
			return 1;
	}
	return 0;
}

char *
http_link_target(const char *value, const char *rel, int *oom)
{
	const char *p = value;

	*oom = 0;
	for (;;)
	{
		const char *target;
		size_t		target_len;
		int			matched = 0;
		int			seen_rel = 0;

		while (is_space((unsigned char) *p) || *p == ',')
			p++;
		if (*p == '\0')
			return NULL;
		if (*p != '<')
		{
			/* not a link-value: skip to the next one */
			while (*p && *p != ',')
				p++;
			continue;
		}
		target = ++p;
		while (*p && *p != '>')
			p++;
		if (*p != '>')
			return NULL;
		target_len = p - target;
		p++;

		/* link-params: *( OWS ";" OWS link-param ) */
		for (;;)
		{
			const char *name;
			size_t		name_len;
			char	   *val = NULL;
			size_t		val_len = 0;

			while (is_space((unsigned char) *p))
				p++;
			if (*p != ';')
				break;
			p++;
			while (is_space((unsigned char) *p))
				p++;
			name = p;
			while (*p && *p != '=' && *p != ';' && *p != ',' && !is_space((unsigned char) *p))
				p++;
			name_len = p - name;
			while (is_space((unsigned char) *p))
				p++;
			if (*p == '=')
			{
				p++;
				while (is_space((unsigned char) *p))
					p++;
				val = malloc(strlen(p) + 1);
				if (val == NULL)
				{
					*oom = 1;
					return NULL;
				}
				if (*p == '"')
				{
					p++;
					while (*p && *p != '"')
					{
						if (*p == '\\' && p[1])
							p++;
						val[val_len++] = *p++;
					}
					if (*p == '"')
						p++;
				}
				else
					while (*p && *p != ';' && *p != ',' && !is_space((unsigned char) *p))
						val[val_len++] = *p++;
			}
			/* only the first rel parameter counts (RFC 8288 3.3) */
			if (name_len == 3 && same_ci(name, "rel", 3) && !seen_rel)
			{
				seen_rel = 1;
				if (val && rel_list_has(val, val_len, rel))
					matched = 1;
			}
			free(val);
		}

		if (matched)
		{
			char	   *result = malloc(target_len + 1);

			if (result == NULL)
			{
				*oom = 1;
				return NULL;
			}
			memcpy(result, target, target_len);
			result[target_len] = '\0';
			return result;
		}
		/* skip anything unparsable up to the next link-value */
		while (*p && *p != ',')
			p++;
	}
}

/* ---------------------------------------------------------------------
 * Allowed hosts
 * ---------------------------------------------------------------------
 */

typedef struct HostPattern
{
	const char *host;			/* "*", "*.example.com", "example.com",
								 * "[::1]" */
	size_t		host_len;
	long		port;			/* -1: any */
} HostPattern;

static int
is_separator(int c)
{
	return c == ',' || is_space(c);
}

/*
 * Parse the pattern at item[0..len).  Returns 1 if it is well formed.
 */
static int
parse_pattern(const char *item, size_t len, HostPattern *pat)
{
	const char *host = item;
	size_t		host_len;
	const char *port = NULL;
	size_t		port_len = 0;
	size_t		i;

	if (len == 0)
		return 0;
	if (item[0] == '[')
	{
		const char *close = memchr(item, ']', len);

		if (close == NULL || close == item + 1)
			return 0;
		host_len = close - item + 1;
		for (i = 1; i < host_len - 1; i++)
		{
			int			c = (unsigned char) item[i];

			if (!is_digit(c) && !(lower(c) >= 'a' && lower(c) <= 'f') &&
				c != ':' && c != '.')
				return 0;
		}
	}
	else
	{
		const char *colon = memchr(item, ':', len);
		size_t		start = 0;

		host_len = colon ? (size_t) (colon - item) : len;
		if (host_len == 0)
			return 0;
		if (host_len == 1 && item[0] == '*')
			start = 1;
		else if (host_len > 2 && item[0] == '*' && item[1] == '.')
			start = 2;
		for (i = start; i < host_len; i++)
		{
			int			c = (unsigned char) item[i];

			if (!is_digit(c) && !is_alpha(c) && c != '-' && c != '.' && c != '_')
				return 0;
		}
	}
	if (host_len < len)
	{
		if (item[host_len] != ':' || host_len + 1 == len)
			return 0;
		port = item + host_len + 1;
		port_len = len - host_len - 1;
	}

	pat->host = host;
	pat->host_len = host_len;
	pat->port = -1;
	if (port && !(port_len == 1 && port[0] == '*'))
	{
		long		v = 0;

		if (port_len > 5)
			return 0;
		for (i = 0; i < port_len; i++)
		{
			if (!is_digit((unsigned char) port[i]))
				return 0;
			v = v * 10 + (port[i] - '0');
		}
		if (v < 1 || v > 65535)
			return 0;
		pat->port = v;
	}
	return 1;
}

/* Find the next item of a pattern list; returns its length, 0 at the end */
static size_t
next_item(const char **p)
{
	const char *start;

	while (**p && is_separator((unsigned char) **p))
		(*p)++;
	start = *p;
	while (**p && !is_separator((unsigned char) **p))
		(*p)++;
	return *p - start;
}

int
http_host_patterns_check(const char *patterns, char *bad, size_t badsize)
{
	const char *p = patterns ? patterns : "";
	size_t		len;

	while ((len = next_item(&p)) > 0)
	{
		HostPattern pat;

		if (!parse_pattern(p - len, len, &pat))
		{
			if (badsize > 0)
			{
				size_t		n = len < badsize - 1 ? len : badsize - 1;

				memcpy(bad, p - len, n);
				bad[n] = '\0';
			}
			return 0;
		}
	}
	return 1;
}

static int
host_matches(const HostPattern *pat, const char *host, size_t host_len)
{
	if (pat->host_len == 1 && pat->host[0] == '*')
		return 1;
	if (pat->host_len > 2 && pat->host[0] == '*' && pat->host[1] == '.')
	{
		/* "*.example.com": "a.example.com", not "example.com" */
		size_t		suffix = pat->host_len - 1; /* ".example.com" */

		return host_len > suffix &&
			same_ci(host + host_len - suffix, pat->host + 1, suffix);
	}
	return host_len == pat->host_len && same_ci(host, pat->host, host_len);
}

int
http_host_allowed(const char *patterns, const char *host, long port)
{
	const char *p = patterns ? patterns : "";
	size_t		host_len = strlen(host);
	size_t		len;

	/* a trailing dot names the same host */
	if (host_len > 1 && host[host_len - 1] == '.')
		host_len--;
	while ((len = next_item(&p)) > 0)
	{
		HostPattern pat;

		if (parse_pattern(p - len, len, &pat) &&
			host_matches(&pat, host, host_len) &&
			(pat.port < 0 || pat.port == port))
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Query parameters
 * ---------------------------------------------------------------------
 */

static int
hex_value(int c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Is key[0..len), percent-decoded, equal to name? */
static int
key_is(const char *key, size_t len, const char *name)
{
	size_t		i = 0;
	const char *n = name;

	while (i < len)
	{
		int			c = (unsigned char) key[i];

		if (c == '%' && i + 2 < len &&
			hex_value((unsigned char) key[i + 1]) >= 0 &&
			hex_value((unsigned char) key[i + 2]) >= 0)
		{
			c = hex_value((unsigned char) key[i + 1]) * 16 +
				hex_value((unsigned char) key[i + 2]);
			i += 3;
		}
		else
			i++;
		if (*n == '\0' || (unsigned char) *n != c)
			return 0;
		n++;
	}
	return *n == '\0';
}

/* Length of the parameter key at p (up to '=', '&', '#' or the end) */
static size_t
key_length(const char *p)
{
	return strcspn(p, "=&#");
}

int
http_url_has_param(const char *url, const char *name)
{
	const char *p = strchr(url, '?');
	const char *hash = strchr(url, '#');

	if (p == NULL || (hash && hash < p))
		return 0;
	p++;
	while (*p && *p != '#')
	{
		size_t		klen = key_length(p);

		if (key_is(p, klen, name))
			return 1;
		p += strcspn(p, "&#");
		if (*p == '&')
			p++;
	}
	return 0;
}

char *
http_url_without_param(const char *url, const char *name)
{
	size_t		len = strlen(url);
	char	   *result = malloc(len + 1);
	const char *q = strchr(url, '?');
	const char *hash = strchr(url, '#');
	char	   *out;
	int			first = 1;

	if (result == NULL)
		return NULL;
	if (hash && (q == NULL || hash < q))
		q = NULL;
	if (q == NULL)
	{
		size_t		n = hash ? (size_t) (hash - url) : len;

		memcpy(result, url, n);
		result[n] = '\0';
		return result;
	}
	memcpy(result, url, q - url);
	out = result + (q - url);
	q++;
	while (*q && *q != '#')
	{
		size_t		plen = strcspn(q, "&#");

		if (!key_is(q, key_length(q), name))
		{
			*out++ = first ? '?' : '&';
			memcpy(out, q, plen);
			out += plen;
			first = 0;
		}
		q += plen;
		if (*q == '&')
			q++;
	}
	*out = '\0';
	return result;
}
