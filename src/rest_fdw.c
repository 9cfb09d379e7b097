/*-------------------------------------------------------------------------
 *
 * rest_fdw.c
 *		  Foreign-data wrapper for HTTP JSON APIs: planner and executor
 *		  callbacks
 *
 * A scan sends one HTTP request and streams the response: the body is
 * split into rows as bytes arrive (json_stream.c), each row is tokenized
 * (json_row.c) and only the columns the query needs are converted into the
 * scan slot (convert.c).  Every qual is checked locally by the executor.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "commands/explain.h"
#if PG_VERSION_NUM >= 180000
#include "commands/explain_format.h"
#include "commands/explain_state.h"
#endif
#include "executor/executor.h"
#include "foreign/fdwapi.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/planmain.h"
#include "optimizer/restrictinfo.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "rest_fdw.h"
#include "url.h"

PG_MODULE_MAGIC;

/* The library's version; the SQL scripts' version is in rest_fdw.control */
#define REST_FDW_VERSION "1.1"

/* Row count assumed for an API we know nothing about */
#define DEFAULT_ROW_ESTIMATE	1000

/* Cost of one HTTP round trip, in units of seq_page_cost */
#define DEFAULT_REQUEST_COST	100.0

/* Per-row cost of parsing and converting JSON, relative to cpu_tuple_cost */
#define DEFAULT_ROW_COST_FACTOR	10.0

/* Planner state for a foreign table, kept in baserel->fdw_private */
typedef struct RestRelInfo
{
	Bitmapset  *attrs_used;		/* columns the query reads, offset by
								 * FirstLowInvalidHeapAttributeNumber */
} RestRelInfo;

/* Executor state of one foreign scan */
typedef struct RestScanState
{
	Relation	rel;
	RestTableOptions *opts;
	RestRequest request;
	char	   *request_target; /* path and query, for EXPLAIN */

	RestColumn *columns;		/* the columns to fill */
	int			ncolumns;

	MemoryContext request_cxt;	/* stream and transfer; reset on rescan */
	MemoryContext row_cxt;		/* one row's values */
	MemoryContextCallback row_cleanup;
	JsonStream *stream;
	RestTransfer *transfer;
	JsonRow		row;
	uint64		rownum;
	bool		eof;
	bool		columns_known;	/* json_columns: positions are resolved */

	/* for the error context of a conversion */
	RestColumn *current_column;
	int			current_token;
} RestScanState;

PG_FUNCTION_INFO_V1(rest_fdw_handler);
PG_FUNCTION_INFO_V1(rest_fdw_version);

static void restGetForeignRelSize(PlannerInfo *root, RelOptInfo *baserel,
								  Oid foreigntableid);
static void restGetForeignPaths(PlannerInfo *root, RelOptInfo *baserel,
								Oid foreigntableid);
static ForeignScan *restGetForeignPlan(PlannerInfo *root, RelOptInfo *baserel,
									   Oid foreigntableid, ForeignPath *best_path,
									   List *tlist, List *scan_clauses,
									   Plan *outer_plan);
static void restBeginForeignScan(ForeignScanState *node, int eflags);
static TupleTableSlot *restIterateForeignScan(ForeignScanState *node);
static void restReScanForeignScan(ForeignScanState *node);
static void restEndForeignScan(ForeignScanState *node);
static void restExplainForeignScan(ForeignScanState *node, ExplainState *es);

Datum
rest_fdw_handler(PG_FUNCTION_ARGS)
{
	FdwRoutine *routine = makeNode(FdwRoutine);

	routine->GetForeignRelSize = restGetForeignRelSize;
	routine->GetForeignPaths = restGetForeignPaths;
	routine->GetForeignPlan = restGetForeignPlan;
	routine->BeginForeignScan = restBeginForeignScan;
	routine->IterateForeignScan = restIterateForeignScan;
	routine->ReScanForeignScan = restReScanForeignScan;
	routine->EndForeignScan = restEndForeignScan;
	routine->ExplainForeignScan = restExplainForeignScan;

	PG_RETURN_POINTER(routine);
}

Datum
rest_fdw_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(REST_FDW_VERSION));
}

/*
 * Estimate the relation's size.  An API has no statistics, so we assume a
 * fixed row count and let the quals' selectivity scale it.
 */
static void
restGetForeignRelSize(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	RestRelInfo *fpinfo = palloc0(sizeof(RestRelInfo));
	ListCell   *lc;

	baserel->fdw_private = fpinfo;

	/* the columns the output needs, plus those the local quals read */
	pull_varattnos((Node *) baserel->reltarget->exprs, baserel->relid,
				   &fpinfo->attrs_used);
	foreach(lc, baserel->baserestrictinfo)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);

		pull_varattnos((Node *) rinfo->clause, baserel->relid,
					   &fpinfo->attrs_used);
	}

	baserel->tuples = DEFAULT_ROW_ESTIMATE;
	baserel->rows = clamp_row_est(DEFAULT_ROW_ESTIMATE *
								  clauselist_selectivity(root,
														 baserel->baserestrictinfo,
														 0, JOIN_INNER, NULL));
}

static void
restGetForeignPaths(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	Cost		startup_cost = DEFAULT_REQUEST_COST;
	Cost		run_cost = baserel->tuples * cpu_tuple_cost * DEFAULT_ROW_COST_FACTOR;
	ForeignPath *path;

	path = create_foreignscan_path(root, baserel,
								   NULL,	/* default pathtarget */
								   baserel->rows,
#if PG_VERSION_NUM >= 180000
								   0,	/* disabled_nodes */
#endif
								   startup_cost,
								   startup_cost + run_cost,
								   NIL, /* no pathkeys */
								   baserel->lateral_relids,
								   NULL,	/* no extra plan */
#if PG_VERSION_NUM >= 170000
								   NIL, /* no fdw_restrictinfo */
#endif
								   NIL);	/* no fdw_private */
	add_path(baserel, (Path *) path);
}

static ForeignScan *
restGetForeignPlan(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid,
				   ForeignPath *best_path, List *tlist, List *scan_clauses,
				   Plan *outer_plan)
{
	RestRelInfo *fpinfo = (RestRelInfo *) baserel->fdw_private;
	List	   *retrieved_attrs = NIL;
	bool		whole_row;
	int			i;

	/* nothing is pushed down yet: the executor checks every qual */
	scan_clauses = extract_actual_clauses(scan_clauses, false);

	whole_row = bms_is_member(0 - FirstLowInvalidHeapAttributeNumber,
							  fpinfo->attrs_used);
	{
		Relation	rel = table_open(foreigntableid, NoLock);
		TupleDesc	tupdesc = RelationGetDescr(rel);

		for (i = 1; i <= tupdesc->natts; i++)
		{
			if (TupleDescAttr(tupdesc, i - 1)->attisdropped)
				continue;
			if (whole_row ||
				bms_is_member(i - FirstLowInvalidHeapAttributeNumber,
							  fpinfo->attrs_used))
				retrieved_attrs = lappend_int(retrieved_attrs, i);
		}
		table_close(rel, NoLock);
	}

	return make_foreignscan(tlist, scan_clauses, baserel->relid,
							NIL,	/* no expressions to evaluate */
							list_make1(retrieved_attrs),
							NIL,	/* no custom tlist */
							NIL,	/* no remote quals */
							outer_plan);
}

/* Split a json_path at its dots; "$" and "" (whole row) give no parts */
static void
parse_json_path(RestColumn *col, const char *json_path)
{
	char	   *copy;
	char	   *part;
	char	   *save;
	int			n = 0;

	if (strncmp(json_path, "$.", 2) == 0)
		json_path += 2;
	else if (strcmp(json_path, "$") == 0)
		json_path = "";

	copy = pstrdup(json_path);
	col->path = palloc(sizeof(char *) * (strlen(copy) / 2 + 2));
	for (part = strtok_r(copy, ".", &save); part; part = strtok_r(NULL, ".", &save))
		col->path[n++] = part;
	col->npath = n;
	col->remote_name = n > 0 ? col->path[0] : NULL;
}

static void
release_row_tokens(void *arg)
{
	json_row_free((JsonRow *) arg);
}

static void
release_stream(void *arg)
{
	RestScanState *s = (RestScanState *) arg;

	if (s->stream)
		json_stream_destroy(s->stream);
	s->stream = NULL;
}

/* Copy a malloc'd string from url.c into palloc'd memory */
static char *
url_result(char *url)
{
	char	   *copy;

	if (url == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	copy = pstrdup(url);
	free(url);
	return copy;
}

static RestHeader *
make_secret_header(const char *name, char *value)
{
	RestHeader *h = palloc(sizeof(RestHeader));

	h->name = pstrdup(name);
	h->value = value;
	h->secret = true;
	return h;
}

/* Build the request a scan sends, from the table's options */
static void
build_request(RestScanState *s)
{
	RestTableOptions *opts = s->opts;
	RestRequest *req = &s->request;
	List	   *headers = list_copy(opts->headers);

	req->display_url = url_result(url_join(opts->base_url, opts->path, opts->query));
	s->request_target = url_result(url_join("", opts->path, opts->query));
	if (s->request_target[0] == '\0')
		s->request_target = "/";

	/* secrets go into the URL and headers sent, never into display_url */
	req->url = req->display_url;
	if (opts->api_key && opts->api_key_param)
		req->url = url_result(url_add_param(req->display_url, opts->api_key_param,
											opts->api_key));
	else if (opts->api_key)
		headers = lappend(headers, make_secret_header(opts->api_key_header, opts->api_key));
	if (opts->bearer_token)
		headers = lappend(headers,
						  make_secret_header("Authorization",
											 psprintf("Bearer %s", opts->bearer_token)));

	req->method = opts->method;
	req->headers = headers;
	req->body = opts->body;
	req->username = opts->username;
	req->password = opts->username ? opts->password : NULL;
	req->timeout_ms = opts->timeout_ms;
	req->connect_timeout_ms = opts->connect_timeout_ms;
	req->max_response_bytes = opts->max_response_bytes;
	req->ssl_verify = opts->ssl_verify;
	req->ca_file = opts->ca_file;
}

static void
restBeginForeignScan(ForeignScanState *node, int eflags)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	EState	   *estate = node->ss.ps.state;
	RestScanState *s = palloc0(sizeof(RestScanState));
	List	   *retrieved_attrs = linitial(fsplan->fdw_private);
	TupleDesc	tupdesc;
	Oid			userid;
	ListCell   *lc;
	int			position;
	int			i;

	node->fdw_state = s;
	s->rel = node->ss.ss_currentRelation;
	tupdesc = RelationGetDescr(s->rel);

	/* the user whose mapping holds the credentials, as postgres_fdw does */
#if PG_VERSION_NUM >= 160000
	userid = OidIsValid(fsplan->checkAsUser) ? fsplan->checkAsUser : GetUserId();
#else
	{
		RangeTblEntry *rte = exec_rt_fetch(fsplan->scan.scanrelid, estate);

		userid = OidIsValid(rte->checkAsUser) ? rte->checkAsUser : GetUserId();
	}
#endif
	s->opts = rest_get_table_options(RelationGetRelid(s->rel), userid);
	build_request(s);

	/* how to find and convert each column the query reads */
	s->columns = palloc0(sizeof(RestColumn) * (list_length(retrieved_attrs) + 1));
	foreach(lc, retrieved_attrs)
	{
		AttrNumber	attnum = lfirst_int(lc);
		Form_pg_attribute attr = TupleDescAttr(tupdesc, attnum - 1);
		RestColumn *col = &s->columns[s->ncolumns++];
		char	   *json_path = rest_get_column_option(RelationGetRelid(s->rel), attnum, "json_path");
		char	   *remote_name = rest_get_column_option(RelationGetRelid(s->rel), attnum, "remote_name");

		col->attnum = attnum;
		col->name = pstrdup(NameStr(attr->attname));
		if (json_path)
			parse_json_path(col, json_path);
		else
		{
			/* a remote name is one key, even if it has dots */
			col->path = palloc(sizeof(char *));
			col->path[0] = remote_name ? remote_name : col->name;
			col->npath = 1;
			col->remote_name = col->path[0];
		}

		/* json_columns without a columns list: the table's column order */
		position = 0;
		for (i = 1; i < attnum; i++)
			if (!TupleDescAttr(tupdesc, i - 1)->attisdropped)
				position++;
		col->position = position;
		rest_column_prepare(col, attr);
	}
	s->columns_known = (s->opts->format != REST_FORMAT_JSON_COLUMNS ||
						s->opts->columns_path == NULL);

	s->request_cxt = AllocSetContextCreate(estate->es_query_cxt,
										   "rest_fdw request",
										   ALLOCSET_DEFAULT_SIZES);
	s->row_cxt = AllocSetContextCreate(estate->es_query_cxt,
									   "rest_fdw row",
									   ALLOCSET_DEFAULT_SIZES);
	json_row_init(&s->row);
	s->row_cleanup.func = release_row_tokens;
	s->row_cleanup.arg = &s->row;
	/* the token array is malloc'd; free it with the scan's own memory */
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &s->row_cleanup);
}

/* Send the request; rows are read as the executor asks for them */
static void
start_scan_request(RestScanState *s)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(s->request_cxt);
	MemoryContextCallback *cb;
	const char *captures[1];
	int			ncaptures = 0;

	if (s->opts->format == REST_FORMAT_JSON_COLUMNS && s->opts->columns_path)
		captures[ncaptures++] = s->opts->columns_path;

	/* registered before the transfer's, so it runs after it */
	cb = palloc(sizeof(MemoryContextCallback));
	cb->func = release_stream;
	cb->arg = s;
	MemoryContextRegisterResetCallback(s->request_cxt, cb);

	s->stream = json_stream_create(s->opts->format == REST_FORMAT_NDJSON ?
								   JSON_STREAM_NDJSON : JSON_STREAM_JSON,
								   s->opts->rows_path, captures, ncaptures);
	if (s->stream == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));

	s->transfer = rest_transfer_begin(&s->request, s->stream);
	s->rownum = 0;
	s->eof = false;
	MemoryContextSwitchTo(oldcxt);
}

/* Up to 40 printable bytes of data around offset, for DETAIL */
static char *
excerpt_around(const char *data, size_t len, size_t offset)
{
	size_t		start = offset > 20 ? offset - 20 : 0;
	size_t		end = Min(len, offset + 20);
	StringInfoData buf;
	size_t		i;

	initStringInfo(&buf);
	for (i = start; i < end; i++)
	{
		unsigned char c = (unsigned char) data[i];

		appendStringInfoChar(&buf, (c < 0x20 || c >= 0x7f) ? '?' : (char) c);
	}
	return buf.data;
}

static int
content_type_hint(RestScanState *s)
{
	const char *ct = rest_transfer_content_type(s->transfer);

	if (ct && strstr(ct, "json") == NULL)
		return errhint("The response's Content-Type is \"%s\".", ct);
	return 0;
}

/* A parser's message as the start of a DETAIL sentence */
static char *
as_sentence(const char *message)
{
	char	   *copy = pstrdup(message);

	copy[0] = pg_toupper((unsigned char) copy[0]);
	return copy;
}

static void
report_stream_error(RestScanState *s)
{
	char		excerpt[64];
	const char *message = as_sentence(json_stream_error_message(s->stream));
	uint64		offset = json_stream_error_offset(s->stream);

	json_stream_error_excerpt(s->stream, excerpt, sizeof(excerpt));
	if (json_stream_error_is_shape(s->stream))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("no rows found in response from \"%s\"", s->request.display_url),
				 errdetail("%s.", message),
				 errhint("Check the table's rows_path option against the response: \"%s\".",
						 excerpt)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_JSON_TEXT),
			 errmsg("invalid JSON in response from \"%s\"", s->request.display_url),
			 excerpt[0] ?
			 errdetail("%s at byte " UINT64_FORMAT ", near \"%s\".", message, offset, excerpt) :
			 errdetail("%s at byte " UINT64_FORMAT ".", message, offset),
			 content_type_hint(s)));
}

/* json_columns: map each column to its index in the captured names list */
static void
learn_columns(RestScanState *s, JsonStreamValue *value)
{
	JsonRow		names;
	int			i;

	json_row_init(&names);
	if (json_row_parse(&names, value->data, value->len) != 0 ||
		names.tokens[0].type != JSON_TOKEN_ARRAY)
	{
		json_row_free(&names);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_JSON_TEXT),
				 errmsg("value at columns_path \"%s\" in response from \"%s\" is not an array of column names",
						s->opts->columns_path, s->request.display_url)));
	}

	for (i = 0; i < s->ncolumns; i++)
	{
		RestColumn *col = &s->columns[i];
		int			child = 1;
		int			k;

		col->position = -1;
		if (col->npath == 0)
			continue;
		for (k = 0; k < names.tokens[0].size; k++)
		{
			int			name = child;
			const JsonToken *tok;

			/* a name, or an object with a "name" key (ClickHouse's meta) */
			if (names.tokens[child].type == JSON_TOKEN_OBJECT)
				name = json_row_object_get(&names, child, "name", 4);
			tok = name >= 0 ? &names.tokens[name] : NULL;
			if (tok && tok->type == JSON_TOKEN_STRING &&
				tok->end - tok->start == strlen(col->remote_name) &&
				memcmp(names.data + tok->start, col->remote_name,
					   tok->end - tok->start) == 0)
				col->position = k;
			child = names.tokens[child].next;
		}
	}
	json_row_free(&names);
	s->columns_known = true;
}

/* The token of a column's value in the current row, or -1 when missing */
static int
find_column_token(RestScanState *s, RestColumn *col)
{
	const JsonRow *row = &s->row;
	int			token = 0;
	int			i = 0;

	if (s->opts->format == REST_FORMAT_JSON_COLUMNS && col->npath > 0)
	{
		if (row->tokens[0].type != JSON_TOKEN_ARRAY || col->position < 0)
			return -1;
		token = json_row_array_get(row, 0, col->position);
		i = 1;
	}

	for (; i < col->npath && token >= 0; i++)
	{
		const JsonToken *tok = &row->tokens[token];
		const char *part = col->path[i];

		if (tok->type == JSON_TOKEN_OBJECT)
			token = json_row_object_get(row, token, part, strlen(part));
		else if (tok->type == JSON_TOKEN_ARRAY && strspn(part, "0123456789") == strlen(part))
			token = json_row_array_get(row, token, atoi(part));
		else
			token = -1;
	}
	return token;
}

static void
conversion_error_callback(void *arg)
{
	RestScanState *s = (RestScanState *) arg;

	if (s->current_column == NULL)
		return;
	if (s->current_token >= 0)
		errcontext("column \"%s\" of foreign table \"%s\", row " UINT64_FORMAT ", value %s",
				   s->current_column->name, RelationGetRelationName(s->rel),
				   s->rownum, rest_token_excerpt(&s->row, s->current_token));
	else
		errcontext("column \"%s\" of foreign table \"%s\", row " UINT64_FORMAT,
				   s->current_column->name, RelationGetRelationName(s->rel),
				   s->rownum);
}

/* Tokenize one row and convert the needed columns into the slot */
static void
store_row(RestScanState *s, TupleTableSlot *slot, JsonStreamValue *value)
{
	ErrorContextCallback errcallback;
	int			rc;
	int			i;

	rc = json_row_parse(&s->row, value->data, value->len);
	if (rc == -2)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (rc != 0)
		ereport(ERROR,
				(errcode(strcmp(s->row.error, "invalid UTF-8") == 0 ?
						 ERRCODE_CHARACTER_NOT_IN_REPERTOIRE : ERRCODE_INVALID_JSON_TEXT),
				 errmsg("invalid JSON in response from \"%s\"", s->request.display_url),
				 errdetail("%s at byte " UINT64_FORMAT " (row " UINT64_FORMAT "), near \"%s\".",
						   as_sentence(s->row.error), value->offset + s->row.error_offset, s->rownum,
						   excerpt_around(value->data, value->len, s->row.error_offset)),
				 content_type_hint(s)));

	memset(slot->tts_isnull, true, sizeof(bool) * slot->tts_tupleDescriptor->natts);

	errcallback.callback = conversion_error_callback;
	errcallback.arg = s;
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;

	for (i = 0; i < s->ncolumns; i++)
	{
		RestColumn *col = &s->columns[i];
		int			token = find_column_token(s, col);

		s->current_column = col;
		s->current_token = token;
		slot->tts_values[col->attnum - 1] =
			rest_convert_value(col, &s->row, token, &slot->tts_isnull[col->attnum - 1]);
	}
	s->current_column = NULL;
	error_context_stack = errcallback.previous;

	ExecStoreVirtualTuple(slot);
}

static TupleTableSlot *
restIterateForeignScan(ForeignScanState *node)
{
	RestScanState *s = (RestScanState *) node->fdw_state;
	TupleTableSlot *slot = node->ss.ss_ScanTupleSlot;
	JsonStreamValue value;
	bool		finished = false;
	MemoryContext oldcxt;

	ExecClearTuple(slot);
	if (s->eof)
		return slot;
	if (s->transfer == NULL)
		start_scan_request(s);

	MemoryContextReset(s->row_cxt);
	for (;;)
	{
		switch (json_stream_next(s->stream, &value))
		{
			case JSON_STREAM_ROW:
				if (!s->columns_known)
					ereport(ERROR,
							(errcode(ERRCODE_FDW_ERROR),
							 errmsg("rows came before the column names at columns_path \"%s\" in response from \"%s\"",
									s->opts->columns_path, s->request.display_url),
							 errhint("Rows are streamed, so the column names must come first in the response.")));
				s->rownum++;
				oldcxt = MemoryContextSwitchTo(s->row_cxt);
				store_row(s, slot, &value);
				MemoryContextSwitchTo(oldcxt);
				return slot;

			case JSON_STREAM_CAPTURE:
				learn_columns(s, &value);
				break;

			case JSON_STREAM_NEED_MORE:
				if (finished)
					elog(ERROR, "JSON stream wants more input after its end");
				if (!rest_transfer_fetch(s->transfer))
				{
					json_stream_finish(s->stream);
					finished = true;
				}
				break;

			case JSON_STREAM_END:
				s->eof = true;
				rest_transfer_close(s->transfer);
				return slot;

			case JSON_STREAM_ERROR:
				report_stream_error(s);
				break;
		}
	}
}

static void
restReScanForeignScan(ForeignScanState *node)
{
	RestScanState *s = (RestScanState *) node->fdw_state;

	/* drop the transfer; the next fetch sends the request again */
	MemoryContextReset(s->request_cxt);
	s->stream = NULL;
	s->transfer = NULL;
	s->eof = false;
	s->columns_known = (s->opts->format != REST_FORMAT_JSON_COLUMNS ||
						s->opts->columns_path == NULL);
}

static void
restEndForeignScan(ForeignScanState *node)
{
	RestScanState *s = (RestScanState *) node->fdw_state;

	if (s == NULL)
		return;
	/* release sockets and buffers now, not at the end of the query */
	MemoryContextDelete(s->request_cxt);
	MemoryContextDelete(s->row_cxt);
}

static void
restExplainForeignScan(ForeignScanState *node, ExplainState *es)
{
	RestScanState *s = (RestScanState *) node->fdw_state;
	char	   *line = psprintf("%s %s", s->request.method, s->request_target);

	ExplainPropertyText("Remote Request", line, es);
	if (es->verbose)
	{
		ExplainPropertyText("Remote URL", s->request.display_url, es);
		if (s->request.body)
			ExplainPropertyText("Remote Body", s->request.body, es);
	}
}
