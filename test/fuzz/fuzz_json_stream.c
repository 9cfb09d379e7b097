/*-------------------------------------------------------------------------
 *
 * fuzz_json_stream.c
 *	  libFuzzer target for the incremental row splitter.
 *
 * Input layout: byte 0 selects the format, rows_path (keys, indices and
 * "*"), capture paths and the limit of json_stream_set_max_value() (none,
 * 8, 32 or 256 bytes); byte 1 seeds the split positions; the rest is the
 * response body.  With a "*" in rows_path, two context paths are read too
 * (a series' name per "*", and a value of the whole response).
 *
 * Checked:
 *	- one feed, a pseudo-random split derived from the input, and byte by
 *	  byte feeding all produce the same events;
 *	- rows and captures are exactly the input bytes at their offsets, and
 *	  every row has the same context values however the input was cut;
 *	- with a limit, no row or capture is longer than it;
 *	- END and ERROR are sticky, NEED_MORE never follows finish, error
 *	  offsets are within the input, excerpts are NUL-terminated and short;
 *	- for JSON with rows_path "" or "data": the result agrees with the
 *	  strict tokenizer run over the whole document (a valid document must
 *	  split into exactly the elements the tokenizer sees, and a document
 *	  the splitter accepts, with every row valid, must be valid as a whole).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_row.h"
#include "json_stream.h"

/* json_stream_set_max_value() for every run of this input */
static size_t max_value;

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EVENTS 8192

typedef struct Event
{
	int			type;
	int			capture_index;
	uint64_t	offset;
	size_t		len;
	uint64_t	context;		/* rows: a hash of their context values */
} Event;

typedef struct Run
{
	Event		ev[MAX_EVENTS];
	int			nev;
	char		errmsg[256];
	uint64_t	erroff;
	int			too_large;		/* the error is json_stream_error_is_too_large() */
} Run;

static const char *const rows_paths[8] = {
	"", "data", "data.items", "data.*.items", "d.0.i", NULL, "*.v.*", "data"
};

static const char *const contexts[2] = {"data.*.name", "*.name"};

static const char *const capsets[4][3] = {
	{"next", "meta.cursor", "meta"},
	{"data", "next", "next"},
	{"a.b", "", "data.items"},
	{"n", "x", "y"},
};

static Run	runs[3];

#define CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

static void
drain(JsonStream *js, Run *run, const uint8_t *doc, size_t len, int finished)
{
	JsonStreamValue v;
	JsonStreamEvent ev;
	char		ex[64];
	size_t		n;

	for (;;)
	{
		ev = json_stream_next(js, &v);
		if (ev == JSON_STREAM_NEED_MORE)
		{
			CHECK(!finished);
			return;
		}
		CHECK(run->nev < MAX_EVENTS);
		run->ev[run->nev].type = (int) ev;
		run->ev[run->nev].capture_index = v.capture_index;
		run->ev[run->nev].offset = v.offset;
		run->ev[run->nev].len = v.len;
		run->ev[run->nev].context = 0;
		if (ev == JSON_STREAM_ROW)
		{
			uint64_t	h = 14695981039346656037u;
			int			k;

			for (k = 0; k < 2; k++)
			{
				JsonStreamValue cv;
				size_t		b;

				if (!json_stream_context(js, k, &cv))
				{
					h = (h ^ 0xff) * 1099511628211u;
					continue;
				}
				CHECK(cv.len > 0 && cv.data != NULL);
				for (b = 0; b < cv.len; b++)
					h = (h ^ (uint8_t) cv.data[b]) * 1099511628211u;
				h = (h ^ 0xfe) * 1099511628211u;
			}
			h ^= json_stream_group(js);
			run->ev[run->nev].context = h;
		}
		run->nev++;
		if (ev == JSON_STREAM_ROW || ev == JSON_STREAM_CAPTURE)
		{
			CHECK(v.offset <= len && v.len <= len - v.offset);
			CHECK(v.len > 0);
			CHECK(memcmp(v.data, doc + v.offset, v.len) == 0);
			CHECK((ev == JSON_STREAM_ROW) == (v.capture_index == -1));
			CHECK(max_value == 0 || v.len <= max_value);
			continue;
		}
		if (ev == JSON_STREAM_ERROR)
		{
			CHECK(json_stream_error_message(js) != NULL);
			snprintf(run->errmsg, sizeof(run->errmsg), "%s",
					 json_stream_error_message(js));
			run->erroff = json_stream_error_offset(js);
			run->too_large = json_stream_error_is_too_large(js);
			CHECK(run->erroff <= len);
			n = json_stream_error_excerpt(js, ex, sizeof(ex));
			CHECK(n <= 41 && strlen(ex) == n);
			CHECK(json_stream_error_excerpt_pos(js) <= n);
			n = json_stream_error_excerpt(js, ex, 3);
			CHECK(n <= 2 && strlen(ex) == n);
			CHECK(json_stream_next(js, &v) == JSON_STREAM_ERROR);
			CHECK(max_value > 0 || !json_stream_error_is_too_large(js));
		}
		else
		{
			CHECK(ev == JSON_STREAM_END);
			CHECK(json_stream_next(js, &v) == JSON_STREAM_END);
		}
		return;
	}
}

static void
run_stream(Run *run, JsonStreamFormat fmt, const char *rows_path,
		   const char *const *caps, const uint8_t *doc, size_t len,
		   const size_t *cuts, size_t ncuts)
{
	/* only beside a "*": the differential check below expects no hold */
	int			ncontext = (rows_path && strchr(rows_path, '*')) ? 2 : 0;
	JsonStream *js = json_stream_create_ex(fmt, rows_path, caps, 3, contexts,
										   ncontext);
	size_t		prev = 0;
	size_t		i;

	if (js == NULL)
		abort();
	json_stream_set_max_value(js, max_value);
	run->nev = 0;
	run->errmsg[0] = '\0';
	run->erroff = 0;
	run->too_large = 0;
	for (i = 0; i <= ncuts; i++)
	{
		size_t		cut = (i < ncuts) ? cuts[i] : len;

		if (json_stream_feed(js, (const char *) doc + prev, cut - prev) != 0)
			abort();
		prev = cut;
		drain(js, run, doc, len, 0);
		if (run->nev > 0 && run->ev[run->nev - 1].type >= JSON_STREAM_END)
			break;
	}
	if (run->nev == 0 || run->ev[run->nev - 1].type < JSON_STREAM_END)
	{
		json_stream_finish(js);
		drain(js, run, doc, len, 1);
	}
	CHECK(json_stream_buffered(js) <= len);
	json_stream_destroy(js);
}

static int
same_runs(const Run *a, const Run *b)
{
	/*
	 * A row too large and malformed past the limit may end in either error
	 * (json_stream.h): the same events up to it, and an error at the end.
	 */
	if (a->too_large != b->too_large)
		return a->nev == b->nev &&
			memcmp(a->ev, b->ev, sizeof(Event) * (size_t) (a->nev - 1)) == 0 &&
			a->ev[a->nev - 1].type == JSON_STREAM_ERROR &&
			b->ev[b->nev - 1].type == JSON_STREAM_ERROR;
	return a->nev == b->nev &&
		memcmp(a->ev, b->ev, sizeof(Event) * (size_t) a->nev) == 0 &&
		strcmp(a->errmsg, b->errmsg) == 0 && a->erroff == b->erroff;
}

/* first member of object tok whose raw key is key, as the splitter sees it */
static int
first_raw_member(const JsonRow *row, int tok, const char *key)
{
	int			i = tok + 1;
	int			m;
	size_t		klen = strlen(key);

	if (row->tokens[tok].type != JSON_TOKEN_OBJECT)
		return -1;
	for (m = 0; m < row->tokens[tok].size; m++)
	{
		const JsonToken *k = &row->tokens[i];

		if (k->end - k->start == klen &&
			memcmp(row->data + k->start, key, klen) == 0)
			return i + 1;
		i = row->tokens[i + 1].next;
	}
	return -1;
}

static void
token_range(const JsonRow *row, int tok, uint64_t *off, size_t *len)
{
	const JsonToken *t = &row->tokens[tok];

	if (t->type == JSON_TOKEN_STRING)
	{
		*off = t->start - 1;
		*len = t->end - t->start + 2;
	}
	else
	{
		*off = t->start;
		*len = t->end - t->start;
	}
}

/*
 * Compare the splitter's result for rows_path "" or "data" with the
 * strict tokenizer's view of the whole document.
 */
static void
differential(const Run *run, const char *rows_path, const char *const *caps,
			 const uint8_t *doc, size_t len)
{
	static JsonRow row;
	static JsonRow rowcheck;
	static int	initialized;
	const Event *last = &run->ev[run->nev - 1];
	int			valid;
	int			target;
	int			i;
	int			e;
	int			nrows = 0;
	int			all_rows_valid = 1;

	if (!initialized)
	{
		json_row_init(&row);
		json_row_init(&rowcheck);
		initialized = 1;
	}
	/* the splitter skips a BOM, the tokenizer does not */
	if (len >= 3 && memcmp(doc, "\xef\xbb\xbf", 3) == 0)
		return;

	for (e = 0; e < run->nev; e++)
	{
		if (run->ev[e].type != JSON_STREAM_ROW)
			continue;
		nrows++;
		if (json_row_parse(&rowcheck, (const char *) doc + run->ev[e].offset,
						   run->ev[e].len) != 0)
			all_rows_valid = 0;
	}

	valid = (json_row_parse(&row, (const char *) doc, len) == 0);
	if (!valid)
	{
		/* the splitter accepted it and every row is valid: contradiction */
		if (row.error != NULL && strcmp(row.error, "out of memory") == 0)
			return;
		if (rows_path[0] == '\0' && strcmp(row.error, "maximum nesting depth exceeded") != 0)
			CHECK(!(last->type == JSON_STREAM_END && all_rows_valid));
		return;
	}

	/* a valid document: the splitter must agree exactly */
	if (rows_path[0] == '\0')
		target = 0;
	else
		target = first_raw_member(&row, 0, rows_path);

	if (target < 0)
	{
		CHECK(last->type == JSON_STREAM_ERROR);
		CHECK(strstr(run->errmsg, "no value at rows_path") != NULL);
		return;
	}
	if (row.tokens[target].type == JSON_TOKEN_OBJECT)
	{
		CHECK(last->type == JSON_STREAM_END);
		CHECK(nrows == 1);
		return;
	}
	if (row.tokens[target].type != JSON_TOKEN_ARRAY)
	{
		CHECK(last->type == JSON_STREAM_ERROR);
		CHECK(strstr(run->errmsg, "is not an array or object") != NULL);
		return;
	}
	CHECK(last->type == JSON_STREAM_END);
	CHECK(nrows == row.tokens[target].size);
	i = target + 1;
	for (e = 0; e < run->nev; e++)
	{
		uint64_t	off;
		size_t		n;

		if (run->ev[e].type != JSON_STREAM_ROW)
			continue;
		token_range(&row, i, &off, &n);
		CHECK(run->ev[e].offset == off && run->ev[e].len == n);
		i = row.tokens[i].next;
	}
	/* the first "next" capture (capture sets 0 and 1) */
	if (rows_path[0] != '\0')
	{
		int			next = first_raw_member(&row, 0, "next");
		int			found = 0;
		int			capidx = (strcmp(caps[0], "next") == 0) ? 0 : 1;

		for (e = 0; e < run->nev; e++)
		{
			if (run->ev[e].type == JSON_STREAM_CAPTURE &&
				run->ev[e].capture_index == capidx)
			{
				uint64_t	off;
				size_t		n;

				CHECK(next >= 0);
				token_range(&row, next, &off, &n);
				CHECK(run->ev[e].offset == off && run->ev[e].len == n);
				found++;
			}
		}
		CHECK(found == (next >= 0));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	JsonStreamFormat fmt;
	const char *rows_path;
	const char *const *caps;
	const uint8_t *doc;
	size_t		len;
	size_t		cuts[16];
	size_t		ncuts;
	size_t	   *bytecuts;
	size_t		i;
	uint32_t	seed;

	if (size < 2)
		return 0;
	fmt = (data[0] & 1) ? JSON_STREAM_NDJSON : JSON_STREAM_JSON;
	rows_path = rows_paths[(data[0] >> 1) & 7];
	caps = capsets[(data[0] >> 4) & 3];
	{
		static const size_t limits[] = {0, 8, 32, 256};

		max_value = limits[(data[0] >> 6) & 3];
	}
	seed = data[1] * 2654435761u + 1;
	doc = data + 2;
	len = size - 2;

	/* one chunk */
	run_stream(&runs[0], fmt, rows_path, caps, doc, len, NULL, 0);

	/* a few cuts derived from the input */
	ncuts = 0;
	if (len > 1)
	{
		size_t		want = 1 + seed % 12;

		for (i = 0; i < want; i++)
		{
			seed = seed * 1103515245u + 12345u;
			cuts[ncuts++] = 1 + (seed >> 8) % (len - 1);
		}
		/* sort (insertion sort; tiny) */
		for (i = 1; i < ncuts; i++)
		{
			size_t		c = cuts[i];
			size_t		j = i;

			while (j > 0 && cuts[j - 1] > c)
			{
				cuts[j] = cuts[j - 1];
				j--;
			}
			cuts[j] = c;
		}
	}
	run_stream(&runs[1], fmt, rows_path, caps, doc, len, cuts, ncuts);
	CHECK(same_runs(&runs[0], &runs[1]));

	/* byte by byte */
	bytecuts = malloc(sizeof(size_t) * (len + 1));
	if (bytecuts == NULL)
		return 0;
	for (i = 0; i + 1 < len; i++)
		bytecuts[i] = i + 1;
	run_stream(&runs[2], fmt, rows_path, caps, doc, len, bytecuts,
			   len > 0 ? len - 1 : 0);
	free(bytecuts);
	CHECK(same_runs(&runs[0], &runs[2]));

	/* with a limit, a valid document may stop early; that is checked above */
	if (max_value == 0 && fmt == JSON_STREAM_JSON && rows_path != NULL &&
		(strcmp(rows_path, "") == 0 || strcmp(rows_path, "data") == 0) &&
		(caps == capsets[0] || caps == capsets[1] || rows_path[0] == '\0'))
		differential(&runs[0], rows_path, caps, doc, len);
	return 0;
}
