/*-------------------------------------------------------------------------
 *
 * deparse.c
 *		  The sql dialect: turning expressions into an engine's SQL text
 *
 * In the style of postgres_fdw's deparse.c, with one difference that shapes
 * everything here: the remote side is not PostgreSQL.  An expression is
 * sent only when the engine computes exactly what PostgreSQL would:
 *
 * - only built-in operators from a short list (comparisons, LIKE, + - *,
 *   and / and % where the engine agrees), on types whose literals we can
 *   spell for the engine;
 * - text is compared for equality only under a deterministic collation,
 *   and ordered only under the C collation (engines compare bytes);
 * - three-valued logic: engines such as ClickHouse 18 turn NULL into false
 *   inside AND and OR, which only matters under NOT.  Conditions are
 *   therefore written with NOT pushed down to the atoms (De Morgan), where
 *   a NULL stays NULL; IN lists never contain NULL;
 * - values known only at run time (query parameters, stable expressions,
 *   values from the outer side of a join) are kept as markers in the text
 *   and rendered as literals by the executor once they are computed.
 *
 * Deparsing and the check whether something can be sent are the same code:
 * a check deparses into a scratch buffer, so the two cannot disagree.
 *
 * Identifiers and literals are always quoted with the engine's own rules
 * (sql_syntax.c), so no value can change the meaning of the SQL.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "access/transam.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "compat.h"
#include "deparse.h"
#include "influxql.h"

/*
 * Can the engine sort values of this type as PostgreSQL does?  Floats are
 * left out (where NaN sorts differs), text needs the C collation.
 */
bool
rest_sortable_type(RestDeparseCtx *ctx, Oid type, Oid collation)
{
	if (rest_sql_is_int_type(type) || getBaseType(type) == NUMERICOID ||
		getBaseType(type) == BOOLOID)
		return true;
	if (rest_sql_is_datetime_type(type))
		return ctx->syn->datetimes;
	if (rest_sql_is_text_type(type))
		return rest_sql_collation_is_c(collation);
	return false;
}

/* ---- expressions -------------------------------------------------------- */

static bool deparse_value(RestDeparseCtx *ctx, Node *node, RestSqlText *out,
						  int style);
static bool deparse_cond(RestDeparseCtx *ctx, Node *node, bool negate,
						 RestSqlText *out);

static Node *
strip_relabel(Node *node)
{
	while (node && IsA(node, RelabelType))
		node = (Node *) ((RelabelType *) node)->arg;
	return node;
}

/* A column of the foreign table, or NULL */
static Var *
own_column(RestDeparseCtx *ctx, Node *node)
{
	node = strip_relabel(node);
	if (node && IsA(node, Var) &&
		((Var *) node)->varno == ctx->scanrel->relid &&
		((Var *) node)->varlevelsup == 0)
		return (Var *) node;
	return NULL;
}

/* expression_tree_walker: does a node refer to the foreign table? */
static bool
refers_to_scanrel(Node *node, void *arg)
{
	RestDeparseCtx *ctx = (RestDeparseCtx *) arg;

	if (node == NULL)
		return false;
	if (IsA(node, Var))
	{
		Var		   *var = (Var *) node;

		if (var->varlevelsup != 0)
			return true;		/* an outer query's: not ours to evaluate */
		return var->varno == ctx->scanrel->relid ||
			!bms_is_member(var->varno, ctx->outer_ok);
	}
	if (IsA(node, Aggref) || IsA(node, WindowFunc) || IsA(node, GroupingFunc) ||
		IsA(node, PlaceHolderVar) || IsA(node, SubLink) || IsA(node, SubPlan) ||
		IsA(node, AlternativeSubPlan) || IsA(node, CurrentOfExpr))
		return true;
	return expression_tree_walker(node, refers_to_scanrel, arg);
}

/*
 * Can the expression be computed before the request and sent as a literal?
 * No column of the foreign table, only outer relations we may depend on,
 * nothing volatile, and a type we can write.  Constants are written in
 * place instead.
 */
bool
rest_is_runtime_value(RestDeparseCtx *ctx, Expr *expr)
{
	Oid			type = exprType((Node *) expr);
	Oid			elem = get_element_type(type);

	if (IsA(expr, Const))
		return false;

	/*
	 * ClickHouse's Date and DateTime cover 1970 to 2105 only: a value known
	 * only at run time might have no literal, so only constants are sent.
	 */
	if (!ctx->syn->runtime_datetimes &&
		(rest_sql_is_datetime_type(type) || (OidIsValid(elem) && rest_sql_is_datetime_type(elem))))
		return false;
	if (!rest_sql_is_literal_type(ctx->syn, type) &&
		!(OidIsValid(elem) && rest_sql_is_literal_type(ctx->syn, elem)))
		return false;
	if (refers_to_scanrel((Node *) expr, ctx))
		return false;
	return !contain_volatile_functions((Node *) expr);
}

static int
add_value(RestDeparseCtx *ctx, Expr *expr)
{
	ListCell   *lc;
	int			i = 0;

	foreach(lc, ctx->values)
	{
		if (equal(lfirst(lc), expr))
			return i;
		i++;
	}
	ctx->values = lappend(ctx->values, expr);
	return i;
}

static void
append_column(RestDeparseCtx *ctx, Var *var, RestSqlText *out)
{
	StringInfoData buf;

	initStringInfo(&buf);
	rest_sql_quote_identifier(&buf, ctx->syn, ctx->colnames[var->varattno]);
	rest_sql_append(out, buf.data);
}

/* "(left op right[suffix])", each side written in its style */
static bool
deparse_infix(RestDeparseCtx *ctx, Node *left, const char *op, Node *right,
			  int lstyle, int rstyle, const char *suffix, RestSqlText *out)
{
	rest_sql_append(out, "(");
	if (!deparse_value(ctx, left, out, lstyle))
		return false;
	rest_sql_append(out, psprintf(" %s ", op));
	if (!deparse_value(ctx, right, out, rstyle))
		return false;
	if (suffix)
		rest_sql_append(out, suffix);
	rest_sql_append(out, ")");
	return true;
}

/* Arithmetic: + - * on numbers, / on floats, % on integers */
static bool
deparse_arith(RestDeparseCtx *ctx, OpExpr *op, const char *name, RestSqlText *out)
{
	Node	   *left = linitial(op->args);
	Node	   *right;

	if (list_length(op->args) == 1)
	{
		/* prefix minus */
		if (strcmp(name, "-") != 0 || !rest_sql_is_number_type(exprType(left)))
			return false;
		rest_sql_append(out, "(- ");
		if (!deparse_value(ctx, left, out, REST_SQL_VALUE))
			return false;
		rest_sql_append(out, ")");
		return true;
	}
	right = lsecond(op->args);
	if (!rest_sql_is_number_type(exprType(left)) || !rest_sql_is_number_type(exprType(right)) ||
		!rest_sql_is_number_type(op->opresulttype))
		return false;
	/* ClickHouse 18 fails on Decimal arithmetic of different scales */
	if (!ctx->syn->decimal_arith &&
		(getBaseType(exprType(left)) == NUMERICOID ||
		 getBaseType(exprType(right)) == NUMERICOID))
		return false;
	if (strcmp(name, "+") == 0 || strcmp(name, "-") == 0 || strcmp(name, "*") == 0)
		 /* ok */ ;
	else if (strcmp(name, "/") == 0)
	{
		/* integer and numeric division round differently in every engine */
		if (!rest_sql_is_float_type(exprType(left)) || !rest_sql_is_float_type(exprType(right)))
			return false;
	}
	else if (strcmp(name, "%") == 0)
	{
		if (!ctx->syn->modulo || !rest_sql_is_int_type(exprType(left)) ||
			!rest_sql_is_int_type(exprType(right)))
			return false;
	}
	else
		return false;

	return deparse_infix(ctx, left, name, right, REST_SQL_VALUE, REST_SQL_VALUE,
						 NULL, out);
}

/* An aggregate's argument, which must be a value we can send */
static Node *
single_agg_arg(Aggref *agg)
{
	TargetEntry *tle;

	if (list_length(agg->args) != 1)
		return NULL;
	tle = linitial_node(TargetEntry, agg->args);
	return (Node *) tle->expr;
}

/* Can the aggregate be sent as written (not its arguments)? */
static bool
plain_aggregate(Aggref *agg)
{
	return agg->aggsplit == AGGSPLIT_SIMPLE && agg->aggorder == NIL &&
		agg->aggfilter == NULL && !agg->aggvariadic &&
		agg->aggkind == AGGKIND_NORMAL && agg->aggfnoid < FirstGenbkiObjectId;
}

/*
 * count, sum, min, max and avg of floats.  An engine's aggregate over no
 * row (or only NULLs) gives 0 in ClickHouse, NULL in PostgreSQL: there the
 * argument is made Nullable, which turns it into NULL.
 */
static bool
deparse_agg(RestDeparseCtx *ctx, Aggref *agg, RestSqlText *out)
{
	char	   *name;
	Node	   *arg;
	Oid			argtype;
	bool		ch = (ctx->syn->engine == REST_SQL_CLICKHOUSE);
	const char *open;
	const char *close;

	if (!ctx->aggs_ok || !plain_aggregate(agg))
		return false;
	name = get_func_name(agg->aggfnoid);
	if (name == NULL)
		return false;

	if (strcmp(name, "count") == 0)
	{
		if (agg->aggstar)
		{
			rest_sql_append(out, "count(*)");
			return true;
		}
		arg = single_agg_arg(agg);
		if (arg == NULL)
			return false;
		if (agg->aggdistinct != NIL &&
			(list_length(agg->aggdistinct) != 1 ||
			 !rest_sql_collation_is_deterministic(agg->inputcollid)))
			return false;
		rest_sql_append(out, agg->aggdistinct ? "count(DISTINCT " : "count(");
		if (!deparse_value(ctx, arg, out, REST_SQL_VALUE))
			return false;
		rest_sql_append(out, ")");
		return true;
	}

	if (agg->aggdistinct != NIL || agg->aggstar)
		return false;
	arg = single_agg_arg(agg);
	if (arg == NULL)
		return false;
	argtype = getBaseType(exprType(arg));
	open = ch ? "(toNullable(" : "(";
	close = ch ? "))" : ")";

	if (strcmp(name, "sum") == 0)
	{
		if (argtype == INT8OID)
		{
			/* PostgreSQL's sum(bigint) is numeric: it does not overflow */
			if (!ch)
				return false;
			open = "(toNullable(toDecimal128(";
			close = ", 0)))";
		}
		else if (!rest_sql_is_number_type(argtype))
			return false;
		rest_sql_append(out, "sum");
	}
	else if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0)
	{
		if (rest_sql_is_float_type(argtype) ||
			!rest_sortable_type(ctx, argtype, agg->inputcollid))
			return false;
		rest_sql_append(out, name);
	}
	else if (strcmp(name, "avg") == 0)
	{
		/* integers and numeric go as sum and count: rest_deparse_avg_parts */
		if (!rest_sql_is_float_type(argtype))
			return false;
		rest_sql_append(out, "avg");
	}
	else
		return false;

	rest_sql_append(out, open);
	if (!deparse_value(ctx, arg, out, REST_SQL_VALUE))
		return false;
	rest_sql_append(out, close);
	return true;
}

/*
 * avg() of integers or numeric is exact in PostgreSQL: numeric_div of the
 * sum by the count.  Engines average in floating point, so the sum (as an
 * exact decimal) and the count are fetched and divided locally.
 */
bool
rest_deparse_avg_parts(RestDeparseCtx *ctx, Aggref *agg, RestSqlText *sum,
					   RestSqlText *count)
{
	char	   *name;
	Node	   *arg;
	Oid			argtype;
	bool		ch = (ctx->syn->engine == REST_SQL_CLICKHOUSE);

	if (!ctx->aggs_ok || !plain_aggregate(agg) || agg->aggdistinct || agg->aggstar)
		return false;
	name = get_func_name(agg->aggfnoid);
	arg = single_agg_arg(agg);
	if (name == NULL || strcmp(name, "avg") != 0 || arg == NULL)
		return false;
	argtype = getBaseType(exprType(arg));
	if (!rest_sql_is_int_type(argtype) && argtype != NUMERICOID)
		return false;
	if (argtype == INT8OID && !ch)
		return false;

	if (ch && argtype != NUMERICOID)
		rest_sql_append(sum, "sum(toNullable(toDecimal128(");
	else
		rest_sql_append(sum, ch ? "sum(toNullable(" : "sum(");
	if (!deparse_value(ctx, arg, sum, REST_SQL_VALUE))
		return false;
	if (ch && argtype != NUMERICOID)
		rest_sql_append(sum, ", 0)))");
	else
		rest_sql_append(sum, ch ? "))" : ")");

	rest_sql_append(count, "count(");
	if (!deparse_value(ctx, arg, count, REST_SQL_VALUE))
		return false;
	rest_sql_append(count, ")");
	return true;
}

static bool
deparse_value(RestDeparseCtx *ctx, Node *node, RestSqlText *out, int style)
{
	Var		   *var;

	if (node == NULL)
		return false;
	if (IsA(node, Const))
	{
		Const	   *c = (Const *) node;
		StringInfoData buf;

		if (!rest_sql_is_literal_type(ctx->syn, c->consttype))
			return false;
		initStringInfo(&buf);
		if (!rest_sql_literal(&buf, ctx->syn, c->constvalue, c->constisnull,
							  c->consttype, style))
			return false;
		rest_sql_append(out, buf.data);
		return true;
	}
	if ((var = own_column(ctx, node)) != NULL)
	{
		if (var->varattno <= 0 || var->varattno > ctx->natts ||
			ctx->colnames[var->varattno] == NULL ||
			!rest_sql_is_literal_type(ctx->syn, var->vartype))
			return false;
		append_column(ctx, var, out);
		return true;
	}
	if (rest_is_runtime_value(ctx, (Expr *) node))
	{
		if (OidIsValid(get_element_type(exprType(node))))
			return false;		/* arrays only in IN */
		rest_sql_append_marker(out, add_value(ctx, (Expr *) node), style, NULL);
		return true;
	}

	switch (nodeTag(node))
	{
		case T_RelabelType:
			return deparse_value(ctx, (Node *) ((RelabelType *) node)->arg, out, style);
		case T_FuncExpr:
			{
				FuncExpr   *fe = (FuncExpr *) node;

				/*
				 * A widening cast to bigint: spelled out, since engines
				 * widen arithmetic differently (ClickHouse wraps Int32).
				 */
				if ((fe->funcformat == COERCE_IMPLICIT_CAST ||
					 fe->funcformat == COERCE_EXPLICIT_CAST) &&
					list_length(fe->args) == 1 &&
					fe->funcid < FirstGenbkiObjectId &&
					rest_sql_is_int_type(exprType(linitial(fe->args))) &&
					getBaseType(fe->funcresulttype) == INT8OID)
				{
					bool		ch = (ctx->syn->engine == REST_SQL_CLICKHOUSE);

					rest_sql_append(out, ch ? "toInt64(" : "CAST(");
					if (!deparse_value(ctx, linitial(fe->args), out, REST_SQL_VALUE))
						return false;
					rest_sql_append(out, ch ? ")" : " AS BIGINT)");
					return true;
				}
				return false;
			}
		case T_OpExpr:
			{
				OpExpr	   *op = (OpExpr *) node;
				const char *name = rest_builtin_opname(op->opno);

				if (name == NULL || op->opresulttype == BOOLOID)
					return false;
				return deparse_arith(ctx, op, name, out);
			}
		case T_Aggref:
			return deparse_agg(ctx, (Aggref *) node, out);
		default:
			return false;
	}
}

/* Which way to round a timestamp value compared with a column (see top) */
static int
timestamp_style(const char *opname, bool value_on_right)
{
	bool		gt = (strcmp(opname, ">") == 0);
	bool		ge = (strcmp(opname, ">=") == 0);
	bool		lt = (strcmp(opname, "<") == 0);
	bool		le = (strcmp(opname, "<=") == 0);

	if (!value_on_right)
	{
		/* value OP column is column OP' value */
		bool		t;

		t = gt;
		gt = lt;
		lt = t;
		t = ge;
		ge = le;
		le = t;
	}
	/* column > 5.5 is column > 5, column >= 5.5 is column >= 6, ... */
	if (gt || le)
		return REST_SQL_VALUE_FLOOR;
	if (ge || lt)
		return REST_SQL_VALUE_CEIL;
	return REST_SQL_VALUE;
}

static bool
is_value_side(RestDeparseCtx *ctx, Node *node)
{
	node = strip_relabel(node);
	return IsA(node, Const) || rest_is_runtime_value(ctx, (Expr *) node);
}

/* A comparison or LIKE; NULL in, NULL out, so NOT needs no care */
static bool
deparse_comparison(RestDeparseCtx *ctx, OpExpr *op, RestSqlText *out)
{
	const char *name = rest_builtin_opname(op->opno);
	Node	   *left;
	Node	   *right;
	Oid			ltype;
	Oid			rtype;
	const char *sqlop = NULL;
	int			lstyle = REST_SQL_VALUE;
	int			rstyle = REST_SQL_VALUE;
	bool		is_like = false;

	if (name == NULL || list_length(op->args) != 2)
		return false;
	left = linitial(op->args);
	right = lsecond(op->args);
	ltype = getBaseType(exprType(left));
	rtype = getBaseType(exprType(right));

	if (strcmp(name, "~~") == 0 || strcmp(name, "!~~") == 0 ||
		strcmp(name, "~~*") == 0 || strcmp(name, "!~~*") == 0)
	{
		bool		ci = (strchr(name, '*') != NULL);

		if (!rest_sql_is_text_type(ltype) || !rest_sql_is_text_type(rtype) ||
			!rest_sql_collation_is_deterministic(op->inputcollid))
			return false;
		if (ci ? !ctx->syn->ilike : !ctx->syn->like)
			return false;
		sqlop = name[0] == '!' ? (ci ? "NOT ILIKE" : "NOT LIKE") : (ci ? "ILIKE" : "LIKE");
		is_like = true;
	}
	else if (strcmp(name, "=") == 0 || strcmp(name, "<>") == 0 ||
			 strcmp(name, "<") == 0 || strcmp(name, "<=") == 0 ||
			 strcmp(name, ">") == 0 || strcmp(name, ">=") == 0)
	{
		bool		ordering = (name[0] != '=' && strcmp(name, "<>") != 0);

		sqlop = name;
		if (rest_sql_is_number_type(ltype) && rest_sql_is_number_type(rtype))
			 /* ok */ ;
		else if (ltype != rtype)
			return false;
		else if (rest_sql_is_text_type(ltype))
		{
			if (ordering ? !rest_sql_collation_is_c(op->inputcollid) :
				!rest_sql_collation_is_deterministic(op->inputcollid))
				return false;
		}
		else if (ltype == BOOLOID)
		{
			if (ordering)
				return false;
		}
		else if (rest_sql_is_datetime_type(ltype))
		{
			if (!ctx->syn->datetimes)
				return false;
			if (ctx->syn->whole_seconds && ltype != DATEOID)
			{
				/* a value with a fraction is rounded to whole seconds */
				if (is_value_side(ctx, right) && !is_value_side(ctx, left))
					rstyle = timestamp_style(name, true);
				else if (is_value_side(ctx, left) && !is_value_side(ctx, right))
					lstyle = timestamp_style(name, false);

				/*
				 * = and <> have no such rounding: only constants, checked
				 * when written, can be sent.
				 */
				if ((rstyle == REST_SQL_VALUE && !IsA(strip_relabel(right), Const) &&
					 is_value_side(ctx, right)) ||
					(lstyle == REST_SQL_VALUE && !IsA(strip_relabel(left), Const) &&
					 is_value_side(ctx, left)))
					return false;
			}
		}
		else
			return false;
	}
	else
		return false;

	return deparse_infix(ctx, left, sqlop, right, lstyle, rstyle,
						 is_like && ctx->syn->like_escape_clause ? " ESCAPE '\\'" : NULL,
						 out);
}

/*
 * x = ANY(array) and x <> ALL(array), as IN lists.  NULL elements are left
 * out; they only ever turn false into NULL, which a negated form must
 * respect: NOT (x IN (1, NULL)) is never true.
 */
static bool
deparse_in(RestDeparseCtx *ctx, ScalarArrayOpExpr *saop, bool negate,
		   RestSqlText *out)
{
	const char *name = rest_builtin_opname(saop->opno);
	Node	   *left = linitial(saop->args);
	Node	   *right = lsecond(saop->args);
	Oid			elemtype = get_element_type(exprType(right));
	RestSqlText lhs;
	bool		positive;

	if (name == NULL || !OidIsValid(elemtype) || !rest_sql_is_literal_type(ctx->syn, elemtype))
		return false;
	if (strcmp(name, "=") == 0 && saop->useOr)
		positive = !negate;
	else if (strcmp(name, "<>") == 0 && !saop->useOr)
		positive = negate;
	else
		return false;
	if (rest_sql_is_text_type(elemtype) && !rest_sql_collation_is_deterministic(saop->inputcollid))
		return false;
	if (rest_sql_is_datetime_type(elemtype) && ctx->syn->whole_seconds &&
		getBaseType(elemtype) != DATEOID && !IsA(right, Const))
		return false;
	if (!rest_sql_is_number_type(elemtype) || !rest_sql_is_number_type(exprType(left)))
	{
		if (getBaseType(elemtype) != getBaseType(exprType(left)))
			return false;
	}

	rest_sql_text_init(&lhs);
	if (!deparse_value(ctx, left, &lhs, REST_SQL_VALUE))
		return false;

	if (IsA(right, Const))
	{
		Const	   *c = (Const *) right;
		StringInfoData list;
		bool		has_null;
		int			nitems = 0;

		initStringInfo(&list);
		if (!c->constisnull &&
			!rest_sql_literal_list(&list, ctx->syn, c->constvalue, elemtype,
								   &nitems, &has_null))
			return false;
		if (c->constisnull)
			rest_sql_append(out, "(1 = 0)");	/* x = ANY(NULL) is NULL */
		else if (positive)
		{
			if (nitems == 0)
				rest_sql_append(out, "(1 = 0)");
			else
			{
				rest_sql_append(out, "(");
				rest_sql_append_sql(out, &lhs);
				rest_sql_append(out, psprintf(" IN (%s))", list.data));
			}
		}
		else if (has_null)
			rest_sql_append(out, "(1 = 0)");
		else if (nitems == 0)
			rest_sql_append(out, "(1 = 1)");
		else
		{
			RestSqlText again;

			/* ClickHouse: NULL NOT IN (1, 2) is true */
			rest_sql_text_init(&again);
			(void) deparse_value(ctx, left, &again, REST_SQL_VALUE);
			rest_sql_append(out, "(");
			rest_sql_append_sql(out, &lhs);
			rest_sql_append(out, " IS NOT NULL AND ");
			rest_sql_append_sql(out, &again);
			rest_sql_append(out, psprintf(" NOT IN (%s))", list.data));
		}
		return true;
	}

	/* an array known at run time: the executor writes the whole IN */
	if (positive && rest_is_runtime_value(ctx, (Expr *) right))
	{
		bool		lhs_markers;
		char	   *lhs_text = rest_sql_plain_text(&lhs, &lhs_markers);

		if (lhs_markers)
			return false;
		rest_sql_append_marker(out, add_value(ctx, (Expr *) right), REST_SQL_VALUE_IN,
					  lhs_text);
		return true;
	}
	return false;
}

/*
 * A condition, with NOT pushed down to the atoms: negate asks for the
 * condition "expr is false".
 */
static bool
deparse_cond(RestDeparseCtx *ctx, Node *node, bool negate, RestSqlText *out)
{
	if (node == NULL)
		return false;
	if (IsA(node, BoolExpr))
	{
		BoolExpr   *b = (BoolExpr *) node;
		const char *sep;
		ListCell   *lc;
		bool		first = true;

		if (b->boolop == NOT_EXPR)
			return deparse_cond(ctx, linitial(b->args), !negate, out);
		sep = ((b->boolop == AND_EXPR) != negate) ? " AND " : " OR ";
		rest_sql_append(out, "(");
		foreach(lc, b->args)
		{
			if (!first)
				rest_sql_append(out, sep);
			first = false;
			if (!deparse_cond(ctx, lfirst(lc), negate, out))
				return false;
		}
		rest_sql_append(out, ")");
		return true;
	}
	if (IsA(node, RestrictInfo))
		return deparse_cond(ctx, (Node *) ((RestrictInfo *) node)->clause, negate, out);
	if (IsA(node, ScalarArrayOpExpr))
		return deparse_in(ctx, (ScalarArrayOpExpr *) node, negate, out);
	if (IsA(node, NullTest))
	{
		NullTest   *nt = (NullTest *) node;
		bool		is_null = (nt->nulltesttype == IS_NULL) != negate;

		if (nt->argisrow || type_is_rowtype(exprType((Node *) nt->arg)))
			return false;
		rest_sql_append(out, "(");
		if (!deparse_value(ctx, (Node *) nt->arg, out, REST_SQL_VALUE))
			return false;
		rest_sql_append(out, is_null ? " IS NULL)" : " IS NOT NULL)");
		return true;
	}

	/* atoms are NULL for NULL input in every engine: NOT is safe on them */
	if (negate)
		rest_sql_append(out, "NOT ");
	if (IsA(node, OpExpr) && ((OpExpr *) node)->opresulttype == BOOLOID)
		return deparse_comparison(ctx, (OpExpr *) node, out);
	if (exprType(node) == BOOLOID)
	{
		/* a boolean column, or a boolean value */
		rest_sql_append(out, "(");
		if (!deparse_value(ctx, node, out, REST_SQL_VALUE))
			return false;
		rest_sql_append(out, ")");
		return true;
	}
	return false;
}

/*
 * Deparse a condition or a value into a scratch buffer, and keep the text
 * (and the runtime values it adds) only when all of it can be sent and out
 * is given: a check is the same code as the deparse.
 */
static bool
deparse_checked(RestDeparseCtx *ctx, Expr *expr, bool cond, RestSqlText *out)
{
	RestSqlText scratch;
	List	   *saved = list_copy(ctx->values);
	bool		ok;

	rest_sql_text_init(&scratch);
	if (cond && ctx->syn->engine == REST_SQL_INFLUXQL)
		ok = rest_influxql_cond(ctx->syn, ctx->scanrel->relid, ctx->colnames,
								ctx->natts, (Node *) expr, &scratch);
	else if (cond)
		ok = deparse_cond(ctx, (Node *) expr, false, &scratch);
	else
		ok = deparse_value(ctx, (Node *) expr, &scratch, REST_SQL_VALUE);
	if (!ok || out == NULL)
	{
		ctx->values = saved;
		return ok;
	}
	rest_sql_append_sql(out, &scratch);
	return true;
}

bool
rest_deparse_cond(RestDeparseCtx *ctx, Expr *expr, RestSqlText *out)
{
	return deparse_checked(ctx, expr, true, out);
}

bool
rest_deparse_value(RestDeparseCtx *ctx, Expr *expr, RestSqlText *out)
{
	return deparse_checked(ctx, expr, false, out);
}

bool
rest_cond_is_shippable(RestDeparseCtx *ctx, Expr *expr)
{
	return rest_deparse_cond(ctx, expr, NULL);
}

bool
rest_value_is_shippable(RestDeparseCtx *ctx, Expr *expr)
{
	return rest_deparse_value(ctx, expr, NULL);
}

/* ---- ORDER BY ------------------------------------------------------------ */

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
		if (ctx->syn->engine == REST_SQL_INFLUXQL ?
			!rest_influxql_order_key(ctx->scanrel->relid, ctx->colnames, ctx->natts,
									 expr) :
			!ctx->syn->nulls_order && !never_null(ctx, expr))
			continue;
		rest_sql_text_init(&text);
		if (!rest_deparse_value(ctx, expr, &text))
			continue;
		rest_sql_append_sql(out, &text);
		rest_sql_append(out, rest_pathkey_is_desc(pk) ? " DESC" : " ASC");
		if (ctx->syn->nulls_order)
			rest_sql_append(out, pk->pk_nulls_first ? " NULLS FIRST" : " NULLS LAST");
		return true;
	}
	return false;
}

/*
 * " ORDER BY ..." for the pathkeys of rel (an upper relation: its grouped
 * tlist, what its SQL returns), or false when some key cannot be sent.
 */
bool
rest_deparse_order_by(RestDeparseCtx *ctx, RelOptInfo *rel, List *pathkeys,
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

/* ---- the SELECT ---------------------------------------------------------- */

/* FROM clause: the remote table (its dotted parts quoted) or the query */
static void
append_from(RestDeparseCtx *ctx, const RestSelect *sel, RestSqlText *out)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, " FROM ");
	if (sel->remote_query)
	{
		/* on lines of its own: a trailing comment cannot eat the ")" */
		appendStringInfo(&buf, "(\n%s\n) AS ", sel->remote_query);
		rest_sql_quote_identifier(&buf, ctx->syn, "rest_fdw_query");
	}
	else
	{
		char	   *copy = pstrdup(sel->remote_table);
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

/* " WHERE a AND b" (or HAVING) of conditions checked to be shippable */
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

/* ", " before every output but the first, then "expr AS alias" */
static void
append_output(RestDeparseCtx *ctx, RestSqlText *expr, const char *alias,
			  RestSqlText *out)
{
	StringInfoData buf;

	initStringInfo(&buf);
	rest_sql_quote_identifier(&buf, ctx->syn, alias);
	rest_sql_append_sql(out, expr);
	rest_sql_append(out, " AS ");
	rest_sql_append(out, buf.data);
}

/*
 * The outputs of a base scan: the columns needed, each remote name once
 * (two columns may read the same one); "1" when none is, to count rows.
 */
static void
append_base_outputs(RestDeparseCtx *ctx, const RestSelect *sel,
					RestSqlText *out, RestSelectResult *result)
{
	List	   *keys = NIL;
	int			position = 0;
	int			i;

	/*
	 * InfluxDB leaves out a point whose selected fields are all missing:
	 * all of them are selected, and read by name (format json_columns).
	 */
	bool		star = (ctx->syn->engine == REST_SQL_INFLUXQL);

	for (i = 1; i <= ctx->natts; i++)
	{
		const char *name = ctx->colnames[i];
		int			pos;
		ListCell   *k;

		if (name == NULL ||
			!(bms_is_member(i - FirstLowInvalidHeapAttributeNumber, sel->attrs) ||
			  bms_is_member(0 - FirstLowInvalidHeapAttributeNumber, sel->attrs)))
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
			if (!star)
			{
				rest_sql_append(out, position > 0 ? ", " : "");
				rest_sql_append(out, buf.data);
			}
			keys = lappend(keys, makeString((char *) name));
			pos = position++;
		}
		result->columns = lappend(result->columns,
								  make_column(i, name, get_attname(sel->relid, i, false),
											  pos));
	}
	if (star)
		rest_sql_append(out, "*");
	else if (position == 0)
		rest_sql_append(out, "1");
}

/*
 * avg of integers or numeric, exact in PostgreSQL: its sum and count, each
 * in a hidden scan column, divided by the executor (the fixup).
 */
static void
append_avg_outputs(RestDeparseCtx *ctx, TargetEntry *tle, const char *alias,
				   int *position, RestSqlText *out, RestSelectResult *result)
{
	RestSqlText sum;
	RestSqlText count;
	const char *count_alias = output_alias(ctx, *position + 2);
	int			resno = list_length(result->scan_tlist);

	rest_sql_text_init(&sum);
	rest_sql_text_init(&count);
	if (!IsA(tle->expr, Aggref) ||
		!rest_deparse_avg_parts(ctx, (Aggref *) tle->expr, &sum, &count))
		elog(ERROR, "rest_fdw: output cannot be deparsed after all");
	append_output(ctx, &sum, alias, out);
	rest_sql_append(out, ", ");
	append_output(ctx, &count, count_alias, out);

	/* hidden scan columns for the parts; constants never match */
	result->scan_tlist = lappend(result->scan_tlist,
								 makeTargetEntry((Expr *) makeNullConst(NUMERICOID, -1, InvalidOid),
												 ++resno, NULL, true));
	result->columns = lappend(result->columns,
							  make_column(resno, alias, "avg (sum)", (*position)++));
	result->scan_tlist = lappend(result->scan_tlist,
								 makeTargetEntry((Expr *) makeNullConst(INT8OID, -1, InvalidOid),
												 ++resno, NULL, true));
	result->columns = lappend(result->columns,
							  make_column(resno, count_alias, "avg (count)", (*position)++));
	result->fixups = lappend(result->fixups,
							 list_make3_int(tle->resno, resno - 1, resno));
}

/* The outputs of a grouped scan, each under an alias no column has */
static void
append_grouped_outputs(RestDeparseCtx *ctx, const RestSelect *sel,
					   RestSqlText *out, RestSelectResult *result)
{
	ListCell   *lc;
	int			position = 0;

	result->scan_tlist = copyObject(sel->grouped_tlist);
	foreach(lc, sel->grouped_tlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		RestSqlText expr;
		char	   *alias = output_alias(ctx, position + 1);
		char	   *name;

		/* the column's name in messages */
		name = IsA(tle->expr, Aggref) ?
			get_func_name(((Aggref *) tle->expr)->aggfnoid) :
			IsA(tle->expr, Var) ?
			get_attname(sel->relid, ((Var *) tle->expr)->varattno, false) :
			alias;
		if (position > 0)
			rest_sql_append(out, ", ");
		rest_sql_text_init(&expr);
		if (rest_deparse_value(ctx, tle->expr, &expr))
		{
			append_output(ctx, &expr, alias, out);
			result->columns = lappend(result->columns,
									  make_column(tle->resno, alias, name, position++));
		}
		else
			append_avg_outputs(ctx, tle, alias, &position, out, result);
	}
}

/* " GROUP BY ..." of the grouped outputs that are grouping keys */
static void
append_group_by(RestDeparseCtx *ctx, List *grouped_tlist, RestSqlText *out)
{
	ListCell   *lc;
	bool		first = true;

	foreach(lc, grouped_tlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);

		if (!tle->ressortgroupref)
			continue;
		rest_sql_append(out, first ? " GROUP BY " : ", ");
		first = false;
		if (!rest_deparse_value(ctx, tle->expr, out))
			elog(ERROR, "rest_fdw: GROUP BY cannot be deparsed after all");
	}
}

/* " LIMIT n OFFSET m", as far as the engine can say it */
static void
append_limit(RestDeparseCtx *ctx, int64 count, int64 offset, RestSqlText *out)
{
	if (count >= 0)
		rest_sql_append(out, psprintf(" LIMIT " INT64_FORMAT, count));
	else if (offset > 0 && !ctx->syn->offset_alone)
		rest_sql_append(out, psprintf(" LIMIT %s", ctx->syn->limit_all));
	if (offset > 0)
		rest_sql_append(out, psprintf(" OFFSET " INT64_FORMAT, offset));
}

/*
 * The SELECT of a scan, from what the planner decided to send; every part
 * was checked to be shippable then, so failing now is a bug.  Runtime
 * values go to ctx->values (the plan's fdw_exprs) in the order of the text.
 */
List *
rest_deparse_select(RestDeparseCtx *ctx, const RestSelect *sel,
					RestSelectResult *result)
{
	RestSqlText sql;

	memset(result, 0, sizeof(RestSelectResult));
	rest_sql_text_init(&sql);
	rest_sql_append(&sql, "SELECT ");
	if (sel->grouped_tlist == NIL)
		append_base_outputs(ctx, sel, &sql, result);
	else
		append_grouped_outputs(ctx, sel, &sql, result);
	append_from(ctx, sel, &sql);
	append_conds(ctx, sel->where, " WHERE ", &sql);
	append_group_by(ctx, sel->grouped_tlist, &sql);
	append_conds(ctx, sel->having, " HAVING ", &sql);

	/* ORDER BY: the path's order, made remotely */
	if (sel->pathkeys != NIL &&
		!rest_deparse_order_by(ctx, sel->rel, sel->pathkeys, sel->grouped_tlist,
							   &sql))
		elog(ERROR, "rest_fdw: ORDER BY cannot be deparsed after all");
	append_limit(ctx, sel->limit, sel->offset, &sql);
	return rest_sql_parts(&sql);
}
