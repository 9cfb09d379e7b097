/*-------------------------------------------------------------------------
 *
 * pagination.h
 *		  The pager: one request of a scan read as the rows of all its pages
 *
 * rest_pager_begin() takes a request as request.c built it and the table's
 * pagination options, and sends the first page's request; rest_pager_next()
 * returns the rows of every page in order, fetching pages ahead of their
 * turn where their URLs are known (up to concurrent_pages), and stops at
 * the end of the data, max_pages, or the rows the query needs.  The pager
 * changes only the URL of each page's request (its page parameters, or a
 * next-page URL the API gave, which url_policy.c vets) and, for Range
 * paging, adds the Range header; everything else it sends as given.  It
 * never returns a page twice and never loops.
 *
 * The pager lives in the memory context it was begun in, each page in a
 * context of its own; rest_pager_end() releases the pages' transfers at
 * once.  Below it are the transfers (http_client.h) and the row stream
 * (json_stream.h).
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_PAGINATION_H
#define REST_PAGINATION_H

#include "http_client.h"
#include "json_stream.h"

struct RestTableOptions;

typedef struct RestPager RestPager;

extern RestPager *rest_pager_begin(const RestRequest *request,
								   const struct RestTableOptions *opts,
								   const char *const *captures, int ncaptures,
								   const char *const *contexts, int ncontexts,
								   int64 row_limit, int64 first_page_rows);
extern JsonStreamEvent rest_pager_next(RestPager *pager, JsonStreamValue *value);
extern JsonStream *rest_pager_stream(const RestPager *pager);
extern int64 rest_pager_page(const RestPager *pager);
extern RestTransfer *rest_pager_transfer(const RestPager *pager);
extern const char *rest_pager_display_url(const RestPager *pager);
extern void rest_pager_end(RestPager *pager);

#endif							/* REST_PAGINATION_H */
