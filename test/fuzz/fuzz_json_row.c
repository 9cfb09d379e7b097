/*-------------------------------------------------------------------------
 *
 * fuzz_json_row.c
 *	  libFuzzer target for the validating row tokenizer.
 *
 * Checked:
 *	- parsing never crashes or reads outside the input;
 *	- a valid parse satisfies the token invariants (json_row_check.h);
 *	- parsing again into the reused token array gives the same tokens;
 *	- json_row_object_get() finds every key, and the result is the last
 *	  member with that key;
 *	- json_string_unescape() on arbitrary bytes stays within len bytes;
 *	- an error has a message and an offset within the input.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_row.h"
#include "json_row_check.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

static JsonRow row;
static int	initialized;

/* check json_row_object_get() for every member of object tok */
static void
check_object(int tok)
{
	int			i = tok + 1;
	int			m;

	for (m = 0; m < row.tokens[tok].size; m++)
	{
		const JsonToken *k = &row.tokens[i];
		size_t		n = k->end - k->start;
		char	   *key = malloc(n > 0 ? n : 1);
		size_t		klen;
		int			found;
		char	   *key2;
		size_t		klen2;

		CHECK(key != NULL);
		klen = json_string_unescape(row.data + k->start, n, key);
		found = json_row_object_get(&row, tok, key, klen);
		/* this member or a later duplicate */
		CHECK(found >= i + 1 && found < row.tokens[tok].next);
		CHECK(row.tokens[found - 1].type == JSON_TOKEN_STRING);
		n = row.tokens[found - 1].end - row.tokens[found - 1].start;
		key2 = malloc(n > 0 ? n : 1);
		CHECK(key2 != NULL);
		klen2 = json_string_unescape(row.data + row.tokens[found - 1].start, n, key2);
		CHECK(klen == klen2 && memcmp(key, key2, klen) == 0);
		free(key2);
		free(key);
		i = row.tokens[i + 1].next;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	JsonToken  *copy;
	int			ntokens;
	int			r;
	int			i;
	char	   *buf;

	if (!initialized)
	{
		json_row_init(&row);
		initialized = 1;
	}

	/* unescaping arbitrary bytes must stay in bounds */
	buf = malloc(size > 0 ? size : 1);
	CHECK(buf != NULL);
	CHECK(json_string_unescape(s, size, buf) <= size);
	free(buf);

	r = json_row_parse(&row, s, size);
	if (r == -2)
		return 0;
	if (r != 0)
	{
		CHECK(r == -1);
		CHECK(row.error != NULL);
		CHECK(row.error_offset <= size);
		return 0;
	}

	{
		const char *problem = json_row_check(&row);

		if (problem != NULL)
		{
			fprintf(stderr, "token invariant violated: %s\n", problem);
			abort();
		}
	}

	/* reparse into the reused array */
	ntokens = row.ntokens;
	copy = malloc(sizeof(JsonToken) * (size_t) ntokens);
	CHECK(copy != NULL);
	memcpy(copy, row.tokens, sizeof(JsonToken) * (size_t) ntokens);
	CHECK(json_row_parse(&row, s, size) == 0);
	CHECK(row.ntokens == ntokens);
	for (i = 0; i < ntokens; i++)
	{
		const JsonToken *a = &copy[i];
		const JsonToken *b = &row.tokens[i];

		CHECK(a->type == b->type && a->flags == b->flags &&
			  a->start == b->start && a->end == b->end &&
			  a->size == b->size && a->next == b->next);
	}
	free(copy);

	for (i = 0; i < row.ntokens; i++)
	{
		if (row.tokens[i].type == JSON_TOKEN_OBJECT)
			check_object(i);
	}

	/* any strict prefix of a complete container is invalid */
	if (row.tokens[0].type <= JSON_TOKEN_ARRAY && row.tokens[0].end > 0)
		CHECK(json_row_parse(&row, s, row.tokens[0].end - 1) == -1);
	return 0;
}
