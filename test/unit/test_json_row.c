/*-------------------------------------------------------------------------
 *
 * test_json_row.c
 *	  Unit tests for the validating row tokenizer, its key tables, and the
 *	  fast paths for numbers and ISO 8601 dates.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_row.h"
#include "json_row_check.h"
#include "unit.h"

static JsonRow row;

/*
 * Compact dump of the tokens: type letter, size for containers, and the
 * token's text, e.g. O2{"a":1,"b":[]} Sa N1 Sb A0[].
 */
static const char *
dump(void)
{
	static char out[4096];
	size_t		n = 0;
	int			i;

	out[0] = '\0';
	for (i = 0; i < row.ntokens && n < sizeof(out) - 100; i++)
	{
		const JsonToken *t = &row.tokens[i];
		static const char letters[] = "OASNTFZ";
		int			len = (int) (t->end - t->start);

		if (len > 40)
			len = 40;
		if (t->type <= JSON_TOKEN_ARRAY)
			n += (size_t) snprintf(out + n, sizeof(out) - n, "%s%c%d%.*s",
								   i ? " " : "", letters[t->type], t->size,
								   len, row.data + t->start);
		else
			n += (size_t) snprintf(out + n, sizeof(out) - n, "%s%c%.*s",
								   i ? " " : "", letters[t->type], len,
								   row.data + t->start);
	}
	return out;
}

static int
parse(const char *s, size_t len)
{
	return json_row_parse(&row, s, len);
}

/* s must parse; its token dump must be "expected" (if not NULL) */
static void
expect_ok_len(const char *s, size_t len, const char *expected)
{
	int			r = parse(s, len);
	const char *problem;

	unit_context = s;
	CHECK_INT(r, 0);
	if (r != 0)
		fprintf(stderr, "  error: %s at %zu\n", row.error, row.error_offset);
	else
	{
		problem = json_row_check(&row);
		CHECK_STR(problem ? problem : "ok", "ok");
		if (expected != NULL)
			CHECK_STR(dump(), expected);
	}
	unit_context = "";
}

static void
expect_ok(const char *s, const char *expected)
{
	expect_ok_len(s, strlen(s), expected);
}

static void
expect_error_len(const char *s, size_t len, const char *msg, size_t offset)
{
	int			r = parse(s, len);

	unit_context = s;
	CHECK_INT(r, -1);
	if (r == -1)
	{
		CHECK_STR(row.error, msg);
		CHECK_INT(row.error_offset, offset);
	}
	unit_context = "";
}

static void
expect_error(const char *s, const char *msg, size_t offset)
{
	expect_error_len(s, strlen(s), msg, offset);
}

static void
test_scalars(void)
{
	expect_ok("1", "N1");
	expect_ok(" \t\r\n-0 \n", "N-0");
	expect_ok("1.5e10", "N1.5e10");
	expect_ok("\"abc\"", "Sabc");
	expect_ok("\"\"", "S");
	expect_ok("true", "Ttrue");
	expect_ok("false", "Ffalse");
	expect_ok("null", "Znull");
	CHECK_INT(parse("-12", 3), 0);
	CHECK_INT(row.tokens[0].flags, JSON_TOKEN_INTEGER);
	CHECK_INT(row.tokens[0].start, 0);
	CHECK_INT(row.tokens[0].end, 3);
	CHECK_INT(row.tokens[0].next, 1);
	CHECK_INT(parse("1.0", 3), 0);
	CHECK_INT(row.tokens[0].flags, 0);
	CHECK_INT(parse("1E2", 3), 0);
	CHECK_INT(row.tokens[0].flags, 0);
	CHECK_INT(parse(" \"a\\nb\" ", 8), 0);
	CHECK_INT(row.tokens[0].type, JSON_TOKEN_STRING);
	CHECK_INT(row.tokens[0].flags, JSON_TOKEN_ESCAPED);
	CHECK_INT(row.tokens[0].start, 2);
	CHECK_INT(row.tokens[0].end, 6);
	CHECK_INT(parse("\"a\"", 3), 0);
	CHECK_INT(row.tokens[0].flags, 0);
}

static void
test_containers(void)
{
	expect_ok("{\"a\":1,\"b\":[true,false,null],\"c\":{}}",
			  "O3{\"a\":1,\"b\":[true,false,null],\"c\":{}} Sa N1 Sb "
			  "A3[true,false,null] Ttrue Ffalse Znull Sc O0{}");
	CHECK_INT(row.ntokens, 10);
	CHECK_INT(row.tokens[0].next, 10);
	CHECK_INT(row.tokens[4].next, 8);
	CHECK_INT(row.tokens[4].start, 11);
	CHECK_INT(row.tokens[4].end, 28);
	CHECK_INT(row.tokens[9].next, 10);
	expect_ok("[]", "A0[]");
	expect_ok("{}", "O0{}");
	expect_ok(" [ ] ", "A0[ ]");
	expect_ok("[[],[[]],{\"\":[]}]", "A3[[],[[]],{\"\":[]}] A0[] A1[[]] A0[] O1{\"\":[]} S A0[]");
	CHECK_INT(row.tokens[2].next, 4);
	CHECK_INT(row.tokens[4].next, 7);
	expect_ok("{ \"k\" : [ 1 , { \"x\" : \"y\" } ] }",
			  "O1{ \"k\" : [ 1 , { \"x\" : \"y\" } ] } Sk A2[ 1 , { \"x\" : \"y\" } ] N1 "
			  "O1{ \"x\" : \"y\" } Sx Sy");
	expect_ok("[1,\"a\",-2.5,true]", "A4[1,\"a\",-2.5,true] N1 Sa N-2.5 Ttrue");
}

static void
test_object_get(void)
{
	const char *doc = "{\"a\":1,\"b\":{\"c\":[1,2]},\"a\":\"second\","
		"\"k\\u0065y\":3,\"q\\\"\":4,\"\\ud83d\\ude00\":5,\"\":6,\"n\\u0000\":7}";
	int			b;
	int			v;

	CHECK_INT(parse(doc, strlen(doc)), 0);
	v = json_row_object_get(&row, 0, "a", 1);
	CHECK_INT(row.tokens[v].type, JSON_TOKEN_STRING);
	CHECK(strncmp(doc + row.tokens[v].start, "second", 6) == 0);
	b = json_row_object_get(&row, 0, "b", 1);
	CHECK_INT(row.tokens[b].type, JSON_TOKEN_OBJECT);
	v = json_row_object_get(&row, b, "c", 1);
	CHECK_INT(row.tokens[v].type, JSON_TOKEN_ARRAY);
	CHECK_INT(json_row_object_get(&row, b, "a", 1), -1);
	CHECK_INT(json_row_object_get(&row, v, "a", 1), -1);	/* not an object */
	CHECK_INT(json_row_object_get(&row, -1, "a", 1), -1);
	CHECK_INT(json_row_object_get(&row, row.ntokens, "a", 1), -1);
	CHECK_INT(json_row_array_get(&row, v, 1), v + 2);
	CHECK_INT(json_row_array_get(&row, v, 2), -1);
	CHECK_INT(json_row_array_get(&row, 0, 0), -1);	/* not an array */
	/* escaped keys are compared after unescaping */
	v = json_row_object_get(&row, 0, "key", 3);
	CHECK(v > 0 && doc[row.tokens[v].start] == '3');
	CHECK_INT(json_row_object_get(&row, 0, "k\\u0065y", 8), -1);
	v = json_row_object_get(&row, 0, "q\"", 2);
	CHECK(v > 0 && doc[row.tokens[v].start] == '4');
	v = json_row_object_get(&row, 0, "\xf0\x9f\x98\x80", 4);
	CHECK(v > 0 && doc[row.tokens[v].start] == '5');
	v = json_row_object_get(&row, 0, "", 0);
	CHECK(v > 0 && doc[row.tokens[v].start] == '6');
	v = json_row_object_get(&row, 0, "n\0", 2);
	CHECK(v > 0 && doc[row.tokens[v].start] == '7');
	CHECK_INT(json_row_object_get(&row, 0, "n", 1), -1);
	CHECK_INT(json_row_object_get(&row, 0, "ab", 2), -1);
	CHECK_INT(json_row_object_get(&row, 0, "keyy", 4), -1);
	CHECK_INT(json_row_object_get(&row, 0, "ke", 2), -1);

	/* array_get skips whole subtrees */
	doc = "[[1,[2,3]],{\"a\":[4]},5]";
	CHECK_INT(parse(doc, strlen(doc)), 0);
	CHECK_INT(json_row_array_get(&row, 0, 0), 1);
	CHECK_INT(json_row_array_get(&row, 0, 1), 6);
	CHECK_INT(json_row_array_get(&row, 0, 2), 10);
	CHECK_INT(json_row_array_get(&row, 0, 3), -1);
	CHECK_INT(json_row_array_get(&row, 0, -1), -1);
	CHECK_INT(json_row_array_get(&row, 1, 1), 3);
}

static void
check_unescape(const char *raw, const char *expected, size_t explen)
{
	char		buf[64];
	size_t		n = json_string_unescape(raw, strlen(raw), buf);

	unit_context = raw;
	CHECK_INT(n, explen);
	CHECK(n == explen && memcmp(buf, expected, n) == 0);
	unit_context = "";
}

static void
test_unescape(void)
{
	check_unescape("plain", "plain", 5);
	check_unescape("", "", 0);
	check_unescape("\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t", 8);
	check_unescape("a\\u00e9b", "a\xc3\xa9" "b", 4);
	check_unescape("\\u20AC", "\xe2\x82\xac", 3);
	check_unescape("\\u007f\\u0080\\u07FF\\u0800\\uFFFF",
				   "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 11);
	check_unescape("\\uD83D\\uDE00!", "\xf0\x9f\x98\x80!", 5);
	check_unescape("\\udbff\\udfff", "\xf4\x8f\xbf\xbf", 4);
	check_unescape("x\\u0000y", "x\0y", 3);
	/* malformed input (not produced by a valid parse) stays in bounds */
	check_unescape("\\ud800", "\xef\xbf\xbd", 3);
	check_unescape("\\udc00x", "\xef\xbf\xbdx", 4);
	check_unescape("\\ud800\\u0041", "\xef\xbf\xbd" "A", 4);
	check_unescape("\\u12", "\\u12", 4);
	check_unescape("\\uzzzz", "\\uzzzz", 6);
	check_unescape("ab\\", "ab\\", 3);
	check_unescape("\\q", "q", 1);
}

static void
test_strings(void)
{
	char		buf[64];
	int			i;
	int			j;

	expect_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", NULL);
	expect_ok("\"\\u0041\\u00e9\\uFFFF\\uabcd\"", NULL);
	/* surrogate pairs */
	expect_ok("\"\\ud83d\\ude00\"", NULL);
	expect_ok("\"\\uD800\\uDC00\\uDBFF\\uDFFF\"", NULL);
	expect_error("\"\\ud800\"", "invalid Unicode surrogate pair in string", 1);
	expect_error("\"ab\\ud800x\"", "invalid Unicode surrogate pair in string", 3);
	expect_error("\"\\ud800\\u0041\"", "invalid Unicode surrogate pair in string", 1);
	expect_error("\"\\ud800\\ud800\"", "invalid Unicode surrogate pair in string", 1);
	expect_error("\"\\udc00\"", "invalid Unicode surrogate pair in string", 1);
	expect_error("\"\\ude00\\ud83d\"", "invalid Unicode surrogate pair in string", 1);
	expect_error("\"\\ud800\\u\"", "invalid Unicode surrogate pair in string", 1);
	expect_error("\"\\ud800\\", "invalid Unicode surrogate pair in string", 1);
	/* bad escapes */
	expect_error("\"\\x41\"", "invalid escape sequence in string", 1);
	expect_error("\"\\U0041\"", "invalid escape sequence in string", 1);
	expect_error("\"\\'\"", "invalid escape sequence in string", 1);
	expect_error("\"\\u004\"", "invalid \\u escape in string", 1);
	expect_error("\"\\u00G1\"", "invalid \\u escape in string", 1);
	expect_error("\"\\u00", "invalid \\u escape in string", 1);
	expect_error("\"abc\\", "unexpected end of input inside a string", 5);
	expect_error("\"abc", "unexpected end of input inside a string", 4);
	expect_error("\"", "unexpected end of input inside a string", 1);
	/* NUL */
	CHECK_INT(parse("[\"a\\u0000b\",\"\\u0001\"]", 21), 0);
	CHECK_INT(row.tokens[1].flags, JSON_TOKEN_ESCAPED | JSON_TOKEN_HAS_NUL);
	CHECK_INT(row.tokens[2].flags, JSON_TOKEN_ESCAPED);
	CHECK(json_row_check(&row) == NULL);
	/* control characters */
	expect_error("\"a\tb\"", "unescaped control character in string", 2);
	expect_error("\"\x01\"", "unescaped control character in string", 1);
	expect_error("\"\x1f\"", "unescaped control character in string", 1);
	expect_error_len("\"a\0\"", 4, "unescaped control character in string", 2);
	expect_ok("\"\x7f\"", NULL);
	expect_ok("\"\\u001f\"", NULL);

	/*
	 * A special byte at every position of strings long enough to go
	 * through the 8-byte fast path.
	 */
	for (i = 0; i < 24; i++)
	{
		static const char *const specials[] = {"\"", "\\n", "\x01", "\xc3\xa9", "\xff"};
		static const int results[] = {1, 0, -1, 0, -1};

		for (j = 0; j < 5; j++)
		{
			size_t		n = 0;
			int			r;

			buf[n++] = '"';
			memset(buf + n, 'a', (size_t) i);
			n += (size_t) i;
			memcpy(buf + n, specials[j], strlen(specials[j]));
			n += strlen(specials[j]);
			memset(buf + n, 'b', 9);
			n += 9;
			buf[n++] = '"';
			r = parse(buf, n);
			unit_context = specials[j];
			if (results[j] == 1)
			{
				/* an early quote: the rest is garbage */
				CHECK_INT(r, -1);
				CHECK_INT(row.error_offset, (size_t) i + 2);
			}
			else if (results[j] == 0)
			{
				CHECK_INT(r, 0);
				CHECK_INT(row.tokens[0].end, n - 1);
			}
			else
			{
				CHECK_INT(r, -1);
				CHECK_INT(row.error_offset, (size_t) i + 1);
			}
		}
	}
	unit_context = "";
}

static void
test_utf8(void)
{
	static const char *const valid[] = {
		"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xe1\x80\x80", "\xec\xbf\xbf",
		"\xed\x80\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf",
		"\xf0\x90\x80\x80", "\xf1\x80\x80\x80", "\xf3\xbf\xbf\xbf",
		"\xf4\x80\x80\x80", "\xf4\x8f\xbf\xbf",
	};
	static const char *const invalid[] = {
		"\x80",					/* stray continuation bytes */
		"\xbf",
		"\xc0\x80",				/* overlong 2-byte */
		"\xc1\xbf",
		"\xe0\x80\x80",			/* overlong 3-byte */
		"\xe0\x9f\xbf",
		"\xed\xa0\x80",			/* UTF-16 surrogates */
		"\xed\xbf\xbf",
		"\xf0\x80\x80\x80",		/* overlong 4-byte */
		"\xf0\x8f\xbf\xbf",
		"\xf4\x90\x80\x80",		/* above U+10FFFF */
		"\xf7\xbf\xbf\xbf",
		"\xf5\x80\x80\x80",
		"\xf8\x88\x80\x80\x80",	/* 5- and 6-byte forms */
		"\xfc\x84\x80\x80\x80\x80",
		"\xfe", "\xff",
		"\xc3",					/* truncated */
		"\xe2\x82",
		"\xf0\x9f\x98",
		"\xc3\x41",				/* bad continuation */
		"\xe2\x41\x82",
		"\xe2\x82\x41",
		"\xf0\x9f\x41\x80",
		"\xf0\x9f\x98\x41",
	};
	char		buf[32];
	size_t		i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
	{
		snprintf(buf, sizeof(buf), "[\"x%sy\"]", valid[i]);
		expect_ok(buf, NULL);
	}
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
	{
		snprintf(buf, sizeof(buf), "[\"x%sy\"]", invalid[i]);
		expect_error(buf, "invalid UTF-8", 3);
		/* also at the very end of the input */
		snprintf(buf, sizeof(buf), "\"%s", invalid[i]);
		expect_error(buf, "invalid UTF-8", 1);
	}
	/* outside strings */
	expect_error("[\xff]", "invalid UTF-8", 1);
	expect_error("[1,\xc3]", "invalid UTF-8", 3);
	expect_error("[\xc3\xa9]", "unexpected character", 1);
	expect_error("{\"a\":1\xff}", "invalid UTF-8", 6);
}

static void
test_numbers(void)
{
	static const char *const valid[] = {
		"0", "-0", "1", "-1", "10", "1.0", "0.5", "-0.0", "1e5", "1E+5",
		"1e-5", "0.5e0", "0e0", "-0E-0", "123456789012345678901234567890",
		"1.7976931348623157e308", "4.9e-324", "1e999",
	};
	static const char *const invalid[] = {
		"01", "-01", "00", "1.", ".5", "-", "1e", "1e+", "1E-", "+1", "0x10",
		"-a", "1.e5", "Infinity", "-Infinity", "NaN", "- 1", "1.5.5", "1e5e5",
		"1e5.5", "--1", "1-", "012", "0.", "-.5",
	};
	char		buf[64];
	size_t		i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
	{
		snprintf(buf, sizeof(buf), "N%s", valid[i]);
		expect_ok(valid[i], buf);
		snprintf(buf, sizeof(buf), "[%s]", valid[i]);
		expect_ok(buf, NULL);
	}
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
	{
		unit_context = invalid[i];
		CHECK_INT(parse(invalid[i], strlen(invalid[i])), -1);
		snprintf(buf, sizeof(buf), "[%s]", invalid[i]);
		CHECK_INT(parse(buf, strlen(buf)), -1);
	}
	unit_context = "";
	expect_error("01", "invalid number", 0);
	expect_error("[1,-]", "invalid number", 3);
	expect_error("1.", "invalid number", 0);
	expect_error("[1e+]", "invalid number", 1);
	expect_error(".5", "unexpected character", 0);
	expect_error("+1", "unexpected character", 0);
	expect_error("1.5.5", "unexpected data after JSON value", 3);
	expect_error("[1x]", "expected ',' or ']'", 2);
}

static void
test_structure(void)
{
	expect_error("", "unexpected end of input", 0);
	expect_error("  ", "unexpected end of input", 2);
	expect_error("[", "unexpected end of input", 1);
	expect_error("{", "unexpected end of input", 1);
	expect_error("[1", "unexpected end of input", 2);
	expect_error("[1,", "unexpected end of input", 3);
	expect_error("{\"a\"", "unexpected end of input", 4);
	expect_error("{\"a\":", "unexpected end of input", 5);
	expect_error("{\"a\":1", "unexpected end of input", 6);
	expect_error("[1,]", "unexpected character", 3);
	expect_error("[,1]", "unexpected character", 1);
	expect_error("{\"a\":1,}", "expected an object key", 7);
	expect_error("{,}", "expected an object key", 1);
	expect_error("{\"a\"}", "expected ':'", 4);
	expect_error("{\"a\" 1}", "expected ':'", 5);
	expect_error("{\"a\":}", "unexpected character", 5);
	expect_error("[1 2]", "expected ',' or ']'", 3);
	expect_error("{\"a\":1 \"b\":2}", "expected ',' or '}'", 7);
	expect_error("{1:2}", "expected an object key", 1);
	expect_error("{'a':2}", "expected an object key", 1);
	expect_error("[}", "unexpected character", 1);
	expect_error("{]", "expected an object key", 1);
	expect_error("[1}", "expected ',' or ']'", 2);
	expect_error("{\"a\":1]", "expected ',' or '}'", 6);
	expect_error("\"\"x", "unexpected data after JSON value", 2);
	expect_error("1 2", "unexpected data after JSON value", 2);
	expect_error("{\"a\":1}}", "unexpected data after JSON value", 7);
	expect_error("[] []", "unexpected data after JSON value", 3);
	expect_error("tru", "invalid literal", 0);
	expect_error("trUe", "invalid literal", 0);
	expect_error("[nul]", "invalid literal", 1);
	expect_error("falsey", "unexpected data after JSON value", 5);
	expect_error("[truex]", "expected ',' or ']'", 5);
	expect_error("\x0b" "1", "unexpected character", 0);
	expect_error("1\x0c", "unexpected data after JSON value", 1);
	expect_error_len("[1]\0", 4, "unexpected data after JSON value", 3);
	expect_error("\xef\xbb\xbf[]", "unexpected character", 0);
}

static void
test_depth(void)
{
	char	   *doc = malloc(2 * JSON_ROW_MAX_DEPTH + 10);
	int			i;

	memset(doc, '[', JSON_ROW_MAX_DEPTH);
	memset(doc + JSON_ROW_MAX_DEPTH, ']', JSON_ROW_MAX_DEPTH);
	expect_ok_len(doc, 2 * JSON_ROW_MAX_DEPTH, NULL);
	CHECK_INT(row.ntokens, JSON_ROW_MAX_DEPTH);
	CHECK_INT(row.tokens[0].size, 1);
	CHECK_INT(row.tokens[JSON_ROW_MAX_DEPTH - 1].size, 0);

	memset(doc, '[', JSON_ROW_MAX_DEPTH + 1);
	memset(doc + JSON_ROW_MAX_DEPTH + 1, ']', JSON_ROW_MAX_DEPTH + 1);
	expect_error_len(doc, 2 * JSON_ROW_MAX_DEPTH + 2,
					 "maximum nesting depth exceeded", JSON_ROW_MAX_DEPTH);

	/* objects count too */
	free(doc);
	doc = malloc(5 * (JSON_ROW_MAX_DEPTH + 1) + JSON_ROW_MAX_DEPTH + 10);
	for (i = 0; i <= JSON_ROW_MAX_DEPTH; i++)
		memcpy(doc + 5 * i, "{\"a\":", 5);
	expect_error_len(doc, 5 * (JSON_ROW_MAX_DEPTH + 1),
					 "maximum nesting depth exceeded", 5 * JSON_ROW_MAX_DEPTH);
	free(doc);
}

static void
test_reuse(void)
{
	JsonToken  *tokens;
	int			capacity;
	char	   *big;
	size_t		n = 0;
	int			i;

	big = malloc(100000);
	big[n++] = '[';
	for (i = 0; i < 10000; i++)
	{
		n += (size_t) snprintf(big + n, 100000 - n, "%s%d", i ? "," : "", i);
	}
	big[n++] = ']';
	CHECK_INT(parse(big, n), 0);
	CHECK_INT(row.ntokens, 10001);
	CHECK_INT(row.tokens[0].size, 10000);
	CHECK(json_row_check(&row) == NULL);
	CHECK_INT(json_row_array_get(&row, 0, 9999), 10000);
	tokens = row.tokens;
	capacity = row.capacity;
	CHECK(capacity >= 10001);

	CHECK_INT(parse("[1,2]", 5), 0);
	CHECK_INT(row.ntokens, 3);
	CHECK(row.tokens == tokens);
	CHECK_INT(row.capacity, capacity);
	CHECK_INT(parse("[1,", 3), -1);
	CHECK(row.tokens == tokens);
	CHECK_INT(parse(big, n), 0);
	CHECK(row.tokens == tokens);
	free(big);

	/* free and init again */
	json_row_free(&row);
	CHECK(row.tokens == NULL);
	CHECK_INT(row.capacity, 0);
	json_row_free(&row);
	CHECK_INT(parse("{}", 2), 0);
	CHECK_INT(row.ntokens, 1);
}


/* ----------------------------------------------------------------
 * Key tables
 * ----------------------------------------------------------------
 */

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
test_key_table(void)
{
	JsonKeySlot slots[64];
	JsonKeyTable kt;
	static const char *const keys[] = {
		"id", "name", "a", "ab", "abc", "abcd", "abcde", "abcdefgh",
		"abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq",
		"abcdefghXjklmnopq", "", "a\"b", "\xc3\xa9t\xc3\xa9"
	};
	int			nkeys = (int) (sizeof(keys) / sizeof(keys[0]));
	int			i;
	const char *doc;
	int			values[16];

	unit_context = "key table";
	CHECK_INT(json_keys_nslots(0), 8);
	CHECK_INT(json_keys_nslots(2), 8);
	CHECK_INT(json_keys_nslots(3), 16);
	CHECK_INT(json_keys_nslots(15), 64);
	json_keys_init(&kt, slots, json_keys_nslots(nkeys));
	CHECK_INT(kt.capacity, 16);
	for (i = 0; i < nkeys; i++)
		CHECK_INT(json_keys_add(&kt, keys[i], strlen(keys[i])), i);
	/* adding again gives the same id */
	CHECK_INT(json_keys_add(&kt, "abcd", 4), 5);
	CHECK_INT(json_keys_add(&kt, "", 0), 12);
	CHECK_INT(kt.nkeys, nkeys);
	for (i = 0; i < nkeys; i++)
		CHECK_INT(json_keys_find(&kt, keys[i], strlen(keys[i])), i);
	/* near misses: same length and ends, a different middle */
	CHECK_INT(json_keys_find(&kt, "aXc", 3), -1);
	CHECK_INT(json_keys_find(&kt, "abcdefghijklmnoX", 16), -1);
	CHECK_INT(json_keys_find(&kt, "abcdefghYjklmnopq", 17), -1);
	CHECK_INT(json_keys_find(&kt, "abcdefg", 7), -1);
	CHECK_INT(json_keys_find(&kt, "i", 1), -1);
	CHECK_INT(json_keys_find(&kt, "id\0", 3), -1);
	/* the table takes a quarter of its slots */
	CHECK_INT(json_keys_add(&kt, "one more", 8), 15);
	CHECK_INT(json_keys_add(&kt, "too many", 8), -1);
	CHECK_INT(json_keys_find(&kt, "too many", 8), -1);

	/* an empty table finds nothing, and lookups leave -1 */
	json_keys_init(&kt, slots, 8);
	CHECK_INT(json_keys_find(&kt, "id", 2), -1);

	/* lookups agree with json_row_object_get, escapes and duplicates too */
	doc = "{\"id\":1,\"name\":\"x\",\"n\\u0061me\":\"y\",\"other\":{\"id\":2},"
		"\"a\\\"b\":3,\"\\u00e9t\\u00e9\":4,\"id\":5,\"abcdefghXjklmnopq\":6}";
	CHECK_INT(parse(doc, strlen(doc)), 0);
	json_keys_init(&kt, slots, json_keys_nslots(nkeys));
	for (i = 0; i < nkeys; i++)
		json_keys_add(&kt, keys[i], strlen(keys[i]));
	json_row_object_lookup(&row, 0, &kt, values);
	for (i = 0; i < nkeys; i++)
	{
		unit_context = keys[i];
		CHECK_INT(values[i], json_row_object_get(&row, 0, keys[i], strlen(keys[i])));
	}
	unit_context = "key table";
	CHECK(values[0] > 0 && doc[row.tokens[values[0]].start] == '5');
	CHECK(values[1] > 0 && doc[row.tokens[values[1]].start] == 'y');
	CHECK(values[13] > 0 && doc[row.tokens[values[13]].start] == '3');
	CHECK(values[14] > 0 && doc[row.tokens[values[14]].start] == '4');
	CHECK_INT(values[2], -1);
	/* not an object: nothing found */
	json_row_object_lookup(&row, 7, &kt, values);
	for (i = 0; i < nkeys; i++)
		CHECK_INT(values[i], -1);
	json_row_object_lookup(&row, -1, &kt, values);
	CHECK_INT(values[0], -1);
	CHECK_INT(parse("[1]", 3), 0);
	json_row_object_lookup(&row, 0, &kt, values);
	CHECK_INT(values[0], -1);
}

/* random objects over a small alphabet of keys, with duplicates */
static void
test_key_table_random(void)
{
	static const char *const alphabet[] = {
		"a", "b", "ab", "ba", "abc", "acb", "k1", "k2", "k\\u0031",
		"longer_key_name_1", "longer_key_name_2", "x", "\\\"", ""
	};
	static const char *const wanted[] = {
		"a", "ab", "abc", "k1", "longer_key_name_1", "\"", "", "missing"
	};
	int			nalpha = (int) (sizeof(alphabet) / sizeof(alphabet[0]));
	int			nwanted = (int) (sizeof(wanted) / sizeof(wanted[0]));
	JsonKeySlot slots[64];
	JsonKeyTable kt;
	int			values[8];
	int			iter;
	int			i;
	int			mismatches = 0;

	json_keys_init(&kt, slots, json_keys_nslots(nwanted));
	for (i = 0; i < nwanted; i++)
		json_keys_add(&kt, wanted[i], strlen(wanted[i]));
	for (iter = 0; iter < 2000; iter++)
	{
		char		doc[2048];
		size_t		n = 0;
		int			members = (int) (rng() % 12);

		doc[n++] = '{';
		for (i = 0; i < members; i++)
			n += (size_t) snprintf(doc + n, sizeof(doc) - n, "%s\"%s\":%s",
								   i ? "," : "", alphabet[rng() % nalpha],
								   (rng() & 1) ? "[1,{\"a\":2}]" : "7");
		doc[n++] = '}';
		if (parse(doc, n) != 0)
		{
			mismatches++;
			continue;
		}
		json_row_object_lookup(&row, 0, &kt, values);
		for (i = 0; i < nwanted; i++)
			if (values[i] != json_row_object_get(&row, 0, wanted[i], strlen(wanted[i])))
				mismatches++;
	}
	unit_context = "random objects";
	CHECK_INT(mismatches, 0);
}

static void
test_array_elements(void)
{
	int			out[8];
	const char *doc = "[[1,[2,3]],{\"a\":[4]},5,\"s\"]";

	unit_context = "array elements";
	CHECK_INT(parse(doc, strlen(doc)), 0);
	CHECK_INT(json_row_array_elements(&row, 0, out, 8), 4);
	CHECK_INT(out[0], 1);
	CHECK_INT(out[1], 6);
	CHECK_INT(out[2], 10);
	CHECK_INT(out[3], 11);
	CHECK_INT(json_row_array_elements(&row, 0, out, 2), 2);
	CHECK_INT(json_row_array_elements(&row, 0, out, 0), 0);
	CHECK_INT(json_row_array_elements(&row, 6, out, 8), 0);	/* an object */
	CHECK_INT(json_row_array_elements(&row, 99, out, 8), 0);
	CHECK_INT(parse("[]", 2), 0);
	CHECK_INT(json_row_array_elements(&row, 0, out, 8), 0);
}

/* ----------------------------------------------------------------
 * Numbers
 * ----------------------------------------------------------------
 */

/* the fast path's double must be strtod()'s, bit for bit (-0.0 too) */
static int
double_agrees(const char *s)
{
	double		fast;
	double		slow = strtod(s, NULL);

	if (!json_number_double(s, strlen(s), &fast))
		return -1;
	return memcmp(&fast, &slow, sizeof(double)) == 0;
}

static int
float_agrees(const char *s)
{
	float		fast;
	float		slow = strtof(s, NULL);

	if (!json_number_float(s, strlen(s), &fast))
		return -1;
	return memcmp(&fast, &slow, sizeof(float)) == 0;
}

/* value and scale written back as a decimal must be the input */
static int
decimal_agrees(const char *s)
{
	int64_t		value;
	int			scale;
	char		buf[64];
	char		digits[32];
	const char *in = s;
	int			nd;
	int			allzero = 1;
	const char *c;

	if (!json_number_decimal(s, strlen(s), &value, &scale))
		return -1;
	/* numeric has no negative zero */
	for (c = s; *c; c++)
		if (*c >= '1' && *c <= '9')
			allzero = 0;
	if (allzero && *in == '-')
		in++;
	nd = snprintf(digits, sizeof(digits), "%lld",
				  (long long) (value < 0 ? -value : value));
	if (scale == 0)
		snprintf(buf, sizeof(buf), "%s%s", value < 0 ? "-" : "", digits);
	else if (nd > scale)
		snprintf(buf, sizeof(buf), "%s%.*s.%s", value < 0 ? "-" : "",
				 nd - scale, digits, digits + nd - scale);
	else
		snprintf(buf, sizeof(buf), "%s0.%0*d%s", value < 0 ? "-" : "",
				 scale - nd, 0, digits);
	/* %0*d with width 0 still prints one zero */
	if (nd <= scale && scale - nd == 0)
		snprintf(buf, sizeof(buf), "%s0.%s", value < 0 ? "-" : "", digits);
	return strcmp(buf, in) == 0;
}

static void
test_fast_numbers(void)
{
	static const char *const taken[] = {
		"0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.5", "1.5", "123.456",
		"-3.5e2", "1e2", "1E+2", "2.5e-3", "0.000001", "-0.000001",
		"999999999999999", "123456789012345",
		"1e22", "1e-22", "0.3", "4.35", "0.331120", "1234567.0",
		"0e400", "-0.0E-999"
	};
	static const char *const left[] = {
		"1e23", "1e-23", "1234567890123456", "0.1234567890123456",
		"9007199254740991",
		"1e400", "12345678901234567890.123456789", "4.9e-324",
		"1.7976931348623157e308"
	};
	int			i;

	for (i = 0; i < (int) (sizeof(taken) / sizeof(taken[0])); i++)
	{
		unit_context = taken[i];
		CHECK_INT(double_agrees(taken[i]), 1);
	}
	for (i = 0; i < (int) (sizeof(left) / sizeof(left[0])); i++)
	{
		unit_context = left[i];
		CHECK_INT(double_agrees(left[i]), -1);
	}

	unit_context = "float";
	CHECK_INT(float_agrees("0.1"), 1);
	CHECK_INT(float_agrees("-0"), 1);
	CHECK_INT(float_agrees("16777215"), -1);	/* 8 digits */
	CHECK_INT(float_agrees("1234567"), 1);
	CHECK_INT(float_agrees("1e10"), 1);
	CHECK_INT(float_agrees("1e11"), -1);
	CHECK_INT(float_agrees("3.4028235e38"), -1);

	unit_context = "decimal";
	CHECK_INT(decimal_agrees("0"), 1);
	CHECK_INT(decimal_agrees("-0"), 1);
	CHECK_INT(decimal_agrees("-0.00"), 1);
	CHECK_INT(decimal_agrees("1.50"), 1);
	CHECK_INT(decimal_agrees("-88491.21"), 1);
	CHECK_INT(decimal_agrees("0.000001"), 1);
	CHECK_INT(decimal_agrees("999999999999999"), 1);
	CHECK_INT(decimal_agrees("10000000000000.0"), 1);
	CHECK_INT(decimal_agrees("100000000000000.0"), -1);	/* 16 digits */
	CHECK_INT(decimal_agrees("1000000000000000"), -1);	/* 16 digits */
	CHECK_INT(decimal_agrees("1e2"), -1);	/* exponents go to numeric_in */
	CHECK_INT(decimal_agrees("12345678901234567890.123456789"), -1);
	{
		int64_t		v;
		int			sc;

		CHECK_INT(json_number_decimal("0.0000000000000000000001", 24, &v, &sc), 1);
		CHECK_INT(v, 1);
		CHECK_INT(sc, 22);
		CHECK_INT(json_number_decimal("-12.340", 7, &v, &sc), 1);
		CHECK_INT(v, -12340);
		CHECK_INT(sc, 3);
	}
}

/* random JSON numbers: whenever a fast path answers, it agrees */
static void
test_fast_numbers_random(void)
{
	int			iter;
	int			wrong[3] = {0, 0, 0};
	int			fast[3] = {0, 0, 0};

	for (iter = 0; iter < 300000; iter++)
	{
		char		s[64];
		size_t		n = 0;
		int			intdigits = 1 + (int) (rng() % 17);
		int			fracdigits = (rng() % 3) ? (int) (rng() % 12) : 0;
		int			i;
		int			r;

		if (rng() & 1)
			s[n++] = '-';
		/* no leading zeros, but sometimes a single 0 */
		if (rng() % 8 == 0)
		{
			s[n++] = '0';
			intdigits = 1;
		}
		else
		{
			s[n++] = (char) ('1' + rng() % 9);
			for (i = 1; i < intdigits; i++)
				s[n++] = (char) ('0' + rng() % 10);
		}
		if (fracdigits > 0)
		{
			s[n++] = '.';
			for (i = 0; i < fracdigits; i++)
				s[n++] = (char) ('0' + ((rng() % 4 == 0) ? 0 : rng() % 10));
		}
		if (rng() % 4 == 0)
			n += (size_t) snprintf(s + n, sizeof(s) - n, "e%d",
								   (int) (rng() % 61) - 30);
		s[n] = '\0';

		r = double_agrees(s);
		if (r == 0)
		{
			if (wrong[0]++ < 5)
				fprintf(stderr, "double differs: %s\n", s);
		}
		fast[0] += (r == 1);
		r = float_agrees(s);
		if (r == 0)
		{
			if (wrong[1]++ < 5)
				fprintf(stderr, "float differs: %s\n", s);
		}
		fast[1] += (r == 1);
		r = decimal_agrees(s);
		if (r == 0)
		{
			if (wrong[2]++ < 5)
				fprintf(stderr, "decimal differs: %s\n", s);
		}
		fast[2] += (r == 1);
	}
	unit_context = "random numbers";
	CHECK_INT(wrong[0], 0);
	CHECK_INT(wrong[1], 0);
	CHECK_INT(wrong[2], 0);
	/* and the fast paths are taken often */
	CHECK(fast[0] > 50000);
	CHECK(fast[1] > 10000);
	CHECK(fast[2] > 50000);
}

/* ----------------------------------------------------------------
 * Dates and times
 * ----------------------------------------------------------------
 */

/* s parses to "Y-M-D h:m:s.us off" (has_time, has_offset as shown) */
static void
expect_datetime(const char *s, const char *expected)
{
	JsonDateTime dt;
	char		buf[128];

	unit_context = s;
	if (!json_parse_datetime(s, strlen(s), &dt))
	{
		CHECK_STR("not taken", expected);
		return;
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", dt.year, dt.month, dt.day);
	if (dt.has_time)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 " %02d:%02d:%02d.%06d", dt.hour, dt.minute, dt.second, dt.usec);
	if (dt.has_offset)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %+d", dt.offset);
	CHECK_STR(buf, expected);
}

static void
test_datetime(void)
{
	static const char *const left[] = {
		"", "2024", "2024-01", "2024-1-15", "24-01-15", "2024/01/15",
		"0000-01-01", "2024-00-10", "2024-13-01", "2024-01-00", "2024-01-32",
		"2023-02-29", "1900-02-29", "2024-04-31", "2024-01-15T", "2024-01-15t10:30:00",
		"2024-01-15T10:30", "2024-01-15T24:00:00", "2024-01-15T23:60:00",
		"2024-01-15T23:59:60", "2024-01-15T10:30:00.", "2024-01-15T10:30:00.1234567",
		"2024-01-15T10:30:00z", "2024-01-15T10:30:00 Z", "2024-01-15T10:30:00+1",
		"2024-01-15T10:30:00+123", "2024-01-15T10:30:00+16:00", "2024-01-15T10:30:00+02:60",
		"2024-01-15T10:30:00+02:00:00", "2024-01-15T10:30:00Z ", "2024-01-15T10:30:00ZZ",
		"2024-01-15T10:30:00UTC", "2024-01-15T10:30:00-", "2024-01-15 ", "2024-01-15Z",
		"2024-01-15T1a:30:00", "+2024-01-15", "2024-01-15T10:30:00,5",
		"2024-01-15\xc2\xa0" "10:30:00"
	};
	int			i;

	expect_datetime("2024-01-15", "2024-01-15");
	expect_datetime("2024-02-29", "2024-02-29");
	expect_datetime("2000-02-29", "2000-02-29");
	expect_datetime("0001-01-01", "0001-01-01");
	expect_datetime("9999-12-31", "9999-12-31");
	expect_datetime("2024-01-15T10:30:00", "2024-01-15 10:30:00.000000");
	expect_datetime("2024-01-15 10:30:00", "2024-01-15 10:30:00.000000");
	expect_datetime("2024-01-15T23:59:59.999999", "2024-01-15 23:59:59.999999");
	expect_datetime("2024-01-15T00:00:00.5", "2024-01-15 00:00:00.500000");
	expect_datetime("2021-12-23T06:50:43.788Z", "2021-12-23 06:50:43.788000 +0");
	expect_datetime("2024-01-15T10:30:00+02:00", "2024-01-15 10:30:00.000000 +7200");
	expect_datetime("2024-01-15T10:30:00-05:30", "2024-01-15 10:30:00.000000 -19800");
	expect_datetime("2024-01-15T10:30:00+0530", "2024-01-15 10:30:00.000000 +19800");
	expect_datetime("2024-01-15T10:30:00-03", "2024-01-15 10:30:00.000000 -10800");
	expect_datetime("2024-01-15T10:30:00+15:59", "2024-01-15 10:30:00.000000 +57540");
	expect_datetime("2024-01-15T10:30:00.25-00:00", "2024-01-15 10:30:00.250000 +0");
	for (i = 0; i < (int) (sizeof(left) / sizeof(left[0])); i++)
		expect_datetime(left[i], "not taken");
}

int
main(void)
{
	json_row_init(&row);
	test_scalars();
	test_containers();
	test_object_get();
	test_unescape();
	test_strings();
	test_utf8();
	test_numbers();
	test_structure();
	test_depth();
	test_reuse();
	test_key_table();
	test_key_table_random();
	test_array_elements();
	test_fast_numbers();
	test_fast_numbers_random();
	test_datetime();
	json_row_free(&row);
	return UNIT_REPORT();
}
