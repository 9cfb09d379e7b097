/*-------------------------------------------------------------------------
 *
 * bench_json.c
 *	  Throughput of json_stream (splitting) and json_row_parse (validating
 *	  and tokenizing) over a generated array of objects.
 *
 *	  bench_json [megabytes] [chunk_kb]		(defaults: 100, 64)
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 199309L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_row.h"
#include "json_stream.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	size_t		target = (size_t) (argc > 1 ? atoi(argv[1]) : 100) * 1000 * 1000;
	size_t		chunk = (size_t) (argc > 2 ? atoi(argv[2]) : 64) * 1024;
	char	   *doc = malloc(target + 1000);
	size_t		len = 0;
	size_t		nalloc = 1 << 20;
	uint64_t   *offs = malloc(nalloc * sizeof(uint64_t));
	size_t	   *lens = malloc(nalloc * sizeof(size_t));
	size_t		nrows = 0;
	JsonStream *js;
	JsonStreamValue v;
	JsonStreamEvent ev;
	JsonRow		row;
	size_t		off;
	size_t		i;
	size_t		ntokens = 0;
	double		t0;
	double		t1;
	int			rep;
	double		best = 1e9;

	if (doc == NULL || offs == NULL || lens == NULL)
		return 1;
	len += (size_t) sprintf(doc, "{\"count\":0,\"data\":[");
	for (i = 0; len < target; i++)
	{
		len += (size_t) sprintf(doc + len,
								"%s{\"id\":%zu,\"name\":\"user %zu\",\"email\":\"user%zu@example.com\","
								"\"active\":%s,\"score\":%zu.%zu,\"tags\":[\"alpha\",\"beta\",\"gamma\"],"
								"\"address\":{\"street\":\"%zu Main Street\",\"city\":\"Springfield\","
								"\"zip\":\"%05zu\"},\"note\":\"a \\\"quoted\\\" note, caf\xc3\xa9 \\u00e9\","
								"\"created\":\"2024-01-%02zuT12:34:56Z\",\"nullable\":null}",
								i ? "," : "", i, i, i, (i % 3) ? "true" : "false",
								i % 100, i % 10, i % 1000, i % 100000, i % 28 + 1);
	}
	len += (size_t) sprintf(doc + len, "],\"next\":null}");
	printf("document: %zu bytes, %zu rows, %zu-byte chunks\n", len, i, chunk);

	/* splitter; best of 3 */
	for (rep = 0; rep < 3; rep++)
	{
		static const char *const caps[] = {"next"};

		nrows = 0;
		t0 = now();
		js = json_stream_create(JSON_STREAM_JSON, "data", caps, 1);
		for (off = 0; off < len; off += chunk)
		{
			json_stream_feed(js, doc + off, len - off < chunk ? len - off : chunk);
			while ((ev = json_stream_next(js, &v)) != JSON_STREAM_NEED_MORE)
			{
				if (ev == JSON_STREAM_ROW)
				{
					if (nrows == nalloc)
					{
						nalloc *= 2;
						offs = realloc(offs, nalloc * sizeof(uint64_t));
						lens = realloc(lens, nalloc * sizeof(size_t));
					}
					offs[nrows] = v.offset;
					lens[nrows++] = v.len;
				}
				else if (ev == JSON_STREAM_ERROR)
				{
					printf("error: %s\n", json_stream_error_message(js));
					return 1;
				}
			}
		}
		json_stream_finish(js);
		ev = json_stream_next(js, &v);
		t1 = now();
		if (ev != JSON_STREAM_END)
			return 1;
		json_stream_destroy(js);
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	printf("json_stream:    %.3f s  %7.1f MB/s  (%zu rows)\n",
		   best, (double) len / best / 1e6, nrows);

	/* row tokenizer over the same rows; best of 3 */
	best = 1e9;
	json_row_init(&row);
	for (rep = 0; rep < 3; rep++)
	{
		size_t		bytes = 0;

		ntokens = 0;
		t0 = now();
		for (i = 0; i < nrows; i++)
		{
			if (json_row_parse(&row, doc + offs[i], lens[i]) != 0)
			{
				printf("row %zu: %s\n", i, row.error);
				return 1;
			}
			ntokens += (size_t) row.ntokens;
			bytes += lens[i];
		}
		t1 = now();
		if (t1 - t0 < best)
			best = t1 - t0;
		if (rep == 2)
			printf("json_row_parse: %.3f s  %7.1f MB/s  (%zu bytes of rows, %zu tokens)\n",
				   best, (double) bytes / best / 1e6, bytes, ntokens);
	}
	json_row_free(&row);
	free(doc);
	free(offs);
	free(lens);
	return 0;
}
