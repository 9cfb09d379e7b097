/*-------------------------------------------------------------------------
 *
 * test_json_row.c
 *	  Unit tests for the validating row tokenizer.
 *
 *-------------------------------------------------------------------------
 */
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
	json_row_free(&row);
	return UNIT_REPORT();
}
