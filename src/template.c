/*-------------------------------------------------------------------------
 *
 * template.c
 *		  {placeholder} templates for rest_fdw, without PostgreSQL headers
 *
 * Used for the op_* templates of the params dialect and for the {column}
 * placeholders of path, query and body.  Plain C so that it can be
 * unit-tested without a backend.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "template.h"

static int
is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

int
template_next(const char *tmpl, size_t *pos, size_t *start, size_t *name_start,
			  size_t *name_len)
{
	size_t		i;

	for (i = *pos; tmpl[i] != '\0'; i++)
	{
		size_t		j;

		if (tmpl[i] != '{' || !is_name_start(tmpl[i + 1]))
			continue;
		for (j = i + 1; is_name_char(tmpl[j]); j++)
			;
		if (tmpl[j] != '}')
			continue;
		*start = i;
		*name_start = i + 1;
		*name_len = j - i - 1;
		*pos = j + 1;
		return 1;
	}
	return 0;
}

char *
template_render(const char *tmpl, TemplateSubst subst, void *arg,
				const char **bad_name, size_t *bad_len)
{
	size_t		cap = strlen(tmpl) + 64;
	size_t		len = 0;
	size_t		pos = 0;
	size_t		done = 0;
	size_t		start;
	size_t		name_start;
	size_t		name_len;
	char	   *out = malloc(cap);

	*bad_name = NULL;
	*bad_len = 0;
	if (out == NULL)
		return NULL;

	for (;;)
	{
		int			found = template_next(tmpl, &pos, &start, &name_start, &name_len);
		size_t		literal = (found ? start : strlen(tmpl)) - done;
		const char *value = NULL;
		size_t		vlen = 0;

		if (found)
		{
			value = subst(tmpl + name_start, name_len, arg);
			if (value == NULL)
			{
				*bad_name = tmpl + name_start;
				*bad_len = name_len;
				free(out);
				return NULL;
			}
			vlen = strlen(value);
		}
		if (len + literal + vlen + 1 > cap)
		{
			char	   *bigger;

			cap = (len + literal + vlen + 1) * 2;
			bigger = realloc(out, cap);
			if (bigger == NULL)
			{
				free(out);
				return NULL;
			}
			out = bigger;
		}
		memcpy(out + len, tmpl + done, literal);
		len += literal;
		if (!found)
			break;
		memcpy(out + len, value, vlen);
		len += vlen;
		done = pos;
	}
	out[len] = '\0';
	return out;
}

size_t
json_escape_string(const char *src, size_t len, char *dst)
{
	static const char hex[] = "0123456789abcdef";
	size_t		out = 0;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) src[i];

		if (c == '"' || c == '\\')
		{
			dst[out++] = '\\';
			dst[out++] = (char) c;
		}
		else if (c < 0x20)
		{
			dst[out++] = '\\';
			dst[out++] = 'u';
			dst[out++] = '0';
			dst[out++] = '0';
			dst[out++] = hex[c >> 4];
			dst[out++] = hex[c & 15];
		}
		else
			dst[out++] = (char) c;
	}
	dst[out] = '\0';
	return out;
}
