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
 *	- an error has a message and an offset within the input;
 *	- a key table of an object's keys finds what json_row_object_get()
 *	  finds (json_row_object_lookup());
 *	- the number fast paths give strtod()'s and strtof()'s values exactly
 *	  when they answer, and json_number_decimal() the number's digits;
 *	- json_parse_datetime() only accepts fields in range.
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

#define MAX_TABLE_KEYS 16

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

/* json_row_object_lookup() with a table of the first keys of object tok */
static void
check_lookup(int tok)
{
	char	   *keys[MAX_TABLE_KEYS];
	size_t		lens[MAX_TABLE_KEYS];
	int			ids[MAX_TABLE_KEYS];
	int			values[MAX_TABLE_KEYS];
	JsonKeySlot slots[4 * MAX_TABLE_KEYS];
	JsonKeyTable kt;
	int			nkeys = 0;
	int			i = tok + 1;
	int			m;
	int			k;

	CHECK(json_keys_nslots(MAX_TABLE_KEYS) <= 4 * MAX_TABLE_KEYS);
	json_keys_init(&kt, slots, json_keys_nslots(MAX_TABLE_KEYS));
	for (m = 0; m < row.tokens[tok].size && nkeys < MAX_TABLE_KEYS; m++)
	{
		const JsonToken *key = &row.tokens[i];
		size_t		n = key->end - key->start;

		keys[nkeys] = malloc(n > 0 ? n : 1);
		CHECK(keys[nkeys] != NULL);
		lens[nkeys] = json_string_unescape(row.data + key->start, n, keys[nkeys]);
		ids[nkeys] = json_keys_add(&kt, keys[nkeys], lens[nkeys]);
		CHECK(ids[nkeys] >= 0 && ids[nkeys] <= nkeys);
		CHECK(json_keys_find(&kt, keys[nkeys], lens[nkeys]) == ids[nkeys]);
		nkeys++;
		i = row.tokens[i + 1].next;
	}
	json_row_object_lookup(&row, tok, &kt, values);
	for (k = 0; k < nkeys; k++)
	{
		CHECK(values[ids[k]] == json_row_object_get(&row, tok, keys[k], lens[k]));
		free(keys[k]);
	}
}

/* the fast paths of a number token agree with the C library */
static void
check_number(const JsonToken *t)
{
	const char *s = row.data + t->start;
	size_t		n = t->end - t->start;
	char		buf[64];
	double		d;
	float		f;
	int64_t		v;
	int			scale;
	int			fast_d = json_number_double(s, n, &d);
	int			fast_f = json_number_float(s, n, &f);
	int			fast_n = json_number_decimal(s, n, &v, &scale);

	if (n >= sizeof(buf))
	{
		/* at most 15 significant digits, but any number of zeros */
		return;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (fast_d)
	{
		double		e = strtod(buf, NULL);

		CHECK(memcmp(&d, &e, sizeof(double)) == 0);
	}
	if (fast_f)
	{
		float		e = strtof(buf, NULL);

		CHECK(memcmp(&f, &e, sizeof(float)) == 0);
	}
	if (fast_n)
	{
		const char *dot = memchr(buf, '.', n);
		char		digits[64];
		char		vbuf[32];
		size_t		nd = 0;
		const char *c;

		CHECK(strpbrk(buf, "eE") == NULL);
		CHECK(scale == (dot ? (int) (n - (size_t) (dot - buf) - 1) : 0));
		/* the value's digits are the number's, without leading zeros */
		for (c = buf; *c; c++)
		{
			if (*c < '0' || *c > '9' || (nd == 0 && *c == '0'))
				continue;
			digits[nd++] = *c;
		}
		digits[nd] = '\0';
		snprintf(vbuf, sizeof(vbuf), "%lld", (long long) (v < 0 ? -v : v));
		CHECK(strcmp(vbuf, nd > 0 ? digits : "0") == 0);
		CHECK((v < 0) == (buf[0] == '-' && nd > 0));
	}
}

static void
check_datetime(const JsonToken *t)
{
	JsonDateTime dt;

	if (!json_parse_datetime(row.data + t->start, t->end - t->start, &dt))
		return;
	CHECK(dt.year >= 1 && dt.year <= 9999);
	CHECK(dt.month >= 1 && dt.month <= 12 && dt.day >= 1 && dt.day <= 31);
	CHECK(dt.hour >= 0 && dt.hour <= 23 && dt.minute >= 0 && dt.minute <= 59 &&
		  dt.second >= 0 && dt.second <= 59);
	CHECK(dt.usec >= 0 && dt.usec <= 999999);
	CHECK(dt.offset >= -(15 * 3600 + 59 * 60) && dt.offset <= 15 * 3600 + 59 * 60);
	CHECK(dt.has_time || (!dt.has_offset && t->end - t->start == 10));
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
		{
			check_object(i);
			check_lookup(i);
		}
		else if (row.tokens[i].type == JSON_TOKEN_NUMBER)
			check_number(&row.tokens[i]);
		else if (row.tokens[i].type == JSON_TOKEN_STRING)
			check_datetime(&row.tokens[i]);
	}

	/* any strict prefix of a complete container is invalid */
	if (row.tokens[0].type <= JSON_TOKEN_ARRAY && row.tokens[0].end > 0)
		CHECK(json_row_parse(&row, s, row.tokens[0].end - 1) == -1);
	return 0;
}
