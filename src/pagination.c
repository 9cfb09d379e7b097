/*-------------------------------------------------------------------------
 *
 * pagination.c
 *		  Reading a multi-page API response as one stream of rows
 *
 * A pager turns one request of a scan into the sequence of its pages, in
 * one of the styles of option "pagination":
 *
 *	offset		offset_param=<rows so far>, page_size_param=<page_size>
 *	page		page_param=<page_start + n>, page_size_param=<page_size>
 *	cursor		cursor_param=<the value at cursor_path in the last page>
 *	next_url	the URL at cursor_path in the last page (absolute or relative)
 *	link_header the target of the last response's Link rel="next" header;
 *				the first request carries page_size_param (and page_param
 *				when set)
 *
 * Paging stops at a page without a next one, an empty page, a short page
 * (offset and page, when page_size is set), max_pages, the total at
 * total_path, the page count at page_count_path, a false or null at
 * has_more_path, or once the LIMIT the planner pushed has been reached.
 *
 * Paging never loops and never returns a page twice.  The cursor styles
 * remember every cursor or URL they have followed: an API that names one of
 * them again is an ERROR.  A page whose rows are exactly those of the page
 * before it (an API that answers a page number past its end with its last
 * page, as json-server does) is not returned: paging stops there with a
 * NOTICE (an ERROR for the cursor styles, where it means the cursor is not
 * understood).  To tell, a page's rows are compared by hash with the
 * previous page's, and while they match they are held back, up to
 * REST_MAX_HELD_BYTES; the first row that differs releases them.  With
 * total_path the API's own count decides instead.
 *
 * Pages are fetched lazily, one ahead: once the page being read has shown a
 * row, the next one is requested, so that its round trip overlaps the rows
 * being returned; a LIMIT that stops the executor stops the paging.  For
 * offset and page, whose page URLs are known in advance, up to
 * concurrent_pages pages are in flight at once, over as many connections;
 * rows are still returned in page order, so the result is the one a
 * sequential scan gives.  A page fetched ahead holds at most about a
 * megabyte (http_body.c pauses it), so memory stays bounded.
 *
 * Each page has its own memory context, holding its row stream and
 * transfer; it is deleted as soon as the page has been read.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "backend_text.h"
#include "json_row.h"
#include "option.h"
#include "pagination.h"
#include "url.h"
#include "url_policy.h"

/* Pages in flight at most (the option's upper bound) */
#define REST_MAX_WINDOW		64

/* While pages are read ahead, let curl move them on every so many rows */
#define REST_POKE_ROWS		32

/* Rows held back while a page repeats the previous one, in bytes at most */
#define REST_MAX_HELD_BYTES	(16 * 1024 * 1024)

typedef struct RestPage
{
	int64		number;			/* 0 for the first page */
	MemoryContext cxt;			/* this page's stream, transfer and URLs */
	RestRequest request;
	JsonStream *stream;
	RestTransfer *transfer;
	bool		fed_all;		/* json_stream_finish() was called */
	uint64		rows;
	const char *fetched_with;	/* cursor or URL that gave this page */
	bool		next_known;		/* cursor styles: the next page is known */
	bool		followed;		/* the pages after it have been requested */
	bool		repeat_ruled_out;	/* a row differs from the previous page */
} RestPage;

/* A row held back, in its page's memory */
typedef struct RestHeldRow
{
	char	   *data;
	size_t		len;
	uint64		offset;
} RestHeldRow;

struct RestPager
{
	const RestTableOptions *opts;
	RestPagination style;
	RestRequest base;			/* the scan's request for this target */
	MemoryContext cxt;			/* where the pager lives (the target's) */

	const char **captures;		/* the caller's, then cursor and total */
	int			ncaller;
	int			ncaptures;
	const char *const *contexts;	/* read per array of rows (json_stream.h) */
	int			ncontexts;
	int			cursor_capture; /* index, or -1 */
	int			total_capture;
	int			has_more_capture;
	int			page_count_capture;
	int			error_capture;

	int			page_size;		/* rows a page, or 0: the API's own */
	const char *page_size_param;	/* NULL: no page size sent */
	const char *offset_param;
	const char *page_param;
	const char *cursor_param;

	RestPage   *pages[REST_MAX_WINDOW]; /* in flight, the one read first */
	int			npages;
	int			window;
	int64		next_number;	/* number of the next page to create */
	bool		stopped;		/* no page after those in flight */
	bool		tail_known;		/* cursor styles: the next page of the
								 * newest page is known ... */
	char	   *tail_next;		/* ... and is this (NULL: none) */
	char	   *tail_display;	/* the newest page's URL, for messages */
	int64		total;			/* rows at total_path, or -1 */
	int64		page_count;		/* pages at page_count_path, or -1 */
	int64		rows_done;		/* rows of the pages read */
	int64		rows_returned;
	int64		row_limit;		/* rows the query needs at most, or -1 */
	int			rows_since_poke;
	bool		row_out;		/* a row was returned; its follow-up waits */

	/* the repeated page guard (see the file header) */
	bool		check_repeats;
	uint64	   *prev_hashes;	/* the previous page's rows */
	int64		nprev;
	uint64	   *cur_hashes;		/* the rows of the page being read */
	int64		ncur;
	int64		maxhashes;		/* room in each */
	RestHeldRow *held;			/* rows of the page being read held back */
	int			nheld;
	int			maxheld;
	int			nreplayed;		/* ... of which returned since */
	bool		releasing;		/* not a repeat after all: return them */
	size_t		held_bytes;

	/* cursor styles: every cursor or URL followed, by hash */
	HTAB	   *followed;
};

/* Rows a page asks for with Range paging when page_size is not set */
#define REST_RANGE_PAGE_SIZE	1000

/* Do page URLs depend on the previous page's response? */
static bool
is_chained(RestPagination style)
{
	return style == REST_PAGINATION_CURSOR ||
		style == REST_PAGINATION_NEXT_URL ||
		style == REST_PAGINATION_LINK_HEADER;
}

/* Does every page hold page_size rows, but the last? */
static bool
has_fixed_pages(RestPager *p)
{
	return (p->style == REST_PAGINATION_OFFSET || p->style == REST_PAGINATION_PAGE ||
			p->style == REST_PAGINATION_RANGE) &&
		p->page_size > 0;
}

/* Append name=value to the URL sent and the URL shown */
static void
add_param(char **url, char **display_url, const char *name, const char *value)
{
	*url = rest_pstrdup_malloced(url_add_param(*url, name, value));
	*display_url = rest_pstrdup_malloced(url_add_param(*display_url, name, value));
}

static void
add_int_param(char **url, char **display_url, const char *name, int64 value)
{
	char		buf[32];

	snprintf(buf, sizeof(buf), INT64_FORMAT, value);
	add_param(url, display_url, name, buf);
}

/*
 * The URL to request for a next page given by the API, as url_policy.c
 * has it: another host gets no credentials at all, and only if
 * rest_fdw.allowed_hosts lists it (http_client.c checks that list for every
 * URL).
 */
static void
next_page_urls(RestPager *p, const char *next, char **url, char **display_url)
{
	if (!rest_url_follow(&p->base, next, url, display_url))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("next page URL in response from \"%s\" is on another host",
						p->tail_display),
				 errdetail("The next page URL is \"%s\".", *display_url),
				 errhint("A superuser can allow other hosts by listing them in rest_fdw.allowed_hosts.")));
}

static void
release_page_stream(void *arg)
{
	RestPage   *page = (RestPage *) arg;

	if (page->stream)
		json_stream_destroy(page->stream);
	page->stream = NULL;
}

/*
 * Work out the URL of the next page, if it can be known now.  Returns false
 * when it cannot be known yet, or when there is no next page (then
 * p->stopped is set).
 */
static bool
next_page_request(RestPager *p, char **url, char **display_url,
				  const char **fetched_with)
{
	const RestTableOptions *opts = p->opts;
	int64		n = p->next_number;
	bool		first = (n == 0);

	*url = pstrdup(p->base.url);
	*display_url = pstrdup(p->base.display_url);
	*fetched_with = NULL;

	switch (p->style)
	{
		case REST_PAGINATION_NONE:
			if (!first)
			{
				p->stopped = true;
				return false;
			}
			break;

		case REST_PAGINATION_OFFSET:
			if (p->page_size_param)
				add_int_param(url, display_url, p->page_size_param, p->page_size);
			/* without a page size, the offset is the rows read so far */
			add_int_param(url, display_url, p->offset_param,
						  p->page_size > 0 ? n * p->page_size : p->rows_done);
			break;

		case REST_PAGINATION_PAGE:
			if (p->page_size_param)
				add_int_param(url, display_url, p->page_size_param, p->page_size);
			add_int_param(url, display_url, p->page_param, opts->page_start + n);
			break;

		case REST_PAGINATION_RANGE:
			/* the page is in the Range header (start_page) */
			break;

		case REST_PAGINATION_CURSOR:
		case REST_PAGINATION_NEXT_URL:
		case REST_PAGINATION_LINK_HEADER:
			if (!first)
			{
				if (!p->tail_known)
					return false;
				if (p->tail_next == NULL)
				{
					p->stopped = true;
					return false;
				}
			}
			if (p->style == REST_PAGINATION_CURSOR)
			{
				if (p->page_size_param)
					add_int_param(url, display_url, p->page_size_param, p->page_size);
				if (!first)
					add_param(url, display_url, p->cursor_param, p->tail_next);
			}
			else if (first)
			{
				/* the next URLs carry whatever else they need */
				if (p->page_size_param)
					add_int_param(url, display_url, p->page_size_param, p->page_size);
				if (p->style == REST_PAGINATION_LINK_HEADER && opts->page_param)
					add_int_param(url, display_url, opts->page_param, opts->page_start);
			}
			else
				next_page_urls(p, p->tail_next, url, display_url);
			if (!first)
				*fetched_with = p->tail_next;
			break;
	}
	return true;
}

/* Create the next page, in its memory context cxt, and send its request */
static void
start_page(RestPager *p, MemoryContext cxt, char *url, char *display_url,
		   const char *fetched_with)
{
	RestPage   *page;
	MemoryContext oldcxt;
	MemoryContextCallback *cb;
	const RestTableOptions *opts = p->opts;

	oldcxt = MemoryContextSwitchTo(cxt);
	page = palloc0(sizeof(RestPage));
	page->number = p->next_number;
	page->cxt = cxt;
	page->request = p->base;
	page->request.url = url;
	page->request.display_url = display_url;
	if (p->style == REST_PAGINATION_RANGE)
	{
		int64		start = page->number * p->page_size;
		RestHeader *unit = rest_header_make("Range-Unit", "items", false);
		RestHeader *range = rest_header_make("Range",
											 psprintf(INT64_FORMAT "-" INT64_FORMAT, start,
													  start + p->page_size - 1),
											 false);

		page->request.headers = lappend(lappend(list_copy(p->base.headers), unit),
										range);
		page->request.range_paging = true;
	}
	page->fetched_with = fetched_with ? pstrdup(fetched_with) : NULL;

	/* registered before the transfer's, so it runs after it */
	cb = palloc(sizeof(MemoryContextCallback));
	cb->func = release_page_stream;
	cb->arg = page;
	MemoryContextRegisterResetCallback(page->cxt, cb);
	page->stream = json_stream_create_ex(opts->format == REST_FORMAT_NDJSON ?
										 JSON_STREAM_NDJSON : JSON_STREAM_JSON,
										 opts->rows_path, p->captures, p->ncaptures,
										 p->contexts, p->ncontexts);
	if (page->stream == NULL)
		rest_out_of_memory(NULL);
	json_stream_set_max_value(page->stream, (size_t) opts->max_row_bytes);

	page->transfer = rest_transfer_begin(&page->request, page->stream);
	MemoryContextSwitchTo(oldcxt);

	p->pages[p->npages++] = page;
	p->next_number++;
	p->tail_known = false;
	if (p->tail_next)
		pfree(p->tail_next);
	p->tail_next = NULL;

	/* a page ahead of its turn: send the request now, read it later */
	if (p->npages > 1)
	{
		rest_transfer_set_prefetch(page->transfer, true);
		rest_transfer_poke(page->transfer);
	}
}

/* Drop the pages in flight after the first "keep" */
static void
drop_pages(RestPager *p, int keep)
{
	while (p->npages > keep)
	{
		RestPage   *page = p->pages[--p->npages];

		/* a short remainder is read in the background: the connection stays */
		rest_transfer_abandon(page->transfer);
		MemoryContextDelete(page->cxt);
	}
}

/*
 * Request pages until concurrent_pages are in flight, as far as their URLs
 * are known.  Pages after the first are only requested once the first has
 * shown a row: an empty page ends the paging.
 */
static void
fill_window(RestPager *p)
{
	const RestTableOptions *opts = p->opts;

	while (!p->stopped && p->npages < p->window)
	{
		char	   *url;
		char	   *display_url;
		const char *fetched_with;
		MemoryContext cxt;
		MemoryContext oldcxt;
		bool		known;

		if (p->npages > 0 && p->pages[0]->rows == 0)
			break;
		if ((opts->max_pages > 0 && p->next_number >= opts->max_pages) ||
			(p->row_limit >= 0 && p->rows_returned >= p->row_limit) ||
			(p->row_limit >= 0 && has_fixed_pages(p) &&
			 p->next_number * p->page_size >= p->row_limit) ||
			(p->total >= 0 && has_fixed_pages(p) &&
			 p->next_number * p->page_size >= p->total) ||
			(p->total >= 0 && p->style == REST_PAGINATION_OFFSET &&
			 p->page_size == 0 && p->rows_done >= p->total) ||
			(p->page_count >= 0 && p->next_number >= p->page_count))
		{
			p->stopped = true;
			break;
		}
		/* the page's URLs are made in its own memory */
		cxt = AllocSetContextCreate(p->cxt, "rest_fdw page", ALLOCSET_SMALL_SIZES);
		oldcxt = MemoryContextSwitchTo(cxt);
		known = next_page_request(p, &url, &display_url, &fetched_with);
		MemoryContextSwitchTo(oldcxt);
		if (!known)
		{
			MemoryContextDelete(cxt);
			break;
		}
		start_page(p, cxt, url, display_url, fetched_with);
	}
}

/* The text of a cursor value: a string or a number; NULL for none */
static char *
cursor_text(RestPager *p, JsonStreamValue *value)
{
	JsonRow		row;
	char	   *result = NULL;
	const char *problem = NULL;

	json_row_init(&row);
	if (json_row_parse(&row, value->data, value->len) != 0)
		problem = "it is not valid JSON";
	else
	{
		const JsonToken *tok = &row.tokens[0];

		switch ((JsonTokenType) tok->type)
		{
			case JSON_TOKEN_STRING:
				{
					size_t		n;

					result = palloc(tok->end - tok->start + 1);
					n = json_string_unescape(value->data + tok->start,
											 tok->end - tok->start, result);
					result[n] = '\0';
					if (strlen(result) != n)
						problem = "it contains \\u0000";
					else if (n == 0)
						result = NULL;	/* "": no next page */
				}
				break;
			case JSON_TOKEN_NUMBER:
				result = pnstrdup(value->data + tok->start, tok->end - tok->start);
				break;
			case JSON_TOKEN_NULL:
			case JSON_TOKEN_FALSE:
				break;
			default:
				problem = "it is neither a string nor a number";
				break;
		}
	}
	json_row_free(&row);
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid value at cursor_path \"%s\" in response from \"%s\"",
						p->opts->cursor_path, p->pages[0]->request.display_url),
				 errdetail("The value cannot be used for the next page, as %s.", problem)));
	return result;
}

/* The first page's response says what comes after it */
static void
learn_next(RestPager *p, RestPage *page, char *next)
{
	if (page->next_known)
		return;
	page->next_known = true;
	if (next)
	{
		uint64		key = hash_bytes_extended((const unsigned char *) next,
											  strlen(next), 0);
		bool		found;

		(void) hash_search(p->followed, &key, HASH_ENTER, &found);
		if (found)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("pagination of \"%s\" does not advance",
							page->request.display_url),
					 errdetail("The response names a next page that was read before."),
					 errhint("Check the table's pagination options (%s) against the API.",
							 p->style == REST_PAGINATION_CURSOR ? "cursor_path, cursor_param" :
							 p->style == REST_PAGINATION_NEXT_URL ? "cursor_path" : "pagination")));
	}
	if (page->number == p->next_number - 1)
	{
		p->tail_known = true;
		p->tail_next = next ? MemoryContextStrdup(p->cxt, next) : NULL;
		if (p->tail_display)
			pfree(p->tail_display);
		p->tail_display = MemoryContextStrdup(p->cxt, page->request.display_url);
	}
}

static void
learn_cursor(RestPager *p, RestPage *page, JsonStreamValue *value)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(page->cxt);
	char	   *next = cursor_text(p, value);

	if (next && p->style == REST_PAGINATION_NEXT_URL)
		next = rest_url_resolve_next(rest_transfer_url(page->transfer), next,
						   page->request.display_url);
	learn_next(p, page, next);
	MemoryContextSwitchTo(oldcxt);
}

static void
learn_link(RestPager *p, RestPage *page)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(page->cxt);
	const char *link = rest_transfer_link_next(page->transfer);

	learn_next(p, page,
			   link ? rest_url_resolve_next(rest_transfer_url(page->transfer), link,
								  page->request.display_url) : NULL);
	MemoryContextSwitchTo(oldcxt);
}

/* A non-negative integer (a number or a string of digits), or -1 */
static int64
count_value(JsonStreamValue *value)
{
	JsonRow		row;
	int64		total = -1;
	int			i;

	json_row_init(&row);
	if (json_row_parse(&row, value->data, value->len) == 0)
	{
		const JsonToken *tok = &row.tokens[0];
		const char *s = value->data + tok->start;
		size_t		len = tok->end - tok->start;

		if (tok->type == JSON_TOKEN_NUMBER || tok->type == JSON_TOKEN_STRING)
		{
			total = 0;
			for (i = 0; i < (int) len && total >= 0; i++)
			{
				if (s[i] < '0' || s[i] > '9' || total > PG_INT64_MAX / 10 - 10)
					total = -1;
				else
					total = total * 10 + (s[i] - '0');
			}
			if (len == 0)
				total = -1;
		}
	}
	json_row_free(&row);
	return total;
}

static void
learn_total(RestPager *p, JsonStreamValue *value)
{
	int64		total = count_value(value);

	if (total < 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid value at total_path \"%s\" in response from \"%s\"",
						p->opts->total_path, p->pages[0]->request.display_url),
				 errdetail("Expected a row count: a non-negative integer.")));
	p->total = total;

	/* pages requested past the end are of no use */
	if (has_fixed_pages(p))
	{
		int			keep = p->npages;

		while (keep > 1 && p->pages[keep - 1]->number * p->page_size >= total)
			keep--;
		drop_pages(p, keep);
		if (p->next_number * p->page_size >= total)
			p->stopped = true;
	}
}

/* The number of pages at page_count_path: none is requested past them */
static void
learn_page_count(RestPager *p, JsonStreamValue *value)
{
	int64		count = count_value(value);
	int			keep = p->npages;

	if (count < 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid value at page_count_path \"%s\" in response from \"%s\"",
						p->opts->page_count_path, p->pages[0]->request.display_url),
				 errdetail("Expected a page count: a non-negative integer.")));
	p->page_count = count;
	while (keep > 1 && p->pages[keep - 1]->number >= count)
		keep--;
	drop_pages(p, keep);
	if (p->next_number >= count)
		p->stopped = true;
}

/*
 * Is a value read beside the rows nothing: false, null or ""?  A string's
 * text, without its quotes, goes to *text and *len when they are given.
 */
static bool
value_is_nothing(JsonStreamValue *value, const char **text, size_t *len)
{
	JsonRow		row;
	bool		nothing = false;

	json_row_init(&row);
	if (json_row_parse(&row, value->data, value->len) == 0)
	{
		const JsonToken *tok = &row.tokens[0];

		nothing = (tok->type == JSON_TOKEN_FALSE || tok->type == JSON_TOKEN_NULL ||
				   (tok->type == JSON_TOKEN_STRING && tok->end == tok->start));
		if (tok->type == JSON_TOKEN_STRING && text)
		{
			*text = value->data + tok->start;
			*len = tok->end - tok->start;
		}
	}
	json_row_free(&row);
	return nothing;
}

/*
 * The value at has_more_path: false, null or "" say that the page being
 * read is the last one (json-server's "next": null, Stripe's "has_more":
 * false); anything else, that more follow.
 */
static void
learn_has_more(RestPager *p, JsonStreamValue *value)
{
	if (value_is_nothing(value, NULL, NULL))
	{
		drop_pages(p, 1);
		p->stopped = true;
	}
}

/*
 * The value at error_path: an error the API reports in an answer that is
 * otherwise a success (InfluxDB's {"results":[{"error":"..."}]} with HTTP
 * 200).  null, false and "" are no error; anything else fails the scan
 * rather than let the answer read as fewer rows.
 */
static void
check_error(RestPager *p, RestPage *page, JsonStreamValue *value)
{
	const char *text = value->data;
	size_t		len = value->len;

	if (!value_is_nothing(value, &text, &len))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("response from \"%s\" reports an error at error_path \"%s\"",
						page->request.display_url, p->opts->error_path),
				 errdetail_internal("%s", rest_remote_text(text, len)),
				 errhint("EXPLAIN VERBOSE shows the request the table sends.")));
}

/* Room for one more row hash of the page being read */
static void
note_row_hash(RestPager *p, uint64 hash)
{
	if (p->ncur == p->maxhashes)
	{
		int64		n = Max(64, p->maxhashes * 2);

		p->cur_hashes = p->cur_hashes ?
			repalloc_huge(p->cur_hashes, n * sizeof(uint64)) :
			MemoryContextAllocHuge(p->cxt, n * sizeof(uint64));
		p->prev_hashes = p->prev_hashes ?
			repalloc_huge(p->prev_hashes, n * sizeof(uint64)) :
			MemoryContextAllocHuge(p->cxt, n * sizeof(uint64));
		p->maxhashes = n;
	}
	p->cur_hashes[p->ncur++] = hash;
}

/* Keep a row of the first page back, in its memory, while it repeats */
static void
hold_row(RestPager *p, RestPage *page, JsonStreamValue *value)
{
	RestHeldRow *h;

	if (p->nheld == p->maxheld)
	{
		int			n = Max(16, p->maxheld * 2);

		p->held = p->held ? repalloc(p->held, n * sizeof(RestHeldRow)) :
			MemoryContextAlloc(p->cxt, n * sizeof(RestHeldRow));
		p->maxheld = n;
	}
	h = &p->held[p->nheld++];
	h->data = MemoryContextAlloc(page->cxt, value->len);
	memcpy(h->data, value->data, value->len);
	h->len = value->len;
	h->offset = value->offset;
	p->held_bytes += value->len;
}

/*
 * The first page's rows so far are exactly the previous page's first rows:
 * hold this one back too?  Once a row differs, the page is not a repeat and
 * the rows held are returned (ROW with p->nheld > p->nreplayed).
 */
static bool
row_repeats(RestPager *p, RestPage *page, JsonStreamValue *value)
{
	uint64		hash;
	int64		rowno = p->ncur;

	if (!p->check_repeats)
		return false;
	hash = hash_bytes_extended((const unsigned char *) value->data, value->len, 0);
	note_row_hash(p, hash);
	if (page->repeat_ruled_out || page->number == 0)
		return false;
	if (rowno < p->nprev && p->prev_hashes[rowno] == hash)
	{
		if (p->held_bytes + value->len > REST_MAX_HELD_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("page %lld of foreign table %s repeats the page before it",
							(long long) page->number + 1, p->opts->table_name),
					 errdetail("The first %d rows from \"%s\" are those of the previous page.",
							   p->nheld, page->request.display_url),
					 errhint("Set has_more_path, page_count_path or total_path to where the API says that its data ends.")));
		hold_row(p, page, value);
		return true;
	}
	page->repeat_ruled_out = true;
	return false;
}

/*
 * The first page has ended with every row held back: it is the previous
 * page again.  Report it and stop paging; its rows are not returned.
 */
static void
report_repeated_page(RestPager *p, RestPage *page)
{
	ereport(is_chained(p->style) ? ERROR : NOTICE,
			(is_chained(p->style) ? errcode(ERRCODE_FDW_ERROR) : 0,
			 errmsg("page %lld of foreign table %s repeats the page before it",
					(long long) page->number + 1, p->opts->table_name),
			 is_chained(p->style) ?
			 errdetail("\"%s\" answered with the rows of the page before.",
					   page->request.display_url) :
			 errdetail("Paging stops at \"%s\": an API that answers a page past its end with its last page again has no more rows.",
					   page->request.display_url),
			 is_chained(p->style) ?
			 errhint("Check the table's pagination options (cursor_path, cursor_param) against the API.") :
			 errhint("Set has_more_path, page_count_path or total_path to where the API says that its data ends.")));
	p->nheld = p->nreplayed = 0;
	p->held_bytes = 0;
	drop_pages(p, 1);
	p->stopped = true;
}

/* The first page has been read to its end: on to the next */
static void
finish_first_page(RestPager *p)
{
	RestPage   *page = p->pages[0];
	bool		last = false;
	int			i;

	if (p->base.counters)
		p->base.counters->pages++;
	p->rows_done += page->rows;
	{
		uint64	   *swap = p->prev_hashes;

		p->prev_hashes = p->cur_hashes;
		p->cur_hashes = swap;
		p->nprev = p->ncur;
		p->ncur = 0;
	}
	if (is_chained(p->style))
		learn_next(p, page, NULL);

	if (p->style == REST_PAGINATION_NONE || page->rows == 0)
		last = true;
	else if (has_fixed_pages(p) && page->rows < (uint64) p->page_size)
		last = true;
	else if (p->row_limit >= 0 && p->rows_returned >= p->row_limit)
		last = true;

	for (i = 1; i < p->npages; i++)
		p->pages[i - 1] = p->pages[i];
	p->npages--;
	MemoryContextDelete(page->cxt);

	if (last)
	{
		drop_pages(p, 0);
		p->stopped = true;
	}
	fill_window(p);
}

/*
 * Once a row of the first page has been used: after its first row, request
 * the pages that follow it; later, let the pages read ahead make progress.
 */
static void
after_row(RestPager *p)
{
	RestPage   *page;
	int			i;

	if (p->npages == 0)
		return;
	page = p->pages[0];
	if (!page->followed)
	{
		page->followed = true;
		if (p->style == REST_PAGINATION_LINK_HEADER)
			learn_link(p, page);
		fill_window(p);
	}
	else if (p->npages > 1 && ++p->rows_since_poke >= REST_POKE_ROWS)
	{
		p->rows_since_poke = 0;
		for (i = 1; i < p->npages; i++)
			rest_transfer_poke(p->pages[i]->transfer);
	}
}

/*
 * Start paging through the response to request, sent as it is but for the
 * page parameters.  The caller's contexts (which must outlive the pager)
 * are read per array of rows, see json_stream_context() on
 * rest_pager_stream().  The caller's captures come back as CAPTURE events from
 * rest_pager_next() with their indexes; row_limit (or -1) is how many rows
 * the query needs at most; first_page_rows (or -1) the page size that the
 * request's URL already asks for (see RestRequestTarget).
 */
RestPager *
rest_pager_begin(const RestRequest *request, const RestTableOptions *opts,
				 const char *const *captures, int ncaptures,
				 const char *const *contexts, int ncontexts, int64 row_limit,
				 int64 first_page_rows)
{
	RestPager  *p = palloc0(sizeof(RestPager));
	int			i;

	p->contexts = contexts;
	p->ncontexts = ncontexts;

	p->opts = opts;
	p->style = opts->pagination;
	p->cxt = CurrentMemoryContext;
	p->total = -1;
	p->page_count = -1;
	p->row_limit = row_limit;

	p->base = *request;
	p->base.url = pstrdup(request->url);
	p->base.display_url = pstrdup(request->display_url);

	/* the caller's captures, then ours */
	p->captures = palloc(sizeof(char *) * (ncaptures + 5));
	for (i = 0; i < ncaptures; i++)
		p->captures[i] = captures[i];
	p->ncaller = p->ncaptures = ncaptures;
	p->cursor_capture = -1;
	p->total_capture = -1;
	p->has_more_capture = -1;
	p->page_count_capture = -1;
	p->error_capture = -1;
	if (p->style == REST_PAGINATION_CURSOR || p->style == REST_PAGINATION_NEXT_URL)
	{
		p->cursor_capture = p->ncaptures;
		p->captures[p->ncaptures++] = opts->cursor_path;
	}
	if (opts->total_path && opts->total_path[0] && p->style != REST_PAGINATION_NONE)
	{
		p->total_capture = p->ncaptures;
		p->captures[p->ncaptures++] = opts->total_path;
	}
	if (opts->has_more_path && opts->has_more_path[0] && p->style != REST_PAGINATION_NONE)
	{
		p->has_more_capture = p->ncaptures;
		p->captures[p->ncaptures++] = opts->has_more_path;
	}
	if (opts->page_count_path && opts->page_count_path[0] && p->style != REST_PAGINATION_NONE)
	{
		p->page_count_capture = p->ncaptures;
		p->captures[p->ncaptures++] = opts->page_count_path;
	}
	if (opts->error_path && opts->error_path[0])
	{
		p->error_capture = p->ncaptures;
		p->captures[p->ncaptures++] = opts->error_path;
	}
	/* with the API's own row count, that decides where the data ends */
	p->check_repeats = (p->style != REST_PAGINATION_NONE && p->total_capture < 0);
	if (is_chained(p->style))
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(uint64);
		ctl.entrysize = sizeof(uint64);
		ctl.hcxt = p->cxt;
		p->followed = hash_create("rest_fdw pages followed", 64, &ctl,
								  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}

	/*
	 * Parameter names.  When the first request already asks for a page size
	 * (the query's LIMIT, as the planner sent it), that is the page size,
	 * and how many rows a page really holds is only known once it has been
	 * read (the API may cap it): pages then follow each other by the rows
	 * read so far.
	 */
	if (opts->page_size > 0)
	{
		p->page_size = opts->page_size;
		p->page_size_param = opts->page_size_param ? opts->page_size_param : "limit";
		if (first_page_rows >= 0)
		{
			p->page_size = 0;
			p->page_size_param = NULL;
		}
	}
	/* Range paging sends its page size in a header, never a parameter */
	if (p->style == REST_PAGINATION_RANGE)
	{
		p->page_size = opts->page_size > 0 ? opts->page_size : REST_RANGE_PAGE_SIZE;
		p->page_size_param = NULL;
	}
	p->offset_param = opts->offset_param ? opts->offset_param : "offset";
	p->page_param = opts->page_param ? opts->page_param : "page";
	p->cursor_param = opts->cursor_param ? opts->cursor_param : "cursor";

	switch (p->style)
	{
		case REST_PAGINATION_NONE:
			p->window = 1;
			break;
		case REST_PAGINATION_OFFSET:
			/* without a page size, an offset is only known after a page */
			p->window = p->page_size > 0 ? opts->concurrent_pages : 1;
			break;
		case REST_PAGINATION_PAGE:
		case REST_PAGINATION_RANGE:
			p->window = opts->concurrent_pages;
			break;
		default:
			p->window = Min(opts->concurrent_pages, 2);
			break;
	}
	p->window = Max(1, Min(p->window, REST_MAX_WINDOW));

	fill_window(p);
	return p;
}

/*
 * The next row (or caller's capture) of the paged response: ROW, CAPTURE,
 * END after the last page, or ERROR (see rest_pager_stream()).
 */
JsonStreamEvent
rest_pager_next(RestPager *p, JsonStreamValue *value)
{
	/*
	 * A row returned points into the first page's row stream, which moves
	 * its bytes whenever it is fed.  Driving curl feeds every transfer of
	 * the multi handle, the first page's too, so whatever drives curl for
	 * the other pages (requesting the next one, moving those read ahead on)
	 * is done here, once the caller is through with the row.
	 */
	if (p->row_out)
	{
		p->row_out = false;
		after_row(p);
	}

	for (;;)
	{
		RestPage   *page;

		/* rows held back by the repeated page guard go first */
		if (p->releasing && p->nreplayed < p->nheld)
		{
			RestHeldRow *h = &p->held[p->nreplayed++];

			value->data = h->data;
			value->len = h->len;
			value->offset = h->offset;
			value->capture_index = -1;
			p->rows_returned++;
			p->row_out = true;
			return JSON_STREAM_ROW;
		}
		if (p->releasing)
		{
			p->releasing = false;
			p->nheld = p->nreplayed = 0;
			p->held_bytes = 0;
		}

		if (p->npages == 0)
		{
			fill_window(p);
			if (p->npages == 0)
				return JSON_STREAM_END;
		}
		page = p->pages[0];

		switch (json_stream_next(page->stream, value))
		{
			case JSON_STREAM_ROW:
				page->rows++;
				if (row_repeats(p, page, value))
					break;
				if (p->nheld > 0)
				{
					/* not a repeat after all: the rows held, then this one */
					hold_row(p, page, value);
					p->releasing = true;
					break;
				}
				p->rows_returned++;
				p->row_out = true;
				return JSON_STREAM_ROW;

			case JSON_STREAM_CAPTURE:
				if (value->capture_index < p->ncaller)
					return JSON_STREAM_CAPTURE;
				if (value->capture_index == p->cursor_capture)
					learn_cursor(p, page, value);
				else if (value->capture_index == p->total_capture)
					learn_total(p, value);
				else if (value->capture_index == p->has_more_capture)
					learn_has_more(p, value);
				else if (value->capture_index == p->page_count_capture)
					learn_page_count(p, value);
				else if (value->capture_index == p->error_capture)
					check_error(p, page, value);
				fill_window(p);
				break;

			case JSON_STREAM_NEED_MORE:
				if (page->fed_all)
					elog(ERROR, "JSON stream wants more input after its end");
				if (!rest_transfer_fetch(page->transfer))
				{
					/* the keyed resource does not exist: no rows, no pages */
					if (rest_transfer_not_found(page->transfer))
					{
						drop_pages(p, 0);
						p->stopped = true;
						return JSON_STREAM_END;
					}
					json_stream_finish(page->stream);
					page->fed_all = true;
				}
				if (p->style == REST_PAGINATION_LINK_HEADER && !page->next_known &&
					rest_transfer_headers_done(page->transfer))
					learn_link(p, page);
				break;

			case JSON_STREAM_END:
				if (p->nheld > 0)
				{
					if (page->rows == (uint64) p->nprev)
						report_repeated_page(p, page);
					else
					{
						/* a shorter page that starts like the last one */
						page->repeat_ruled_out = true;
						p->releasing = true;
						break;
					}
				}
				finish_first_page(p);
				break;

			case JSON_STREAM_ERROR:
				return JSON_STREAM_ERROR;
		}
	}
}

/* The number of the page being read (from 0), or -1 */
int64
rest_pager_page(const RestPager *p)
{
	return p->npages > 0 ? p->pages[0]->number : -1;
}

/* The row stream of the page being read, for error reports; or NULL */
JsonStream *
rest_pager_stream(const RestPager *p)
{
	return p->npages > 0 ? p->pages[0]->stream : NULL;
}

RestTransfer *
rest_pager_transfer(const RestPager *p)
{
	return p->npages > 0 ? p->pages[0]->transfer : NULL;
}

/* The URL (without secrets) of the page being read */
const char *
rest_pager_display_url(const RestPager *p)
{
	return p->npages > 0 ? p->pages[0]->request.display_url : p->base.display_url;
}

/* Stop paging: release every page's transfer and stream now */
void
rest_pager_end(RestPager *p)
{
	drop_pages(p, 0);
	p->stopped = true;
}
