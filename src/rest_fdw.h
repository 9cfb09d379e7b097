/*-------------------------------------------------------------------------
 *
 * rest_fdw.h
 *		  Declarations shared by the backend-side parts of rest_fdw
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_FDW_H
#define REST_FDW_H

#include "access/tupdesc.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"

#include "json_row.h"
#include "json_stream.h"

/* the options: option.h */
#include "option.h"

/* url.c helpers used by the backend are declared in url.h */

/* http_client.c */

/* What a scan's requests cost, for EXPLAIN ANALYZE */
typedef struct RestHttpCounters
{
	int64		requests;		/* sent, with retries and redirects */
	int64		pages;			/* responses read to the end */
	int64		bytes;			/* body bytes received */
	int64		retries;
	double		wait_ms;		/* time spent waiting for the network */
} RestHttpCounters;

typedef struct RestRequest
{
	const char *method;
	const char *url;			/* may carry a secret query parameter */
	const char *display_url;	/* the same URL without secrets */
	List	   *headers;		/* of RestHeader * */
	const char *body;			/* NULL for none */
	const char *username;		/* basic auth, or NULL */
	const char *password;
	int			timeout_ms;
	int			connect_timeout_ms;
	int64		max_response_bytes;
	int			max_decompression_ratio;
	bool		ssl_verify;
	const char *ca_file;

	/* filled from the options by pagination.c */
	Oid			serverid;		/* connection cache and statistics */
	Oid			userid;
	const char *credentials_url;	/* credentials go only to this URL's
									 * scheme, host and port */
	const char *secret_param;	/* query parameter holding a secret, or NULL */
	const char *secret_value;
	int			max_retries;
	int			retry_backoff_ms;
	bool		idempotent;
	RestHttpCounters *counters; /* the scan's, or NULL */
	bool		not_found_is_empty; /* 404 means no rows (keyed paths) */
	bool		range_paging;	/* 416 means no rows (a Range past the end) */
} RestRequest;

typedef struct RestTransfer RestTransfer;

extern void rest_http_init(void);
extern RestTransfer *rest_transfer_begin(const RestRequest *request,
										 JsonStream *stream);
extern bool rest_transfer_fetch(RestTransfer *transfer);
extern void rest_transfer_close(RestTransfer *transfer);
extern uint64 rest_transfer_bytes(const RestTransfer *transfer);
extern const char *rest_transfer_content_type(const RestTransfer *transfer);
extern void rest_transfer_abandon(RestTransfer *transfer);
extern void rest_transfer_set_prefetch(RestTransfer *transfer, bool prefetch);
extern void rest_transfer_poke(RestTransfer *transfer);
extern bool rest_transfer_headers_done(const RestTransfer *transfer);
extern bool rest_transfer_not_found(const RestTransfer *transfer);
extern const char *rest_transfer_link_next(const RestTransfer *transfer);
extern const char *rest_transfer_url(const RestTransfer *transfer);

/* pagination.c */
typedef struct RestPager RestPager;

extern RestPager *rest_pager_begin(const RestRequest *request,
								   const RestTableOptions *opts,
								   const char *const *captures, int ncaptures,
								   int64 row_limit, RestHttpCounters *counters);
extern JsonStreamEvent rest_pager_next(RestPager *pager, JsonStreamValue *value);
extern JsonStream *rest_pager_stream(const RestPager *pager);
extern RestTransfer *rest_pager_transfer(const RestPager *pager);
extern const char *rest_pager_display_url(const RestPager *pager);
extern void rest_pager_end(RestPager *pager);

/* convert.c */

/* How a column's value is found in a row */
typedef struct RestColumn
{
	AttrNumber	attnum;
	char	   *name;			/* PostgreSQL column name */
	char	   *remote_name;	/* first key of the path */
	char	  **path;			/* json_path split at dots */
	int			npath;			/* 0 means the whole row ("$") */
	int			position;		/* json_columns: index in the row array */
	int			keyid;			/* id of path[0] in the scan's RestRowIndex,
								 * or -1 */

	/* conversion */
	Oid			typid;
	int32		typmod;
	int			kind;			/* private to convert.c */
	FmgrInfo	input;
	Oid			ioparam;
	Oid			elemtypid;		/* arrays */
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	int			elemkind;
	FmgrInfo	eleminput;
	Oid			elemioparam;
} RestColumn;

/*
 * Where the columns' values are in the current row, found in one walk over
 * the row's top-level members (or array elements) instead of one search per
 * column.  Built at the first row of a scan (rest_fdw.c).
 */
typedef struct RestRowIndex
{
	bool		ready;
	JsonKeyTable keys;			/* the columns' first path segments */
	int		   *values;			/* per key id: its value's token, or -1 */
	int		   *elements;		/* json_columns: element tokens */
	int			maxelements;	/* room in elements */
	int			nelements;		/* filled for the current row */
} RestRowIndex;

extern void rest_column_prepare(RestColumn *col, Form_pg_attribute attr);
extern Datum rest_convert_value(RestColumn *col, const JsonRow *row, int token,
								bool *isnull);
extern char *rest_token_excerpt(const JsonRow *row, int token);
extern char *rest_remote_text(const char *data, size_t len);

#endif							/* REST_FDW_H */
