/*-------------------------------------------------------------------------
 *
 * sql_dialect.c
 *		  The sql dialect: planning and executing remote SQL over HTTP
 *
 * For engines that take SQL over HTTP and answer JSON (ClickHouse,
 * Datasette, Druid SQL, Elasticsearch SQL, ...).  The planning follows
 * postgres_fdw: base quals are split into those the engine can evaluate
 * (deparse.c) and those PostgreSQL checks locally; ORDER BY is sent when
 * every sort key can be, so the scan reports its order; aggregation with
 * GROUP BY and HAVING, a final sort and LIMIT/OFFSET are pushed through
 * GetForeignUpperPaths when the whole step can run remotely.  Parameterized
 * paths send join keys from the outer side of a nested loop.
 *
 * The executor is rest_fdw.c's: this file gives it the columns to fill,
 * the request(s) to send (the SQL rendered into the query, path or body
 * templates as {sql} or {sql_json}) and EXPLAIN's text.  Values known only
 * at run time are written into the SQL as literals once computed.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "access/table.h"
#include "access/transam.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/planmain.h"
#include "optimizer/restrictinfo.h"
#include "optimizer/tlist.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/selfuncs.h"

#include "compat.h"
#include "deparse.h"
#include "request.h"
#include "sql_dialect.h"
#include "template.h"
#include "url.h"

/* Planner state of a relation scanned or computed remotely */
typedef struct SqlRelInfo
{
	RestRelInfo base;			/* the dialect routine: first */
	bool		pushdown_safe;	/* base: pushdown on; upper: step is remote */
	UpperRelationKind stage;	/* upper relations */
	RelOptInfo *outerrel;		/* upper relations: the input */
	RelOptInfo *scanrel;		/* the foreign table's base relation */
	Oid			relid;
	RestTableOptions *opts;
	RestDeparseCtx ctx;			/* syntax and column names */

	List	   *remote_conds;	/* base: RestrictInfos; upper: HAVING Exprs */
	List	   *local_conds;
	Bitmapset  *attrs_used;		/* base: columns to fetch */
	bool		qp_pushable;	/* base: query_pathkeys can be sent */
	List	   *grouped_tlist;	/* grouped relation: what the SQL returns */
	double		rows;
} SqlRelInfo;

/* fdw_private of an upper path: what the remote query adds to the input */
enum FdwPathPrivateIndex
{
	/* Integer: 1 if the path sorts (by its pathkeys) */
	FdwPathPrivateHasFinalSort,
	/* Integer: 1 if the path has the query's LIMIT and OFFSET */
	FdwPathPrivateHasLimit
};

/* fdw_private of a scan, after the dialect (dialect.h) */
enum FdwScanPrivateSqlIndex
{
	/* the SQL: String nodes and runtime value markers (deparse.h) */
	FdwScanPrivateSqlParts = FdwScanPrivateDialectItems,
	/* per column filled: (attnum, key in the row, name, position) */
	FdwScanPrivateColumns,
	/* avg computed here: (result, sum, count) scan columns */
	FdwScanPrivateFixups
};

/* ---- options ------------------------------------------------------------ */

/*
 * rest_foreach_placeholder() callback: {sql} and {sql_json} are the only
 * placeholders of the sql dialect
 */
static void
check_placeholder(const char *optname, const char *name, size_t len,
				  const char *relname, void *arg)
{
	bool	   *has_sql = (bool *) arg;

	if ((len == 3 && strncmp(name, "sql", 3) == 0) ||
		(len == 8 && strncmp(name, "sql_json", 8) == 0))
		*has_sql = true;
	else
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("placeholder {%.*s} in option \"%s\" of foreign table \"%s\" is not known in the sql dialect",
						(int) len, name, optname, relname),
				 errhint("The sql dialect fills {sql} (URL-encoded in path and query, as is in body) and {sql_json} (a JSON string).")));
}

static void
check_options(RestTableOptions *opts, Relation rel)
{
	const char *relname = RelationGetRelationName(rel);
	bool		has_sql = false;

	if ((opts->remote_table == NULL) == (opts->remote_query == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("foreign table \"%s\" needs exactly one of the options remote_table and remote_query",
						relname),
				 errhint("The sql dialect selects from remote_table ('[schema.]table') or from remote_query (any query, used as a subquery).")));
	if (opts->remote_query &&
		rest_sql_syntax(opts->sql_syntax)->engine == REST_SQL_INFLUXQL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("foreign table \"%s\" cannot use option remote_query with sql_syntax \"influxql\"",
						relname),
				 errdetail("An InfluxQL subquery does not select the points of its measurement as a table would."),
				 errhint("Set remote_table to the measurement ('measurement' or 'database.retention_policy.measurement').")));
	rest_foreach_placeholder(opts, relname, check_placeholder, &has_sql);
	if (!has_sql)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("foreign table \"%s\" does not send its SQL", relname),
				 errdetail("None of the options path, query and body has a {sql} or {sql_json} placeholder."),
				 errhint("For example query 'query={sql}' for GET, or body '{sql}' for POST; the presets clickhouse, datasette and influxql set them.")));
}

/* The deparser's view of a foreign table: syntax and remote column names */
static void
init_ctx(RestDeparseCtx *ctx, PlannerInfo *root, RelOptInfo *scanrel,
		 Relation rel, RestTableOptions *opts)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	int			i;

	memset(ctx, 0, sizeof(RestDeparseCtx));
	ctx->root = root;
	ctx->scanrel = scanrel;
	ctx->syn = rest_sql_syntax(opts->sql_syntax);
	ctx->natts = tupdesc->natts;
	ctx->colnames = palloc0(sizeof(char *) * (tupdesc->natts + 1));
	ctx->colcollations = palloc0(sizeof(Oid) * (tupdesc->natts + 1));
	ctx->colnotnull = palloc0(sizeof(bool) * (tupdesc->natts + 1));
	for (i = 1; i <= tupdesc->natts; i++)
	{
		Form_pg_attribute attr = TupleDescAttr(tupdesc, i - 1);
		char	   *name;

		if (attr->attisdropped)
			continue;
		/* the engine's rows have every column the SELECT names */
		if (rest_column_is_request_only(RelationGetRelid(rel), i))
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("option request_only of column \"%s\" of foreign table %s cannot be used with dialect \"sql\"",
							NameStr(attr->attname), opts->table_name),
					 errdetail("The sql dialect sends conditions as SQL and reads every column from the rows."),
					 errhint("Drop the option, or use the params dialect for an API that takes the column as a request parameter.")));
		name = rest_get_column_option(RelationGetRelid(rel), i, "remote_name");
		ctx->colnames[i] = name ? name : pstrdup(NameStr(attr->attname));
		ctx->colcollations[i] = attr->attcollation;
		ctx->colnotnull[i] = attr->attnotnull;
	}
}

/* A deparse context for one check or statement, with its own values */
static RestDeparseCtx *
fresh_ctx(SqlRelInfo *fpinfo, Relids outer_ok, bool aggs_ok)
{
	RestDeparseCtx *ctx = palloc(sizeof(RestDeparseCtx));

	*ctx = fpinfo->ctx;
	ctx->outer_ok = outer_ok;
	ctx->aggs_ok = aggs_ok;
	ctx->values = NIL;
	return ctx;
}

/* ---- base relations ---------------------------------------------------- */

static RestRelInfo *
sql_get_rel_size(PlannerInfo *root, RelOptInfo *baserel, Relation rel,
				 RestTableOptions *opts)
{
	SqlRelInfo *fpinfo = palloc0(sizeof(SqlRelInfo));
	RestDeparseCtx *ctx;
	ListCell   *lc;

	fpinfo->scanrel = baserel;
	fpinfo->relid = RelationGetRelid(rel);
	fpinfo->opts = opts;
	fpinfo->pushdown_safe = rest_pushdown_enabled(opts);
	check_options(opts, rel);
	init_ctx(&fpinfo->ctx, root, baserel, rel, opts);

	/* which base quals the engine can evaluate */
	ctx = fresh_ctx(fpinfo, baserel->lateral_relids, false);
	foreach(lc, baserel->baserestrictinfo)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);

		if (fpinfo->pushdown_safe &&
			rest_cond_is_shippable(ctx, rinfo->clause))
			fpinfo->remote_conds = lappend(fpinfo->remote_conds, rinfo);
		else
			fpinfo->local_conds = lappend(fpinfo->local_conds, rinfo);
	}

	/* the columns the output and the local quals need */
	pull_varattnos((Node *) baserel->reltarget->exprs, baserel->relid,
				   &fpinfo->attrs_used);
	foreach(lc, fpinfo->local_conds)
		pull_varattnos((Node *) lfirst_node(RestrictInfo, lc)->clause,
					   baserel->relid, &fpinfo->attrs_used);

	rest_estimate_rel_size(root, baserel);
	fpinfo->rows = baserel->rows;
	return &fpinfo->base;
}

static bool
pathkeys_pushable(SqlRelInfo *fpinfo, RelOptInfo *rel, List *pathkeys,
				  List *grouped_tlist)
{
	RestSqlText scratch;

	rest_sql_text_init(&scratch);
	return pathkeys != NIL &&
		rest_deparse_order_by(fresh_ctx(fpinfo, NULL, grouped_tlist != NIL), rel,
							  pathkeys, grouped_tlist, &scratch);
}

/* generate_implied_equalities_for_column() callback: one of our columns */
static bool
ec_member_is_column(PlannerInfo *root, RelOptInfo *rel, EquivalenceClass *ec,
					EquivalenceMember *em, void *arg)
{
	Expr	   *expr = em->em_expr;

	while (IsA(expr, RelabelType))
		expr = ((RelabelType *) expr)->arg;
	return IsA(expr, Var) && ((Var *) expr)->varno == rel->relid;
}

static void
sql_get_paths(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	SqlRelInfo *fpinfo = (SqlRelInfo *) baserel->fdw_private;
	Cost		startup_cost;
	Cost		total_cost;
	List	   *done = NIL;
	ListCell   *lc;

	rest_scan_costs(root, baserel, fpinfo->remote_conds, &startup_cost, &total_cost);
	rest_add_scan_path(root, baserel, baserel->rows, startup_cost, total_cost, NIL,
					   baserel->lateral_relids, NIL);
	if (!fpinfo->pushdown_safe)
		return;

	/* the query's order, when the engine can sort by it */
	if (pathkeys_pushable(fpinfo, baserel, root->query_pathkeys, NIL))
	{
		fpinfo->qp_pushable = true;
		rest_add_scan_path(root, baserel, baserel->rows, startup_cost,
						   total_cost + REST_DEFAULT_REQUEST_COST * 0.01,
						   root->query_pathkeys, baserel->lateral_relids, NIL);
	}

	/*
	 * Join clauses whose outer values could be sent: a nested loop then asks
	 * for the matching rows of each outer row instead of scanning it all.
	 */
	foreach(lc, list_concat(generate_implied_equalities_for_column(root, baserel,
																   ec_member_is_column,
																   NULL,
																   baserel->lateral_referencers),
							list_copy(baserel->joininfo)))
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);
		Relids		outer = bms_del_member(bms_copy(rinfo->clause_relids),
										   baserel->relid);
		Relids		required_outer;
		ParamPathInfo *param_info;
		double		rows;

		if (!bms_is_member(baserel->relid, rinfo->clause_relids) ||
			bms_is_empty(outer) ||
			bms_overlap(outer, baserel->lateral_referencers) ||
			!join_clause_is_movable_to(rinfo, baserel))
			continue;
		required_outer = bms_union(outer, baserel->lateral_relids);
		if (!rest_cond_is_shippable(fresh_ctx(fpinfo, required_outer, false),
									rinfo->clause))
			continue;
		if (rest_relids_seen(&done, required_outer))
			continue;
		param_info = get_baserel_parampathinfo(root, baserel, required_outer);
		rows = param_info->ppi_rows;
		rest_add_scan_path(root, baserel, rows, REST_DEFAULT_REQUEST_COST,
						   REST_DEFAULT_REQUEST_COST +
						   rows * cpu_tuple_cost * REST_DEFAULT_ROW_COST_FACTOR,
						   NIL, required_outer, NIL);
	}
}

/* ---- upper relations: aggregation, sort, limit --------------------------- */

static ForeignPath *
make_upper_path(PlannerInfo *root, RelOptInfo *rel, PathTarget *target,
				double rows, Cost startup_cost, Cost total_cost,
				List *pathkeys, List *fdw_private)
{
	return rest_create_foreign_upper_path(root, rel, target, rows,
										  startup_cost, total_cost, pathkeys,
										  NULL, fdw_private);
}

static bool
is_float_type_expr(Expr *expr)
{
	Oid			type = getBaseType(exprType((Node *) expr));

	return type == FLOAT4OID || type == FLOAT8OID;
}

/* Can an output of the grouped relation be sent as a whole? */
static bool
pushable_output(SqlRelInfo *fpinfo, Expr *expr)
{
	RestDeparseCtx *ctx = fresh_ctx(fpinfo, NULL, true);

	/* a bare runtime value would confuse setrefs with fdw_exprs */
	if (rest_is_runtime_value(ctx, expr) || IsA(expr, Const))
		return false;
	return rest_value_is_shippable(ctx, expr);
}

/* An aggregate the engine computes, directly or as sum and count */
static bool
pushable_aggregate(SqlRelInfo *fpinfo, Aggref *agg)
{
	RestDeparseCtx *ctx = fresh_ctx(fpinfo, NULL, true);
	RestSqlText sum;
	RestSqlText count;

	if (rest_value_is_shippable(ctx, (Expr *) agg))
		return true;
	rest_sql_text_init(&sum);
	rest_sql_text_init(&count);
	return rest_deparse_avg_parts(ctx, agg, &sum, &count);
}

/* Add the aggregates (and check the columns) of a non-pushable expression */
static bool
add_parts_to_tlist(SqlRelInfo *fpinfo, Expr *expr, List **tlist)
{
	ListCell   *lc;

	foreach(lc, pull_var_clause((Node *) expr, PVC_INCLUDE_AGGREGATES))
	{
		Expr	   *part = lfirst(lc);

		if (IsA(part, Aggref))
		{
			if (!pushable_aggregate(fpinfo, (Aggref *) part))
				return false;
			*tlist = add_to_flat_tlist(*tlist, list_make1(part));
		}
		else if (!pushable_output(fpinfo, part))
			return false;
	}
	return true;
}

/* Decide whether the grouping can run remotely (postgres_fdw's rules) */
static bool
grouping_ok(PlannerInfo *root, RelOptInfo *grouped_rel, SqlRelInfo *fpinfo,
			SqlRelInfo *ofpinfo, Node *havingQual)
{
	Query	   *query = root->parse;
	PathTarget *target = grouped_rel->reltarget;
	List	   *tlist = NIL;
	ListCell   *lc;
	int			i = 0;

	/* InfluxQL's aggregates and GROUP BY are not SQL's */
	if (query->groupingSets || ofpinfo->local_conds != NIL ||
		fpinfo->ctx.syn->engine == REST_SQL_INFLUXQL)
		return false;

	foreach(lc, target->exprs)
	{
		Expr	   *expr = (Expr *) lfirst(lc);
		Index		sgref = get_pathtarget_sortgroupref(target, i++);

		if (sgref && get_sortgroupref_clause_noerr(sgref, query->groupClause))
		{
			TargetEntry *tle;
			Oid			coll = exprCollation((Node *) expr);

			/* equal values must be equal bytes to group like PostgreSQL */
			if (!pushable_output(fpinfo, expr) ||
				(OidIsValid(coll) && !get_collation_isdeterministic(coll)) ||
				is_float_type_expr(expr))
				return false;
			tle = makeTargetEntry(expr, list_length(tlist) + 1, NULL, false);
			tle->ressortgroupref = sgref;
			tlist = lappend(tlist, tle);
		}
		else if (pushable_output(fpinfo, expr))
			tlist = add_to_flat_tlist(tlist, list_make1(expr));
		else if (!add_parts_to_tlist(fpinfo, expr, &tlist))
			return false;
	}

	/* HAVING: what the engine can evaluate, the rest checked here */
	foreach(lc, (List *) havingQual)
	{
		Expr	   *expr = lfirst(lc);

		if (rest_cond_is_shippable(fresh_ctx(fpinfo, NULL, true), expr))
			fpinfo->remote_conds = lappend(fpinfo->remote_conds, expr);
		else
		{
			fpinfo->local_conds = lappend(fpinfo->local_conds, expr);
			if (!add_parts_to_tlist(fpinfo, expr, &tlist))
				return false;
		}
	}

	fpinfo->grouped_tlist = tlist;
	return true;
}

static void
add_grouping_paths(PlannerInfo *root, RelOptInfo *input_rel,
				   RelOptInfo *grouped_rel, GroupPathExtraData *extra)
{
	Query	   *parse = root->parse;
	SqlRelInfo *ifpinfo = input_rel->fdw_private;
	SqlRelInfo *fpinfo = grouped_rel->fdw_private;
	List	   *group_exprs = NIL;
	double		input_rows = input_rel->rows;
	double		rows;
	Cost		startup_cost;
	Cost		total_cost;
	ListCell   *lc;

	if (!parse->groupClause && !parse->groupingSets && !parse->hasAggs &&
		!root->hasHavingQual)
		return;
	if (input_rel->reloptkind != RELOPT_BASEREL ||
		!bms_is_empty(input_rel->lateral_relids) ||
		extra->patype != PARTITIONWISE_AGGREGATE_NONE)
		return;
	if (!grouping_ok(root, grouped_rel, fpinfo, ifpinfo, extra->havingQual))
		return;
	fpinfo->pushdown_safe = true;

	foreach(lc, fpinfo->grouped_tlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);

		if (tle->ressortgroupref)
			group_exprs = lappend(group_exprs, tle->expr);
	}
	rows = group_exprs == NIL ? 1 :
		rest_estimate_num_groups(root, group_exprs, input_rows);
	rows = clamp_row_est(rows * clauselist_selectivity(root, fpinfo->local_conds,
													   0, JOIN_INNER, NULL));
	fpinfo->rows = rows;

	/* the engine aggregates; only the groups travel */
	startup_cost = REST_DEFAULT_REQUEST_COST + input_rows * cpu_operator_cost;
	total_cost = startup_cost + rows * cpu_tuple_cost * REST_DEFAULT_ROW_COST_FACTOR;
	add_path(grouped_rel, (Path *)
			 make_upper_path(root, grouped_rel, grouped_rel->reltarget, rows,
							 startup_cost, total_cost, NIL, NIL));
}

static void
add_ordered_paths(PlannerInfo *root, RelOptInfo *input_rel,
				  RelOptInfo *ordered_rel)
{
	SqlRelInfo *ifpinfo = input_rel->fdw_private;
	SqlRelInfo *fpinfo = ordered_rel->fdw_private;
	ForeignPath *path;

	if (root->parse->hasTargetSRFs)
		return;

	/* a base relation's sorted path was made with the query's pathkeys */
	if (input_rel->reloptkind == RELOPT_BASEREL)
	{
		fpinfo->pushdown_safe = ifpinfo->qp_pushable;
		return;
	}
	if (ifpinfo->stage != UPPERREL_GROUP_AGG ||
		!pathkeys_pushable(ifpinfo, input_rel, root->sort_pathkeys,
						   ifpinfo->grouped_tlist))
		return;
	fpinfo->pushdown_safe = true;

	path = make_upper_path(root, input_rel, root->upper_targets[UPPERREL_ORDERED],
						   ifpinfo->rows, REST_DEFAULT_REQUEST_COST,
						   REST_DEFAULT_REQUEST_COST + ifpinfo->rows * cpu_tuple_cost *
						   REST_DEFAULT_ROW_COST_FACTOR,
						   root->sort_pathkeys,
						   list_make2(makeInteger(true), makeInteger(false)));
	add_path(ordered_rel, (Path *) path);
}

/* A LIMIT or OFFSET we can write: none, or a constant that is not negative */
static bool
limit_value(Node *node, int64 *value)
{
	*value = -1;
	if (node == NULL)
		return true;
	if (!IsA(node, Const) || ((Const *) node)->consttype != INT8OID)
		return false;
	if (((Const *) node)->constisnull)
		return true;			/* LIMIT NULL is LIMIT ALL */
	*value = DatumGetInt64(((Const *) node)->constvalue);
	return *value >= 0;
}

static void
add_final_paths(PlannerInfo *root, RelOptInfo *input_rel, RelOptInfo *final_rel,
				FinalPathExtraData *extra)
{
	Query	   *parse = root->parse;
	SqlRelInfo *ifpinfo = input_rel->fdw_private;
	SqlRelInfo *fpinfo = final_rel->fdw_private;
	bool		has_final_sort = false;
	List	   *pathkeys = NIL;
	int64		count;
	int64		offset;
	double		rows;
	ForeignPath *path;

	if (parse->commandType != CMD_SELECT || !extra->limit_needed ||
		parse->hasTargetSRFs || parse->rowMarks)
		return;
	if (parse->limitOption != LIMIT_OPTION_COUNT)
		return;
	if (input_rel->reloptkind == RELOPT_UPPER_REL &&
		ifpinfo->stage == UPPERREL_ORDERED)
	{
		input_rel = ifpinfo->outerrel;
		ifpinfo = input_rel->fdw_private;
		has_final_sort = true;
		pathkeys = root->sort_pathkeys;
	}
	if (input_rel->reloptkind != RELOPT_BASEREL &&
		!(input_rel->reloptkind == RELOPT_UPPER_REL &&
		  ifpinfo->stage == UPPERREL_GROUP_AGG))
		return;

	/* rows filtered here would leave fewer than the LIMIT */
	if (ifpinfo->local_conds != NIL ||
		(input_rel->reloptkind == RELOPT_BASEREL &&
		 !bms_is_empty(input_rel->lateral_relids)))
		return;
	if (!limit_value(parse->limitCount, &count) ||
		!limit_value(parse->limitOffset, &offset))
		return;
	if (count < 0 && offset > 0 && !ifpinfo->ctx.syn->offset_alone &&
		ifpinfo->ctx.syn->limit_all == NULL)
		return;
	/* InfluxQL's LIMIT 0 means no limit */
	if (count == 0 && ifpinfo->ctx.syn->engine == REST_SQL_INFLUXQL)
		return;
	fpinfo->pushdown_safe = true;

	rows = ifpinfo->rows;
	if (count >= 0)
		rows = Min(rows, (double) count);
	rows = clamp_row_est(rows);
	/* a little cheaper than the same request with a local Limit on top */
	path = make_upper_path(root, input_rel, root->upper_targets[UPPERREL_FINAL],
						   rows, REST_DEFAULT_REQUEST_COST * 0.99,
						   REST_DEFAULT_REQUEST_COST * 0.99 +
						   rows * cpu_tuple_cost * REST_DEFAULT_ROW_COST_FACTOR,
						   pathkeys,
						   list_make2(makeInteger(has_final_sort), makeInteger(true)));
	add_path(final_rel, (Path *) path);
}

void
rest_sql_get_upper_paths(PlannerInfo *root, UpperRelationKind stage,
						 RelOptInfo *input_rel, RelOptInfo *output_rel,
						 void *extra)
{
	SqlRelInfo *ifpinfo;
	SqlRelInfo *fpinfo;

	/*
	 * Only our relations: base relations of the sql dialect (as chosen at
	 * GetForeignRelSize) and what we made of them.
	 */
	if (input_rel->reloptkind != RELOPT_BASEREL &&
		input_rel->reloptkind != RELOPT_UPPER_REL)
		return;
	ifpinfo = (SqlRelInfo *) input_rel->fdw_private;
	if (ifpinfo == NULL || ifpinfo->base.dialect != &rest_sql_dialect ||
		!ifpinfo->pushdown_safe)
		return;
	if ((stage != UPPERREL_GROUP_AGG && stage != UPPERREL_ORDERED &&
		 stage != UPPERREL_FINAL) || output_rel->fdw_private)
		return;

	fpinfo = palloc0(sizeof(SqlRelInfo));
	*fpinfo = *ifpinfo;
	fpinfo->pushdown_safe = false;
	fpinfo->stage = stage;
	fpinfo->outerrel = input_rel;
	fpinfo->remote_conds = NIL;
	fpinfo->local_conds = NIL;
	fpinfo->grouped_tlist = NIL;
	fpinfo->qp_pushable = false;
	output_rel->fdw_private = fpinfo;

	switch (stage)
	{
		case UPPERREL_GROUP_AGG:
			add_grouping_paths(root, input_rel, output_rel,
							   (GroupPathExtraData *) extra);
			break;
		case UPPERREL_ORDERED:
			add_ordered_paths(root, input_rel, output_rel);
			break;
		case UPPERREL_FINAL:
			add_final_paths(root, input_rel, output_rel,
							(FinalPathExtraData *) extra);
			break;
		default:
			break;
	}
}

/* ---- the plan ------------------------------------------------------------ */

/*
 * A base scan's clauses: those classified as remote at GetForeignRelSize,
 * and join clauses of a parameterized path that can be sent; the others
 * are checked locally, so their columns are fetched too.
 */
static void
split_scan_clauses(SqlRelInfo *fpinfo, RestDeparseCtx *ctx, List *scan_clauses,
				   RestSelect *sel, List **local_exprs)
{
	Index		relid = fpinfo->scanrel->relid;
	ListCell   *lc;

	sel->attrs = bms_copy(fpinfo->attrs_used);
	foreach(lc, scan_clauses)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);

		if (rinfo->pseudoconstant)
			continue;
		if (list_member_ptr(fpinfo->remote_conds, rinfo) ||
			(!list_member_ptr(fpinfo->local_conds, rinfo) &&
			 fpinfo->pushdown_safe &&
			 rest_cond_is_shippable(ctx, rinfo->clause)))
			sel->where = lappend(sel->where, rinfo->clause);
		else
		{
			*local_exprs = lappend(*local_exprs, rinfo->clause);
			pull_varattnos((Node *) rinfo->clause, relid, &sel->attrs);
		}
	}
}

/* The LIMIT and OFFSET of a path that has them (add_final_paths) */
static void
path_limit(PlannerInfo *root, ForeignPath *best_path, RestSelect *sel)
{
	sel->limit = -1;
	sel->offset = -1;
	if (best_path->fdw_private == NIL ||
		!intVal(list_nth(best_path->fdw_private, FdwPathPrivateHasLimit)))
		return;
	(void) limit_value(root->parse->limitCount, &sel->limit);
	(void) limit_value(root->parse->limitOffset, &sel->offset);
}

/*
 * The plan: the SELECT of the chosen path (a base or a grouped relation,
 * possibly sorted and limited), the conditions checked locally, and what
 * the executor needs to read the rows.
 */
static ForeignScan *
sql_get_plan(PlannerInfo *root, RelOptInfo *foreignrel, Oid foreigntableid,
			 ForeignPath *best_path, List *tlist, List *scan_clauses,
			 Plan *outer_plan)
{
	SqlRelInfo *fpinfo = (SqlRelInfo *) foreignrel->fdw_private;
	RestDeparseCtx *ctx;
	RestSelect	sel;
	RestSelectResult result;
	List	   *parts;
	List	   *local_exprs = NIL;
	Index		scan_relid;

	memset(&sel, 0, sizeof(sel));
	sel.relid = fpinfo->relid;
	sel.remote_table = fpinfo->opts->remote_table;
	sel.remote_query = fpinfo->opts->remote_query;
	sel.rel = foreignrel;
	sel.pathkeys = best_path->path.pathkeys;
	path_limit(root, best_path, &sel);

	if (IS_SIMPLE_REL(foreignrel))
	{
		Relids		outer_ok = foreignrel->lateral_relids;

		if (best_path->path.param_info)
			outer_ok = bms_union(outer_ok, best_path->path.param_info->ppi_req_outer);
		scan_relid = foreignrel->relid;
		ctx = fresh_ctx(fpinfo, outer_ok, false);
		split_scan_clauses(fpinfo, ctx, scan_clauses, &sel, &local_exprs);
	}
	else
	{
		/* a grouped relation (possibly sorted and limited) */
		Assert(fpinfo->stage == UPPERREL_GROUP_AGG);
		scan_relid = 0;
		ctx = fresh_ctx(fpinfo, NULL, true);
		local_exprs = list_copy(fpinfo->local_conds);
		sel.grouped_tlist = fpinfo->grouped_tlist;
		sel.where = ((SqlRelInfo *) fpinfo->outerrel->fdw_private)->remote_conds;
		sel.having = fpinfo->remote_conds;
	}

	parts = rest_deparse_select(ctx, &sel, &result);
	return make_foreignscan(tlist, local_exprs, scan_relid, ctx->values,
							list_make4(makeInteger(REST_DIALECT_SQL),
									   parts,
									   result.columns,
									   result.fixups),
							result.scan_tlist, NIL, outer_plan);
}


/* ---- execution ----------------------------------------------------------- */

typedef struct RestSqlScan
{
	List	   *parts;			/* the SQL, with runtime value markers */
	const RestSqlSyntax *syn;
	RestTableOptions *opts;
	List	   *fixups;			/* avg: (result, sum, count) scan columns */
	int			max_attnum;
	MemoryContext cxt;			/* the scan's */
	char	   *sql;			/* the SQL being sent, for CONTEXT */
} RestSqlScan;

/* The foreign table of a scan; setrefs.c has offset fs_relids, not fdw_private */
static Index
scan_rtindex(ForeignScan *fsplan)
{
	if (fsplan->scan.scanrelid > 0)
		return fsplan->scan.scanrelid;
	return bms_next_member(rest_scan_base_relids(fsplan), -1);
}

/* What the plan says: the SQL, and the table's options */
static RestSqlScan *
plan_scan(ForeignScanState *node, Oid relid, Index rtindex)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	RestSqlScan *scan = palloc0(sizeof(RestSqlScan));
	Oid			userid;

	/* the user whose mapping holds the credentials, as postgres_fdw does */
	userid = rest_scan_user(fsplan, node->ss.ps.state, rtindex);

	scan->cxt = CurrentMemoryContext;
	scan->parts = list_nth(fsplan->fdw_private, FdwScanPrivateSqlParts);
	scan->fixups = list_nth(fsplan->fdw_private, FdwScanPrivateFixups);
	scan->opts = rest_get_table_options(relid, userid);
	scan->syn = rest_sql_syntax(scan->opts->sql_syntax);
	return scan;
}

/*
 * What plain EXPLAIN shows of a scan, without executor set-up: not even the
 * relation of an aggregate scan is opened.
 */
static void *
sql_scan_from_plan(ForeignScanState *node)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	Index		rtindex = scan_rtindex(fsplan);

	return plan_scan(node, exec_rt_fetch(rtindex, node->ss.ps.state)->relid,
					 rtindex);
}

static void *
sql_begin_scan(ForeignScanState *node, int eflags, RestScanSetup *setup)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	EState	   *estate = node->ss.ps.state;
	RestSqlScan *scan;
	List	   *cols = list_nth(fsplan->fdw_private, FdwScanPrivateColumns);
	Index		rtindex = scan_rtindex(fsplan);
	TupleDesc	tupdesc;
	ListCell   *lc;
	int			n = 0;

	/* an aggregate scan reads no relation itself; open it for messages */
	if (fsplan->scan.scanrelid > 0)
		setup->rel = node->ss.ss_currentRelation;
	else
		setup->rel = ExecOpenScanRelation(estate, rtindex, eflags);
	tupdesc = node->ss.ss_ScanTupleSlot->tts_tupleDescriptor;

	scan = plan_scan(node, RelationGetRelid(setup->rel), rtindex);
	setup->opts = scan->opts;

	setup->columns = palloc0(sizeof(RestColumn) * (list_length(cols) + 1));
	foreach(lc, cols)
	{
		List	   *c = lfirst(lc);
		RestColumn *col = &setup->columns[n++];

		col->attnum = intVal(linitial(c));
		rest_column_set_path(col, NULL, strVal(lsecond(c)));
		col->name = pstrdup(strVal(lthird(c)));
		col->position = intVal(lfourth(c));
		rest_column_prepare(col, TupleDescAttr(tupdesc, col->attnum - 1));
		scan->max_attnum = Max(scan->max_attnum, col->attnum);
	}
	setup->ncolumns = n;

	/* the SQL has its own LIMIT */
	setup->plan = palloc0(sizeof(RestRequestPlan));
	setup->plan->limit = -1;
	setup->plan->first_page_rows = -1;
	return scan;
}

/* {sql} and {sql_json} in the templates */
typedef struct SqlSubst
{
	const char *sql;
	bool		encode;			/* path and query: URL-encode */
} SqlSubst;

static const char *
sql_subst(const char *name, size_t len, void *arg)
{
	SqlSubst   *s = (SqlSubst *) arg;
	char	   *out;

	if (len == 3 && strncmp(name, "sql", 3) == 0)
	{
		if (!s->encode)
			return s->sql;
		out = palloc(3 * strlen(s->sql) + 1);
		url_encode(s->sql, strlen(s->sql), out);
		return out;
	}
	if (len == 8 && strncmp(name, "sql_json", 8) == 0)
	{
		char	   *json = palloc(6 * strlen(s->sql) + 3);
		size_t		n;

		json[0] = '"';
		n = json_escape_string(s->sql, strlen(s->sql), json + 1);
		json[n + 1] = '"';
		json[n + 2] = '\0';
		if (!s->encode)
			return json;
		out = palloc(3 * strlen(json) + 1);
		url_encode(json, strlen(json), out);
		return out;
	}
	return NULL;
}

static char *
render(const char *tmpl, const char *sql, bool encode)
{
	SqlSubst	subst;

	if (tmpl == NULL)
		return NULL;
	subst.sql = sql;
	subst.encode = encode;
	return rest_render_template(tmpl, sql_subst, &subst);
}

/* The request for some SQL; with secrets, to send (rest_set_target_url) */
static RestRequestTarget *
make_target(RestSqlScan *scan, const char *sql, const char *base_url,
			const RestTableOptions *secrets)
{
	RestTableOptions *opts = scan->opts;
	RestRequestTarget *target = palloc0(sizeof(RestRequestTarget));

	rest_set_target_url(target, base_url, render(opts->path, sql, true),
						render(opts->query, sql, true), secrets);
	target->body = render(opts->body, sql, false);
	target->key_text = palloc0(sizeof(char *) * (scan->max_attnum + 1));
	return target;
}

static List *
sql_build_requests(void *arg, Datum *values, bool *nulls, Oid *types)
{
	RestSqlScan *scan = (RestSqlScan *) arg;
	char	   *sql = rest_sql_render(scan->parts, scan->syn, values, nulls, types);

	if (scan->sql)
		pfree(scan->sql);
	scan->sql = MemoryContextStrdup(scan->cxt, sql);
	return list_make1(make_target(scan, sql, scan->opts->base_url, scan->opts));
}

/* avg = sum / count, by numeric_div as PostgreSQL's own avg does */
static void
sql_finish_row(void *arg, TupleTableSlot *slot)
{
	RestSqlScan *scan = (RestSqlScan *) arg;
	ListCell   *lc;

	foreach(lc, scan->fixups)
	{
		List	   *f = lfirst(lc);
		int			result = linitial_int(f) - 1;
		int			sum = lsecond_int(f) - 1;
		int			count = lthird_int(f) - 1;

		if (slot->tts_isnull[sum] || slot->tts_isnull[count] ||
			DatumGetInt64(slot->tts_values[count]) == 0)
		{
			slot->tts_isnull[result] = true;
			continue;
		}
		slot->tts_values[result] =
			DirectFunctionCall2(numeric_div, slot->tts_values[sum],
								DirectFunctionCall1(int8_numeric,
													slot->tts_values[count]));
		slot->tts_isnull[result] = false;
	}
}

static void
sql_explain(void *arg, ForeignScanState *node, ExplainState *es)
{
	RestSqlScan *scan = (RestSqlScan *) arg;
	char	   *sql = rest_sql_render(scan->parts, scan->syn, NULL, NULL, NULL);

	ExplainPropertyText("Remote SQL", sql, es);
	if (es->verbose)
	{
		RestRequestTarget *target = make_target(scan, sql, scan->opts->base_url,
												NULL);

		ExplainPropertyText("Remote Request",
							psprintf("%s %s", scan->opts->method, target->display_url),
							es);
	}
}

/* CONTEXT of errors while the SQL is sent and its answer read */
static void
sql_error_context(void *arg)
{
	RestSqlScan *scan = (RestSqlScan *) arg;

	if (scan->sql)
		errcontext("remote SQL: %s", scan->sql);
}

const RestDialectRoutine rest_sql_dialect = {
	.dialect = REST_DIALECT_SQL,
	.GetForeignRelSize = sql_get_rel_size,
	.GetForeignPaths = sql_get_paths,
	.GetForeignPlan = sql_get_plan,
	.BeginScan = sql_begin_scan,
	.ScanFromPlan = sql_scan_from_plan,
	.BuildRequests = sql_build_requests,
	.FinishRow = sql_finish_row,
	.Explain = sql_explain,
	.ErrorContext = sql_error_context,
};
