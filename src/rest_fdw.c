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

#include "access/stratnum.h"
#include "access/table.h"
#include "access/transam.h"
#include "executor/executor.h"
#include "foreign/fdwapi.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/paths.h"
#include "optimizer/pathnode.h"
#include "optimizer/planmain.h"
#include "optimizer/restrictinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"

#include "compat.h"
#include "pushdown.h"
#include "rest_fdw.h"
#include "sql_dialect.h"
#include "url.h"

PG_MODULE_MAGIC;

/*
 * The library's version.  The Makefile passes default_version from
 * rest_fdw.control, the one place the version is written down, so that the
 * library and the SQL scripts cannot disagree.
 */
#ifndef REST_FDW_VERSION
#error "REST_FDW_VERSION must be defined (the Makefile takes it from rest_fdw.control)"
#endif

/*
 * Row count assumed for an API we know nothing about.  APIs usually hold
 * more than a page of rows, and a full scan costs more than a keyed request.
 */
#define DEFAULT_ROW_ESTIMATE	10000

/* Cost of one HTTP round trip, in units of seq_page_cost */
#define DEFAULT_REQUEST_COST	100.0

/* Per-row cost of parsing and converting JSON, relative to cpu_tuple_cost */
#define DEFAULT_ROW_COST_FACTOR	10.0

/* Planner state for a foreign table, kept in baserel->fdw_private */
typedef struct RestRelInfo
{
	Bitmapset  *attrs_used;		/* columns the query reads, offset by
								 * FirstLowInvalidHeapAttributeNumber */
	RestPushdown *pd;			/* templates and keys (pushdown.c) */
	List	   *pushed;			/* base quals sent to the API */
	Bitmapset  *keys;			/* key columns those fill */
} RestRelInfo;

/* Executor state of one foreign scan */
typedef struct RestScanState
{
	Relation	rel;
	RestTableOptions *opts;
	RestRequest request;		/* headers, auth, limits; URL per target */

	/* what the request sends (pushdown.c, request.c) */
	RestPushdown *pd;
	RestRequestPlan *plan;
	List	   *value_exprs;	/* ExprStates of fdw_exprs */
	Oid		   *value_types;
	List	   *local_flags;	/* per plan qual: 1 if not sent at all */
	List	   *targets;		/* of RestRequestTarget *, this (re)scan's */
	int			next_target;
	RestRequestTarget *target;	/* the one being read */
	MemoryContext target_cxt;	/* its pages: streams and transfers */
	RestPager  *pager;			/* the target's pages (pagination.c) */
	RestHttpCounters http;		/* for EXPLAIN ANALYZE, over rescans */

	RestColumn *columns;		/* the columns to fill */
	int			ncolumns;

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

	/* for the error context of a conversion */
	RestColumn *current_column;
	int			current_token;

	/* the sql dialect's remote query (sql_dialect.c), or NULL */
	RestSqlScan *sql;
	ErrorContextCallback sql_context;
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

	PG_RETURN_POINTER(routine);
}

Datum
rest_fdw_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(REST_FDW_VERSION));
}

/*
 * Estimate the relation's size.  An API has no statistics, so we assume a
 * fixed row count and let the quals' selectivity scale it.  Also find out
 * which base quals can be sent.
 */
static void
restGetForeignRelSize(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	RestRelInfo *fpinfo = palloc0(sizeof(RestRelInfo));
	Relation	rel;
	List	   *local_only;
	ListCell   *lc;

	if (rest_sql_table(foreigntableid))
	{
		rest_sql_get_rel_size(root, baserel, foreigntableid);
		return;
	}
	baserel->fdw_private = fpinfo;

	rel = table_open(foreigntableid, NoLock);
	fpinfo->pd = rest_pushdown_prepare(rel, rest_get_table_options(foreigntableid,
																   GetUserId()));
	table_close(rel, NoLock);
	fpinfo->pushed = rest_classify_clauses(root, baserel, fpinfo->pd,
										   baserel->baserestrictinfo,
										   baserel->lateral_relids,
										   &local_only, &fpinfo->keys);

	/* the columns the output needs, plus those the quals read */
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

/* The RestrictInfos of pushed quals, for selectivity */
static List *
pushed_rinfos(List *pushed)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, pushed)
		result = lappend(result, ((RestPushedQual *) lfirst(lc))->rinfo);
	return result;
}

/*
 * Cost of a scan: one request, plus parsing the rows the API sends, which
 * the pushed quals reduce.
 */
static void
estimate_costs(PlannerInfo *root, RelOptInfo *baserel, List *pushed,
			   Cost *startup_cost, Cost *total_cost)
{
	double		fetched = clamp_row_est(baserel->tuples *
										clauselist_selectivity(root, pushed_rinfos(pushed),
															   baserel->relid,
															   JOIN_INNER, NULL));

	*startup_cost = DEFAULT_REQUEST_COST;
	*total_cost = *startup_cost + fetched * cpu_tuple_cost * DEFAULT_ROW_COST_FACTOR;
}

static void
add_scan_path(PlannerInfo *root, RelOptInfo *baserel, double rows,
			  Cost startup_cost, Cost total_cost, List *pathkeys,
			  Relids required_outer, List *fdw_private)
{
	add_path(baserel, (Path *)
			 rest_create_foreignscan_path(root, baserel,
										  NULL, /* default pathtarget */
										  rows,
										  startup_cost,
										  total_cost,
										  pathkeys,
										  required_outer,
										  NULL, /* no extra plan */
										  fdw_private));
}

/*
 * The query's ORDER BY, if the API can sort by it: sort templates, and
 * columns whose order an API shares (numbers, dates, times) declared NOT
 * NULL, since where an API puts nulls is unknown.  Returns the path's
 * fdw_private (sort columns and directions) or NIL.
 */
static List *
sortable_query_pathkeys(PlannerInfo *root, RelOptInfo *baserel, RestPushdown *pd)
{
	RestTableOptions *opts = pd->opts;
	List	   *attnums = NIL;
	List	   *desc = NIL;
	ListCell   *lc;

	if (root->query_pathkeys == NIL || opts->sort_param == NULL ||
		opts->sort_asc == NULL || opts->sort_desc == NULL ||
		!rest_pushdown_enabled(opts))
		return NIL;
	if (list_length(root->query_pathkeys) > 1 && opts->sort_separator == NULL)
		return NIL;

	foreach(lc, root->query_pathkeys)
	{
		PathKey    *pk = (PathKey *) lfirst(lc);
		AttrNumber	attnum = InvalidAttrNumber;
		ListCell   *em_lc;

		if (pk->pk_eclass->ec_has_volatile || pk->pk_opfamily >= FirstGenbkiObjectId)
			return NIL;
		foreach(em_lc, pk->pk_eclass->ec_members)
		{
			EquivalenceMember *em = lfirst(em_lc);
			Expr	   *expr = em->em_expr;

			while (IsA(expr, RelabelType))
				expr = ((RelabelType *) expr)->arg;
			if (IsA(expr, Var) && ((Var *) expr)->varno == baserel->relid &&
				((Var *) expr)->varattno > 0 && !em->em_is_child)
				attnum = ((Var *) expr)->varattno;
		}
		if (attnum == InvalidAttrNumber || !pd->columns[attnum].not_null ||
			pd->columns[attnum].remote_name == NULL ||
			!rest_is_ordered_type(pd->columns[attnum].typid))
			return NIL;
		attnums = lappend_int(attnums, attnum);
		desc = lappend_int(desc, rest_pathkey_is_desc(pk));
	}
	return list_make2(attnums, desc);
}

/*
 * One path without parameters (with and without the query's order, when
 * the API can sort), and one per set of outer relations whose values would
 * let us send a join clause: "local JOIN api ON api.id = local.api_id"
 * then costs one small request per outer row instead of a full scan.
 */
static void
restGetForeignPaths(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	RestRelInfo *fpinfo = (RestRelInfo *) baserel->fdw_private;
	Cost		startup_cost;
	Cost		total_cost;
	List	   *sort_info;
	List	   *done_outer = NIL;
	ListCell   *lc;

	if (rest_sql_table(foreigntableid))
	{
		rest_sql_get_paths(root, baserel, foreigntableid);
		return;
	}

	estimate_costs(root, baserel, fpinfo->pushed, &startup_cost, &total_cost);

	/*
	 * Without values for its keys the table cannot be scanned; keep the path
	 * so that a query with no better plan gets a clear error from
	 * GetForeignPlan, but price it out of any plan that has one.
	 */
	if (rest_missing_keys(fpinfo->pd, fpinfo->keys) != NULL)
	{
		startup_cost += disable_cost;
		total_cost += disable_cost;
	}
	add_scan_path(root, baserel, baserel->rows, startup_cost, total_cost,
				  NIL, baserel->lateral_relids, NIL);

	sort_info = sortable_query_pathkeys(root, baserel, fpinfo->pd);
	if (sort_info != NIL)
		add_scan_path(root, baserel, baserel->rows, startup_cost,
					  total_cost + DEFAULT_REQUEST_COST * 0.01,
					  root->query_pathkeys, baserel->lateral_relids, sort_info);

	foreach(lc, rest_join_clauses(root, baserel, fpinfo->pd))
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);
		Relids		required_outer;
		ParamPathInfo *param_info;
		List	   *pushed;
		List	   *local_only;
		Bitmapset  *keys;
		ListCell   *done;
		bool		seen = false;

		required_outer = bms_union(bms_del_member(bms_copy(rinfo->clause_relids),
												  baserel->relid),
								   baserel->lateral_relids);
		foreach(done, done_outer)
			if (bms_equal(lfirst(done), required_outer))
				seen = true;
		if (seen)
			continue;
		done_outer = lappend(done_outer, required_outer);

		param_info = get_baserel_parampathinfo(root, baserel, required_outer);
		pushed = rest_classify_clauses(root, baserel, fpinfo->pd,
									   list_concat_copy(baserel->baserestrictinfo,
														param_info->ppi_clauses),
									   required_outer, &local_only, &keys);
		if (rest_missing_keys(fpinfo->pd, keys) != NULL)
			continue;
		estimate_costs(root, baserel, pushed, &startup_cost, &total_cost);
		add_scan_path(root, baserel, param_info->ppi_rows, startup_cost,
					  total_cost, NIL, required_outer, NIL);
	}
}

/*
 * Decide what the request sends, and keep every qual for local checking.
 */
static ForeignScan *
restGetForeignPlan(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid,
				   ForeignPath *best_path, List *tlist, List *scan_clauses,
				   Plan *outer_plan)
{
	RestRelInfo *fpinfo = (RestRelInfo *) baserel->fdw_private;
	RestPushdown *pd = fpinfo->pd;
	RestRequestPlan plan;
	List	   *retrieved_attrs = NIL;
	List	   *local_only;
	List	   *qpqual = NIL;
	List	   *local_flags = NIL;
	List	   *fdw_exprs = NIL;
	Bitmapset  *keys;
	Relids		allowed_outer = baserel->lateral_relids;
	char	   *missing;
	bool		whole_row;
	bool		select_ok = true;
	ListCell   *lc;
	int			i;

	/* upper relations (aggregates) are only made by the sql dialect */
	if (!OidIsValid(foreigntableid) || rest_sql_table(foreigntableid))
		return rest_sql_get_plan(root, baserel, foreigntableid, best_path, tlist,
								 scan_clauses, outer_plan);

	if (best_path->path.param_info)
		allowed_outer = bms_union(allowed_outer, best_path->path.param_info->ppi_req_outer);

	memset(&plan, 0, sizeof(plan));
	plan.quals = rest_classify_clauses(root, baserel, pd, scan_clauses,
									   allowed_outer, &local_only, &keys);
	missing = rest_missing_keys(pd, keys);
	if (missing)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("foreign table \"%s\" needs a value for %s",
						get_rel_name(foreigntableid), missing),
				 errdetail("Its path, query or body has {placeholders} that only an equality or IN condition on those columns can fill."),
				 errhint("Add an equality or IN condition on each of them, or join on them.")));

	/* values known at run time are evaluated by the executor, in order */
	foreach(lc, plan.quals)
	{
		RestPushedQual *qual = lfirst(lc);

		qual->value_index = -1;
		if (qual->value)
		{
			qual->value_index = list_length(fdw_exprs);
			fdw_exprs = lappend(fdw_exprs, qual->value);
		}
	}

	/* every qual is checked locally; remember which were not sent at all */
	foreach(lc, scan_clauses)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);

		if (rinfo->pseudoconstant)
			continue;
		qpqual = lappend(qpqual, rinfo->clause);
		local_flags = lappend_int(local_flags, list_member_ptr(local_only, rinfo));
	}

	whole_row = bms_is_member(0 - FirstLowInvalidHeapAttributeNumber,
							  fpinfo->attrs_used);
	for (i = 1; i <= pd->natts; i++)
	{
		if (pd->columns[i].name == NULL)
			continue;
		if (whole_row ||
			bms_is_member(i - FirstLowInvalidHeapAttributeNumber, fpinfo->attrs_used))
		{
			retrieved_attrs = lappend_int(retrieved_attrs, i);
			if (pd->columns[i].top_key == NULL)
				select_ok = false;
			else if (!bms_is_member(i, pd->keys))
				plan.select_attnums = lappend_int(plan.select_attnums, i);
		}
	}
	/* asking for no columns could mean "all" to an API: ask for one */
	if (!select_ok || whole_row || pd->opts->select_param == NULL ||
		!rest_pushdown_enabled(pd->opts))
		plan.select_attnums = NIL;
	else if (plan.select_attnums == NIL)
	{
		for (i = 1; i <= pd->natts && plan.select_attnums == NIL; i++)
			if (pd->columns[i].top_key != NULL && !bms_is_member(i, pd->keys))
				plan.select_attnums = list_make1_int(i);
	}

	if (best_path->fdw_private)
	{
		plan.sort_attnums = linitial(best_path->fdw_private);
		plan.sort_desc = lsecond(best_path->fdw_private);
	}

	/*
	 * LIMIT: when this table is the whole query and every qual was sent as
	 * a key (an exact match), the first rows the API sends are the answer.
	 * A filter template may be looser than SQL, so then we fetch as usual.
	 */
	plan.limit = -1;
	plan.first_page_rows = -1;
	if (root->limit_tuples >= 0 && local_only == NIL &&
		rest_pushdown_enabled(pd->opts) &&
		bms_membership(root->all_baserels) == BMS_SINGLETON &&
		(root->query_pathkeys == NIL ||
		 pathkeys_contained_in(root->query_pathkeys, best_path->path.pathkeys)))
	{
		bool		all_keys = true;

		foreach(lc, plan.quals)
			if (!((RestPushedQual *) lfirst(lc))->key)
				all_keys = false;
		if (all_keys)
			plan.limit = (int64) root->limit_tuples;
		else
			plan.first_page_rows = (int64) root->limit_tuples;
	}

	return make_foreignscan(tlist, qpqual, baserel->relid,
							fdw_exprs,
							list_make3(retrieved_attrs,
									   rest_serialize_request_plan(&plan),
									   local_flags),
							NIL,	/* no custom tlist */
							NIL,	/* no remote quals */
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

/* The request every target of the scan shares (request.c) */
static void
build_request(RestScanState *s)
{
	rest_request_init(&s->request, s->opts, &s->http);
}

static void init_scan_memory(RestScanState *s, EState *estate);

/*
 * A scan of the sql dialect: its columns, SQL and options come from
 * sql_dialect.c; requests and rows go through the same machinery.
 */
static void
begin_sql_scan(ForeignScanState *node, int eflags, RestScanState *s)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	ListCell   *lc;
	int			i = 0;

	s->sql = rest_sql_begin_scan(node, eflags, &s->rel, &s->opts,
								 &s->columns, &s->ncolumns);
	build_request(s);
	s->plan = palloc0(sizeof(RestRequestPlan));
	s->plan->limit = -1;		/* the SQL has its own LIMIT */
	s->plan->first_page_rows = -1;
	s->value_exprs = ExecInitExprList(fsplan->fdw_exprs, (PlanState *) node);
	s->value_types = palloc(sizeof(Oid) * (list_length(fsplan->fdw_exprs) + 1));
	foreach(lc, fsplan->fdw_exprs)
		s->value_types[i++] = exprType(lfirst(lc));
	s->columns_known = (s->opts->format != REST_FORMAT_JSON_COLUMNS ||
						s->opts->columns_path == NULL);
	s->sql_context.callback = rest_sql_error_context;
	s->sql_context.arg = s->sql;
	init_scan_memory(s, node->ss.ps.state);
}

/*
 * What the plan of a scan of the rest dialect says: the table's options and
 * what is sent.  All that plain EXPLAIN needs.
 */
static void
init_plan_state(ForeignScanState *node, RestScanState *s)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	Oid			userid;

	s->rel = node->ss.ss_currentRelation;

	/* the user whose mapping holds the credentials, as postgres_fdw does */
	userid = rest_scan_user(fsplan, node->ss.ps.state, fsplan->scan.scanrelid);
	s->opts = rest_get_table_options(RelationGetRelid(s->rel), userid);
	s->pd = rest_pushdown_prepare(s->rel, s->opts);
	s->plan = rest_deserialize_request_plan(lsecond(fsplan->fdw_private));
	s->local_flags = lthird(fsplan->fdw_private);
}

static void
restBeginForeignScan(ForeignScanState *node, int eflags)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	EState	   *estate = node->ss.ps.state;
	RestScanState *s;
	List	   *retrieved_attrs = linitial(fsplan->fdw_private);
	TupleDesc	tupdesc;
	ListCell   *lc;
	int			position;
	int			i;

	/*
	 * Do nothing in plain EXPLAIN, as postgres_fdw: fdw_state stays NULL,
	 * and ExplainForeignScan works from the plan alone.
	 */
	if (eflags & EXEC_FLAG_EXPLAIN_ONLY)
		return;

	s = palloc0(sizeof(RestScanState));
	node->fdw_state = s;
	if (rest_sql_plan(fsplan))
	{
		begin_sql_scan(node, eflags, s);
		return;
	}
	init_plan_state(node, s);
	tupdesc = RelationGetDescr(s->rel);
	build_request(s);

	/* the expressions that compute the values to send */
	s->value_exprs = ExecInitExprList(fsplan->fdw_exprs, (PlanState *) node);
	s->value_types = palloc(sizeof(Oid) * (list_length(fsplan->fdw_exprs) + 1));
	i = 0;
	foreach(lc, fsplan->fdw_exprs)
		s->value_types[i++] = exprType(lfirst(lc));

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
	init_scan_memory(s, estate);
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
	if (s->sql)
		s->targets = rest_sql_build_requests(s->sql, values, nulls, s->value_types);
	else
		s->targets = rest_build_requests(s->pd, s->plan, values, nulls, s->value_types);
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
	if (s->opts->format == REST_FORMAT_JSON_COLUMNS && s->opts->columns_path)
		captures[ncaptures++] = s->opts->columns_path;
	s->columns_known = (ncaptures == 0);

	/* the first page's request goes out now; the pager does the rest */
	s->pager = rest_pager_begin(&s->request, s->opts, captures, ncaptures,
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
	s->index.ready = false;		/* positions changed */
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

/* The token of a column's value in the current row, or -1 when missing */
static int
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
	JsonStreamEvent event;
	MemoryContext oldcxt;

	/* errors of a sql dialect scan show the SQL sent in CONTEXT */
	if (s->sql && error_context_stack != &s->sql_context)
	{
		s->sql_context.previous = error_context_stack;
		error_context_stack = &s->sql_context;
		slot = restIterateForeignScan(node);
		error_context_stack = s->sql_context.previous;
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
				if (!s->columns_known)
					ereport(ERROR,
							(errcode(ERRCODE_FDW_ERROR),
							 errmsg("rows came before the column names at columns_path \"%s\" in response from \"%s\"",
									s->opts->columns_path, s->request.display_url),
							 errhint("Rows are streamed, so the column names must come first in the response.")));
				s->rownum++;
				oldcxt = MemoryContextSwitchTo(s->row_cxt);
				store_row(s, slot, &value);
				if (s->sql)
					rest_sql_finish_row(s->sql, slot);
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
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	RestScanState plan_only;

	/* plain EXPLAIN: BeginForeignScan did nothing */
	if (s == NULL)
	{
		s = &plan_only;
		memset(s, 0, sizeof(RestScanState));
		if (rest_sql_plan(fsplan))
			s->sql = rest_sql_explain_scan(node);
		else
			init_plan_state(node, s);
	}

	if (s->sql)
		rest_sql_explain(s->sql, node, es);
	else
		ExplainPropertyText("Remote Request",
							psprintf("%s %s", s->opts->method,
									 rest_explain_request(s->pd, s->plan, fsplan->fdw_exprs,
														  false)),
							es);
	if (es->verbose && s->sql == NULL)
	{
		StringInfoData local;
		ListCell   *lc;
		ListCell   *flag;

		ExplainPropertyText("Remote URL",
							rest_explain_request(s->pd, s->plan, fsplan->fdw_exprs, true),
							es);
		if (s->opts->body)
			ExplainPropertyText("Remote Body", s->opts->body, es);
		if (s->plan->quals)
			ExplainPropertyText("Pushed Quals",
								rest_describe_quals(s->pd, s->plan, fsplan->fdw_exprs),
								es);

		/*
		 * The quals not sent at all.  show_scan_qual() has just set the
		 * deparse context to this node for the Filter line.
		 */
		initStringInfo(&local);
		forboth(lc, fsplan->scan.plan.qual, flag, s->local_flags)
		{
			if (!lfirst_int(flag))
				continue;
			appendStringInfo(&local, "%s%s", local.len ? ", " : "",
							 deparse_expression(lfirst(lc), es->deparse_cxt, true, false));
		}
		if (local.len > 0)
			ExplainPropertyText("Local Only Quals", local.data, es);
	}

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
