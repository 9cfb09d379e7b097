/*-------------------------------------------------------------------------
 *
 * pushdown.c
 *		  The params dialect: what a query can send to an API, its paths,
 *		  plans and scans
 *
 * A qual "column OP value" is sent as a query parameter when OP is a
 * built-in comparison of the column's type, a template for OP is
 * configured (op_* options, or a preset), and the value can be computed
 * before the request: a constant, a query parameter, a stable expression
 * without this table's columns, or a value from the outer side of a join
 * (parameterized paths).  Columns named by {placeholders} in path, query
 * or body are keys: an equality or IN qual fills them, one request per
 * value.
 *
 * Every pushed qual stays in the plan's local quals too, so a template
 * that is looser than SQL never changes an answer.
 *
 * The dialect's routine (rest_params_dialect, dialect.h) plans scans from
 * that: a path without parameters (and a sorted one when the API can
 * sort), one per set of outer relations whose values fill a key or a
 * filter, and a plan whose requests request.c builds at run time.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/transam.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/clauses.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/planmain.h"
#include "optimizer/restrictinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"

#include "compat.h"
#include "pushdown.h"
#include "template.h"

/*
 * Ordering comparisons are only sent for types whose order an API shares:
 * numbers, dates and times.  Text order depends on collation.
 */
bool
rest_is_ordered_type(Oid typid)
{
	switch (getBaseType(typid))
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			return true;
	}
	return false;
}

/* Column types whose values we know how to send: those, and a few more */
static bool
is_sendable_type(Oid typid)
{
	if (rest_is_ordered_type(typid))
		return true;
	switch (getBaseType(typid))
	{
		case BOOLOID:
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case UUIDOID:
			return true;
	}
	return false;
}

static bool
is_text_type(Oid typid)
{
	Oid			base = getBaseType(typid);

	return base == TEXTOID || base == VARCHAROID || base == BPCHAROID;
}

/* rest_foreach_placeholder() callback: a placeholder names a key column */
static void
collect_key(const char *optname, const char *name, size_t len,
			const char *relname, void *arg)
{
	RestPushdown *pd = (RestPushdown *) arg;
	AttrNumber	attnum = rest_placeholder_column(pd, name, len);

	if (attnum == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("placeholder {%.*s} in option \"%s\" of foreign table \"%s\" does not name a column",
						(int) len, name, optname, relname),
				 errhint("A placeholder names a column, or the remote_name of one.")));
	pd->keys = bms_add_member(pd->keys, attnum);
}

/*
 * Look up, once per relation, each column's remote name and templates and
 * which columns are keys.
 */
RestPushdown *
rest_pushdown_prepare(Relation rel, RestTableOptions *opts)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	RestPushdown *pd = palloc0(sizeof(RestPushdown));
	AttrNumber	attnum;

	pd->opts = opts;
	pd->natts = tupdesc->natts;
	pd->columns = palloc0(sizeof(RestColumnPlan) * (tupdesc->natts + 1));
	for (attnum = 1; attnum <= tupdesc->natts; attnum++)
	{
		Form_pg_attribute attr = TupleDescAttr(tupdesc, attnum - 1);
		RestColumnPlan *col = &pd->columns[attnum];
		char	   *json_path;
		int			op;

		if (attr->attisdropped)
			continue;
		col->name = pstrdup(NameStr(attr->attname));
		col->typid = attr->atttypid;
		col->not_null = attr->attnotnull;
		col->remote_name = rest_get_column_option(RelationGetRelid(rel), attnum, "remote_name");
		json_path = rest_get_column_option(RelationGetRelid(rel), attnum, "json_path");
		if (json_path && json_path[0] == '^')
		{
			/* a value around the rows: the API takes no filter on it */
			col->remote_name = NULL;
			json_path = "$";
		}
		else if (col->remote_name == NULL)
		{
			/* a nested json_path has no single remote name to filter on */
			if (json_path && strchr(json_path, '.') == NULL && strcmp(json_path, "$") != 0)
				col->remote_name = json_path;
			else if (json_path == NULL)
				col->remote_name = col->name;
		}
		col->top_key = col->remote_name;
		if (json_path && strcmp(json_path, "$") != 0)
		{
			char	   *dot;

			if (strncmp(json_path, "$.", 2) == 0)
				json_path += 2;
			col->top_key = pstrdup(json_path);
			dot = strchr(col->top_key, '.');
			if (dot)
				*dot = '\0';
		}
		else if (json_path)
			col->top_key = NULL;

		for (op = 0; op < REST_OP_COUNT; op++)
		{
			char	   *tmpl = rest_get_column_option(RelationGetRelid(rel), attnum,
													  rest_op_option_names[op]);

			col->templates[op] = tmpl ? tmpl : opts->op_templates[op];
			if (col->remote_name == NULL)
				col->templates[op] = NULL;
		}
	}

	rest_foreach_placeholder(opts, RelationGetRelationName(rel), collect_key, pd);
	return pd;
}

/* The column a Var of this relation refers to, looking through casts */
static AttrNumber
column_of(RelOptInfo *baserel, Node *node)
{
	while (node && IsA(node, RelabelType))
		node = (Node *) ((RelabelType *) node)->arg;
	if (node && IsA(node, Var))
	{
		Var		   *var = (Var *) node;

		if (var->varno == baserel->relid && var->varlevelsup == 0 && var->varattno > 0)
			return var->varattno;
	}
	return InvalidAttrNumber;
}

/*
 * Can a value be computed before the request?  No column of this table, no
 * volatile function, no subquery, and only outer relations we may depend
 * on (a parameterized path's, or lateral references).
 */
static bool
value_is_sendable(PlannerInfo *root, RelOptInfo *baserel, Node *value,
				  Relids allowed_outer)
{
	Relids		varnos;

	varnos = rest_pull_varnos(root, value);
	if (bms_is_member(baserel->relid, varnos) ||
		!bms_is_subset(varnos, allowed_outer))
		return false;
	if (contain_volatile_functions(value) || contain_subplans(value))
		return false;
	return true;
}

static RestOp
op_for_name(const char *name)
{
	static const char *const names[] = {"=", "<>", "<", "<=", ">", ">="};
	int			i;

	for (i = 0; i < lengthof(names); i++)
		if (strcmp(name, names[i]) == 0)
			return (RestOp) i;
	if (strcmp(name, "~~") == 0)
		return REST_OP_LIKE;
	if (strcmp(name, "~~*") == 0)
		return REST_OP_ILIKE;
	return REST_OP_COUNT;
}

/* Is the column's type one this operator may be sent for? */
static bool
op_fits_type(RestOp op, Oid typid)
{
	switch (op)
	{
		case REST_OP_EQ:
		case REST_OP_NE:
		case REST_OP_IN:
			return is_sendable_type(typid);
		case REST_OP_LT:
		case REST_OP_LE:
		case REST_OP_GT:
		case REST_OP_GE:
			return rest_is_ordered_type(typid);
		case REST_OP_LIKE:
		case REST_OP_ILIKE:
			return is_text_type(typid);
		default:
			return true;
	}
}

/*
 * If a clause can be sent, describe it in *qual (with its value expression)
 * and return true.
 */
bool
rest_pushable_clause(PlannerInfo *root, RelOptInfo *baserel, RestPushdown *pd,
					 Expr *clause, Relids allowed_outer, RestPushedQual *qual)
{
	AttrNumber	attnum = InvalidAttrNumber;
	RestColumnPlan *col;

	memset(qual, 0, sizeof(RestPushedQual));

	if (IsA(clause, OpExpr) && list_length(((OpExpr *) clause)->args) == 2)
	{
		OpExpr	   *opexpr = (OpExpr *) clause;
		Node	   *left = linitial(opexpr->args);
		Node	   *right = lsecond(opexpr->args);
		Oid			opno = opexpr->opno;
		char	   *opname;

		if ((attnum = column_of(baserel, left)) != InvalidAttrNumber)
			qual->value = (Expr *) right;
		else if ((attnum = column_of(baserel, right)) != InvalidAttrNumber)
		{
			/* value OP column: send column COMMUTATOR value */
			qual->value = (Expr *) left;
			opno = get_commutator(opno);
		}
		if (attnum == InvalidAttrNumber || !OidIsValid(opno) ||
			opno >= FirstGenbkiObjectId)
			return false;
		opname = get_opname(opno);
		if (opname == NULL)
			return false;
		qual->op = op_for_name(opname);
		if (qual->op == REST_OP_COUNT)
			return false;
		if (!is_sendable_type(exprType((Node *) qual->value)))
			return false;
	}
	else if (IsA(clause, ScalarArrayOpExpr))
	{
		ScalarArrayOpExpr *saop = (ScalarArrayOpExpr *) clause;
		char	   *opname = get_opname(saop->opno);
		Oid			elemtype;

		if (!saop->useOr || saop->opno >= FirstGenbkiObjectId ||
			opname == NULL || strcmp(opname, "=") != 0)
			return false;
		attnum = column_of(baserel, linitial(saop->args));
		qual->value = (Expr *) lsecond(saop->args);
		qual->op = REST_OP_IN;
		elemtype = get_element_type(exprType((Node *) qual->value));
		if (attnum == InvalidAttrNumber || !OidIsValid(elemtype) ||
			!is_sendable_type(elemtype))
			return false;
	}
	else if (IsA(clause, NullTest))
	{
		NullTest   *nt = (NullTest *) clause;

		if (nt->argisrow)
			return false;
		attnum = column_of(baserel, (Node *) nt->arg);
		qual->op = (nt->nulltesttype == IS_NULL) ? REST_OP_IS_NULL : REST_OP_IS_NOT_NULL;
	}
	else if (column_of(baserel, (Node *) clause) != InvalidAttrNumber &&
			 exprType((Node *) clause) == BOOLOID)
	{
		/* WHERE active: active = true */
		attnum = column_of(baserel, (Node *) clause);
		qual->op = REST_OP_EQ;
		qual->value = (Expr *) makeBoolConst(true, false);
	}
	else if (is_notclause(clause) &&
			 column_of(baserel, (Node *) get_notclausearg(clause)) != InvalidAttrNumber &&
			 exprType((Node *) get_notclausearg(clause)) == BOOLOID)
	{
		/* WHERE NOT active: active = false */
		attnum = column_of(baserel, (Node *) get_notclausearg(clause));
		qual->op = REST_OP_EQ;
		qual->value = (Expr *) makeBoolConst(false, false);
	}

	if (attnum == InvalidAttrNumber || attnum > pd->natts)
		return false;
	col = &pd->columns[attnum];
	if (col->name == NULL || !op_fits_type(qual->op, col->typid))
		return false;
	if (qual->value &&
		!value_is_sendable(root, baserel, (Node *) qual->value, allowed_outer))
		return false;

	qual->attnum = attnum;
	/* keys are filled by equality and IN, with or without a template */
	qual->key = bms_is_member(attnum, pd->keys) &&
		(qual->op == REST_OP_EQ || qual->op == REST_OP_IN);
	/* with pushdown off, only what fills a key is sent: the request needs it */
	return qual->key ||
		(col->templates[qual->op] != NULL && rest_pushdown_enabled(pd->opts));
}

/*
 * Split restriction clauses into those sent to the API (all of them are
 * still checked locally) and those only checked locally.  Returns the
 * pushed quals; *keys gets the key columns they fill.
 */
List *
rest_classify_clauses(PlannerInfo *root, RelOptInfo *baserel, RestPushdown *pd,
					  List *rinfos, Relids allowed_outer, List **local_only,
					  Bitmapset **keys)
{
	List	   *pushed = NIL;
	ListCell   *lc;

	*local_only = NIL;
	*keys = NULL;
	foreach(lc, rinfos)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);
		RestPushedQual qual;

		if (!rinfo->pseudoconstant &&
			rest_pushable_clause(root, baserel, pd, rinfo->clause, allowed_outer, &qual))
		{
			RestPushedQual *copy = palloc(sizeof(RestPushedQual));

			*copy = qual;
			copy->rinfo = rinfo;
			pushed = lappend(pushed, copy);
			if (qual.key)
				*keys = bms_add_member(*keys, qual.attnum);
		}
		else
			*local_only = lappend(*local_only, rinfo);
	}
	return pushed;
}

/* Names of key columns no qual fills, for the error message */
char *
rest_missing_keys(RestPushdown *pd, Bitmapset *filled)
{
	Bitmapset  *missing = bms_difference(pd->keys, filled);
	StringInfoData buf;
	int			attnum = -1;

	if (bms_is_empty(missing))
		return NULL;
	initStringInfo(&buf);
	while ((attnum = bms_next_member(missing, attnum)) >= 0)
		appendStringInfo(&buf, "%s%s", buf.len ? ", " : "",
						 quote_identifier(pd->columns[attnum].name));
	return buf.data;
}

/* generate_implied_equalities_for_column() callback: a column we can send */
static bool
ec_member_is_sendable_column(PlannerInfo *root, RelOptInfo *baserel,
							 EquivalenceClass *ec, EquivalenceMember *em,
							 void *arg)
{
	RestPushdown *pd = (RestPushdown *) arg;
	AttrNumber	attnum = column_of(baserel, (Node *) em->em_expr);

	if (attnum == InvalidAttrNumber)
		return false;
	return bms_is_member(attnum, pd->keys) ||
		pd->columns[attnum].templates[REST_OP_EQ] != NULL;
}

/*
 * Join clauses that could be sent if the outer side's values were known:
 * equalities from equivalence classes (the usual "a.x = b.y") and other
 * join clauses.  Each becomes the basis of a parameterized path.
 */
List *
rest_join_clauses(PlannerInfo *root, RelOptInfo *baserel, RestPushdown *pd)
{
	List	   *result = NIL;
	ListCell   *lc;
	List	   *ec_clauses;

	ec_clauses = generate_implied_equalities_for_column(root, baserel,
														ec_member_is_sendable_column,
														pd,
														baserel->lateral_referencers);
	foreach(lc, list_concat(ec_clauses, baserel->joininfo))
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);
		Relids		outer = bms_difference(rinfo->clause_relids,
										   bms_make_singleton(baserel->relid));
		RestPushedQual qual;

		/* a clause that does not reference us, or refers to lateral-only rels */
		if (!bms_is_member(baserel->relid, rinfo->clause_relids) ||
			bms_is_empty(outer) ||
			bms_overlap(outer, baserel->lateral_referencers))
			continue;
		if (!join_clause_is_movable_to(rinfo, baserel))
			continue;
		if (rest_pushable_clause(root, baserel, pd, rinfo->clause, outer, &qual))
			result = lappend(result, rinfo);
	}
	return result;
}

/* ---- planning: the params dialect's callbacks ---------------------------- */

/* Planner state of a foreign table, kept in baserel->fdw_private */
typedef struct ParamsRelInfo
{
	RestRelInfo base;			/* the dialect routine: first */
	Bitmapset  *attrs_used;		/* columns the query reads, offset by
								 * FirstLowInvalidHeapAttributeNumber */
	RestPushdown *pd;			/* templates and keys */
	List	   *pushed;			/* base quals sent to the API */
	Bitmapset  *keys;			/* key columns those fill */
} ParamsRelInfo;

/* fdw_private of a sorted path: the sort the API does */
enum FdwPathPrivateIndex
{
	/* Integer List of attnums */
	FdwPathPrivateSortAttnums,
	/* Integer List, parallel: 1 for DESC */
	FdwPathPrivateSortDesc
};

/* fdw_private of a scan, after the dialect (dialect.h) */
enum FdwScanPrivateParamsIndex
{
	/* Integer List of the attnums the scan fills */
	FdwScanPrivateRetrievedAttrs = FdwScanPrivateDialectItems,
	/* the RestRequestPlan (rest_serialize_request_plan) */
	FdwScanPrivateRequestPlan,
	/* Integer List, per plan qual: 1 if it was not sent at all */
	FdwScanPrivateLocalFlags
};

/*
 * Estimate the relation's size (rest_estimate_rel_size), and find out which
 * base quals can be sent.
 */
static RestRelInfo *
params_get_rel_size(PlannerInfo *root, RelOptInfo *baserel, Relation rel,
					RestTableOptions *opts)
{
	ParamsRelInfo *fpinfo = palloc0(sizeof(ParamsRelInfo));
	List	   *local_only;
	ListCell   *lc;

	fpinfo->pd = rest_pushdown_prepare(rel, opts);
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

	rest_estimate_rel_size(root, baserel);
	return &fpinfo->base;
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

/* Cost of a scan: as both dialects, with the pushed quals */
static void
estimate_costs(PlannerInfo *root, RelOptInfo *baserel, List *pushed,
			   Cost *startup_cost, Cost *total_cost)
{
	rest_scan_costs(root, baserel, pushed_rinfos(pushed),
					startup_cost, total_cost);
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
	/* in the order of FdwPathPrivateIndex */
	return list_make2(attnums, desc);
}

/*
 * One path without parameters (with and without the query's order, when
 * the API can sort), and one per set of outer relations whose values would
 * let us send a join clause: "local JOIN api ON api.id = local.api_id"
 * then costs one small request per outer row instead of a full scan.
 */
static void
params_get_paths(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid)
{
	ParamsRelInfo *fpinfo = (ParamsRelInfo *) baserel->fdw_private;
	Cost		startup_cost;
	Cost		total_cost;
	List	   *sort_info;
	List	   *done_outer = NIL;
	ListCell   *lc;

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
	rest_add_scan_path(root, baserel, baserel->rows, startup_cost, total_cost,
				  NIL, baserel->lateral_relids, NIL);

	sort_info = sortable_query_pathkeys(root, baserel, fpinfo->pd);
	if (sort_info != NIL)
		rest_add_scan_path(root, baserel, baserel->rows, startup_cost,
					  total_cost + REST_DEFAULT_REQUEST_COST * 0.01,
					  root->query_pathkeys, baserel->lateral_relids, sort_info);

	foreach(lc, rest_join_clauses(root, baserel, fpinfo->pd))
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);
		Relids		required_outer;
		ParamPathInfo *param_info;
		List	   *pushed;
		List	   *local_only;
		Bitmapset  *keys;

		required_outer = bms_union(bms_del_member(bms_copy(rinfo->clause_relids),
												  baserel->relid),
								   baserel->lateral_relids);
		if (rest_relids_seen(&done_outer, required_outer))
			continue;

		param_info = get_baserel_parampathinfo(root, baserel, required_outer);
		pushed = rest_classify_clauses(root, baserel, fpinfo->pd,
									   list_concat_copy(baserel->baserestrictinfo,
														param_info->ppi_clauses),
									   required_outer, &local_only, &keys);
		if (rest_missing_keys(fpinfo->pd, keys) != NULL)
			continue;
		estimate_costs(root, baserel, pushed, &startup_cost, &total_cost);
		rest_add_scan_path(root, baserel, param_info->ppi_rows, startup_cost,
					  total_cost, NIL, required_outer, NIL);
	}
}

/* Values known at run time are evaluated by the executor, in this order */
static List *
number_values(List *quals)
{
	List	   *fdw_exprs = NIL;
	ListCell   *lc;

	foreach(lc, quals)
	{
		RestPushedQual *qual = lfirst(lc);

		qual->value_index = -1;
		if (qual->value)
		{
			qual->value_index = list_length(fdw_exprs);
			fdw_exprs = lappend(fdw_exprs, qual->value);
		}
	}
	return fdw_exprs;
}

/* Every qual is checked locally; *local_flags says which were not sent */
static List *
local_quals(List *scan_clauses, List *local_only, List **local_flags)
{
	List	   *qpqual = NIL;
	ListCell   *lc;

	*local_flags = NIL;
	foreach(lc, scan_clauses)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);

		if (rinfo->pseudoconstant)
			continue;
		qpqual = lappend(qpqual, rinfo->clause);
		*local_flags = lappend_int(*local_flags, list_member_ptr(local_only, rinfo));
	}
	return qpqual;
}

/*
 * The columns the scan fills, and those the request asks for when the API
 * can select (plan->select_attnums): all of them must be top-level keys.
 */
static List *
retrieved_columns(RestPushdown *pd, Bitmapset *attrs_used, RestRequestPlan *plan)
{
	List	   *retrieved_attrs = NIL;
	bool		whole_row;
	bool		select_ok = true;
	int			i;

	whole_row = bms_is_member(0 - FirstLowInvalidHeapAttributeNumber, attrs_used);
	for (i = 1; i <= pd->natts; i++)
	{
		if (pd->columns[i].name == NULL)
			continue;
		if (whole_row ||
			bms_is_member(i - FirstLowInvalidHeapAttributeNumber, attrs_used))
		{
			retrieved_attrs = lappend_int(retrieved_attrs, i);
			if (pd->columns[i].top_key == NULL)
				select_ok = false;
			else if (!bms_is_member(i, pd->keys))
				plan->select_attnums = lappend_int(plan->select_attnums, i);
		}
	}
	/* asking for no columns could mean "all" to an API: ask for one */
	if (!select_ok || whole_row || pd->opts->select_param == NULL ||
		!rest_pushdown_enabled(pd->opts))
		plan->select_attnums = NIL;
	else if (plan->select_attnums == NIL)
	{
		for (i = 1; i <= pd->natts && plan->select_attnums == NIL; i++)
			if (pd->columns[i].top_key != NULL && !bms_is_member(i, pd->keys))
				plan->select_attnums = list_make1_int(i);
	}
	return retrieved_attrs;
}

/*
 * LIMIT: when this table is the whole query and every qual was sent as a
 * key (an exact match), the first rows the API sends are the answer.  A
 * filter template may be looser than SQL, so then we fetch as usual.
 */
static void
request_limit(PlannerInfo *root, ForeignPath *best_path, RestPushdown *pd,
			  List *local_only, RestRequestPlan *plan)
{
	ListCell   *lc;

	plan->limit = -1;
	plan->first_page_rows = -1;
	if (root->limit_tuples >= 0 && local_only == NIL &&
		rest_pushdown_enabled(pd->opts) &&
		bms_membership(root->all_baserels) == BMS_SINGLETON &&
		(root->query_pathkeys == NIL ||
		 pathkeys_contained_in(root->query_pathkeys, best_path->path.pathkeys)))
	{
		bool		all_keys = true;

		foreach(lc, plan->quals)
			if (!((RestPushedQual *) lfirst(lc))->key)
				all_keys = false;
		if (all_keys)
			plan->limit = (int64) root->limit_tuples;
		else
			plan->first_page_rows = (int64) root->limit_tuples;
	}
}

/*
 * Decide what the request sends, and keep every qual for local checking.
 */
static ForeignScan *
params_get_plan(PlannerInfo *root, RelOptInfo *baserel, Oid foreigntableid,
				ForeignPath *best_path, List *tlist, List *scan_clauses,
				Plan *outer_plan)
{
	ParamsRelInfo *fpinfo = (ParamsRelInfo *) baserel->fdw_private;
	RestPushdown *pd = fpinfo->pd;
	RestRequestPlan plan;
	List	   *retrieved_attrs;
	List	   *local_only;
	List	   *qpqual;
	List	   *local_flags;
	List	   *fdw_exprs;
	Bitmapset  *keys;
	Relids		allowed_outer = baserel->lateral_relids;
	char	   *missing;

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

	fdw_exprs = number_values(plan.quals);
	qpqual = local_quals(scan_clauses, local_only, &local_flags);
	retrieved_attrs = retrieved_columns(pd, fpinfo->attrs_used, &plan);
	if (best_path->fdw_private)
	{
		plan.sort_attnums = list_nth(best_path->fdw_private,
									 FdwPathPrivateSortAttnums);
		plan.sort_desc = list_nth(best_path->fdw_private,
								  FdwPathPrivateSortDesc);
	}
	request_limit(root, best_path, pd, local_only, &plan);

	return make_foreignscan(tlist, qpqual, baserel->relid,
							fdw_exprs,
							list_make4(makeInteger(REST_DIALECT_PARAMS),
									   retrieved_attrs,
									   rest_serialize_request_plan(&plan),
									   local_flags),
							NIL,	/* no custom tlist */
							NIL,	/* no remote quals */
							outer_plan);
}

/* ---- execution --------------------------------------------------------- */

/* A scan of the params dialect: what the plan sends */
typedef struct ParamsScan
{
	RestTableOptions *opts;
	RestPushdown *pd;
	RestRequestPlan *plan;
	List	   *local_flags;	/* per plan qual: 1 if not sent at all */
} ParamsScan;

/*
 * What the plan of a scan says: the table's options and what is sent.  All
 * that plain EXPLAIN needs.
 */
static void *
params_scan_from_plan(ForeignScanState *node)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	ParamsScan *scan = palloc0(sizeof(ParamsScan));
	Relation	rel = node->ss.ss_currentRelation;
	Oid			userid;

	/* the user whose mapping holds the credentials, as postgres_fdw does */
	userid = rest_scan_user(fsplan, node->ss.ps.state, fsplan->scan.scanrelid);
	scan->opts = rest_get_table_options(RelationGetRelid(rel), userid);
	scan->pd = rest_pushdown_prepare(rel, scan->opts);
	scan->plan = rest_deserialize_request_plan(list_nth(fsplan->fdw_private,
														FdwScanPrivateRequestPlan));
	scan->local_flags = list_nth(fsplan->fdw_private, FdwScanPrivateLocalFlags);
	return scan;
}

/* How to find and convert each column the query reads */
static RestColumn *
params_columns(Relation rel, List *retrieved_attrs, int *ncolumns)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	RestColumn *columns = palloc0(sizeof(RestColumn) * (list_length(retrieved_attrs) + 1));
	ListCell   *lc;
	int			n = 0;

	foreach(lc, retrieved_attrs)
	{
		AttrNumber	attnum = lfirst_int(lc);
		Form_pg_attribute attr = TupleDescAttr(tupdesc, attnum - 1);
		RestColumn *col = &columns[n++];
		char	   *json_path = rest_get_column_option(RelationGetRelid(rel), attnum, "json_path");
		char	   *remote_name = rest_get_column_option(RelationGetRelid(rel), attnum, "remote_name");
		int			position = 0;
		int			i;

		col->attnum = attnum;
		col->name = pstrdup(NameStr(attr->attname));
		rest_column_set_path(col, json_path, remote_name ? remote_name : col->name);

		/*
		 * json_columns without a columns list: the table's column order, but
		 * for the values around the rows (json_path '^...')
		 */
		for (i = 1; i < attnum; i++)
		{
			char	   *other;

			if (TupleDescAttr(tupdesc, i - 1)->attisdropped)
				continue;
			other = rest_get_column_option(RelationGetRelid(rel), i, "json_path");
			if (other == NULL || other[0] != '^')
				position++;
		}
		col->position = position;
		rest_column_prepare(col, attr);
	}
	*ncolumns = n;
	return columns;
}

static void *
params_begin_scan(ForeignScanState *node, int eflags, RestScanSetup *setup)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	ParamsScan *scan = params_scan_from_plan(node);

	setup->rel = node->ss.ss_currentRelation;
	setup->opts = scan->opts;
	setup->plan = scan->plan;
	setup->columns = params_columns(setup->rel,
									list_nth(fsplan->fdw_private,
											 FdwScanPrivateRetrievedAttrs),
									&setup->ncolumns);
	return scan;
}

static List *
params_build_requests(void *arg, Datum *values, bool *nulls, Oid *types)
{
	ParamsScan *scan = (ParamsScan *) arg;

	return rest_build_requests(scan->pd, scan->plan, values, nulls, types);
}

static void
params_explain(void *arg, ForeignScanState *node, ExplainState *es)
{
	ParamsScan *scan = (ParamsScan *) arg;
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	StringInfoData local;
	ListCell   *lc;
	ListCell   *flag;

	ExplainPropertyText("Remote Request",
						psprintf("%s %s", scan->opts->method,
								 rest_explain_request(scan->pd, scan->plan,
													  fsplan->fdw_exprs, false)),
						es);
	if (!es->verbose)
		return;

	ExplainPropertyText("Remote URL",
						rest_explain_request(scan->pd, scan->plan, fsplan->fdw_exprs, true),
						es);
	if (scan->opts->body)
		ExplainPropertyText("Remote Body", scan->opts->body, es);
	if (scan->plan->quals)
		ExplainPropertyText("Pushed Quals",
							rest_describe_quals(scan->pd, scan->plan, fsplan->fdw_exprs),
							es);

	/*
	 * The quals not sent at all.  show_scan_qual() has just set the deparse
	 * context to this node for the Filter line.
	 */
	initStringInfo(&local);
	forboth(lc, fsplan->scan.plan.qual, flag, scan->local_flags)
	{
		if (!lfirst_int(flag))
			continue;
		appendStringInfo(&local, "%s%s", local.len ? ", " : "",
						 deparse_expression(lfirst(lc), es->deparse_cxt, true, false));
	}
	if (local.len > 0)
		ExplainPropertyText("Local Only Quals", local.data, es);
}

const RestDialectRoutine rest_params_dialect = {
	.dialect = REST_DIALECT_PARAMS,
	.GetForeignRelSize = params_get_rel_size,
	.GetForeignPaths = params_get_paths,
	.GetForeignPlan = params_get_plan,
	.BeginScan = params_begin_scan,
	.ScanFromPlan = params_scan_from_plan,
	.BuildRequests = params_build_requests,
	.Explain = params_explain,
};
