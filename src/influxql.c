/*-------------------------------------------------------------------------
 *
 * influxql.c
 *		  The sql dialect for InfluxDB 1.x: what InfluxQL can say exactly
 *
 * InfluxQL looks like SQL but is not, and several of its differences
 * change which rows a condition selects:
 *
 * - a tag is a string, and a point without the tag has it as '': so
 *   tag = '' matches points PostgreSQL sees as NULL, and tag != 'a' too;
 * - fields compare by their type, and a point without the field fails any
 *   comparison on it, as a NULL does in PostgreSQL;
 * - time takes only comparisons with a constant, combined by AND;
 * - there is no NOT, no IS NULL, no LIKE (regular expressions only), and
 *   OR across tags and fields does not select what it says in 1.x.
 *
 * So a condition is sent only as an AND of comparisons between a column
 * and a constant: time with a timestamp, numbers with numbers
 * (= != < <= > >=), text with = and a non-empty string, and IN lists as
 * ORs of such equalities on one column.  Anything else is checked by
 * PostgreSQL.  Values known only at run time are not sent: what InfluxQL
 * cannot spell (exponents, NaN, times beyond 1677 to 2262) would only be
 * found when the scan starts.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "influxql.h"

/* The table being scanned, as the deparser sees it */
typedef struct InfluxTable
{
	const RestSqlSyntax *syn;
	Index		relid;
	char	  **colnames;
	int			natts;
} InfluxTable;

/* The column's InfluxDB name when node is one of the table's columns */
static const char *
column_name(InfluxTable *t, Node *node, Var **var)
{
	while (node && IsA(node, RelabelType))
		node = (Node *) ((RelabelType *) node)->arg;
	if (node == NULL || !IsA(node, Var))
		return NULL;
	*var = (Var *) node;
	if ((*var)->varno != t->relid || (*var)->varlevelsup != 0 ||
		(*var)->varattno <= 0 || (*var)->varattno > t->natts)
		return NULL;
	return t->colnames[(*var)->varattno];
}

static bool
is_time(const char *name, Oid type)
{
	type = getBaseType(type);
	return strcmp(name, "time") == 0 &&
		(type == TIMESTAMPOID || type == TIMESTAMPTZOID);
}

/*
 * Numbers as InfluxDB stores them: 64-bit integers and doubles.  A real's
 * value is not the double the field holds (0.1::real is 0.100000001...).
 */
static bool
is_number(Oid type)
{
	return rest_sql_is_int_type(type) || getBaseType(type) == FLOAT8OID;
}

/*
 * "name op literal" for a value of type valtype, or false when InfluxDB
 * would not select exactly the same points.
 */
static bool
comparison(InfluxTable *t, const char *name, Oid coltype, Oid collid,
		   const char *op, Datum value, bool isnull, Oid valtype,
		   RestSqlText *out)
{
	StringInfoData buf;

	if (isnull)
		return false;			/* never true: PostgreSQL says so alone */
	if (strcmp(name, "time") == 0)
	{
		/* time = t works, time != t does not in 1.x */
		if (!is_time(name, coltype) || getBaseType(valtype) != getBaseType(coltype) ||
			strcmp(op, "<>") == 0)
			return false;
	}
	else if (is_number(coltype) && is_number(valtype))
		 /* fields compare as numbers, whatever their InfluxDB type */ ;
	else if (rest_sql_is_text_type(coltype) && rest_sql_is_text_type(valtype))
	{
		/* a missing tag is '': only equality with another string is exact */
		if (strcmp(op, "=") != 0 || !rest_sql_collation_is_deterministic(collid) ||
			VARSIZE_ANY_EXHDR(DatumGetPointer(value)) == 0)
			return false;
	}
	else
		return false;

	initStringInfo(&buf);
	rest_sql_quote_identifier(&buf, t->syn, name);
	appendStringInfo(&buf, " %s ", strcmp(op, "<>") == 0 ? "!=" : op);
	if (!rest_sql_literal(&buf, t->syn, value, false, valtype, REST_SQL_VALUE))
		return false;
	rest_sql_append(out, buf.data);
	return true;
}

/* The operator with its sides swapped: 5 < x is x > 5 */
static const char *
commuted(const char *op)
{
	if (strcmp(op, "<") == 0)
		return ">";
	if (strcmp(op, ">") == 0)
		return "<";
	if (strcmp(op, "<=") == 0)
		return ">=";
	if (strcmp(op, ">=") == 0)
		return "<=";
	return op;
}

static bool
op_comparison(InfluxTable *t, OpExpr *op, RestSqlText *out)
{
	const char *opname = rest_builtin_opname(op->opno);
	Node	   *left;
	Node	   *right;
	const char *name;
	Var		   *var;
	Const	   *c;

	if (opname == NULL || list_length(op->args) != 2 ||
		!(strcmp(opname, "=") == 0 || strcmp(opname, "<>") == 0 ||
		  strcmp(opname, "<") == 0 || strcmp(opname, "<=") == 0 ||
		  strcmp(opname, ">") == 0 || strcmp(opname, ">=") == 0))
		return false;
	left = linitial(op->args);
	right = lsecond(op->args);
	while (IsA(right, RelabelType))
		right = (Node *) ((RelabelType *) right)->arg;
	while (IsA(left, RelabelType))
		left = (Node *) ((RelabelType *) left)->arg;

	/* the column first: InfluxQL wants time on the left */
	if (IsA(left, Const))
	{
		Node	   *t = left;

		left = right;
		right = t;
		opname = commuted(opname);
	}
	if (!IsA(right, Const) || (name = column_name(t, left, &var)) == NULL)
		return false;
	c = (Const *) right;
	return comparison(t, name, var->vartype, op->inputcollid, opname,
					  c->constvalue, c->constisnull, c->consttype, out);
}

/* x IN (a, b) as (x = a OR x = b), on one column: exact, unlike other ORs */
static bool
in_list(InfluxTable *t, ScalarArrayOpExpr *saop, RestSqlText *out)
{
	const char *opname = rest_builtin_opname(saop->opno);
	Node	   *right = lsecond(saop->args);
	const char *name;
	Var		   *var;
	Oid			elemtype;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			written = 0;
	int			i;

	if (opname == NULL || strcmp(opname, "=") != 0 || !saop->useOr ||
		!IsA(right, Const) || ((Const *) right)->constisnull ||
		(name = column_name(t, linitial(saop->args), &var)) == NULL ||
		strcmp(name, "time") == 0)
		return false;
	elemtype = get_element_type(((Const *) right)->consttype);
	nelems = rest_sql_array_elements(((Const *) right)->constvalue, elemtype,
									 &elems, &nulls);
	rest_sql_append(out, "(");
	for (i = 0; i < nelems; i++)
	{
		/* a NULL element never makes the IN true */
		if (nulls[i])
			continue;
		if (written++ > 0)
			rest_sql_append(out, " OR ");
		if (!comparison(t, name, var->vartype, saop->inputcollid, "=",
						elems[i], false, elemtype, out))
			return false;
	}
	rest_sql_append(out, ")");
	return written > 0;
}

static bool
cond(InfluxTable *t, Node *node, RestSqlText *out)
{
	if (node == NULL)
		return false;
	if (IsA(node, RestrictInfo))
		return cond(t, (Node *) ((RestrictInfo *) node)->clause, out);
	if (IsA(node, BoolExpr))
	{
		BoolExpr   *b = (BoolExpr *) node;
		ListCell   *lc;

		if (b->boolop != AND_EXPR)
			return false;
		rest_sql_append(out, "(");
		foreach(lc, b->args)
		{
			if (foreach_current_index(lc) > 0)
				rest_sql_append(out, " AND ");
			if (!cond(t, lfirst(lc), out))
				return false;
		}
		rest_sql_append(out, ")");
		return true;
	}
	if (IsA(node, OpExpr))
		return op_comparison(t, (OpExpr *) node, out);
	if (IsA(node, ScalarArrayOpExpr))
		return in_list(t, (ScalarArrayOpExpr *) node, out);
	return false;
}

/*
 * A WHERE condition InfluxDB evaluates exactly as PostgreSQL would: an AND
 * of comparisons of a column with a constant (see the top of the file).
 */
bool
rest_influxql_cond(const RestSqlSyntax *syn, Index relid, char **colnames,
				   int natts, Node *node, RestSqlText *out)
{
	InfluxTable t = {syn, relid, colnames, natts};

	return cond(&t, node, out);
}

/* Is the expression the time column, the one InfluxQL orders by? */
bool
rest_influxql_order_key(Index relid, char **colnames, int natts, Expr *expr)
{
	InfluxTable t = {NULL, relid, colnames, natts};
	Var		   *var;
	const char *name = column_name(&t, (Node *) expr, &var);

	return name != NULL && is_time(name, var->vartype);
}
