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
 * What a dialect decides (which quals, sorts, limits and aggregates are
 * sent, and the requests that send them) is behind its routine table
 * (dialect.h), chosen once at GetForeignRelSize.  The layers below this
 * file, and the one-way rule between them, are drawn in src/README.md,
 * which test/check_layers.py holds the include lines to.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "executor/executor.h"
#include "foreign/fdwapi.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "backend_text.h"
#include "compat.h"
#include "convert.h"
#include "dialect.h"
#include "http_client.h"
#include "import.h"
#include "json_path.h"
#include "json_row.h"
#include "json_stream.h"
#include "option.h"
#include "pagination.h"
#include "pushdown.h"
#include "request.h"
#include "sql_dialect.h"

PG_MODULE_MAGIC;

/*
 * The library's version.  The Makefile passes default_version from
 * rest_fdw.control, the one place the version is written down, so that the
 * library and the SQL scripts cannot disagree.
 */
#ifndef REST_FDW_VERSION
#error "REST_FDW_VERSION must be defined (the Makefile takes it from rest_fdw.control)"
#endif

/* Executor state of one foreign scan */
typedef struct RestScanState
{
	Relation	rel;
	RestTableOptions *opts;
	RestRequest request;		/* headers, auth, limits; URL per target */

	/* what the requests send: the dialect's (dialect.h) */
	const RestDialectRoutine *dialect;
	void	   *dialect_state;
	ErrorContextCallback dialect_context;	/* when it has an ErrorContext */
	RestRequestPlan *plan;
	List	   *value_exprs;	/* ExprStates of fdw_exprs */
	Oid		   *value_types;
	List	   *targets;		/* of RestRequestTarget *, this (re)scan's */
	int			next_target;
	RestRequestTarget *target;	/* the one being read */
	MemoryContext target_cxt;	/* its pages: streams and transfers */
	RestPager  *pager;			/* the target's pages (pagination.c) */
	RestHttpCounters http;		/* for EXPLAIN ANALYZE, over rescans */

	RestColumn *columns;		/* the columns to fill from the rows */
	int			ncolumns;
	RestColumn *filled;			/* request-only: from the target's keys */
	int			nfilled;
	Datum	   *filled_values;	/* theirs, for the target being read */

	/*
	 * Columns a sent equality reads (RestScanSetup.watched): those no row
	 * of this target has had yet are pending; none once noticed.
	 */
	int		   *watched;
	int			nwatched;
	int		   *pending;
	int			npending;
	bool		noticed;
	int			extras;			/* nfilled + npending: the row's one test */

	MemoryContext request_cxt;	/* targets; reset on rescan */
	MemoryContext row_cxt;		/* one row's values */
	MemoryContextCallback row_cleanup;
	JsonStream *stream;
	RestTransfer *transfer;
	JsonRow		row;
	uint64		rownum;
	bool		eof;
	bool		columns_known;	/* json_columns: positions are resolved */
	RestRowIndex index;			/* where the columns are in a row */

	/* values around the rows: json_path '^...', a per-series columns_path */
	const char **contexts;		/* their paths from the top of the response */
	int			ncontexts;
	int			columns_context;	/* columns_path's, or -1 */
	int		   *column_context; /* per column: its context, or -1 */
	JsonRow    *context_rows;	/* per context: its value, parsed */
	bool	   *context_present;
	uint64		context_group;	/* the array of rows they were parsed for */
	int64		context_page;	/* ... of this page of the response */
	MemoryContextCallback context_cleanup;

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
	routine->GetForeignUpperPaths = rest_sql_get_upper_paths;
	routine->ImportForeignSchema = rest_import_foreign_schema;

	PG_RETURN_POINTER(routine);
}

Datum
rest_fdw_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(REST_FDW_VERSION));
}

/* The routine of a dialect */
static const RestDialectRoutine *
dialect_routine(RestDialect dialect)
{
	return dialect == REST_DIALECT_SQL ? &rest_sql_dialect : &rest_params_dialect;
}

/* The routine chosen at GetForeignRelSize, for a relation or one made of it */
static const RestDialectRoutine *
rel_dialect(RelOptInfo *rel)
{
	return ((RestRelInfo *) rel->fdw_private)->dialect;
}

/* The routine of a plan's dialect, which the plan records */
static const RestDialectRoutine *
plan_dialect(ForeignScan *fsplan)
{
	return dialect_routine(intVal(list_nth(fsplan->fdw_private,
										   FdwScanPrivateDialect)));
}

/*
 * Choose the dialect, once: from the options of the table, read here for
 * the whole planning of the relation.
 */
static void
restGetForeignRelSize(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	RestTableOptions *opts = rest_get_table_options(foreigntableid, GetUserId());
	const RestDialectRoutine *dialect = dialect_routine(opts->dialect);
	Relation	rel;
	RestRelInfo *info;

	rel = table_open(foreigntableid, NoLock);
	info = dialect->GetForeignRelSize(root, baserel, rel, opts);
	table_close(rel, NoLock);
	info->dialect = dialect;
	baserel->fdw_private = info;
}

static void
restGetForeignPaths(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	rel_dialect(baserel)->GetForeignPaths(root, baserel, foreigntableid);
}

/* Also for the upper relations (aggregates) a dialect made */
static ForeignScan *
restGetForeignPlan(PlannerInfo *root, RelOptInfo *foreignrel, Oid foreigntableid,
				   ForeignPath *best_path, List *tlist, List *scan_clauses,
				   Plan *outer_plan)
{
	return rel_dialect(foreignrel)->GetForeignPlan(root, foreignrel,
												   foreigntableid, best_path,
												   tlist, scan_clauses,
												   outer_plan);
}

/*
 * A json_path part of digits as an array index; -1 (no such element) when
 * it does not fit in an int, rather than an index it would wrap to.
 */
static int
array_index(const char *part)
{
	long long	index = 0;

	for (; *part; part++)
	{
		index = index * 10 + (*part - '0');
		if (index > PG_INT32_MAX)
			return -1;
	}
	return (int) index;
}

static void
release_row_tokens(void *arg)
{
	json_row_free((JsonRow *) arg);
}

/* The request every target of the scan shares (request.c) */
static void
build_request(RestScanState *s)
{
	rest_request_init(&s->request, s->opts, &s->http);
}

static void init_scan_memory(RestScanState *s, EState *estate);
static void finish_row(RestScanState *s, TupleTableSlot *slot);

static void
release_context_rows(void *arg)
{
	RestScanState *s = (RestScanState *) arg;
	int			i;

	for (i = 0; i < s->ncontexts; i++)
		json_row_free(&s->context_rows[i]);
}

/*
 * The values the rows go with, read beside them per array of rows: a
 * columns_path that shares rows_path's "*", and the columns whose json_path
 * climbs out of the row with '^'.
 */
static void
setup_contexts(RestScanState *s)
{
	const char *rows_path = s->opts->rows_path ? s->opts->rows_path : "";
	int			i;

	s->columns_context = -1;
	s->ncontexts = 0;
	s->contexts = palloc(sizeof(char *) * (s->ncolumns + 1));
	s->column_context = palloc(sizeof(int) * (s->ncolumns + 1));
	if (s->opts->format == REST_FORMAT_JSON_COLUMNS && s->opts->columns_path &&
		s->opts->columns_path[0] != '\0' &&
		json_path_text_shared_wild(rows_path, s->opts->columns_path) > 0)
	{
		s->columns_context = s->ncontexts;
		s->contexts[s->ncontexts++] = s->opts->columns_path;
	}
	for (i = 0; i < s->ncolumns; i++)
	{
		RestColumn *col = &s->columns[i];
		StringInfoData json_path;
		const char *problem;
		char	   *path;
		size_t		size;
		int			k;

		s->column_context[i] = -1;
		if (col->npath == 0 || col->path[0][0] != '^')
			continue;
		initStringInfo(&json_path);
		for (k = 0; k < col->npath; k++)
			appendStringInfo(&json_path, "%s%s", k > 0 ? "." : "", col->path[k]);
		size = strlen(rows_path) + json_path.len + 2;
		path = palloc(size);
		problem = s->opts->format == REST_FORMAT_NDJSON ?
			"climbs out of an NDJSON row, which no object encloses" :
			json_path_climb(json_path.data, rows_path, path, size);
		if (problem)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("json_path \"%s\" of column \"%s\" of foreign table \"%s\" names no value around the rows",
							json_path.data, col->name, RelationGetRelationName(s->rel)),
					 errdetail("The path %s, for rows_path \"%s\".", problem, rows_path),
					 errhint("Each \"^\" drops the last segment of rows_path; the rest of json_path is read from the object that is left.")));
		s->column_context[i] = s->ncontexts;
		s->contexts[s->ncontexts++] = path;
	}
	s->context_rows = palloc0(sizeof(JsonRow) * (s->ncontexts + 1));
	s->context_present = palloc0(sizeof(bool) * (s->ncontexts + 1));
	for (i = 0; i < s->ncontexts; i++)
		json_row_init(&s->context_rows[i]);
	s->context_cleanup.func = release_context_rows;
	s->context_cleanup.arg = s;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &s->context_cleanup);
}

/*
 * The dialect sets up what the scan sends and fills; requests and rows go
 * through the same machinery for both.
 */
static void
restBeginForeignScan(ForeignScanState *node, int eflags)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	RestScanState *s;
	RestScanSetup setup;
	ListCell   *lc;
	int			i = 0;

	/*
	 * Do nothing in plain EXPLAIN, as postgres_fdw: fdw_state stays NULL,
	 * and ExplainForeignScan works from the plan alone.
	 */
	if (eflags & EXEC_FLAG_EXPLAIN_ONLY)
		return;

	s = palloc0(sizeof(RestScanState));
	node->fdw_state = s;
	s->dialect = plan_dialect(fsplan);
	memset(&setup, 0, sizeof(setup));
	s->dialect_state = s->dialect->BeginScan(node, eflags, &setup);
	s->rel = setup.rel;
	s->opts = setup.opts;
	s->plan = setup.plan;
	s->columns = setup.columns;
	s->ncolumns = setup.ncolumns;
	s->filled = setup.filled;
	s->nfilled = setup.nfilled;
	s->filled_values = palloc0(sizeof(Datum) * (setup.nfilled + 1));
	s->watched = setup.watched;
	s->nwatched = setup.nwatched;
	s->pending = palloc0(sizeof(int) * (setup.nwatched + 1));
	build_request(s);

	/* the expressions that compute the values to send */
	s->value_exprs = ExecInitExprList(fsplan->fdw_exprs, (PlanState *) node);
	s->value_types = palloc(sizeof(Oid) * (list_length(fsplan->fdw_exprs) + 1));
	foreach(lc, fsplan->fdw_exprs)
		s->value_types[i++] = exprType(lfirst(lc));
	s->columns_known = (s->opts->format != REST_FORMAT_JSON_COLUMNS ||
						s->opts->columns_path == NULL);
	if (s->dialect->ErrorContext)
	{
		s->dialect_context.callback = s->dialect->ErrorContext;
		s->dialect_context.arg = s->dialect_state;
	}
	init_scan_memory(s, node->ss.ps.state);
	setup_contexts(s);
}

/* The memory of a scan, and what is freed with it */
static void
init_scan_memory(RestScanState *s, EState *estate)
{
	s->request_cxt = AllocSetContextCreate(estate->es_query_cxt,
										   "rest_fdw request",
										   ALLOCSET_DEFAULT_SIZES);
	s->target_cxt = AllocSetContextCreate(estate->es_query_cxt,
										  "rest_fdw target",
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

/*
 * Evaluate the values of the pushed quals and work out the requests of this
 * (re)scan: usually one, one per value when IN fills a key, none when no
 * row can match.
 */
static void
plan_scan_requests(ForeignScanState *node, RestScanState *s)
{
	ExprContext *econtext = node->ss.ps.ps_ExprContext;
	int			nvalues = list_length(s->value_exprs);
	Datum	   *values = palloc0(sizeof(Datum) * (nvalues + 1));
	bool	   *nulls = palloc0(sizeof(bool) * (nvalues + 1));
	MemoryContext oldcxt;
	ListCell   *lc;
	int			i = 0;

	/* evaluated once per (re)scan, in per-tuple memory */
	oldcxt = MemoryContextSwitchTo(econtext->ecxt_per_tuple_memory);
	foreach(lc, s->value_exprs)
	{
		values[i] = ExecEvalExpr((ExprState *) lfirst(lc), econtext, &nulls[i]);
		i++;
	}
	MemoryContextSwitchTo(s->request_cxt);
	s->targets = s->dialect->BuildRequests(s->dialect_state, values, nulls, s->value_types);
	MemoryContextSwitchTo(oldcxt);
	s->next_target = 0;
}

/*
 * Point the scan at the page being read, whose stream, transfer and URL
 * error reports use.
 */
static void
sync_pager(RestScanState *s)
{
	s->stream = rest_pager_stream(s->pager);
	s->transfer = rest_pager_transfer(s->pager);
	s->request.display_url = rest_pager_display_url(s->pager);
}

/*
 * Send the next request of the scan; rows are read, page by page, as the
 * executor asks for them.  Returns false when there is none left.
 */
static bool
start_next_request(RestScanState *s)
{
	MemoryContext oldcxt;
	const char *captures[1];
	int			ncaptures = 0;
	int			i;

	MemoryContextReset(s->target_cxt);
	s->pager = NULL;
	s->stream = NULL;
	s->transfer = NULL;
	if (s->next_target >= list_length(s->targets))
		return false;
	s->target = list_nth(s->targets, s->next_target++);
	rest_request_set_target(&s->request, s->target);
	s->rownum = 0;

	oldcxt = MemoryContextSwitchTo(s->target_cxt);

	/* every row of this target has its request-only columns' values */
	for (i = 0; i < s->nfilled; i++)
	{
		RestColumn *col = &s->filled[i];

		s->filled_values[i] = InputFunctionCall(&col->input,
												s->target->key_text[col->attnum],
												col->ioparam, col->typmod);
	}
	s->npending = s->noticed ? 0 : s->nwatched;
	memcpy(s->pending, s->watched, sizeof(int) * s->npending);
	s->extras = s->nfilled + s->npending;

	if (s->opts->format == REST_FORMAT_JSON_COLUMNS && s->opts->columns_path &&
		s->columns_context < 0)
		captures[ncaptures++] = s->opts->columns_path;
	s->columns_known = (ncaptures == 0 && s->columns_context < 0);
	s->context_group = 0;

	/* the first page's request goes out now; the pager does the rest */
	s->pager = rest_pager_begin(&s->request, s->opts, captures, ncaptures,
								s->contexts, s->ncontexts,
								s->plan->limit, s->target->first_page_rows);
	MemoryContextSwitchTo(oldcxt);
	sync_pager(s);
	return true;
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
		return errhint("The response's Content-Type is \"%s\".",
					   rest_remote_text(ct, strlen(ct)));
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
	const char *raw = json_stream_error_message(s->stream);

	/* it may quote a malformed literal: the server's bytes */
	const char *message = as_sentence(rest_remote_text(raw, strlen(raw)));
	uint64		offset = json_stream_error_offset(s->stream);

	if (json_stream_error_is_held(s->stream))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rows of the response from \"%s\" waiting for values that follow them are larger than max_row_bytes (" INT64_FORMAT ")",
						s->request.display_url, s->opts->max_row_bytes),
				 errdetail("A value read beside the rows (a json_path with \"^\", or columns_path) comes after them, so the rows from byte " UINT64_FORMAT " on are held until the object around them ends.", offset),
				 errhint("Raise the table's or server's max_row_bytes option.")));
	if (json_stream_error_is_too_large(s->stream) &&
		strcmp(message, "Row is too large") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("row " UINT64_FORMAT " of the response from \"%s\" is larger than max_row_bytes (" INT64_FORMAT ")",
						s->rownum + 1, s->request.display_url, s->opts->max_row_bytes),
				 errdetail("The row starts at byte " UINT64_FORMAT " of the response.", offset),
				 errhint("Raise the table's or server's max_row_bytes option, or ask the API for fewer fields.")));
	if (json_stream_error_is_too_large(s->stream))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a value read from the response from \"%s\" is larger than max_row_bytes (" INT64_FORMAT ")",
						s->request.display_url, s->opts->max_row_bytes),
				 errdetail("The value starts at byte " UINT64_FORMAT " of the response.", offset),
				 errhint("Raise the table's or server's max_row_bytes option.")));

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
		if (col->npath == 0 || s->column_context[i] >= 0)
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
	s->index.ready = false;		/* positions changed */
}

/*
 * The values around the row just read, parsed once per array of rows; with
 * a per-series columns_path, that array's column names.
 */
static void
learn_contexts(RestScanState *s, JsonStreamValue *row)
{
	uint64		group = json_stream_group(s->stream);
	int			i;

	/* each page's stream numbers its arrays from 1 */
	if (group == s->context_group && rest_pager_page(s->pager) == s->context_page)
		return;
	s->context_group = group;
	s->context_page = rest_pager_page(s->pager);
	for (i = 0; i < s->ncontexts; i++)
	{
		JsonStreamValue value;
		int			rc;

		s->context_present[i] = json_stream_context(s->stream, i, &value) != 0;
		if (i == s->columns_context)
		{
			if (!s->context_present[i])
				ereport(ERROR,
						(errcode(ERRCODE_FDW_ERROR),
						 errmsg("no column names at columns_path \"%s\" for the rows at byte " UINT64_FORMAT " of the response from \"%s\"",
								s->opts->columns_path, row->offset, s->request.display_url),
						 errhint("With a columns_path that shares rows_path's \"*\", each array of rows needs its own names beside it.")));
			learn_columns(s, &value);
			continue;
		}
		if (!s->context_present[i])
			continue;
		rc = json_row_parse(&s->context_rows[i], value.data, value.len);
		if (rc == -2)
			rest_out_of_memory(NULL);
		if (rc != 0)
			ereport(ERROR,
					(errcode(strcmp(s->context_rows[i].error, "invalid UTF-8") == 0 ?
							 ERRCODE_CHARACTER_NOT_IN_REPERTOIRE : ERRCODE_INVALID_JSON_TEXT),
					 errmsg("invalid JSON in response from \"%s\"", s->request.display_url),
					 errdetail("%s in the value at \"%s\".",
							   as_sentence(s->context_rows[i].error), s->contexts[i])));
	}
}

/*
 * Build the row index: a key table of the columns' first path segments, and
 * room for the element tokens up to the highest json_columns position.
 * Lives as long as the scan; rebuilt when learn_columns() moves positions.
 */
static void
build_row_index(RestScanState *s)
{
	RestRowIndex *index = &s->index;
	MemoryContext cxt = GetMemoryChunkContext(s);
	int			maxpos = -1;
	int			i;

	if (index->keys.slots == NULL)
	{
		size_t		nslots = json_keys_nslots(s->ncolumns);

		json_keys_init(&index->keys,
					   MemoryContextAlloc(cxt, nslots * sizeof(JsonKeySlot)),
					   nslots);
		for (i = 0; i < s->ncolumns; i++)
		{
			RestColumn *col = &s->columns[i];

			col->keyid = -1;
			if (col->npath > 0)
				col->keyid = json_keys_add(&index->keys, col->path[0],
										   strlen(col->path[0]));
		}
		index->values = MemoryContextAlloc(cxt, sizeof(int) * (s->ncolumns + 1));
	}

	for (i = 0; i < s->ncolumns; i++)
		maxpos = Max(maxpos, s->columns[i].position);
	if (maxpos + 1 > index->maxelements)
	{
		if (index->elements)
			pfree(index->elements);
		index->elements = MemoryContextAlloc(cxt, sizeof(int) * (maxpos + 1));
		index->maxelements = maxpos + 1;
	}
	index->ready = true;
}

/* Find where the columns' values are in the row just parsed */
static void
index_row(RestScanState *s)
{
	RestRowIndex *index = &s->index;
	const JsonRow *row = &s->row;

	if (!index->ready)
		build_row_index(s);
	if (s->opts->format == REST_FORMAT_JSON_COLUMNS)
		index->nelements = json_row_array_elements(row, 0, index->elements,
												   index->maxelements);
	else
		json_row_object_lookup(row, 0, &index->keys, index->values);
}

/*
 * The token of a column's value in the current row, or -1 when missing.
 * Inlined into the per-row loop, as when that was its only caller.
 */
static pg_attribute_always_inline int
find_column_token(RestScanState *s, RestColumn *col)
{
	const JsonRow *row = &s->row;
	int			token;
	int			i;

	if (col->npath == 0)
		return 0;

	/* the first path segment, from the row index */
	if (s->opts->format == REST_FORMAT_JSON_COLUMNS)
	{
		token = -1;
		if (col->position >= 0 && col->position < s->index.nelements)
			token = s->index.elements[col->position];
		i = 1;
	}
	else if (row->tokens[0].type == JSON_TOKEN_OBJECT && col->keyid >= 0)
	{
		token = s->index.values[col->keyid];
		i = 1;
	}
	else
	{
		/* a row that is not an object: walk the whole path */
		token = 0;
		i = 0;
	}

	for (; i < col->npath && token >= 0; i++)
	{
		const JsonToken *tok = &row->tokens[token];
		const char *part = col->path[i];

		if (tok->type == JSON_TOKEN_OBJECT)
			token = json_row_object_get(row, token, part, strlen(part));
		else if (tok->type == JSON_TOKEN_ARRAY && strspn(part, "0123456789") == strlen(part))
			token = json_row_array_get(row, token, array_index(part));
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

/*
 * The columns of values around the row, over what the loop over the row's
 * columns found for them (their json_path '^...' as a key: nothing, or a
 * member that happens to be called so)
 */
static void
store_context_columns(RestScanState *s, TupleTableSlot *slot)
{
	int			i;

	for (i = 0; i < s->ncolumns; i++)
	{
		RestColumn *col = &s->columns[i];
		int			k = s->column_context[i];

		if (k < 0)
			continue;
		s->current_column = col;
		s->current_token = -1;
		slot->tts_isnull[col->attnum - 1] = true;
		if (s->context_present[k])
			slot->tts_values[col->attnum - 1] =
				rest_convert_value(col, &s->context_rows[k], 0,
								   &slot->tts_isnull[col->attnum - 1]);
	}
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
		rest_out_of_memory(NULL);
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
	index_row(s);

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
		if (token < 0 && s->target->key_text[col->attnum] != NULL)
		{
			/* a key the rows leave out: the value the request was made for */
			slot->tts_values[col->attnum - 1] =
				InputFunctionCall(&col->input, s->target->key_text[col->attnum],
								  col->ioparam, col->typmod);
			slot->tts_isnull[col->attnum - 1] = false;
		}
		else
			slot->tts_values[col->attnum - 1] =
				rest_convert_value(col, &s->row, token, &slot->tts_isnull[col->attnum - 1]);
	}
	if (s->ncontexts > 0)
		store_context_columns(s, slot);
	s->current_column = NULL;
	error_context_stack = errcallback.previous;

	if (unlikely(s->extras > 0))
		finish_row(s, slot);

	ExecStoreVirtualTuple(slot);
}

/*
 * What some scans add to a row: the request-only columns' values, and
 * whether it has the columns of sent equalities that no row of the response
 * has had yet.  Once each has been seen, and without request-only columns,
 * a row costs one test of s->extras.
 */
static void
finish_row(RestScanState *s, TupleTableSlot *slot)
{
	int			i;

	for (i = 0; i < s->nfilled; i++)
	{
		slot->tts_values[s->filled[i].attnum - 1] = s->filled_values[i];
		slot->tts_isnull[s->filled[i].attnum - 1] = false;
	}
	i = 0;
	while (i < s->npending)
	{
		if (find_column_token(s, &s->columns[s->pending[i]]) >= 0)
			s->pending[i] = s->pending[--s->npending];
		else
			i++;
	}
	s->extras = s->nfilled + s->npending;
}

/*
 * The response had rows, but none had the key of a column whose equality
 * was sent: the local check drops them all.  The answer is still exact, so
 * a NOTICE, once per scan, rather than an empty result without a word.
 */
static void
report_missing_key(RestScanState *s)
{
	RestColumn *col = &s->columns[s->pending[0]];

	s->noticed = true;
	s->npending = 0;
	s->extras = s->nfilled;
	ereport(NOTICE,
			(errmsg("no row the API returned for foreign table \"%s\" has a key for column \"%s\"",
					RelationGetRelationName(s->rel), col->name),
			 errdetail_plural("The condition on \"%s\" was sent in the request and is checked again on each row: the API returned " UINT64_FORMAT " row, and it cannot pass it.",
							  "The condition on \"%s\" was sent in the request and is checked again on each row: the API returned " UINT64_FORMAT " rows, and none can pass it.",
							  (unsigned long) Min(s->rownum, ULONG_MAX),
							  col->name, s->rownum),
			 errhint("If \"%s\" is only a parameter of the request, set its column option request_only 'true'.",
					 col->name)));
}

static TupleTableSlot *
restIterateForeignScan(ForeignScanState *node)
{
	RestScanState *s = (RestScanState *) node->fdw_state;
	TupleTableSlot *slot = node->ss.ss_ScanTupleSlot;
	JsonStreamValue value;
	JsonStreamEvent event;
	MemoryContext oldcxt;

	/* errors show the dialect's context (the sql dialect: the SQL sent) */
	if (s->dialect->ErrorContext && error_context_stack != &s->dialect_context)
	{
		s->dialect_context.previous = error_context_stack;
		error_context_stack = &s->dialect_context;
		slot = restIterateForeignScan(node);
		error_context_stack = s->dialect_context.previous;
		return slot;
	}

	ExecClearTuple(slot);
	if (s->eof)
		return slot;
	if (s->targets == NIL && s->next_target == 0)
	{
		plan_scan_requests(node, s);
		if (!start_next_request(s))
		{
			s->eof = true;
			return slot;
		}
	}

	MemoryContextReset(s->row_cxt);
	for (;;)
	{
		event = rest_pager_next(s->pager, &value);
		sync_pager(s);
		switch (event)
		{
			case JSON_STREAM_ROW:
				if (s->ncontexts > 0)
					learn_contexts(s, &value);
				if (!s->columns_known)
					ereport(ERROR,
							(errcode(ERRCODE_FDW_ERROR),
							 errmsg("rows came before the column names at columns_path \"%s\" in response from \"%s\"",
									s->opts->columns_path, s->request.display_url),
							 errhint("Rows are streamed, so the column names must come first in the response.")));
				s->rownum++;
				oldcxt = MemoryContextSwitchTo(s->row_cxt);
				store_row(s, slot, &value);
				if (s->dialect->FinishRow)
					s->dialect->FinishRow(s->dialect_state, slot);
				MemoryContextSwitchTo(oldcxt);
				return slot;

			case JSON_STREAM_CAPTURE:
				learn_columns(s, &value);
				break;

			case JSON_STREAM_NEED_MORE:
				/* the pager reads the network itself */
				elog(ERROR, "unexpected NEED_MORE from the pager");
				break;

			case JSON_STREAM_END:
				if (s->npending > 0 && s->rownum > 0)
					report_missing_key(s);
				/* the next key value's request, if any */
				if (start_next_request(s))
					break;
				s->eof = true;
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

	/* drop the transfer; the next fetch evaluates values and sends again */
	if (s->pager)
		rest_pager_end(s->pager);
	MemoryContextReset(s->target_cxt);
	MemoryContextReset(s->request_cxt);
	s->pager = NULL;
	s->stream = NULL;
	s->transfer = NULL;
	s->targets = NIL;
	s->next_target = 0;
	s->eof = false;
}

static void
restEndForeignScan(ForeignScanState *node)
{
	RestScanState *s = (RestScanState *) node->fdw_state;

	if (s == NULL)
		return;
	/* release sockets and buffers now, not at the end of the query */
	if (s->pager)
		rest_pager_end(s->pager);
	MemoryContextDelete(s->request_cxt);
	MemoryContextDelete(s->row_cxt);
}

static void
restExplainForeignScan(ForeignScanState *node, ExplainState *es)
{
	RestScanState *s = (RestScanState *) node->fdw_state;

	/* plain EXPLAIN: BeginForeignScan did nothing, the plan says it all */
	if (s == NULL)
	{
		const RestDialectRoutine *dialect = plan_dialect((ForeignScan *) node->ss.ps.plan);

		dialect->Explain(dialect->ScanFromPlan(node), node, es);
		return;
	}
	s->dialect->Explain(s->dialect_state, node, es);

	/* what the requests cost, over all (re)scans */
	if (es->analyze)
	{
		if (es->format == EXPLAIN_FORMAT_TEXT)
			ExplainPropertyText("HTTP",
								psprintf("requests=" INT64_FORMAT " pages=" INT64_FORMAT
										 " bytes=" INT64_FORMAT " retries=" INT64_FORMAT
										 " time=%.3f ms",
										 s->http.requests, s->http.pages, s->http.bytes,
										 s->http.retries, s->http.wait_ms),
								es);
		else
		{
			ExplainPropertyInteger("HTTP Requests", NULL, s->http.requests, es);
			ExplainPropertyInteger("HTTP Pages", NULL, s->http.pages, es);
			ExplainPropertyInteger("HTTP Bytes", NULL, s->http.bytes, es);
			ExplainPropertyInteger("HTTP Retries", NULL, s->http.retries, es);
			ExplainPropertyFloat("HTTP Time", "ms", s->http.wait_ms, 3, es);
		}
	}
}
