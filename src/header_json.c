/*-------------------------------------------------------------------------
 *
 * header_json.c
 *		  Parsing of the "headers" option, without PostgreSQL headers
 *
 * jansson's names clash with PostgreSQL's SQL-callable JSON functions, so
 * the only code that uses jansson lives here, apart from the backend.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "header_json.h"

static int
is_token_char(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* NULL if the header is acceptable, else a format taking its name */
static const char *
header_problem(const char *name, json_t *value)
{
	const char *p;
	size_t		len;

	if (name[0] == '\0')
		return "A header name is empty.";
	for (p = name; *p; p++)
		if (!is_token_char((unsigned char) *p))
			return "Header \"%s\" has a character not allowed in a header name.";
	if (!json_is_string(value))
		return "The value of header \"%s\" is not a JSON string.";
	len = json_string_length(value);
	if (strlen(json_string_value(value)) != len)
		return "The value of header \"%s\" contains a NUL character.";
	if (strpbrk(json_string_value(value), "\r\n") != NULL)
		return "The value of header \"%s\" contains a line break.";
	return NULL;
}

int
header_json_parse(const char *text, HeaderPair **pairs, char *errbuf,
				  size_t errbuflen)
{
	json_t	   *root;
	json_error_t jerr;
	const char *key;
	json_t	   *item;
	HeaderPair *result;
	int			n = 0;

	*pairs = NULL;
	root = json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (root == NULL)
	{
		snprintf(errbuf, errbuflen, "The value is not valid JSON: %s at character %d.",
				 jerr.text, jerr.position + 1);
		return -1;
	}
	if (!json_is_object(root))
	{
		snprintf(errbuf, errbuflen, "The value must be a JSON object of header names and values.");
		json_decref(root);
		return -1;
	}

	result = calloc(json_object_size(root) + 1, sizeof(HeaderPair));
	if (result == NULL)
	{
		snprintf(errbuf, errbuflen, "out of memory");
		json_decref(root);
		return -1;
	}
	json_object_foreach(root, key, item)
	{
		const char *problem = header_problem(key, item);

		if (problem)
		{
			snprintf(errbuf, errbuflen, problem, key);
			header_json_free(result, n);
			json_decref(root);
			return -1;
		}
		result[n].name = strdup(key);
		result[n].value = strdup(json_string_value(item));
		n++;
		if (result[n - 1].name == NULL || result[n - 1].value == NULL)
		{
			snprintf(errbuf, errbuflen, "out of memory");
			header_json_free(result, n);
			json_decref(root);
			return -1;
		}
	}
	json_decref(root);
	*pairs = result;
	return n;
}

void
header_json_free(HeaderPair *pairs, int npairs)
{
	int			i;

	if (pairs == NULL)
		return;
	for (i = 0; i < npairs; i++)
	{
		free(pairs[i].name);
		if (pairs[i].value)
		{
			/* values may be secrets: don't leave them in freed memory */
			memset(pairs[i].value, 0, strlen(pairs[i].value));
			free(pairs[i].value);
		}
	}
	free(pairs);
}
