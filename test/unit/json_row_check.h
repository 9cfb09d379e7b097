/*-------------------------------------------------------------------------
 *
 * json_row_check.h
 *	  Structural invariants of a successfully parsed JsonRow, shared by the
 *	  unit tests and the fuzz target.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JSON_ROW_CHECK_H
#define JSON_ROW_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "json_row.h"

/*
 * Returns NULL if the token array is consistent with row->data, else a
 * description of the first violation.
 */
static const char *
json_row_check(const JsonRow *row)
{
	const char *d = row->data;
	int			i;

	if (row->ntokens < 1 || row->ntokens > row->capacity)
		return "bad ntokens";
	if (row->tokens[0].next != row->ntokens)
		return "root token does not span all tokens";
	for (i = 0; i < row->ntokens; i++)
	{
		const JsonToken *t = &row->tokens[i];
		int			j;
		int			count = 0;

		if (t->start > t->end || t->end > row->len)
			return "token range outside the row";
		if (t->next <= i || t->next > row->ntokens)
			return "bad next";
		switch (t->type)
		{
			case JSON_TOKEN_STRING:
				if (t->start == 0 || d[t->start - 1] != '"' ||
					t->end >= row->len || d[t->end] != '"')
					return "string not delimited by quotes";
				if (((t->flags & JSON_TOKEN_ESCAPED) != 0) !=
					(memchr(d + t->start, '\\', t->end - t->start) != NULL))
					return "ESCAPED flag wrong";
				if ((t->flags & JSON_TOKEN_INTEGER) != 0)
					return "INTEGER flag on a string";
				/* FALLTHROUGH */
			case JSON_TOKEN_NUMBER:
			case JSON_TOKEN_TRUE:
			case JSON_TOKEN_FALSE:
			case JSON_TOKEN_NULL:
				if (t->next != i + 1 || t->size != 0)
					return "scalar with children";
				if (t->type == JSON_TOKEN_NUMBER)
				{
					int			integer = 1;
					uint32_t	k;

					for (k = t->start; k < t->end; k++)
						if (d[k] == '.' || d[k] == 'e' || d[k] == 'E')
							integer = 0;
					if (((t->flags & JSON_TOKEN_INTEGER) != 0) != integer)
						return "INTEGER flag wrong";
					if (t->flags & ~JSON_TOKEN_INTEGER)
						return "string flag on a number";
				}
				if (t->type == JSON_TOKEN_TRUE &&
					(t->end - t->start != 4 || memcmp(d + t->start, "true", 4) != 0))
					return "bad true token";
				if (t->type == JSON_TOKEN_FALSE &&
					(t->end - t->start != 5 || memcmp(d + t->start, "false", 5) != 0))
					return "bad false token";
				if (t->type == JSON_TOKEN_NULL &&
					(t->end - t->start != 4 || memcmp(d + t->start, "null", 4) != 0))
					return "bad null token";
				break;
			case JSON_TOKEN_OBJECT:
			case JSON_TOKEN_ARRAY:
				if (t->end - t->start < 2 ||
					d[t->start] != (t->type == JSON_TOKEN_OBJECT ? '{' : '[') ||
					d[t->end - 1] != (t->type == JSON_TOKEN_OBJECT ? '}' : ']'))
					return "container not delimited by brackets";
				j = i + 1;
				while (j < t->next)
				{
					const JsonToken *c = &row->tokens[j];

					if (c->start < t->start || c->end > t->end)
						return "child outside its parent";
					if (t->type == JSON_TOKEN_OBJECT)
					{
						if (c->type != JSON_TOKEN_STRING)
							return "object key is not a string";
						j = c->next;
						if (j >= t->next)
							return "object key without value";
					}
					j = row->tokens[j].next;
					count++;
				}
				if (j != t->next)
					return "children overrun the subtree";
				if (count != t->size)
					return "size does not match the children";
				if (json_row_array_get(row, i, t->size) != -1 ||
					json_row_array_get(row, i, -1) != -1)
					return "array_get out of range";
				if (t->type == JSON_TOKEN_ARRAY && t->size > 0 &&
					json_row_array_get(row, i, 0) != i + 1)
					return "array_get(0) wrong";
				break;
			default:
				return "bad token type";
		}
		if (t->type == JSON_TOKEN_STRING)
		{
			size_t		n = t->end - t->start;
			char	   *buf = malloc(n > 0 ? n : 1);	/* exact, for ASan */
			const char *err = NULL;
			size_t		m;

			if (buf == NULL)
				return NULL;
			m = json_string_unescape(d + t->start, n, buf);
			if (m > n)
				err = "unescape grew the string";
			else if (!(t->flags & JSON_TOKEN_ESCAPED) &&
					 (m != n || memcmp(buf, d + t->start, n) != 0))
				err = "unescape changed an unescaped string";
			else if (((t->flags & JSON_TOKEN_HAS_NUL) != 0) !=
					 (memchr(buf, 0, m) != NULL))
				err = "HAS_NUL flag wrong";
			free(buf);
			if (err != NULL)
				return err;
		}
	}
	return NULL;
}

#endif							/* JSON_ROW_CHECK_H */
