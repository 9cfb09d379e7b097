/*-------------------------------------------------------------------------
 *
 * test_json_stream.c
 *	  Unit tests for the incremental row splitter.
 *
 * Every document is run as one chunk, in every 2-way split (every 3-way
 * split for short documents) and byte by byte, and all runs must produce
 * the same transcript of events.  Every reported row or capture must be
 * the exact input bytes at its offset.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_stream.h"
#include "unit.h"

typedef struct Text
{
	char	   *s;
	size_t		len;
	size_t		cap;
} Text;

static void
text_add(Text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap)
	{
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (t->s == NULL)
		{
			fprintf(stderr, "out of memory in test\n");
			exit(2);
		}
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void
text_str(Text *t, const char *s)
{
	text_add(t, s, strlen(s));
}

/* append bytes with newlines and non-printables made visible */
static void
text_visible(Text *t, const char *s, size_t n)
{
	size_t		i;
	char		tmp[8];

	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '\n')
			text_str(t, "\\n");
		else if (c < 0x20 || c >= 0x7f)
		{
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			text_str(t, tmp);
		}
		else
			text_add(t, (const char *) &c, 1);
	}
}

typedef struct StreamSpec
{
	JsonStreamFormat format;
	const char *rows_path;
	const char *const *caps;
	int			ncaps;
	const char *const *ctxs;	/* context paths: their values follow rows */
	int			nctx;
	size_t		max_value;
} StreamSpec;

/*
 * Drain events until NEED_MORE (or END/ERROR), appending them to t.
 * Returns 1 once END or ERROR was seen.
 */
static int
drain(JsonStream *js, Text *t, const char *doc, size_t doclen, int finished,
	  int nctx)
{
	JsonStreamValue v;
	JsonStreamEvent ev;
	char		tmp[600];

	for (;;)
	{
		ev = json_stream_next(js, &v);
		switch (ev)
		{
			case JSON_STREAM_NEED_MORE:
				if (finished)
				{
					text_str(t, "BUG: NEED_MORE after finish\n");
					return 1;
				}
				return 0;
			case JSON_STREAM_ROW:
			case JSON_STREAM_CAPTURE:
				if (v.offset > doclen || v.len > doclen - v.offset ||
					memcmp(doc + v.offset, v.data, v.len) != 0)
					text_str(t, "BUG: value is not the input at its offset\n");
				if (ev == JSON_STREAM_ROW)
				{
					if (v.capture_index != -1)
						text_str(t, "BUG: capture_index on a row\n");
					text_str(t, "R ");
				}
				else
				{
					snprintf(tmp, sizeof(tmp), "C%d ", v.capture_index);
					text_str(t, tmp);
				}
				text_visible(t, v.data, v.len);
				if (ev == JSON_STREAM_ROW && nctx > 0)
				{
					int			k;

					snprintf(tmp, sizeof(tmp), " g%llu",
							 (unsigned long long) json_stream_group(js));
					text_str(t, tmp);
					for (k = 0; k < nctx; k++)
					{
						JsonStreamValue cv;

						text_str(t, " ");
						if (json_stream_context(js, k, &cv))
							text_visible(t, cv.data, cv.len);
						else
							text_str(t, "-");
					}
				}
				text_str(t, "\n");
				break;
			case JSON_STREAM_END:
				text_str(t, "END\n");
				if (json_stream_next(js, &v) != JSON_STREAM_END)
					text_str(t, "BUG: END not sticky\n");
				return 1;
			case JSON_STREAM_ERROR:
				snprintf(tmp, sizeof(tmp), "ERROR %s @%llu\n",
						 json_stream_error_message(js),
						 (unsigned long long) json_stream_error_offset(js));
				text_str(t, tmp);
				if (json_stream_next(js, &v) != JSON_STREAM_ERROR)
					text_str(t, "BUG: ERROR not sticky\n");
				return 1;
		}
	}
}

/*
 * Run doc through a new stream, cut at the ascending positions cuts[].
 * Returns the malloc'd transcript.
 */
static char *
run_cuts(const StreamSpec *spec, const char *doc, size_t len,
		 const size_t *cuts, int ncuts)
{
	JsonStream *js;
	Text		t = {0};
	size_t		prev = 0;
	int			i;
	int			done = 0;

	js = json_stream_create_ex(spec->format, spec->rows_path, spec->caps,
							   spec->ncaps, spec->ctxs, spec->nctx);
	if (js == NULL)
	{
		fprintf(stderr, "json_stream_create failed\n");
		exit(2);
	}
	json_stream_set_max_value(js, spec->max_value);
	text_str(&t, "");
	for (i = 0; i <= ncuts && !done; i++)
	{
		size_t		cut = (i < ncuts) ? cuts[i] : len;

		if (json_stream_feed(js, doc + prev, cut - prev) != 0)
			text_str(&t, "BUG: feed failed\n");
		prev = cut;
		done = drain(js, &t, doc, len, 0, spec->nctx);
	}
	if (!done)
	{
		json_stream_finish(js);
		drain(js, &t, doc, len, 1, spec->nctx);
	}
	json_stream_destroy(js);
	return t.s;
}

static char *
run_whole(const StreamSpec *spec, const char *doc, size_t len)
{
	return run_cuts(spec, doc, len, NULL, 0);
}

static char *
run_bytewise(const StreamSpec *spec, const char *doc, size_t len)
{
	size_t	   *cuts = malloc(sizeof(size_t) * (len + 1));
	char	   *r;
	size_t		i;

	for (i = 0; i + 1 < len; i++)
		cuts[i] = i + 1;
	r = run_cuts(spec, doc, len, cuts, len > 0 ? (int) len - 1 : 0);
	free(cuts);
	return r;
}

/*
 * Check that every chunking of doc gives the same transcript as the single
 * chunk run; returns that transcript.
 */
static char *
run_all_chunkings(const StreamSpec *spec, const char *doc, size_t len)
{
	char	   *whole = run_whole(spec, doc, len);
	char	   *r;
	size_t		cuts[2];
	int			split_ok = 1;
	int			split3_ok = 1;

	for (cuts[0] = 1; cuts[0] < len && split_ok; cuts[0]++)
	{
		r = run_cuts(spec, doc, len, cuts, 1);
		if (strcmp(r, whole) != 0)
		{
			split_ok = 0;
			fprintf(stderr, "split at %zu differs:\n%s--- vs whole:\n%s",
					cuts[0], r, whole);
		}
		free(r);
	}
	CHECK(split_ok);

	if (len <= 80)
	{
		for (cuts[0] = 1; cuts[0] < len && split3_ok; cuts[0]++)
		{
			for (cuts[1] = cuts[0] + 1; cuts[1] < len && split3_ok; cuts[1]++)
			{
				r = run_cuts(spec, doc, len, cuts, 2);
				if (strcmp(r, whole) != 0)
				{
					split3_ok = 0;
					fprintf(stderr, "split at %zu,%zu differs:\n%s--- vs whole:\n%s",
							cuts[0], cuts[1], r, whole);
				}
				free(r);
			}
		}
		CHECK(split3_ok);
	}

	r = run_bytewise(spec, doc, len);
	if (strcmp(r, whole) != 0)
		fprintf(stderr, "byte-by-byte differs:\n%s--- vs whole:\n%s", r, whole);
	CHECK(strcmp(r, whole) == 0);
	free(r);
	return whole;
}

static void
expect_spec(const StreamSpec *spec, const char *doc, size_t len,
			const char *expected)
{
	char	   *got;

	unit_context = doc;
	got = run_all_chunkings(spec, doc, len);
	CHECK_STR(got, expected);
	free(got);
	unit_context = "";
}

/* JSON document with rows_path and no captures */
static void
expect_json(const char *rows_path, const char *doc, const char *expected)
{
	StreamSpec	spec = {JSON_STREAM_JSON, rows_path, NULL, 0, NULL, 0, 0};

	expect_spec(&spec, doc, strlen(doc), expected);
}

static void
expect_caps(const char *rows_path, const char *const *caps, int ncaps,
			const char *doc, const char *expected)
{
	StreamSpec	spec = {JSON_STREAM_JSON, rows_path, caps, ncaps, NULL, 0, 0};

	expect_spec(&spec, doc, strlen(doc), expected);
}

static void
expect_ndjson(const char *doc, const char *expected)
{
	StreamSpec	spec = {JSON_STREAM_NDJSON, NULL, NULL, 0, NULL, 0, 0};

	expect_spec(&spec, doc, strlen(doc), expected);
}

/*
 * Every strict prefix of a valid document must end in an error (unless only
 * trailing whitespace is missing), and the events before it must be a
 * prefix of the full document's events: a truncated row is never reported.
 */
static void
check_truncations(const StreamSpec *spec, const char *doc)
{
	size_t		len = strlen(doc);
	char	   *full = run_whole(spec, doc, len);
	size_t		k;
	int			ok = 1;

	unit_context = doc;
	CHECK(strstr(full, "END\n") != NULL);
	for (k = 0; k < len && ok; k++)
	{
		char	   *r = run_whole(spec, doc, k);
		char	   *rb = run_bytewise(spec, doc, k);
		char	   *last = r + strlen(r);
		size_t		i;
		int			trailing_ws = 1;

		for (i = k; i < len; i++)
			if (strchr(" \t\r\n", doc[i]) == NULL)
				trailing_ws = 0;

		/* find the start of the last line */
		if (last > r)
			last--;
		while (last > r && last[-1] != '\n')
			last--;
		if (strcmp(r, rb) != 0)
			ok = 0;
		else if (trailing_ws)
			ok = (strcmp(r, full) == 0);
		else if (strncmp(last, "ERROR ", 6) != 0 ||
				 strncmp(r, full, (size_t) (last - r)) != 0)
			ok = 0;
		if (!ok)
			fprintf(stderr, "truncation at %zu:\n%s--- full:\n%s", k, r, full);
		free(r);
		free(rb);
	}
	CHECK(ok);
	free(full);
	unit_context = "";
}

static void
truncations_json(const char *rows_path, const char *const *caps, int ncaps,
				 const char *doc)
{
	StreamSpec	spec = {JSON_STREAM_JSON, rows_path, caps, ncaps, NULL, 0, 0};

	check_truncations(&spec, doc);
}

/* ----------------------------------------------------------------
 * Tests
 * ----------------------------------------------------------------
 */

static void
test_top_level_arrays(void)
{
	expect_json(NULL, "[{\"a\":1},{\"b\":[1,2,{\"c\":\"]}\"}]}]",
				"R {\"a\":1}\nR {\"b\":[1,2,{\"c\":\"]}\"}]}\nEND\n");
	expect_json("", "[1, -2.5e3 ,\"x\",true,false,null,\"a\\\"b\",0,-0.0E+1]",
				"R 1\nR -2.5e3\nR \"x\"\nR true\nR false\nR null\n"
				"R \"a\\\"b\"\nR 0\nR -0.0E+1\nEND\n");
	expect_json(NULL, "[[1,2],[],[[]],{}]",
				"R [1,2]\nR []\nR [[]]\nR {}\nEND\n");
	expect_json(NULL, "[]", "END\n");
	expect_json(NULL, " \r\n\t[ ] \n", "END\n");
	expect_json(NULL, "[\"a\\\\\",\"b\\\"c\\\\\\\"\",\"[{\"]",
				"R \"a\\\\\"\nR \"b\\\"c\\\\\\\"\"\nR \"[{\"\nEND\n");
	expect_json(NULL, "[\n  {\"a\":\n1}\n]\n", "R {\"a\":\\n1}\nEND\n");
	/* a top-level object is one row */
	expect_json(NULL, "{\"a\":[1,2],\"b\":\"}\"}",
				"R {\"a\":[1,2],\"b\":\"}\"}\nEND\n");
	expect_json(NULL, "42", "ERROR top-level JSON value is not an array or object @0\n");
	expect_json(NULL, " \"s\"", "ERROR top-level JSON value is not an array or object @1\n");
	/* rows are not validated beyond strings and brackets */
	expect_json(NULL, "[{\"a\":1,},[1 2],{:}]",
				"R {\"a\":1,}\nR [1 2]\nR {:}\nEND\n");
	/* unicode and raw control bytes inside rows are passed through */
	expect_json(NULL, "[\"\xc3\xa9\",\"\x01\"]",
				"R \"\\xc3\\xa9\"\nR \"\\x01\"\nEND\n");
}

static void
test_rows_path(void)
{
	expect_json("data",
				"{\"meta\":{\"x\":\"[{\",\"y\":[1,{\"z\":\"]\"}]},"
				"\"data\":[{\"id\":1},{\"id\":\"\\\"}\"}],"
				"\"after\":[1,{\"a\":\"}\"}],\"n\":null}",
				"R {\"id\":1}\nR {\"id\":\"\\\"}\"}\nEND\n");
	expect_json("data.items",
				"{\"data\":{\"count\":2,\"tags\":[\"a]\",\"b\"],"
				"\"items\":[[1],{\"k\":\"v\\\\\"}],\"more\":{\"items\":[9]}},"
				"\"items\":[8]}",
				"R [1]\nR {\"k\":\"v\\\\\"}\nEND\n");
	/* only exact nesting matches */
	expect_json("data",
				"{\"x\":{\"data\":[1]},\"y\":[{\"data\":[2]}]}",
				"ERROR no value at rows_path \"data\" in the response @37\n");
	expect_json("data.items", "{\"items\":[1],\"data\":{\"x\":{\"items\":[2]}}}",
				"ERROR no value at rows_path \"data.items\" in the response @40\n");
	expect_json("data.items", "{\"data\":[{\"items\":[1]}]}",
				"ERROR no value at rows_path \"data.items\" in the response @24\n");
	/* the first occurrence wins */
	expect_json("data", "{\"data\":[1],\"data\":[2]}", "R 1\nEND\n");
	expect_json("data.items",
				"{\"data\":{\"x\":1},\"data\":{\"items\":[3]}}", "R 3\nEND\n");
	/* an object at rows_path is one row */
	expect_json("data", "{\"data\":{\"a\":[1,\"}\"]},\"b\":2}",
				"R {\"a\":[1,\"}\"]}\nEND\n");
	/* a scalar is an error */
	expect_json("data", "{\"a\":1,\"data\":\"text\"}",
				"ERROR value at rows_path \"data\" is not an array or object @14\n");
	expect_json("data.items", "{\"data\":{\"items\":null}}",
				"ERROR value at rows_path \"data.items\" is not an array or object @17\n");
	/* top-level value of the wrong kind */
	expect_json("data", "[{\"data\":[1]}]",
				"ERROR no value at rows_path \"data\" in the response @14\n");
	expect_json("data", "12", "ERROR no value at rows_path \"data\" in the response @2\n");
	/* raw key bytes are compared: escaped keys do not match */
	expect_json("data", "{\"d\\u0061ta\":[1]}",
				"ERROR no value at rows_path \"data\" in the response @17\n");
	/* keys longer than any segment, and prefixes of the segment */
	expect_json("data", "{\"dataxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\":[9],\"dat\":[8],"
				"\"data\":[1]}", "R 1\nEND\n");
	expect_json("a.b.c", "{\"a\":{\"b\":{\"c\":[true]}}}", "R true\nEND\n");
	expect_json("a..b", "{\"a\":{\"\":{\"b\":[1]}}}", "R 1\nEND\n");
	/* whitespace everywhere */
	expect_json("data", " { \"data\" : [ 1 , \"x\" ] } ", "R 1\nR \"x\"\nEND\n");
	/* empty rows array */
	expect_json("data", "{\"data\":[]}", "END\n");
}

static void
test_captures(void)
{
	static const char *const caps[] = {"next", "meta.cursor", "meta.columns", "meta"};
	static const char *const caps2[] = {"data", "data.x", "", "d", "next"};
	static const char *const dup[] = {"next", "next"};
	static const char *const scalar[] = {"n", "s", "t"};

	expect_caps("data", caps, 4,
				"{\"next\":\"abc\",\"data\":[1,2],"
				"\"meta\":{\"cursor\":null,\"columns\":[\"a\",\"]\"]}}",
				"C0 \"abc\"\nR 1\nR 2\nC1 null\nC2 [\"a\",\"]\"]\n"
				"C3 {\"cursor\":null,\"columns\":[\"a\",\"]\"]}\nEND\n");
	/* captures after the rows, a number ended by '}' */
	expect_caps("data", caps, 4,
				"{\"data\":[{\"next\":1}],\"meta\":{\"cursor\":12},\"next\":-1.5}",
				"R {\"next\":1}\nC1 12\nC3 {\"cursor\":12}\nC0 -1.5\nEND\n");
	/* captures equal to, inside, or containing rows_path never match */
	expect_caps("data", caps2, 5,
				"{\"d\":{\"x\":1},\"data\":{\"x\":2},\"next\":true}",
				"C3 {\"x\":1}\nR {\"x\":2}\nC4 true\nEND\n");
	/* a capture that is not there is no error; only the first counts */
	expect_caps("data", dup, 2,
				"{\"data\":[],\"next\":[1,[2]],\"next\":3}",
				"C0 [1,[2]]\nC1 [1,[2]]\nEND\n");
	expect_caps("data", scalar, 3,
				"{\"n\":0,\"s\":\"\\\"\\u00e9\",\"t\":false,\"data\":[]}",
				"C0 0\nC1 \"\\\"\\u00e9\"\nC2 false\nEND\n");
	expect_caps("data", caps, 4, "{\"data\":[]}", "END\n");
	/* captures are reported before the error that follows them */
	expect_caps("data", caps, 4, "{\"next\":1,\"data\":[1] x",
				"C0 1\nR 1\nERROR unexpected character 'x' @21\n");
	/* NDJSON and top-level rows have no captures */
	{
		StreamSpec	spec = {JSON_STREAM_NDJSON, NULL, caps, 4, NULL, 0, 0};

		expect_spec(&spec, "{\"next\":1}", 10, "R {\"next\":1}\nEND\n");
	}
	expect_caps(NULL, caps, 4, "{\"next\":1}", "R {\"next\":1}\nEND\n");
}

static void
test_ndjson(void)
{
	expect_ndjson("{\"a\":1}\n\n{\"b\":\"}\\n\"}\r\n  \n[1]\n\"s\"\n42\ntrue",
				  "R {\"a\":1}\nR {\"b\":\"}\\n\"}\nR [1]\nR \"s\"\nR 42\nR true\nEND\n");
	expect_ndjson("{\"a\":1}\n", "R {\"a\":1}\nEND\n");
	expect_ndjson("", "END\n");
	expect_ndjson(" \n\r\n", "END\n");
	expect_ndjson("{}{}[]\"a\"\"b\"1 2", "R {}\nR {}\nR []\nR \"a\"\nR \"b\"\nR 1\nR 2\nEND\n");
	expect_ndjson("{\"a\":1}\n}\n", "R {\"a\":1}\nERROR unexpected character '}' @8\n");
	expect_ndjson("{\"a\":1}\n{\"b\":", "R {\"a\":1}\n"
				  "ERROR response ended before the JSON document was complete @13\n");
	expect_ndjson("1\n\"ab", "R 1\nERROR response ended inside a string @5\n");
	expect_ndjson("1\ntru\n", "R 1\nERROR invalid literal \"tru\" @2\n");
	expect_ndjson("1\n01\n", "R 1\nERROR invalid number \"01\" @2\n");
	expect_ndjson("\xef\xbb\xbf{\"a\":1}\n", "R {\"a\":1}\nEND\n");
	expect_ndjson("[1}\n", "ERROR unexpected character '}' @2\n");
}

static void
test_bom_and_empty(void)
{
	StreamSpec	spec = {JSON_STREAM_JSON, NULL, NULL, 0, NULL, 0, 0};
	char	   *r;

	expect_json(NULL, "\xef\xbb\xbf[1]", "R 1\nEND\n");
	/* offsets count the BOM */
	r = run_whole(&spec, "\xef\xbb\xbf[1,x]", 8);
	CHECK_STR(r, "R 1\nERROR unexpected character 'x' @6\n");
	free(r);
	expect_json(NULL, "\xef\xbb", "ERROR unexpected byte 0xef @0\n");
	expect_json(NULL, "\xef\xbb\xbf", "ERROR empty response @0\n");
	expect_json(NULL, " \xef\xbb\xbf[]", "ERROR unexpected byte 0xef @1\n");
	expect_json(NULL, "", "ERROR empty response @0\n");
	expect_json("data", "  \n ", "ERROR empty response @0\n");
}

static void
test_malformed(void)
{
	/* mismatched brackets, outside and inside rows */
	expect_json(NULL, "[1}", "R 1\nERROR unexpected character '}' @2\n");
	expect_json("data", "{\"data\":[1]]", "R 1\nERROR unexpected character ']' @11\n");
	expect_json("data", "{\"data\":[1}}", "R 1\nERROR unexpected character '}' @10\n");
	expect_json(NULL, "[{\"a\":[}]", "ERROR unexpected character '}' @7\n");
	expect_json(NULL, "[[1,2}]", "ERROR unexpected character '}' @5\n");
	expect_json(NULL, "[{\"a\":\"]\"]", "ERROR unexpected character ']' @9\n");
	expect_json("x", "{\"a\":[}", "ERROR unexpected character '}' @6\n");
	expect_json("x", "}", "ERROR unexpected character '}' @0\n");
	expect_json("x", "]", "ERROR unexpected character ']' @0\n");
	/* trailing commas */
	expect_json(NULL, "[1,]", "R 1\nERROR unexpected character ']' @3\n");
	expect_json("data", "{\"data\":[1],}", "R 1\nERROR unexpected character '}' @12\n");
	expect_json("data", "{\"x\":[1,],\"data\":[]}", "ERROR unexpected character ']' @8\n");
	expect_json(NULL, "[,1]", "ERROR unexpected character ',' @1\n");
	/* missing commas and colons */
	expect_json("data", "{\"data\" [1]}", "ERROR unexpected character '[' @8\n");
	expect_json("data", "{\"a\":1 \"data\":[1]}", "ERROR unexpected character '\"' @7\n");
	expect_json(NULL, "[1 2]", "R 1\nERROR unexpected character '2' @3\n");
	expect_json(NULL, "[{} {}]", "R {}\nERROR unexpected character '{' @4\n");
	expect_json("x", "{1:2}", "ERROR unexpected character '1' @1\n");
	expect_json("x", "{\"a\"}", "ERROR unexpected character '}' @4\n");
	expect_json("x", "{\"a\":}", "ERROR unexpected character '}' @5\n");
	expect_json("x", "{\"a\"::1}", "ERROR unexpected character ':' @5\n");
	/* garbage after the document */
	expect_json(NULL, "[1] x",
				"R 1\nERROR unexpected character 'x' after the end of the JSON document @4\n");
	expect_json(NULL, "[1][2]",
				"R 1\nERROR unexpected character '[' after the end of the JSON document @3\n");
	expect_json(NULL, "{}\n\x01",
				"R {}\nERROR unexpected byte 0x01 after the end of the JSON document @3\n");
	expect_json("data", "{\"data\":[]}}",
				"ERROR unexpected character '}' after the end of the JSON document @11\n");
	/* invalid tokens outside rows and in scalar rows */
	expect_json("d", "{\"x\":tru,\"d\":[]}", "ERROR invalid literal \"tru\" @5\n");
	expect_json("d", "{\"x\":truex}", "ERROR invalid literal \"truex\" @5\n");
	expect_json("d", "{\"x\":nulL}", "ERROR invalid literal \"nulL\" @5\n");
	expect_json("d", "{\"x\":01}", "ERROR invalid number \"01\" @5\n");
	expect_json("d", "{\"x\":1.}", "ERROR invalid number \"1.\" @5\n");
	expect_json("d", "{\"x\":-}", "ERROR invalid number \"-\" @5\n");
	expect_json("d", "{\"x\":1e}", "ERROR invalid number \"1e\" @5\n");
	expect_json("d", "{\"x\":1e+}", "ERROR invalid number \"1e+\" @5\n");
	expect_json("d", "{\"x\":1.e5}", "ERROR invalid number \"1.e\" @5\n");
	expect_json("d", "{\"x\":--1}", "ERROR invalid number \"--\" @5\n");
	expect_json("d", "{\"x\":1-2}", "ERROR invalid number \"1-\" @5\n");
	expect_json("d", "{\"x\":+1}", "ERROR unexpected character '+' @5\n");
	expect_json("d", "{\"x\":.5}", "ERROR unexpected character '.' @5\n");
	expect_json("d", "{\"x\":x}", "ERROR unexpected character 'x' @5\n");
	expect_json("d", "{\"x\":'a'}", "ERROR unexpected character ''' @5\n");
	expect_json(NULL, "[1,nul]", "R 1\nERROR invalid literal \"nul\" @3\n");
	expect_json(NULL, "[1,2x]", "R 1\nERROR invalid number \"2x\" @3\n");
	expect_json("d", "{\"x\":123456789012345678901234567890123456789x}",
				"ERROR invalid number @5\n");
	expect_json("d", "{\"x\":-0.5e-10,\"y\":[0,1E9,true,false,null],\"d\":[]}", "END\n");
	/* strings outside rows */
	expect_json("d", "{\"x\":\"a\\qb\",\"d\":[]}",
				"ERROR invalid escape sequence in string @7\n");
	expect_json("d", "{\"x\":\"\\u12G4\"}", "ERROR invalid \\u escape in string @10\n");
	expect_json("d", "{\"x\":\"a\tb\"}",
				"ERROR unescaped control character in string @7\n");
	expect_json("d", "{\"x\\\"\":\"\\u00e9\\/\\b\\f\\n\\r\\t\\\\\",\"d\":[]}", "END\n");
	/* truncation */
	expect_json("d", "{\"d\":[1,2",
				"R 1\nERROR response ended before the JSON document was complete @9\n");
	expect_json("d", "{\"d\":[1,\"ab",
				"R 1\nERROR response ended inside a string @11\n");
	expect_json("d", "{\"d", "ERROR response ended inside a string @3\n");
	expect_json("d", "{\"d\":[{\"a\":\"\\",
				"ERROR response ended inside a string @13\n");
	expect_json("x", "{\"d\":tr",
				"ERROR response ended before the JSON document was complete @7\n");
	expect_json("d", "{\"d\":tr",
				"ERROR value at rows_path \"d\" is not an array or object @5\n");
	expect_json(NULL, "[12",
				"ERROR response ended before the JSON document was complete @3\n");
}

static void
test_depth(void)
{
	char	   *doc = malloc(JSON_STREAM_MAX_DEPTH + 10);
	char	   *r;
	char		expected[100];
	StreamSpec	spec = {JSON_STREAM_JSON, "x", NULL, 0, NULL, 0, 0};
	StreamSpec	rspec = {JSON_STREAM_JSON, NULL, NULL, 0, NULL, 0, 0};

	memset(doc, '[', JSON_STREAM_MAX_DEPTH + 1);
	snprintf(expected, sizeof(expected),
			 "ERROR JSON nesting depth exceeds the maximum of %d @%d\n",
			 JSON_STREAM_MAX_DEPTH, JSON_STREAM_MAX_DEPTH);
	r = run_whole(&spec, doc, JSON_STREAM_MAX_DEPTH + 1);
	CHECK_STR(r, expected);
	free(r);
	/* the same inside a row */
	r = run_whole(&rspec, doc, JSON_STREAM_MAX_DEPTH + 1);
	CHECK_STR(r, expected);
	free(r);
	free(doc);
	/* exactly the maximum is fine */
	doc = malloc(2 * JSON_STREAM_MAX_DEPTH);
	memset(doc, '[', JSON_STREAM_MAX_DEPTH);
	memset(doc + JSON_STREAM_MAX_DEPTH, ']', JSON_STREAM_MAX_DEPTH);
	r = run_whole(&rspec, doc, 2 * JSON_STREAM_MAX_DEPTH);
	CHECK(strncmp(r, "R [[[", 5) == 0 && strstr(r, "]]]\nEND\n") != NULL);
	free(r);
	free(doc);
}

static void
test_truncations(void)
{
	static const char *const caps[] = {"next", "meta"};

	truncations_json(NULL, NULL, 0,
					 "[{\"a\":1,\"b\":[\"x]\",2.5e-3]},12,-7,\"s\\\"\",true,null,[],{}]");
	truncations_json("data.items", caps, 2,
					 "\xef\xbb\xbf{\"meta\":{\"n\":[1,\"}\"]},\"data\":{\"x\":false,"
					 "\"items\":[123,{\"q\":\"\\\\\"},[[]]],\"y\":-0.5},\"next\":\"c\"}\n ");
	truncations_json("data", NULL, 0, "{\"data\":{\"single\":\"row\"}}");
	truncations_json(NULL, NULL, 0, "{\"a\":1}");
}

/* error offsets and excerpts, also after data was discarded */
static void
test_excerpts(void)
{
	JsonStream *js;
	JsonStreamValue v;
	char		ex[64];
	size_t		n;
	int			i;
	char		chunk[32];

	js = json_stream_create(JSON_STREAM_JSON, NULL, NULL, 0);
	json_stream_feed(js, "[1,2,\x01\"abcdefghijklmnopqrstuvwxyz0123456789\"]", 45);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ROW);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ROW);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ERROR);
	CHECK_STR(json_stream_error_message(js), "unexpected byte 0x01");
	CHECK_INT(json_stream_error_offset(js), 5);
	n = json_stream_error_excerpt(js, ex, sizeof(ex));
	CHECK_STR(ex, "[1,2,?\"abcdefghijklmnopqr");
	CHECK_INT(n, 25);
	CHECK_INT(json_stream_error_excerpt_pos(js), 5);
	/* small destination */
	n = json_stream_error_excerpt(js, ex, 4);
	CHECK_STR(ex, "[1,");
	CHECK_INT(n, 3);
	CHECK_INT(json_stream_error_excerpt(js, ex, 0), 0);
	/* data fed after an error is ignored */
	CHECK_INT(json_stream_feed(js, "more", 4), 0);
	CHECK_INT(json_stream_total_bytes(js), 45);
	json_stream_destroy(js);

	/* an error far into the stream, fed in small chunks */
	js = json_stream_create(JSON_STREAM_JSON, "d", NULL, 0);
	json_stream_feed(js, "{\"d\":[", 6);
	for (i = 0; i < 1000; i++)
	{
		snprintf(chunk, sizeof(chunk), "{\"i\":%03d},", i % 1000);
		json_stream_feed(js, chunk, strlen(chunk));
		while (json_stream_next(js, &v) == JSON_STREAM_ROW)
			;
	}
	json_stream_feed(js, "{\"i\":1000}}", 11);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ROW);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ERROR);
	CHECK_STR(json_stream_error_message(js), "unexpected character '}'");
	CHECK_INT(json_stream_error_offset(js), 6 + 10 * 1000 + 10);
	n = json_stream_error_excerpt(js, ex, sizeof(ex));
	CHECK_STR(ex, "{\"i\":999},{\"i\":1000}}");
	CHECK_INT(json_stream_error_excerpt_pos(js), 20);
	CHECK(json_stream_buffered(js) < 200);
	json_stream_destroy(js);

	/* truncation error excerpt shows the end */
	js = json_stream_create(JSON_STREAM_JSON, NULL, NULL, 0);
	json_stream_feed(js, "[\"abc", 5);
	json_stream_finish(js);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ERROR);
	CHECK_INT(json_stream_error_offset(js), 5);
	json_stream_error_excerpt(js, ex, sizeof(ex));
	CHECK_STR(ex, "[\"abc");
	CHECK_INT(json_stream_error_excerpt_pos(js), 5);
	/* no error: empty excerpt, no message */
	json_stream_destroy(js);
	js = json_stream_create(JSON_STREAM_JSON, NULL, NULL, 0);
	CHECK(json_stream_error_message(js) == NULL);
	CHECK_INT(json_stream_error_excerpt(js, ex, sizeof(ex)), 0);
	CHECK_STR(ex, "");
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_NEED_MORE);
	json_stream_finish(js);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ERROR);
	/* feeding after finish is ignored */
	CHECK_INT(json_stream_feed(js, "[]", 2), 0);
	CHECK_INT(json_stream_total_bytes(js), 0);
	json_stream_destroy(js);
	json_stream_destroy(NULL);
}

/*
 * A large generated document streamed in 16 kB chunks: memory stays
 * bounded by a few chunks.
 */
static void
test_memory_bound(void)
{
	static const char *const caps[] = {"next"};
	const size_t chunk = 16384;
	const int	nrows = 100000;
	Text		doc = {0};
	JsonStream *js;
	JsonStreamValue v;
	JsonStreamEvent ev;
	size_t		off;
	size_t		max_buffered = 0;
	size_t		max_capacity = 0;
	uint64_t	rows = 0;
	int			captures = 0;
	int			ok = 1;
	int			i;
	char		tmp[200];

	text_str(&doc, "{\"count\":100000,\"data\":[");
	for (i = 0; i < nrows; i++)
	{
		snprintf(tmp, sizeof(tmp),
				 "%s{\"id\":%d,\"name\":\"row \\\"%d\\\"\",\"tags\":[\"a]\",\"b}\"],"
				 "\"nested\":{\"x\":[1,2,{\"y\":null}]}}",
				 i > 0 ? ",\n" : "", i, i);
		text_str(&doc, tmp);
	}
	text_str(&doc, "],\"next\":\"cursor\"}");

	js = json_stream_create(JSON_STREAM_JSON, "data", caps, 1);
	for (off = 0; off < doc.len; off += chunk)
	{
		size_t		n = doc.len - off < chunk ? doc.len - off : chunk;

		CHECK_INT(json_stream_feed(js, doc.s + off, n), 0);
		if (json_stream_buffered(js) > max_buffered)
			max_buffered = json_stream_buffered(js);
		if (json_stream_capacity(js) > max_capacity)
			max_capacity = json_stream_capacity(js);
		while ((ev = json_stream_next(js, &v)) != JSON_STREAM_NEED_MORE)
		{
			if (ev == JSON_STREAM_ROW)
			{
				snprintf(tmp, sizeof(tmp), "{\"id\":%llu,", (unsigned long long) rows);
				if (strncmp(v.data, tmp, strlen(tmp)) != 0 ||
					v.data[v.len - 1] != '}')
					ok = 0;
				rows++;
			}
			else if (ev == JSON_STREAM_CAPTURE)
				captures++;
			else
				ok = 0;
		}
	}
	json_stream_finish(js);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_END);
	CHECK(ok);
	CHECK_INT(rows, nrows);
	CHECK_INT(json_stream_rows(js), nrows);
	CHECK_INT(captures, 1);
	CHECK_INT(json_stream_total_bytes(js), doc.len);
	printf("memory test: at most %zu bytes buffered, %zu allocated (%zu-byte chunks)\n",
		   max_buffered, max_capacity, chunk);
	CHECK(max_buffered <= 2 * chunk);
	CHECK(max_capacity <= 4 * chunk);
	json_stream_destroy(js);
	free(doc.s);
}

/*
 * One huge row fed in small pieces: must be linear (each byte scanned
 * once, no quadratic copying) and correct.
 */
static void
test_huge_row(void)
{
	const size_t strlen_ = 4 * 1024 * 1024;
	char	   *doc = malloc(strlen_ + 100);
	JsonStream *js;
	JsonStreamValue v;
	size_t		len;
	size_t		off;
	int			rows = 0;
	int			ok = 1;

	memcpy(doc, "[{\"s\":\"", 7);
	memset(doc + 7, 'x', strlen_);
	/* escaped quotes and backslashes sprinkled in */
	for (off = 1000; off + 2 < strlen_; off += 4099)
	{
		doc[7 + off] = '\\';
		doc[7 + off + 1] = (off % 2) ? '"' : '\\';
	}
	len = 7 + strlen_;
	memcpy(doc + len, "\"},1]", 5);
	len += 5;

	js = json_stream_create(JSON_STREAM_JSON, NULL, NULL, 0);
	for (off = 0; off < len; off += 61)
	{
		json_stream_feed(js, doc + off, len - off < 61 ? len - off : 61);
		for (;;)
		{
			JsonStreamEvent ev = json_stream_next(js, &v);

			if (ev == JSON_STREAM_NEED_MORE)
				break;
			if (ev != JSON_STREAM_ROW)
				ok = 0;
			else if (rows++ == 0)
				ok &= (v.offset == 1 && v.len == len - 4 &&
					   memcmp(v.data, doc + 1, v.len) == 0);
			else
				ok &= (v.len == 1 && v.data[0] == '1');
		}
	}
	json_stream_finish(js);
	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_END);
	CHECK(ok);
	CHECK_INT(rows, 2);
	CHECK(json_stream_capacity(js) <= 4 * len);
	json_stream_destroy(js);
	free(doc);
}

/*
 * json_stream_set_max_value(): a row or capture larger than the limit is an
 * error as soon as the stream holds more than the limit of it, fed whole or
 * in pieces; rows up to the limit pass.
 */
static void
test_max_value(void)
{
	static const char *const caps[] = {"next"};
	const char *doc = "{\"rows\":[{\"a\":1},{\"a\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},{\"a\":2}],\"next\":\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\"}";
	size_t		len = strlen(doc);
	size_t		pieces[] = {1, 5, 1000};
	size_t		i;

	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
	{
		JsonStream *js;
		JsonStreamValue v;
		JsonStreamEvent ev = JSON_STREAM_NEED_MORE;
		size_t		off;
		int			rows = 0;

		/* the second row (40 bytes) is too large for 20 */
		js = json_stream_create(JSON_STREAM_JSON, "rows", caps, 1);
		json_stream_set_max_value(js, 20);
		for (off = 0; off < len && ev != JSON_STREAM_ERROR; off += pieces[i])
		{
			json_stream_feed(js, doc + off, len - off < pieces[i] ? len - off : pieces[i]);
			while ((ev = json_stream_next(js, &v)) == JSON_STREAM_ROW)
				rows++;
		}
		CHECK_INT(ev, JSON_STREAM_ERROR);
		CHECK_INT(rows, 1);
		CHECK(json_stream_error_is_too_large(js));
		CHECK(!json_stream_error_is_shape(js));
		CHECK_INT(json_stream_error_offset(js), 17);
		CHECK_STR(json_stream_error_message(js), "row is too large");
		/* the stream did not hold much more than the limit */
		CHECK(json_stream_buffered(js) <= 20 + pieces[i] + 64);
		json_stream_destroy(js);

		/* rows fit in 40; the 52-byte capture does not */
		js = json_stream_create(JSON_STREAM_JSON, "rows", caps, 1);
		json_stream_set_max_value(js, 40);
		rows = 0;
		ev = JSON_STREAM_NEED_MORE;
		for (off = 0; off < len && ev != JSON_STREAM_ERROR; off += pieces[i])
		{
			json_stream_feed(js, doc + off, len - off < pieces[i] ? len - off : pieces[i]);
			while ((ev = json_stream_next(js, &v)) == JSON_STREAM_ROW)
				rows++;
		}
		CHECK_INT(ev, JSON_STREAM_ERROR);
		CHECK_INT(rows, 3);
		CHECK(json_stream_error_is_too_large(js));
		CHECK_STR(json_stream_error_message(js), "value is too large");
		json_stream_destroy(js);

		/* at 60 everything fits */
		js = json_stream_create(JSON_STREAM_JSON, "rows", caps, 1);
		json_stream_set_max_value(js, 60);
		rows = 0;
		for (off = 0; off < len; off += pieces[i])
		{
			json_stream_feed(js, doc + off, len - off < pieces[i] ? len - off : pieces[i]);
			while ((ev = json_stream_next(js, &v)) == JSON_STREAM_ROW ||
				   ev == JSON_STREAM_CAPTURE)
				rows++;
		}
		json_stream_finish(js);
		CHECK_INT(json_stream_next(js, &v), JSON_STREAM_END);
		CHECK_INT(rows, 4);
		CHECK(!json_stream_error_is_too_large(js));
		json_stream_destroy(js);
	}
}

/*
 * A capture too large inside another one: fed byte by byte, the stream
 * stops at the outer value, whose start it passed first, before the inner
 * one ends; fed whole, it must not report the inner one instead.
 */
static void
test_max_value_nested(void)
{
	static const char *const caps[] = {"meta.cursor", "meta"};
	StreamSpec	spec = {JSON_STREAM_JSON, "data", caps, 2, NULL, 0, 8};
	const char *doc = "{\"meta\":{\"cursor\":\"0123456789\"},\"data\":[]}";

	/* "meta" starts at 8, its "cursor" (12 bytes) at 18 */
	expect_spec(&spec, doc, strlen(doc), "ERROR value is too large @8\n");
	/* the inner one alone is still reported where it starts */
	spec.ncaps = 1;
	expect_spec(&spec, doc, strlen(doc), "ERROR value is too large @18\n");
}

/*
 * Values that go out with no event of their own, or while rows are held,
 * are checked against max_value where, fed in small pieces, the stream
 * would have stopped: a value of a context path as it ends, and a capture
 * after held rows at the held rows, which started first.
 */
static void
test_max_value_context(void)
{
	static const char *const ctx[] = {"data.*.name"};
	static const char *const caps[] = {"data.0.next"};
	StreamSpec	spec = {JSON_STREAM_JSON, "data.*.items", caps, 1, ctx, 1, 20};
	const char *doc;

	/* a name of 27 bytes before the rows: no event goes out with it */
	doc = "{\"data\":[{\"name\":\"0123456789012345678901234\",\"items\":[1]}]}";
	expect_spec(&spec, doc, strlen(doc), "ERROR value is too large @17\n");
	/* a capture too large after the rows held from 18 */
	doc = "{\"data\":[{\"items\":[1],\"next\":\"0123456789012345678901234\",\"name\":\"a\"}]}";
	expect_spec(&spec, doc, strlen(doc), "ERROR rows held for the values that follow them are too large @18\n");
	/* a capture that fits, ending after the held rows have outgrown 20 */
	doc = "{\"data\":[{\"items\":[1,2,3,4,5,6],\"next\":\"0123456789\",\"name\":\"a\"}]}";
	expect_spec(&spec, doc, strlen(doc), "ERROR rows held for the values that follow them are too large @18\n");
}

/* rows_path and captures through array indices and "*" */
static void
test_array_paths(void)
{
	static const char *const idx_caps[] = {"meta.1.c", "pages.*.next"};
	static const char *const influx =
	"{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"cpu\",\"values\":[[1,2],[3,4]]},"
	"{\"name\":\"mem\",\"values\":[[5,6]]}]},{\"statement_id\":1},"
	"{\"statement_id\":2,\"series\":[{\"values\":[[7,8]]}]}]}";

	expect_json("results.0.series.0.values", influx,
				"R [1,2]\nR [3,4]\nEND\n");
	expect_json("results.0.series.1.values", influx, "R [5,6]\nEND\n");
	expect_json("results.*.series.*.values", influx,
				"R [1,2]\nR [3,4]\nR [5,6]\nR [7,8]\nEND\n");
	expect_json("results.2.series.*.values", influx, "R [7,8]\nEND\n");
	/* an index past the end is a missing key */
	expect_json("results.5.series.0.values", influx,
				"ERROR no value at rows_path \"results.5.series.0.values\" in the response @181\n");
	expect_json("results.1.series.*.values", influx,
				"ERROR no value at rows_path \"results.1.series.*.values\" in the response @181\n");
	/* past the first "*": no rows, no error (InfluxDB's empty result) */
	expect_json("results.*.series.*.values", "{\"results\":[{\"statement_id\":0}]}", "END\n");
	expect_json("results.*.x", "{\"results\":[]}", "END\n");
	expect_json("results.*.x", "{\"other\":[]}",
				"ERROR no value at rows_path \"results.*.x\" in the response @12\n");
	expect_json("results.*.x", "{\"results\":{\"x\":[1]}}",
				"ERROR value at \"results\" of rows_path \"results.*.x\" is not an array @11\n");
	expect_json("r.*.s.*.v", "{\"r\":[{\"s\":[{\"v\":[1]}]},{\"s\":{}}]}",
				"R 1\nERROR value at \"r.*.s\" of rows_path \"r.*.s.*.v\" is not an array @29\n");
	expect_json("*.v", "[{\"v\":[1]},{\"v\":{\"a\":2}},{\"w\":3}]",
				"R 1\nR {\"a\":2}\nEND\n");
	expect_json("*", "[[1,2],[3]]", "R 1\nR 2\nR 3\nEND\n");
	expect_json("*.v", "[{\"v\":3}]",
				"ERROR value at rows_path \"*.v\" is not an array or object @6\n");
	/* digits name a member of an object too */
	expect_json("a.0", "{\"a\":{\"0\":[1]}}", "R 1\nEND\n");
	expect_json("a.1", "{\"a\":[[0],[1,2]]}", "R 1\nR 2\nEND\n");
	expect_json("a.*", "{\"a\":[[],{},\"x\"]}",
				"R {}\nERROR value at rows_path \"a.*\" is not an array or object @12\n");
	/* captures: the first match */
	expect_caps("d", idx_caps, 2,
				"{\"meta\":[{\"c\":1},{\"c\":2}],\"pages\":[{},{\"next\":\"p2\"},{\"next\":\"p3\"}],\"d\":[1]}",
				"C0 2\nC1 \"p2\"\nR 1\nEND\n");
	expect_caps("d.*.rows", idx_caps, 1, "{\"meta\":[{\"c\":1},[],{\"c\":2}],\"d\":[{\"rows\":[1]}]}",
				"R 1\nEND\n");
}

static void
expect_ctx(const char *rows_path, const char *const *ctxs, int nctx,
		   size_t max_value, const char *doc, const char *expected)
{
	StreamSpec	spec = {JSON_STREAM_JSON, rows_path, NULL, 0, ctxs, nctx, max_value};

	expect_spec(&spec, doc, strlen(doc), expected);
}

/* the values around the rows, before them or after */
static void
test_context(void)
{
	static const char *const series[] = {"s.*.name", "s.*.tags.host", "top"};
	static const char *const influx[] = {"results.*.series.*.name",
	"results.*.series.*.columns", "results.*.statement_id"};
	static const char *const prom[] = {"data.result.*.metric"};

	/* before the rows: streamed; after: held until the series ends */
	expect_ctx("s.*.values", series, 3, 0,
			   "{\"top\":7,\"s\":[{\"name\":\"a\",\"tags\":{\"host\":\"h1\"},\"values\":[1,2]},"
			   "{\"values\":[3],\"name\":\"b\"},{\"values\":[4]},{\"name\":\"c\",\"name\":\"d\",\"values\":[]}]}",
			   "R 1 g1 \"a\" \"h1\" 7\nR 2 g1 \"a\" \"h1\" 7\nR 3 g2 \"b\" - 7\nR 4 g3 - - 7\nEND\n");
	/* a value of the whole response after all rows: every row waits */
	expect_ctx("s.*.values", series, 3, 0,
			   "{\"s\":[{\"name\":\"a\",\"values\":[1]},{\"values\":[2],\"name\":\"b\"}],\"top\":[8]}",
			   "R 1 g1 \"a\" - [8]\nR 2 g2 \"b\" - [8]\nEND\n");
	/* InfluxDB: per-series columns, and the statement's id after its series */
	expect_ctx("results.*.series.*.values", influx, 3, 0,
			   "{\"results\":[{\"series\":[{\"name\":\"cpu\",\"columns\":[\"time\",\"v\"],\"values\":[[1,2]]},"
			   "{\"values\":[[3]],\"columns\":[\"time\"],\"name\":\"mem\"}],\"statement_id\":0},"
			   "{\"statement_id\":1,\"series\":[{\"name\":\"x\",\"columns\":[\"t\"],\"values\":[[4],[5]]}]}]}",
			   "R [1,2] g1 \"cpu\" [\"time\",\"v\"] 0\nR [3] g2 \"mem\" [\"time\"] 0\n"
			   "R [4] g3 \"x\" [\"t\"] 1\nR [5] g3 \"x\" [\"t\"] 1\nEND\n");
	/* Prometheus range query */
	expect_ctx("data.result.*.values", prom, 1, 0,
			   "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
			   "{\"metric\":{\"job\":\"a\"},\"values\":[[1,\"1\"],[2,\"2\"]]},"
			   "{\"metric\":{},\"values\":[[3,\"3\"]]}]}}",
			   "R [1,\"1\"] g1 {\"job\":\"a\"}\nR [2,\"2\"] g1 {\"job\":\"a\"}\nR [3,\"3\"] g2 {}\nEND\n");
	/* without "*": once; an object at rows_path is one row */
	expect_ctx("d.items", series + 2, 1, 0,
			   "{\"d\":{\"items\":[1,2]},\"top\":\"t\"}",
			   "R 1 g1 \"t\"\nR 2 g1 \"t\"\nEND\n");
	expect_ctx("s.*.values", series, 1, 0,
			   "{\"s\":[{\"values\":{\"k\":1},\"name\":\"a\"}]}",
			   "R {\"k\":1} g1 \"a\"\nEND\n");
	/* the rows held, and their values, are bounded: 20 bytes fit */
	expect_ctx("s.*.values", series, 1, 20,
			   "{\"s\":[{\"values\":[1,2],\"name\":\"a\"}]}",
			   "R 1 g1 \"a\"\nR 2 g1 \"a\"\nEND\n");
	expect_ctx("s.*.values", series, 1, 19,
			   "{\"s\":[{\"values\":[1,2],\"name\":\"a\"}]}",
			   "ERROR rows held for the values that follow them are too large @16\n");
}

/*
 * Thousands of series, their values before and after the rows: memory
 * stays bounded by a few chunks, not by the number of series.
 */
static void
test_many_series(void)
{
	static const char *const ctxs[] = {"results.*.series.*.name",
	"results.*.series.*.tags.host"};
	const size_t chunk = 4096;
	const int	nseries = 20000;
	Text		doc = {0};
	int			after;

	for (after = 0; after <= 1; after++)
	{
		JsonStream *js;
		JsonStreamValue v;
		JsonStreamEvent ev;
		size_t		off;
		size_t		max_capacity = 0;
		uint64_t	rows = 0;
		int			ok = 1;
		int			i;
		char		tmp[200];

		doc.len = 0;
		text_str(&doc, "{\"results\":[{\"statement_id\":0,\"series\":[");
		for (i = 0; i < nseries; i++)
		{
			if (after)
				snprintf(tmp, sizeof(tmp),
						 "%s{\"values\":[[%d,1],[%d,2]],\"tags\":{\"host\":\"h%d\"},\"name\":\"m%d\"}",
						 i > 0 ? "," : "", i, i, i, i);
			else
				snprintf(tmp, sizeof(tmp),
						 "%s{\"name\":\"m%d\",\"tags\":{\"host\":\"h%d\"},\"values\":[[%d,1],[%d,2]]}",
						 i > 0 ? "," : "", i, i, i, i);
			text_str(&doc, tmp);
		}
		text_str(&doc, "]}]}");

		js = json_stream_create_ex(JSON_STREAM_JSON, "results.*.series.*.values",
								   NULL, 0, ctxs, 2);
		json_stream_set_max_value(js, 1024);
		for (off = 0; off < doc.len; off += chunk)
		{
			size_t		n = doc.len - off < chunk ? doc.len - off : chunk;

			CHECK_INT(json_stream_feed(js, doc.s + off, n), 0);
			if (json_stream_capacity(js) > max_capacity)
				max_capacity = json_stream_capacity(js);
			while ((ev = json_stream_next(js, &v)) == JSON_STREAM_ROW)
			{
				JsonStreamValue name;
				JsonStreamValue host;
				int			s = (int) (rows / 2);

				snprintf(tmp, sizeof(tmp), "[%d,%d]", s, (int) (rows % 2) + 1);
				if (v.len != strlen(tmp) || memcmp(v.data, tmp, v.len) != 0)
					ok = 0;
				snprintf(tmp, sizeof(tmp), "\"m%d\"", s);
				if (!json_stream_context(js, 0, &name) || name.len != strlen(tmp) ||
					memcmp(name.data, tmp, name.len) != 0)
					ok = 0;
				snprintf(tmp, sizeof(tmp), "\"h%d\"", s);
				if (!json_stream_context(js, 1, &host) || host.len != strlen(tmp) ||
					memcmp(host.data, tmp, host.len) != 0)
					ok = 0;
				if (json_stream_group(js) != (uint64_t) s + 1)
					ok = 0;
				rows++;
			}
			if (ev != JSON_STREAM_NEED_MORE)
				ok = 0;
		}
		json_stream_finish(js);
		CHECK_INT(json_stream_next(js, &v), JSON_STREAM_END);
		CHECK(ok);
		CHECK_INT(rows, 2 * nseries);
		printf("many series (values %s the rows): %zu bytes allocated (%zu-byte chunks)\n",
			   after ? "after" : "before", max_capacity, chunk);
		CHECK(max_capacity <= 4 * chunk);
		json_stream_destroy(js);
	}
	free(doc.s);
}

int
main(void)
{
	test_top_level_arrays();
	test_rows_path();
	test_captures();
	test_ndjson();
	test_bom_and_empty();
	test_malformed();
	test_depth();
	test_truncations();
	test_excerpts();
	test_memory_bound();
	test_huge_row();
	test_max_value();
	test_max_value_nested();
	test_max_value_context();
	test_array_paths();
	test_context();
	test_many_series();
	return UNIT_REPORT();
}
