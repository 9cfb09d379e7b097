/*-------------------------------------------------------------------------
 *
 * test_oom.c
 *	  Every allocation failure in the JSON code must come back as an error
 *	  return, never a crash, abort or leak.
 *
 * The sources are compiled into this file with malloc and realloc renamed
 * to wrappers that fail the N-th call, for every N until a run completes
 * without hitting a failure.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom_alloc.h"

#define malloc oom_malloc
#define realloc oom_realloc
#include "json_stream.c"
#include "json_path.c"
#include "json_hold.c"
#include "json_row.c"
#undef malloc
#undef realloc

#include "unit.h"

/* The stream said out of memory, and says it again: it is sticky.  0. */
static int
out_of_memory(JsonStream *js)
{
	JsonStreamValue v;

	CHECK_INT(json_stream_next(js, &v), JSON_STREAM_ERROR);
	CHECK_STR(json_stream_error_message(js), "out of memory");
	json_stream_destroy(js);
	return 0;
}

/*
 * Stream a document that needs buffer growth (one big row), with captures.
 * Returns 1 if it completed normally, 0 if it reported out of memory
 * properly; anything else is a failed check.
 */
static int
stream_once(void)
{
	static const char *const caps[] = {"next", "meta.cursor"};
	JsonStream *js;
	JsonStreamValue v;
	JsonStreamEvent ev = JSON_STREAM_NEED_MORE;
	char	   *doc;
	size_t		len = 0;
	size_t		off;
	int			rows = 0;
	int			fed_ok = 1;

	js = json_stream_create(JSON_STREAM_JSON, "data.items", caps, 2);
	if (js == NULL)
		return 0;

	doc = malloc(200000);
	len += (size_t) sprintf(doc, "{\"next\":\"c\",\"data\":{\"items\":[{\"s\":\"");
	memset(doc + len, 'x', 100000);
	len += 100000;
	len += (size_t) sprintf(doc + len, "\"},1,2]},\"meta\":{\"cursor\":[1]}}");

	for (off = 0; off < len && fed_ok; off += 30000)
	{
		if (json_stream_feed(js, doc + off, len - off < 30000 ? len - off : 30000) != 0)
		{
			fed_ok = 0;
			break;
		}
		while ((ev = json_stream_next(js, &v)) == JSON_STREAM_ROW ||
			   ev == JSON_STREAM_CAPTURE)
			rows += (ev == JSON_STREAM_ROW);
	}
	free(doc);
	if (!fed_ok)
		return out_of_memory(js);
	json_stream_finish(js);
	while ((ev = json_stream_next(js, &v)) == JSON_STREAM_ROW ||
		   ev == JSON_STREAM_CAPTURE)
		rows += (ev == JSON_STREAM_ROW);
	CHECK_INT(ev, JSON_STREAM_END);
	CHECK_INT(rows, 3);
	json_stream_destroy(js);
	return 1;
}

/*
 * The values around the rows: a series' name after its rows (held, copied
 * into the hold), another's before them, many rows held.  Out of memory
 * may also come from json_stream_next().  Returns as stream_once().
 */
static int
context_once(void)
{
	static const char *const ctxs[] = {"s.*.name", "top"};
	JsonStream *js;
	JsonStreamValue v;
	JsonStreamEvent ev = JSON_STREAM_NEED_MORE;
	char	   *doc;
	size_t		len = 0;
	int			rows = 0;
	int			i;

	js = json_stream_create_ex(JSON_STREAM_JSON, "s.*.values", NULL, 0, ctxs, 2);
	if (js == NULL)
		return 0;
	doc = malloc(100000);
	len += (size_t) sprintf(doc, "{\"s\":[{\"name\":\"a\",\"values\":[1]},{\"values\":[");
	for (i = 0; i < 1000; i++)
		len += (size_t) sprintf(doc + len, "%s%d", i ? "," : "", i);
	len += (size_t) sprintf(doc + len, "],\"name\":\"%0500d\"}],\"top\":1}", 7);
	if (json_stream_feed(js, doc, len) == 0)
	{
		json_stream_finish(js);
		while ((ev = json_stream_next(js, &v)) == JSON_STREAM_ROW)
			rows++;
	}
	free(doc);
	if (ev != JSON_STREAM_END)
		return out_of_memory(js);
	CHECK_INT(rows, 1001);
	json_stream_destroy(js);
	return 1;
}

static int
row_once(const char *doc, size_t len)
{
	JsonRow		row;
	int			r;

	json_row_init(&row);
	r = json_row_parse(&row, doc, len);
	if (r == -2)
	{
		CHECK_STR(row.error, "out of memory");
		json_row_free(&row);
		return 0;
	}
	CHECK_INT(r, 0);
	json_row_free(&row);
	return 1;
}

int
main(void)
{
	long		n;
	int			completed = 0;
	char	   *doc;
	size_t		len = 0;
	int			i;

	for (n = 0; n < 1000 && !completed; n++)
	{
		oom_countdown = n;
		oom_hit = 0;
		completed = stream_once();
		CHECK(completed == !oom_hit);
	}
	CHECK(completed);
	printf("json_stream: %ld allocation failure points checked\n", n - 1);

	completed = 0;
	for (n = 0; n < 1000 && !completed; n++)
	{
		oom_countdown = n;
		oom_hit = 0;
		completed = context_once();
		CHECK(completed == !oom_hit);
	}
	CHECK(completed);
	printf("json_stream with values around the rows: %ld allocation failure points checked\n",
		   n - 1);

	doc = malloc(100000);
	doc[len++] = '[';
	for (i = 0; i < 5000; i++)
		len += (size_t) sprintf(doc + len, "%s{\"k\":[%d]}", i ? "," : "", i);
	doc[len++] = ']';
	completed = 0;
	for (n = 0; n < 1000 && !completed; n++)
	{
		oom_countdown = n;
		oom_hit = 0;
		completed = row_once(doc, len);
		CHECK(completed == !oom_hit);
	}
	CHECK(completed);
	printf("json_row: %ld allocation failure points checked\n", n - 1);
	oom_countdown = -1;
	free(doc);
	return UNIT_REPORT();
}
