/*-------------------------------------------------------------------------
 *
 * request.h
 *		  Request building: the RestRequest of a scan, filled from the
 *		  table's options, and the URLs and bodies of its requests
 *
 * rest_request_init() is the one place where a request is filled from the
 * options: method, headers with the user mapping's secrets, basic auth,
 * limits, TLS, retries, the connection cache key, and where the API key
 * goes (a header, or the query parameter api_key_param, which is added to
 * every URL sent and kept out of every URL shown).  The dialect planners'
 * builders (rest_build_requests for the params dialect, sql_dialect.c for
 * the sql one) give one RestRequestTarget per request to send: its URL,
 * shown URL, body, and how many rows its first page asks for.
 * rest_request_set_target() points the request at a target; the pager and
 * the transfer (pagination.h, http_client.h, below) send it as it is, but
 * for the URLs of later pages.
 *
 * The rest is the params dialect's: the values of pushed quals rendered
 * into the op_* templates and placeholders, the same rendering for
 * EXPLAIN, and the plan data kept in fdw_private.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_REQUEST_H
#define REST_REQUEST_H

#include "nodes/pathnodes.h"

#include "http_client.h"
#include "option.h"
#include "template.h"

/*
 * What the params dialect decided to send, as pushdown.c fills it in and
 * the builders below read it.
 */
/* What the params dialect knows about one column */
typedef struct RestColumnPlan
{
	char	   *name;			/* NULL for a dropped column */
	char	   *remote_name;	/* {column} in templates; NULL: no filters */
	char	   *top_key;		/* the row key holding the value, for select */
	Oid			typid;
	bool		not_null;
	bool		request_only;	/* option request_only: never in the rows */
	const char *templates[REST_OP_COUNT];	/* column's, else the table's */
} RestColumnPlan;

typedef struct RestPushdown
{
	RestTableOptions *opts;
	int			natts;
	RestColumnPlan *columns;	/* indexed by attnum */
	Bitmapset  *keys;			/* columns named by {placeholders}, and the
								 * request-only ones */
	Bitmapset  *request_only;	/* columns with option request_only */
	Bitmapset  *eq_keys;		/* request-only columns that no placeholder
								 * names: sent through their op_eq */
} RestPushdown;

/* One qual sent to the API */
typedef struct RestPushedQual
{
	AttrNumber	attnum;
	RestOp		op;
	bool		key;			/* fills a {placeholder}, not an op template */
	Expr	   *value;			/* planner: the value; NULL for null tests */
	int			value_index;	/* executor: index in fdw_exprs, or -1 */
	RestrictInfo *rinfo;		/* planner only */
} RestPushedQual;


extern AttrNumber rest_placeholder_column(RestPushdown *pd, const char *name,
										  size_t len);
extern bool rest_path_has_keys(const char *path);

/* One request of a scan: more than one when IN fills a key */
typedef struct RestRequestTarget
{
	char	   *url;			/* may carry a secret parameter */
	char	   *display_url;
	char	   *body;
	char	  **key_text;		/* by attnum: the key's value as text, or NULL */
	int64		first_page_rows;	/* the page size the URL asks for (the
									 * LIMIT); 0 when the table's own path or
									 * query sets page_size_param; -1: the
									 * pager chooses */
} RestRequestTarget;

/* The plan's request: quals, and the LIMIT and sort keys to send */
typedef struct RestRequestPlan
{
	List	   *quals;			/* of RestPushedQual * */
	List	   *select_attnums; /* columns to ask for, or NIL for all */
	List	   *sort_attnums;	/* ORDER BY columns, or NIL */
	List	   *sort_desc;		/* parallel to sort_attnums: 1 = DESC */
	int64		limit;			/* rows to ask for, or -1 */
	int64		first_page_rows;	/* paginated: page size of the first
									 * request, or -1 */
} RestRequestPlan;

/* the request, from the options */
extern void rest_request_init(RestRequest *req,
							  const RestTableOptions *opts,
							  RestHttpCounters *counters);
extern void rest_request_set_target(RestRequest *req,
									const RestRequestTarget *target);
extern void rest_set_target_url(RestRequestTarget *target, const char *base_url,
								const char *path, const char *query,
								const RestTableOptions *secrets);

/* the params dialect's requests */
extern char *rest_render_template(const char *tmpl, TemplateSubst subst,
								  void *arg);
extern List *rest_build_requests(RestPushdown *pd, RestRequestPlan *plan,
								 Datum *values, bool *nulls, Oid *types);
extern char *rest_explain_request(RestPushdown *pd, RestRequestPlan *plan,
								  List *value_exprs, bool full_url);
extern char *rest_describe_quals(RestPushdown *pd, RestRequestPlan *plan,
								 List *value_exprs);
extern List *rest_serialize_request_plan(RestRequestPlan *plan);
extern RestRequestPlan *rest_deserialize_request_plan(List *items);

#endif							/* REST_REQUEST_H */
