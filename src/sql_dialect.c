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
#include "pushdown.h"
#include "sql_dialect.h"
#include "template.h"
#include "url.h"

/* Tags the fdw_private of sql dialect plans */
#define SQL_PLAN_MARKER		"rest_fdw sql"

/* Rows assumed for a table we know nothing about (as rest_fdw.c) */
#define DEFAULT_ROW_ESTIMATE	10000

/* Cost of one HTTP round trip, and of parsing one row (as rest_fdw.c) */
#define DEFAULT_REQUEST_COST	100.0
#define DEFAULT_ROW_COST_FACTOR	10.0

/* Planner state of a relation scanned or computed remotely */
typedef struct SqlRelInfo
{
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

/* ---- options ------------------------------------------------------------ */

bool
rest_sql_table(Oid foreigntableid)
{
	return rest_get_table_options(foreigntableid, GetUserId())->dialect == REST_DIALECT_SQL;
}

/* {sql} and {sql_json} are the only placeholders of the sql dialect */
static void
check_template(const char *optname, const char *tmpl, bool *has_sql,
			   const char *relname)
{
	size_t		pos = 0;
	size_t		start;
	size_t		ns;
	size_t		nl;

	if (tmpl == NULL)
		return;
	while (template_next(tmpl, &pos, &start, &ns, &nl))
	{
		if ((nl == 3 && strncmp(tmpl + ns, "sql", 3) == 0) ||
			(nl == 8 && strncmp(tmpl + ns, "sql_json", 8) == 0))
			*has_sql = true;
		else
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("placeholder {%.*s} in option \"%s\" of foreign table \"%s\" is not known in the sql dialect",
							(int) nl, tmpl + ns, optname, relname),
					 errhint("The sql dialect fills {sql} (URL-encoded in path and query, as is in body) and {sql_json} (a JSON string).")));
	}
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
	check_template("path", opts->path, &has_sql, relname);
	check_template("query", opts->query, &has_sql, relname);
	check_template("body", opts->body, &has_sql, relname);
	if (!has_sql)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("foreign table \"%s\" does not send its SQL", relname),
				 errdetail("None of the options path, query and body has a {sql} or {sql_json} placeholder."),
				 errhint("For example query 'query={sql}' for GET, or body '{sql}' for POST; the presets clickhouse and datasette set them.")));
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

void
rest_sql_get_rel_size(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	SqlRelInfo *fpinfo = palloc0(sizeof(SqlRelInfo));
	Relation	rel;
	RestDeparseCtx *ctx;
	ListCell   *lc;

	baserel->fdw_private = fpinfo;
	fpinfo->scanrel = baserel;
	fpinfo->relid = foreigntableid;
	fpinfo->opts = rest_get_table_options(foreigntableid, GetUserId());
	fpinfo->pushdown_safe = rest_pushdown_enabled(fpinfo->opts);

	rel = table_open(foreigntableid, NoLock);
	check_options(fpinfo->opts, rel);
	init_ctx(&fpinfo->ctx, root, baserel, rel, fpinfo->opts);
	table_close(rel, NoLock);

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

	baserel->tuples = DEFAULT_ROW_ESTIMATE;
	baserel->rows = clamp_row_est(DEFAULT_ROW_ESTIMATE *
								  clauselist_selectivity(root,
														 baserel->baserestrictinfo,
														 0, JOIN_INNER, NULL));
	fpinfo->rows = baserel->rows;
}

/* One request, plus parsing the rows the remote conditions let through */
static void
base_costs(PlannerInfo *root, RelOptInfo *baserel, List *remote_conds,
		   Cost *startup_cost, Cost *total_cost)
{
	double		fetched = clamp_row_est(baserel->tuples *
										clauselist_selectivity(root, remote_conds,
															   baserel->relid,
															   JOIN_INNER, NULL));

	*startup_cost = DEFAULT_REQUEST_COST;
	*total_cost = *startup_cost + fetched * cpu_tuple_cost * DEFAULT_ROW_COST_FACTOR;
}

static bool
pathkey_desc(PathKey *pk)
{
	return rest_pathkey_is_desc(pk);
}

/* Can the expression never be NULL?  (For engines without NULLS FIRST) */
static bool
never_null(RestDeparseCtx *ctx, Expr *expr)
{
	Node	   *node = (Node *) expr;

	while (IsA(node, RelabelType))
		node = (Node *) ((RelabelType *) node)->arg;
	if (IsA(node, Var) && ((Var *) node)->varno == ctx->scanrel->relid &&
		((Var *) node)->varattno > 0 && ((Var *) node)->varattno <= ctx->natts)
		return ctx->colnotnull[((Var *) node)->varattno];
	if (IsA(node, Aggref))
	{
		char	   *name = get_func_name(((Aggref *) node)->aggfnoid);

		return name && strcmp(name, "count") == 0;
	}
	return false;
}

/*
 * ORDER BY text for one pathkey, or false when it cannot be sent: a member
 * of its class that the engine computes, of a type it sorts as PostgreSQL
 * does, with PostgreSQL's default operator family.
 */
static bool
deparse_pathkey(RestDeparseCtx *ctx, RelOptInfo *rel, PathKey *pk,
				List *grouped_tlist, RestSqlText *out)
{
	EquivalenceClass *ec = pk->pk_eclass;
	ListCell   *lc;

	if (ec->ec_has_volatile || pk->pk_opfamily >= FirstGenbkiObjectId)
		return false;
	foreach(lc, ec->ec_members)
	{
		EquivalenceMember *em = lfirst(lc);
		Expr	   *expr = em->em_expr;
		RestSqlText text;

		if (em->em_is_const || em->em_is_child)
			continue;
		if (grouped_tlist != NIL)
		{
			/* an upper relation sorts by what its SQL returns */
			ListCell   *tl;
			bool		found = false;

			foreach(tl, grouped_tlist)
			{
				Expr	   *texpr = lfirst_node(TargetEntry, tl)->expr;

				if (equal(texpr, expr))
					found = true;
			}
			if (!found)
				continue;
		}
		else if (!bms_is_subset(em->em_relids, rel->relids) ||
				 bms_is_empty(em->em_relids))
			continue;
		if (get_opfamily_member(pk->pk_opfamily, exprType((Node *) expr),
								exprType((Node *) expr), BTLessStrategyNumber) == InvalidOid ||
			!rest_sortable_type(ctx, exprType((Node *) expr), ec->ec_collation))
			continue;
		if (!ctx->syn->nulls_order && !never_null(ctx, expr))
			continue;
		rest_sql_text_init(&text);
		if (!rest_deparse_value(ctx, expr, &text))
			continue;
		rest_sql_append_sql(out, &text);
		rest_sql_append(out, pathkey_desc(pk) ? " DESC" : " ASC");
		if (ctx->syn->nulls_order)
			rest_sql_append(out, pk->pk_nulls_first ? " NULLS FIRST" : " NULLS LAST");
		return true;
	}
	return false;
}

static bool
deparse_order_by(RestDeparseCtx *ctx, RelOptInfo *rel, List *pathkeys,
				 List *grouped_tlist, RestSqlText *out)
{
	ListCell   *lc;
	bool		first = true;

	foreach(lc, pathkeys)
	{
		rest_sql_append(out, first ? " ORDER BY " : ", ");
		first = false;
		if (!deparse_pathkey(ctx, rel, lfirst(lc), grouped_tlist, out))
			return false;
	}
	return true;
}

static bool
pathkeys_pushable(SqlRelInfo *fpinfo, RelOptInfo *rel, List *pathkeys,
				  List *grouped_tlist)
{
	RestSqlText scratch;

	rest_sql_text_init(&scratch);
	return pathkeys != NIL &&
		deparse_order_by(fresh_ctx(fpinfo, NULL, grouped_tlist != NIL), rel,
						 pathkeys, grouped_tlist, &scratch);
}

static void
add_base_path(PlannerInfo *root, RelOptInfo *baserel, double rows,
			  Cost startup_cost, Cost total_cost, List *pathkeys,
			  Relids required_outer)
{
	add_path(baserel, (Path *)
			 rest_create_foreignscan_path(root, baserel, NULL, rows,
										  startup_cost, total_cost, pathkeys,
										  required_outer, NULL, NIL));
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

void
rest_sql_get_paths(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	SqlRelInfo *fpinfo = (SqlRelInfo *) baserel->fdw_private;
	Cost		startup_cost;
	Cost		total_cost;
	List	   *done = NIL;
	ListCell   *lc;

	base_costs(root, baserel, fpinfo->remote_conds, &startup_cost, &total_cost);
	add_base_path(root, baserel, baserel->rows, startup_cost, total_cost, NIL,
				  baserel->lateral_relids);
	if (!fpinfo->pushdown_safe)
		return;

	/* the query's order, when the engine can sort by it */
	if (pathkeys_pushable(fpinfo, baserel, root->query_pathkeys, NIL))
	{
		fpinfo->qp_pushable = true;
		add_base_path(root, baserel, baserel->rows, startup_cost,
					  total_cost + DEFAULT_REQUEST_COST * 0.01,
					  root->query_pathkeys, baserel->lateral_relids);
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
		ListCell   *d;

		if (!bms_is_member(baserel->relid, rinfo->clause_relids) ||
			bms_is_empty(outer) ||
			bms_overlap(outer, baserel->lateral_referencers) ||
			!join_clause_is_movable_to(rinfo, baserel))
			continue;
		required_outer = bms_union(outer, baserel->lateral_relids);
		if (!rest_cond_is_shippable(fresh_ctx(fpinfo, required_outer, false),
									rinfo->clause))
			continue;
		foreach(d, done)
			if (bms_equal(lfirst(d), required_outer))
				break;
		if (d != NULL)
			continue;
		done = lappend(done, required_outer);
		param_info = get_baserel_parampathinfo(root, baserel, required_outer);
		rows = param_info->ppi_rows;
		add_base_path(root, baserel, rows, DEFAULT_REQUEST_COST,
					  DEFAULT_REQUEST_COST + rows * cpu_tuple_cost * DEFAULT_ROW_COST_FACTOR,
					  NIL, required_outer);
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

	if (query->groupingSets || ofpinfo->local_conds != NIL)
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
	startup_cost = DEFAULT_REQUEST_COST + input_rows * cpu_operator_cost;
	total_cost = startup_cost + rows * cpu_tuple_cost * DEFAULT_ROW_COST_FACTOR;
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
						   ifpinfo->rows, DEFAULT_REQUEST_COST,
						   DEFAULT_REQUEST_COST + ifpinfo->rows * cpu_tuple_cost *
						   DEFAULT_ROW_COST_FACTOR,
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
	fpinfo->pushdown_safe = true;

	rows = ifpinfo->rows;
	if (count >= 0)
		rows = Min(rows, (double) count);
	rows = clamp_row_est(rows);
	/* a little cheaper than the same request with a local Limit on top */
	path = make_upper_path(root, input_rel, root->upper_targets[UPPERREL_FINAL],
						   rows, DEFAULT_REQUEST_COST * 0.99,
						   DEFAULT_REQUEST_COST * 0.99 +
						   rows * cpu_tuple_cost * DEFAULT_ROW_COST_FACTOR,
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

	/* only our relations: sql dialect base relations and what we made */
	if (input_rel->reloptkind == RELOPT_BASEREL)
	{
		RangeTblEntry *rte = planner_rt_fetch(input_rel->relid, root);

		if (rte->rtekind != RTE_RELATION || !rest_sql_table(rte->relid))
			return;
	}
	else if (input_rel->reloptkind != RELOPT_UPPER_REL)
		return;
	ifpinfo = (SqlRelInfo *) input_rel->fdw_private;
	if (ifpinfo == NULL || !ifpinfo->pushdown_safe)
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

/* FROM clause: the remote table (its dotted parts quoted) or the query */
static void
append_from(RestSqlText *out, RestDeparseCtx *ctx, RestTableOptions *opts)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, " FROM ");
	if (opts->remote_query)
	{
		/* on lines of its own: a trailing comment cannot eat the ")" */
		appendStringInfo(&buf, "(\n%s\n) AS ", opts->remote_query);
		rest_sql_quote_identifier(&buf, ctx->syn, "rest_fdw_query");
	}
	else
	{
		char	   *copy = pstrdup(opts->remote_table);
		char	   *part;
		char	   *save;
		bool		first = true;

		for (part = strtok_r(copy, ".", &save); part; part = strtok_r(NULL, ".", &save))
		{
			if (!first)
				appendStringInfoChar(&buf, '.');
			first = false;
			rest_sql_quote_identifier(&buf, ctx->syn, part);
		}
	}
	rest_sql_append(out, buf.data);
}

/* A name for an output that no column of the table has */
static char *
output_alias(RestDeparseCtx *ctx, int n)
{
	char	   *alias = psprintf("_c%d", n);
	int			i;

	for (i = 1; i <= ctx->natts; i++)
		if (ctx->colnames[i] && pg_strcasecmp(ctx->colnames[i], alias) == 0)
		{
			alias = psprintf("%s_", alias);
			i = 0;
		}
	return alias;
}

/* One column of the result: where it goes and its key in each row */
static List *
make_column(int attnum, const char *key, const char *name, int position)
{
	return list_make4(makeInteger(attnum), makeString(pstrdup(key)),
					  makeString(pstrdup(name)), makeInteger(position));
}

static void
append_conds(RestDeparseCtx *ctx, List *conds, const char *keyword,
			 RestSqlText *out)
{
	ListCell   *lc;
	bool		first = true;

	foreach(lc, conds)
	{
		Expr	   *expr = lfirst(lc);

		if (IsA(expr, RestrictInfo))
			expr = ((RestrictInfo *) expr)->clause;
		rest_sql_append(out, first ? keyword : " AND ");
		first = false;
		if (!rest_deparse_cond(ctx, expr, out))
			elog(ERROR, "rest_fdw: condition cannot be deparsed after all");
	}
}

ForeignScan *
rest_sql_get_plan(PlannerInfo *root, RelOptInfo *foreignrel, Oid foreigntableid,
				  ForeignPath *best_path, List *tlist, List *scan_clauses,
				  Plan *outer_plan)
{
	SqlRelInfo *fpinfo = (SqlRelInfo *) foreignrel->fdw_private;
	RestDeparseCtx *ctx;
	RestSqlText sql;
	List	   *local_exprs = NIL;
	List	   *remote_conds = NIL;
	List	   *fdw_scan_tlist = NIL;
	List	   *columns = NIL;
	List	   *fixups = NIL;
	bool		has_limit = false;
	Index		scan_relid;
	Relids		outer_ok = foreignrel->lateral_relids;
	ListCell   *lc;
	int			position = 0;

	/* (has final sort, has limit); the sort is the path's pathkeys */
	if (best_path->fdw_private)
		has_limit = intVal(lsecond(best_path->fdw_private));
	if (best_path->path.param_info)
		outer_ok = bms_union(outer_ok, best_path->path.param_info->ppi_req_outer);

	rest_sql_text_init(&sql);
	rest_sql_append(&sql, "SELECT ");

	if (IS_SIMPLE_REL(foreignrel))
	{
		Bitmapset  *attrs = bms_copy(fpinfo->attrs_used);
		List	   *keys = NIL;
		int			i;

		scan_relid = foreignrel->relid;
		ctx = fresh_ctx(fpinfo, outer_ok, false);

		/* base quals as classified; join clauses as they can be sent */
		foreach(lc, scan_clauses)
		{
			RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);

			if (rinfo->pseudoconstant)
				continue;
			if (list_member_ptr(fpinfo->remote_conds, rinfo) ||
				(!list_member_ptr(fpinfo->local_conds, rinfo) &&
				 fpinfo->pushdown_safe &&
				 rest_cond_is_shippable(ctx, rinfo->clause)))
				remote_conds = lappend(remote_conds, rinfo->clause);
			else
			{
				local_exprs = lappend(local_exprs, rinfo->clause);
				pull_varattnos((Node *) rinfo->clause, scan_relid, &attrs);
			}
		}

		/* the columns needed, each remote name once */
		for (i = 1; i <= fpinfo->ctx.natts; i++)
		{
			const char *name = fpinfo->ctx.colnames[i];
			int			pos;
			ListCell   *k;

			if (name == NULL ||
				!(bms_is_member(i - FirstLowInvalidHeapAttributeNumber, attrs) ||
				  bms_is_member(0 - FirstLowInvalidHeapAttributeNumber, attrs)))
				continue;
			pos = -1;
			foreach(k, keys)
				if (strcmp(strVal(lfirst(k)), name) == 0)
					pos = foreach_current_index(k);
			if (pos < 0)
			{
				StringInfoData buf;

				initStringInfo(&buf);
				rest_sql_quote_identifier(&buf, ctx->syn, name);
				rest_sql_append(&sql, position > 0 ? ", " : "");
				rest_sql_append(&sql, buf.data);
				keys = lappend(keys, makeString((char *) name));
				pos = position++;
			}
			columns = lappend(columns,
							  make_column(i, name, get_attname(foreigntableid, i, false), pos));
		}
		if (position == 0)
			rest_sql_append(&sql, "1");	/* no column needed: count rows */
		append_from(&sql, ctx, fpinfo->opts);
		append_conds(ctx, remote_conds, " WHERE ", &sql);
	}
	else
	{
		SqlRelInfo *ofpinfo;
		List	   *group_by = NIL;
		int			resno;

		/* a grouped relation (possibly sorted and limited) */
		scan_relid = 0;
		Assert(fpinfo->stage == UPPERREL_GROUP_AGG);
		ofpinfo = (SqlRelInfo *) fpinfo->outerrel->fdw_private;
		ctx = fresh_ctx(fpinfo, NULL, true);
		local_exprs = list_copy(fpinfo->local_conds);
		fdw_scan_tlist = copyObject(fpinfo->grouped_tlist);

		resno = list_length(fdw_scan_tlist);
		foreach(lc, fpinfo->grouped_tlist)
		{
			TargetEntry *tle = lfirst_node(TargetEntry, lc);
			StringInfoData buf;
			RestSqlText expr;
			char	   *alias;
			char	   *name;

			initStringInfo(&buf);
			rest_sql_text_init(&expr);
			alias = output_alias(ctx, position + 1);
			name = IsA(tle->expr, Aggref) ?
				get_func_name(((Aggref *) tle->expr)->aggfnoid) :
				IsA(tle->expr, Var) ?
				get_attname(fpinfo->relid, ((Var *) tle->expr)->varattno, false) :
				alias;
			if (position > 0)
				rest_sql_append(&sql, ", ");
			if (rest_deparse_value(ctx, tle->expr, &expr))
			{
				rest_sql_append_sql(&sql, &expr);
				rest_sql_quote_identifier(&buf, ctx->syn, alias);
				rest_sql_append(&sql, " AS ");
				rest_sql_append(&sql, buf.data);
				columns = lappend(columns, make_column(tle->resno, alias, name, position++));
			}
			else
			{
				/* avg of integers or numeric: sum and count, divided here */
				RestSqlText sum;
				RestSqlText count;
				char	   *sum_alias;
				char	   *count_alias;

				rest_sql_text_init(&sum);
				rest_sql_text_init(&count);
				if (!IsA(tle->expr, Aggref) ||
					!rest_deparse_avg_parts(ctx, (Aggref *) tle->expr, &sum, &count))
					elog(ERROR, "rest_fdw: output cannot be deparsed after all");
				sum_alias = alias;
				count_alias = output_alias(ctx, position + 2);
				rest_sql_append_sql(&sql, &sum);
				rest_sql_quote_identifier(&buf, ctx->syn, sum_alias);
				rest_sql_append(&sql, " AS ");
				rest_sql_append(&sql, buf.data);
				rest_sql_append(&sql, ", ");
				rest_sql_append_sql(&sql, &count);
				resetStringInfo(&buf);
				rest_sql_quote_identifier(&buf, ctx->syn, count_alias);
				rest_sql_append(&sql, " AS ");
				rest_sql_append(&sql, buf.data);

				/* hidden scan columns for the parts; constants never match */
				fdw_scan_tlist = lappend(fdw_scan_tlist,
										 makeTargetEntry((Expr *) makeNullConst(NUMERICOID, -1, InvalidOid),
														 ++resno, NULL, true));
				columns = lappend(columns, make_column(resno, sum_alias, "avg (sum)", position++));
				fdw_scan_tlist = lappend(fdw_scan_tlist,
										 makeTargetEntry((Expr *) makeNullConst(INT8OID, -1, InvalidOid),
														 ++resno, NULL, true));
				columns = lappend(columns, make_column(resno, count_alias, "avg (count)", position++));
				fixups = lappend(fixups, list_make3_int(tle->resno, resno - 1, resno));
			}
			if (tle->ressortgroupref)
				group_by = lappend(group_by, tle->expr);
		}

		append_from(&sql, ctx, fpinfo->opts);
		append_conds(ctx, ofpinfo->remote_conds, " WHERE ", &sql);
		foreach(lc, group_by)
		{
			rest_sql_append(&sql, foreach_current_index(lc) == 0 ? " GROUP BY " : ", ");
			if (!rest_deparse_value(ctx, lfirst(lc), &sql))
				elog(ERROR, "rest_fdw: GROUP BY cannot be deparsed after all");
		}
		append_conds(ctx, fpinfo->remote_conds, " HAVING ", &sql);
	}

	/* ORDER BY: the path's order, made remotely */
	if (best_path->path.pathkeys != NIL &&
		!deparse_order_by(ctx, foreignrel, best_path->path.pathkeys,
						  scan_relid == 0 ? fpinfo->grouped_tlist : NIL, &sql))
		elog(ERROR, "rest_fdw: ORDER BY cannot be deparsed after all");

	if (has_limit)
	{
		int64		count;
		int64		offset;

		(void) limit_value(root->parse->limitCount, &count);
		(void) limit_value(root->parse->limitOffset, &offset);
		if (count >= 0)
			rest_sql_append(&sql, psprintf(" LIMIT " INT64_FORMAT, count));
		else if (offset > 0 && !ctx->syn->offset_alone)
			rest_sql_append(&sql, psprintf(" LIMIT %s", ctx->syn->limit_all));
		if (offset > 0)
			rest_sql_append(&sql, psprintf(" OFFSET " INT64_FORMAT, offset));
	}

	return make_foreignscan(tlist, local_exprs, scan_relid, ctx->values,
							list_make4(makeString(SQL_PLAN_MARKER),
									   rest_sql_parts(&sql),
									   columns,
									   fixups),
							fdw_scan_tlist, NIL, outer_plan);
}

/* ---- execution ----------------------------------------------------------- */

struct RestSqlScan
{
	List	   *parts;			/* the SQL, with runtime value markers */
	const RestSqlSyntax *syn;
	RestTableOptions *opts;
	List	   *fixups;			/* avg: (result, sum, count) scan columns */
	int			max_attnum;
	MemoryContext cxt;			/* the scan's */
	char	   *sql;			/* the SQL being sent, for CONTEXT */
};

bool
rest_sql_plan(ForeignScan *fsplan)
{
	Node	   *first;

	if (fsplan->fdw_private == NIL)
		return false;
	first = linitial(fsplan->fdw_private);
	return first != NULL && IsA(first, String) &&
		strcmp(strVal(first), SQL_PLAN_MARKER) == 0;
}

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
	scan->parts = lsecond(fsplan->fdw_private);
	scan->fixups = lfourth(fsplan->fdw_private);
	scan->opts = rest_get_table_options(relid, userid);
	scan->syn = rest_sql_syntax(scan->opts->sql_syntax);
	return scan;
}

/*
 * What plain EXPLAIN shows of a scan, without executor set-up: not even the
 * relation of an aggregate scan is opened.
 */
RestSqlScan *
rest_sql_explain_scan(ForeignScanState *node)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	Index		rtindex = scan_rtindex(fsplan);

	return plan_scan(node, exec_rt_fetch(rtindex, node->ss.ps.state)->relid,
					 rtindex);
}

RestSqlScan *
rest_sql_begin_scan(ForeignScanState *node, int eflags, Relation *rel,
					RestTableOptions **opts, RestColumn **columns, int *ncolumns)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	EState	   *estate = node->ss.ps.state;
	RestSqlScan *scan;
	List	   *cols = lthird(fsplan->fdw_private);
	Index		rtindex = scan_rtindex(fsplan);
	TupleDesc	tupdesc;
	ListCell   *lc;
	int			n = 0;

	/* an aggregate scan reads no relation itself; open it for messages */
	if (fsplan->scan.scanrelid > 0)
		*rel = node->ss.ss_currentRelation;
	else
		*rel = ExecOpenScanRelation(estate, rtindex, eflags);
	tupdesc = node->ss.ss_ScanTupleSlot->tts_tupleDescriptor;

	scan = plan_scan(node, RelationGetRelid(*rel), rtindex);
	*opts = scan->opts;

	*columns = palloc0(sizeof(RestColumn) * (list_length(cols) + 1));
	foreach(lc, cols)
	{
		List	   *c = lfirst(lc);
		RestColumn *col = &(*columns)[n++];

		col->attnum = intVal(linitial(c));
		col->remote_name = pstrdup(strVal(lsecond(c)));
		col->name = pstrdup(strVal(lthird(c)));
		col->path = palloc(sizeof(char *));
		col->path[0] = col->remote_name;
		col->npath = 1;
		col->position = intVal(lfourth(c));
		rest_column_prepare(col, TupleDescAttr(tupdesc, col->attnum - 1));
		scan->max_attnum = Max(scan->max_attnum, col->attnum);
	}
	*ncolumns = n;
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

List *
rest_sql_build_requests(RestSqlScan *scan, Datum *values, bool *nulls,
						Oid *types)
{
	char	   *sql = rest_sql_render(scan->parts, scan->syn, values, nulls, types);

	if (scan->sql)
		pfree(scan->sql);
	scan->sql = MemoryContextStrdup(scan->cxt, sql);
	return list_make1(make_target(scan, sql, scan->opts->base_url, scan->opts));
}

/* avg = sum / count, by numeric_div as PostgreSQL's own avg does */
void
rest_sql_finish_row(RestSqlScan *scan, TupleTableSlot *slot)
{
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

void
rest_sql_explain(RestSqlScan *scan, ForeignScanState *node, ExplainState *es)
{
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
void
rest_sql_error_context(void *arg)
{
	RestSqlScan *scan = (RestSqlScan *) arg;

	if (scan->sql)
		errcontext("remote SQL: %s", scan->sql);
}
