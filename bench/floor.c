/*-------------------------------------------------------------------------
 *
 * floor.c
 *	  The benchmark's floor: a bare C client that streams a URL with
 *	  libcurl, splits the top-level JSON array into elements as the bytes
 *	  arrive, and parses each element with jansson.  No database, no
 *	  types: this is about as little as a program can do and still have
 *	  looked at every value of every row.
 *
 *	  floor URL
 *
 * Prints one line: "rows=N bytes=N sum_id=N checksum=N seconds=S
 * maxrss_kb=N".  The checksum touches every value (integers, reals,
 * string lengths, booleans, array elements), so that nothing can be
 * optimized away and the rows can be checked against the database's.
 *
 * The splitter does only what any streaming client must: track strings,
 * escapes and bracket depth, parse a complete element straight from
 * curl's buffer, and copy only the elements that straddle two buffers.
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

typedef struct Splitter
{
	int			depth;
	int			in_str;
	int			esc;
	char	   *carry;			/* an element that started in an earlier
								 * buffer */
	size_t		carry_len;
	size_t		carry_cap;
	int			carrying;
	uint64_t	rows;
	uint64_t	bytes;
	int64_t		sum_id;
	uint64_t	checksum;
	int			failed;
} Splitter;

static void
touch(Splitter *sp, json_t *v)
{
	size_t		i;
	const char *key;
	json_t	   *member;

	switch (json_typeof(v))
	{
		case JSON_OBJECT:
			json_object_foreach(v, key, member)
				touch(sp, member);
			break;
		case JSON_ARRAY:
			for (i = 0; i < json_array_size(v); i++)
				touch(sp, json_array_get(v, i));
			break;
		case JSON_STRING:
			sp->checksum += json_string_length(v);
			break;
		case JSON_INTEGER:
			sp->checksum += (uint64_t) json_integer_value(v);
			break;
		case JSON_REAL:
			sp->checksum += (uint64_t) (json_real_value(v) * 100.0);
			break;
		case JSON_TRUE:
			sp->checksum += 1;
			break;
		case JSON_FALSE:
		case JSON_NULL:
			break;
	}
}

static void
element(Splitter *sp, const char *data, size_t len)
{
	json_error_t err;
	json_t	   *v = json_loadb(data, len, 0, &err);

	if (v == NULL)
	{
		fprintf(stderr, "row %llu: %s\n", (unsigned long long) sp->rows + 1,
				err.text);
		sp->failed = 1;
		return;
	}
	sp->rows++;
	sp->sum_id += json_integer_value(json_object_get(v, "id"));
	touch(sp, v);
	json_decref(v);
}

static int
carry_append(Splitter *sp, const char *data, size_t len)
{
	if (sp->carry_len + len > sp->carry_cap)
	{
		size_t		cap = sp->carry_cap ? sp->carry_cap : 4096;
		char	   *n;

		while (cap < sp->carry_len + len)
			cap *= 2;
		n = realloc(sp->carry, cap);
		if (n == NULL)
			return -1;
		sp->carry = n;
		sp->carry_cap = cap;
	}
	memcpy(sp->carry + sp->carry_len, data, len);
	sp->carry_len += len;
	return 0;
}

static size_t
write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	Splitter   *sp = arg;
	size_t		len = size * nmemb;
	size_t		i;
	size_t		start = 0;		/* start of the element in this buffer */
	int			in_elem = sp->carrying;

	sp->bytes += len;
	for (i = 0; i < len; i++)
	{
		char		c = data[i];

		if (sp->in_str)
		{
			if (sp->esc)
				sp->esc = 0;
			else if (c == '\\')
				sp->esc = 1;
			else if (c == '"')
				sp->in_str = 0;
			continue;
		}
		switch (c)
		{
			case '"':
				sp->in_str = 1;
				break;
			case '{':
			case '[':
				if (sp->depth++ == 1)
				{
					start = i;
					in_elem = 1;
				}
				break;
			case '}':
			case ']':
				if (--sp->depth == 1)
				{
					if (sp->carrying)
					{
						if (carry_append(sp, data, i + 1) != 0)
							return 0;
						element(sp, sp->carry, sp->carry_len);
						sp->carrying = 0;
						sp->carry_len = 0;
					}
					else
						element(sp, data + start, i + 1 - start);
					in_elem = 0;
				}
				break;
			default:
				break;
		}
		if (sp->failed)
			return 0;
	}
	/* keep the unfinished element for the next buffer */
	if (in_elem)
	{
		if (carry_append(sp, sp->carrying ? data : data + start,
						 sp->carrying ? len : len - start) != 0)
			return 0;
		sp->carrying = 1;
	}
	return len;
}

int
main(int argc, char **argv)
{
	Splitter	sp;
	CURL	   *curl;
	CURLcode	rc;
	struct timespec t0;
	struct timespec t1;
	struct rusage ru;

	if (argc != 2)
	{
		fprintf(stderr, "usage: floor URL\n");
		return 2;
	}
	memset(&sp, 0, sizeof(sp));
	curl_global_init(CURL_GLOBAL_ALL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	curl = curl_easy_init();
	curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sp);
	curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
	rc = curl_easy_perform(curl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc != CURLE_OK || sp.failed || sp.depth != 0)
	{
		fprintf(stderr, "floor: %s\n", rc != CURLE_OK ? curl_easy_strerror(rc) :
				"malformed response");
		return 1;
	}
	curl_easy_cleanup(curl);
	getrusage(RUSAGE_SELF, &ru);
	printf("rows=%llu bytes=%llu sum_id=%lld checksum=%llu seconds=%.4f maxrss_kb=%ld\n",
		   (unsigned long long) sp.rows, (unsigned long long) sp.bytes,
		   (long long) sp.sum_id, (unsigned long long) sp.checksum,
		   (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9,
		   ru.ru_maxrss);
	free(sp.carry);
	curl_global_cleanup();
	return 0;
}
