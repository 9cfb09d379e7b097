/*-------------------------------------------------------------------------
 *
 * pushdown.c
 *		  What a query can send to an API in the params dialect
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
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/transam.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/clauses.h"
#include "optimizer/paths.h"
#include "optimizer/restrictinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "compat.h"
#include "pushdown.h"
#include "rest_fdw.h"
#include "template.h"

/* Column types whose values we know how to send */
static bool
is_sendable_type(Oid typid)
{
	switch (getBaseType(typid))
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
		case BOOLOID:
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
		case UUIDOID:
			return true;
	}
	return false;
}

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

static bool
is_text_type(Oid typid)
{
	Oid			base = getBaseType(typid);

	return base == TEXTOID || base == VARCHAROID || base == BPCHAROID;
}

/* Find the column a {placeholder} names: its remote name, or its name */
AttrNumber
rest_placeholder_column(RestPushdown *pd, const char *name, size_t len)
{
	AttrNumber	attnum;

	for (attnum = 1; attnum <= pd->natts; attnum++)
	{
		RestColumnPlan *col = &pd->columns[attnum];

		if (col->remote_name && strlen(col->remote_name) == len &&
			strncmp(col->remote_name, name, len) == 0)
			return attnum;
	}
	for (attnum = 1; attnum <= pd->natts; attnum++)
	{
		RestColumnPlan *col = &pd->columns[attnum];

		if (col->name && strlen(col->name) == len && strncmp(col->name, name, len) == 0)
			return attnum;
	}
	return InvalidAttrNumber;
}

static void
collect_keys(RestPushdown *pd, const char *optname, const char *tmpl,
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
		AttrNumber	attnum = rest_placeholder_column(pd, tmpl + ns, nl);

		if (attnum == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("placeholder {%.*s} in option \"%s\" of foreign table \"%s\" does not name a column",
							(int) nl, tmpl + ns, optname, relname),
					 errhint("A placeholder names a column, or the remote_name of one.")));
		pd->keys = bms_add_member(pd->keys, attnum);
	}
}

/* Does a path name a resource by key values ("/users/{id}")? */
bool
rest_path_has_keys(const char *path)
{
	size_t		pos = 0;
	size_t		start;
	size_t		ns;
	size_t		nl;

	return path != NULL && template_next(path, &pos, &start, &ns, &nl);
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
		if (col->remote_name == NULL)
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

	collect_keys(pd, "path", opts->path, RelationGetRelationName(rel));
	collect_keys(pd, "query", opts->query, RelationGetRelationName(rel));
	collect_keys(pd, "body", opts->body, RelationGetRelationName(rel));
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
