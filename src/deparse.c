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
 * (rest_sql_quote_identifier, rest_sql_quote_string), so no value can
 * change the meaning of the SQL.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/transam.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/pg_locale.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "deparse.h"

/*
 * The syntaxes, selected by option sql_syntax (presets set it).
 *
 * ansi: double-quoted identifiers, '' in strings, TRUE/FALSE, DATE and
 * TIMESTAMP literals, LIKE with an explicit ESCAPE (Druid SQL,
 * Elasticsearch SQL, Trino...).  ORDER BY is sent only on NOT NULL
 * columns, since where such engines put nulls varies.
 *
 * clickhouse: backquoted identifiers, backslash escapes, 1/0 for booleans,
 * toDate()/toDateTime() literals; DateTime has whole seconds (18.x).
 *
 * sqlite (Datasette): LIKE is case-insensitive there and dates are text,
 * so neither is sent.
 *
 * postgres: engines that speak PostgreSQL's SQL (CrateDB, ...), ILIKE too.
 */
static const RestSqlSyntax syntaxes[] = {
	{
		.name = "ansi", .engine = REST_SQL_ANSI, .ident_quote = '"',
		.like = true, .like_escape_clause = true, .datetimes = true,
		.offset_alone = true, .decimal_arith = true, .runtime_datetimes = true
	},
	{
		.name = "clickhouse", .engine = REST_SQL_CLICKHOUSE, .ident_quote = '`',
		.backslash_strings = true, .bool_as_int = true, .like = true,
		.nulls_order = true, .datetimes = true, .whole_seconds = true,
		.modulo = true, .decimal_literals = true
	},
	{
		.name = "sqlite", .engine = REST_SQL_SQLITE, .ident_quote = '"',
		.bool_as_int = true, .nulls_order = true, .modulo = true,
		.limit_all = "-1", .decimal_arith = true
	},
	{
		.name = "postgres", .engine = REST_SQL_POSTGRES, .ident_quote = '"',
		.like = true, .ilike = true, .nulls_order = true, .datetimes = true,
		.modulo = true, .offset_alone = true, .decimal_arith = true,
		.runtime_datetimes = true
	},
	{NULL}
};

const RestSqlSyntax *
rest_sql_syntax(const char *name)
{
	const RestSqlSyntax *syn;

	for (syn = syntaxes; syn->name; syn++)
		if (pg_strcasecmp(syn->name, name) == 0)
			return syn;
	return &syntaxes[0];
}

/* ---- SQL text with runtime values ----------------------------------- */

void
rest_sql_text_init(RestSqlText *t)
{
	t->parts = NIL;
	initStringInfo(&t->cur);
}

void
rest_sql_append(RestSqlText *t, const char *text)
{
	appendStringInfoString(&t->cur, text);
}

static void
flush_text(RestSqlText *t)
{
	if (t->cur.len > 0)
	{
		t->parts = lappend(t->parts, makeString(pstrdup(t->cur.data)));
		resetStringInfo(&t->cur);
	}
}

static void
append_marker(RestSqlText *t, int index, int style, const char *text)
{
	flush_text(t);
	t->parts = lappend(t->parts, list_make3(makeInteger(index), makeInteger(style),
											makeString(pstrdup(text ? text : ""))));
}

void
rest_sql_append_sql(RestSqlText *t, RestSqlText *other)
{
	flush_text(t);
	flush_text(other);
	t->parts = list_concat(t->parts, other->parts);
	other->parts = NIL;
}

List *
rest_sql_parts(RestSqlText *t)
{
	flush_text(t);
	return t->parts;
}

/* The text of parts without markers, for the text inside an IN marker */
static char *
plain_text(RestSqlText *t, bool *has_markers)
{
	StringInfoData buf;
	ListCell   *lc;

	flush_text(t);
	initStringInfo(&buf);
	*has_markers = false;
	foreach(lc, t->parts)
	{
		if (IsA(lfirst(lc), String))
			appendStringInfoString(&buf, strVal(lfirst(lc)));
		else
			*has_markers = true;
	}
	return buf.data;
}

/* ---- quoting ------------------------------------------------------------ */

void
rest_sql_quote_identifier(StringInfo buf, const RestSqlSyntax *syn,
						  const char *ident)
{
	const char *p;

	appendStringInfoChar(buf, syn->ident_quote);
	for (p = ident; *p; p++)
	{
		if (syn->backslash_strings && (*p == '\\' || *p == syn->ident_quote))
			appendStringInfoChar(buf, '\\');
		else if (!syn->backslash_strings && *p == syn->ident_quote)
			appendStringInfoChar(buf, syn->ident_quote);
		appendStringInfoChar(buf, *p);
	}
	appendStringInfoChar(buf, syn->ident_quote);
}

void
rest_sql_quote_string(StringInfo buf, const RestSqlSyntax *syn, const char *text)
{
	const char *p;

	appendStringInfoChar(buf, '\'');
	for (p = text; *p; p++)
	{
		if (!syn->backslash_strings)
		{
			if (*p == '\'')
				appendStringInfoChar(buf, '\'');
			appendStringInfoChar(buf, *p);
			continue;
		}
		switch (*p)
		{
			case '\\':
				appendStringInfoString(buf, "\\\\");
				break;
			case '\'':
				appendStringInfoString(buf, "\\'");
				break;
			case '\n':
				appendStringInfoString(buf, "\\n");
				break;
			case '\r':
				appendStringInfoString(buf, "\\r");
				break;
			case '\t':
				appendStringInfoString(buf, "\\t");
				break;
			default:
				appendStringInfoChar(buf, *p);
		}
	}
	appendStringInfoChar(buf, '\'');
}

/* ---- types -------------------------------------------------------------- */

static bool
is_int_type(Oid type)
{
	type = getBaseType(type);
	return type == INT2OID || type == INT4OID || type == INT8OID;
}

static bool
is_float_type(Oid type)
{
	type = getBaseType(type);
	return type == FLOAT4OID || type == FLOAT8OID;
}

static bool
is_number_type(Oid type)
{
	return is_int_type(type) || is_float_type(type) ||
		getBaseType(type) == NUMERICOID;
}

/* Text types; char(n) is left out, its comparisons ignore padding */
static bool
is_text_type(Oid type)
{
	type = getBaseType(type);
	return type == TEXTOID || type == VARCHAROID;
}

static bool
is_datetime_type(Oid type)
{
	type = getBaseType(type);
	return type == DATEOID || type == TIMESTAMPOID || type == TIMESTAMPTZOID;
}

/* Types whose values we can write as literals of the engine */
static bool
is_literal_type(const RestSqlSyntax *syn, Oid type)
{
	return is_number_type(type) || is_text_type(type) ||
		getBaseType(type) == BOOLOID ||
		(syn->datetimes && is_datetime_type(type));
}

/* Does the collation order text by bytes, as the engines do? */
static bool
collation_is_c(Oid collid)
{
	if (collid == C_COLLATION_OID || collid == POSIX_COLLATION_OID)
		return true;
#if PG_VERSION_NUM < 170000
	return OidIsValid(collid) && lc_collate_is_c(collid);
#else
	return false;
#endif
}

/* Are equal strings equal bytes under the collation? */
static bool
collation_is_deterministic(Oid collid)
{
	return !OidIsValid(collid) || get_collation_isdeterministic(collid);
}

/*
 * Can the engine sort values of this type as PostgreSQL does?  Floats are
 * left out (where NaN sorts differs), text needs the C collation.
 */
bool
rest_sortable_type(RestDeparseCtx *ctx, Oid type, Oid collation)
{
	if (is_int_type(type) || getBaseType(type) == NUMERICOID ||
		getBaseType(type) == BOOLOID)
		return true;
	if (is_datetime_type(type))
		return ctx->syn->datetimes;
	if (is_text_type(type))
		return collation_is_c(collation);
	return false;
}

/* ---- literals ----------------------------------------------------------- */

/* Seconds since 1970 of a PostgreSQL timestamp */
#define EPOCH_SECONDS(ts) \
	((ts) / USECS_PER_SEC + ((POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY))

static bool
append_timestamp(StringInfo buf, const RestSqlSyntax *syn, Timestamp ts,
				 bool with_zone, int style)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_NOT_FINITE(ts))
		return false;
	if (syn->whole_seconds && ts % USECS_PER_SEC != 0)
	{
		Timestamp	floor = ts - ((ts % USECS_PER_SEC) + USECS_PER_SEC) % USECS_PER_SEC;

		if (style == REST_SQL_VALUE_FLOOR)
			ts = floor;
		else if (style == REST_SQL_VALUE_CEIL)
			ts = floor + USECS_PER_SEC;
		else
			return false;
	}
	if (timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0 || tm.tm_year <= 0)
		return false;

	if (syn->engine == REST_SQL_CLICKHOUSE)
	{
		/* DateTime is unsigned seconds since 1970; keep well inside it */
		if (EPOCH_SECONDS(ts) < SECS_PER_DAY ||
			EPOCH_SECONDS(ts) > INT64CONST(4294967295) - SECS_PER_DAY)
			return false;
		appendStringInfo(buf, "toDateTime('%04d-%02d-%02d %02d:%02d:%02d'%s)",
						 tm.tm_year, tm.tm_mon, tm.tm_mday,
						 tm.tm_hour, tm.tm_min, tm.tm_sec,
						 with_zone ? ", 'UTC'" : "");
		return true;
	}
	appendStringInfo(buf, "%s '%04d-%02d-%02d %02d:%02d:%02d",
					 with_zone && syn->engine == REST_SQL_POSTGRES ?
					 "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP",
					 tm.tm_year, tm.tm_mon, tm.tm_mday,
					 tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (fsec != 0)
		appendStringInfo(buf, ".%06d", (int) fsec);
	appendStringInfoString(buf, with_zone && syn->engine == REST_SQL_POSTGRES ?
						   "+00'" : "'");
	return true;
}

/*
 * Append a value as a literal of the engine.  Returns false when it has
 * none (NaN, infinity, BC dates, out of the engine's range).  style says
 * how to round a timestamp with a fraction for engines of whole seconds.
 */
bool
rest_sql_literal(StringInfo buf, const RestSqlSyntax *syn, Datum value,
				 bool isnull, Oid type, int style)
{
	char	   *str;

	if (isnull)
	{
		appendStringInfoString(buf, "NULL");
		return true;
	}
	switch (getBaseType(type))
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
			{
				int64		v;

				if (getBaseType(type) == INT2OID)
					v = DatumGetInt16(value);
				else if (getBaseType(type) == INT4OID)
					v = DatumGetInt32(value);
				else
					v = DatumGetInt64(value);
				if (v == PG_INT64_MIN)
					appendStringInfoString(buf, "(-9223372036854775807 - 1)");
				else if (v < 0)
					appendStringInfo(buf, "(" INT64_FORMAT ")", v);
				else
					appendStringInfo(buf, INT64_FORMAT, v);
				return true;
			}
		case FLOAT4OID:
		case FLOAT8OID:
			{
				/* a float4 as the double it is, so that it compares equal */
				double		v = getBaseType(type) == FLOAT4OID ?
					(double) DatumGetFloat4(value) : DatumGetFloat8(value);

				if (isnan(v) || isinf(v))
					return false;
				str = float8out_internal(v);
				if (strspn(str, "-0123456789") == strlen(str))
					str = psprintf("%s.0", str);	/* keep it a float */
				appendStringInfo(buf, v < 0 ? "(%s)" : "%s", str);
				return true;
			}
		case NUMERICOID:
			{
				const char *dot;
				int			digits;

				if (numeric_is_nan(DatumGetNumeric(value)))
					return false;
				str = DatumGetCString(DirectFunctionCall1(numeric_out, value));
				if (strchr(str, 'I') != NULL)	/* Infinity (PostgreSQL 14+) */
					return false;
				if (!syn->decimal_literals)
				{
					appendStringInfo(buf, str[0] == '-' ? "(%s)" : "%s", str);
					return true;
				}
				/* ClickHouse compares Decimal only with Decimal */
				digits = strspn(str + (str[0] == '-'), "0123456789");
				dot = strchr(str, '.');
				if (dot)
					digits += strlen(dot + 1);
				if (digits > 38)
					return false;
				appendStringInfo(buf, "toDecimal128('%s', %d)", str,
								 dot ? (int) strlen(dot + 1) : 0);
				return true;
			}
		case BOOLOID:
			if (syn->bool_as_int)
				appendStringInfoString(buf, DatumGetBool(value) ? "1" : "0");
			else
				appendStringInfoString(buf, DatumGetBool(value) ? "TRUE" : "FALSE");
			return true;
		case TEXTOID:
		case VARCHAROID:
			rest_sql_quote_string(buf, syn, TextDatumGetCString(value));
			return true;
		case DATEOID:
			{
				DateADT		date = DatumGetDateADT(value);
				int			year,
							month,
							day;

				if (!syn->datetimes || DATE_NOT_FINITE(date))
					return false;
				j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
				if (year <= 0)
					return false;
				if (syn->engine == REST_SQL_CLICKHOUSE)
				{
					/* Date counts days from 1970 in 16 bits */
					if (date + POSTGRES_EPOCH_JDATE < UNIX_EPOCH_JDATE ||
						date + POSTGRES_EPOCH_JDATE > UNIX_EPOCH_JDATE + 65000)
						return false;
					appendStringInfo(buf, "toDate('%04d-%02d-%02d')", year, month, day);
				}
				else
					appendStringInfo(buf, "DATE '%04d-%02d-%02d'", year, month, day);
				return true;
			}
		case TIMESTAMPOID:
			if (!syn->datetimes)
				return false;
			return append_timestamp(buf, syn, DatumGetTimestamp(value), false, style);
		case TIMESTAMPTZOID:
			if (!syn->datetimes)
				return false;
			return append_timestamp(buf, syn, DatumGetTimestampTz(value), true, style);
	}
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
		(is_datetime_type(type) || (OidIsValid(elem) && is_datetime_type(elem))))
		return false;
	if (!is_literal_type(ctx->syn, type) &&
		!(OidIsValid(elem) && is_literal_type(ctx->syn, elem)))
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

/* Name of a built-in operator, or NULL for any other */
static const char *
builtin_opname(Oid opno)
{
	if (!OidIsValid(opno) || opno >= FirstGenbkiObjectId)
		return NULL;
	return get_opname(opno);
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
		if (strcmp(name, "-") != 0 || !is_number_type(exprType(left)))
			return false;
		rest_sql_append(out, "(- ");
		if (!deparse_value(ctx, left, out, REST_SQL_VALUE))
			return false;
		rest_sql_append(out, ")");
		return true;
	}
	right = lsecond(op->args);
	if (!is_number_type(exprType(left)) || !is_number_type(exprType(right)) ||
		!is_number_type(op->opresulttype))
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
		if (!is_float_type(exprType(left)) || !is_float_type(exprType(right)))
			return false;
	}
	else if (strcmp(name, "%") == 0)
	{
		if (!ctx->syn->modulo || !is_int_type(exprType(left)) ||
			!is_int_type(exprType(right)))
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
			 !collation_is_deterministic(agg->inputcollid)))
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
		else if (!is_number_type(argtype))
			return false;
		rest_sql_append(out, "sum");
	}
	else if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0)
	{
		if (is_float_type(argtype) ||
			!rest_sortable_type(ctx, argtype, agg->inputcollid))
			return false;
		rest_sql_append(out, name);
	}
	else if (strcmp(name, "avg") == 0)
	{
		/* integers and numeric go as sum and count: rest_deparse_avg_parts */
		if (!is_float_type(argtype))
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
	if (!is_int_type(argtype) && argtype != NUMERICOID)
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

		if (!is_literal_type(ctx->syn, c->consttype))
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
			!is_literal_type(ctx->syn, var->vartype))
			return false;
		append_column(ctx, var, out);
		return true;
	}
	if (rest_is_runtime_value(ctx, (Expr *) node))
	{
		if (OidIsValid(get_element_type(exprType(node))))
			return false;		/* arrays only in IN */
		append_marker(out, add_value(ctx, (Expr *) node), style, NULL);
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
					is_int_type(exprType(linitial(fe->args))) &&
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
				const char *name = builtin_opname(op->opno);

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
	const char *name = builtin_opname(op->opno);
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

		if (!is_text_type(ltype) || !is_text_type(rtype) ||
			!collation_is_deterministic(op->inputcollid))
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
		if (is_number_type(ltype) && is_number_type(rtype))
			 /* ok */ ;
		else if (ltype != rtype)
			return false;
		else if (is_text_type(ltype))
		{
			if (ordering ? !collation_is_c(op->inputcollid) :
				!collation_is_deterministic(op->inputcollid))
				return false;
		}
		else if (ltype == BOOLOID)
		{
			if (ordering)
				return false;
		}
		else if (is_datetime_type(ltype))
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
	const char *name = builtin_opname(saop->opno);
	Node	   *left = linitial(saop->args);
	Node	   *right = lsecond(saop->args);
	Oid			elemtype = get_element_type(exprType(right));
	RestSqlText lhs;
	bool		positive;

	if (name == NULL || !OidIsValid(elemtype) || !is_literal_type(ctx->syn, elemtype))
		return false;
	if (strcmp(name, "=") == 0 && saop->useOr)
		positive = !negate;
	else if (strcmp(name, "<>") == 0 && !saop->useOr)
		positive = negate;
	else
		return false;
	if (is_text_type(elemtype) && !collation_is_deterministic(saop->inputcollid))
		return false;
	if (is_datetime_type(elemtype) && ctx->syn->whole_seconds &&
		getBaseType(elemtype) != DATEOID && !IsA(right, Const))
		return false;
	if (!is_number_type(elemtype) || !is_number_type(exprType(left)))
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
		bool		has_null = false;
		int			nitems = 0;

		initStringInfo(&list);
		if (!c->constisnull)
		{
			ArrayType  *array = DatumGetArrayTypeP(c->constvalue);
			int16		elmlen;
			bool		elmbyval;
			char		elmalign;
			Datum	   *elems;
			bool	   *nulls;
			int			nelems;
			int			i;

			get_typlenbyvalalign(elemtype, &elmlen, &elmbyval, &elmalign);
			deconstruct_array(array, elemtype, elmlen, elmbyval, elmalign,
							  &elems, &nulls, &nelems);
			for (i = 0; i < nelems; i++)
			{
				if (nulls[i])
				{
					has_null = true;
					continue;
				}
				if (nitems++ > 0)
					appendStringInfoString(&list, ", ");
				if (!rest_sql_literal(&list, ctx->syn, elems[i], false, elemtype,
									  REST_SQL_VALUE))
					return false;
			}
		}
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
		char	   *lhs_text = plain_text(&lhs, &lhs_markers);

		if (lhs_markers)
			return false;
		append_marker(out, add_value(ctx, (Expr *) right), REST_SQL_VALUE_IN,
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

bool
rest_deparse_cond(RestDeparseCtx *ctx, Expr *expr, RestSqlText *out)
{
	RestSqlText scratch;
	List	   *saved = list_copy(ctx->values);

	rest_sql_text_init(&scratch);
	if (!deparse_cond(ctx, (Node *) expr, false, &scratch))
	{
		ctx->values = saved;
		return false;
	}
	if (out)
		rest_sql_append_sql(out, &scratch);
	else
		ctx->values = saved;
	return true;
}

bool
rest_deparse_value(RestDeparseCtx *ctx, Expr *expr, RestSqlText *out)
{
	RestSqlText scratch;
	List	   *saved = list_copy(ctx->values);

	rest_sql_text_init(&scratch);
	if (!deparse_value(ctx, (Node *) expr, &scratch, REST_SQL_VALUE))
	{
		ctx->values = saved;
		return false;
	}
	if (out)
		rest_sql_append_sql(out, &scratch);
	else
		ctx->values = saved;
	return true;
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

/* ---- rendering ---------------------------------------------------------- */

/* "(x IN (v1, v2))" for a runtime array, without its NULLs */
static void
render_in(StringInfo buf, const RestSqlSyntax *syn, const char *lhs,
		  Datum value, bool isnull, Oid type)
{
	Oid			elemtype = get_element_type(type);
	ArrayType  *array;
	int16		elmlen;
	bool		elmbyval;
	char		elmalign;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			nitems = 0;
	int			i;
	StringInfoData list;

	if (isnull)
	{
		appendStringInfoString(buf, "(1 = 0)");
		return;
	}
	array = DatumGetArrayTypeP(value);
	get_typlenbyvalalign(elemtype, &elmlen, &elmbyval, &elmalign);
	deconstruct_array(array, elemtype, elmlen, elmbyval, elmalign,
					  &elems, &nulls, &nelems);
	initStringInfo(&list);
	for (i = 0; i < nelems; i++)
	{
		if (nulls[i])
			continue;
		if (nitems++ > 0)
			appendStringInfoString(&list, ", ");
		if (!rest_sql_literal(&list, syn, elems[i], false, elemtype, REST_SQL_VALUE))
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("cannot send a value of the IN list to the remote engine"),
					 errdetail("It has no literal in the engine's SQL (NaN, infinity or out of range)."),
					 errhint("Turn pushdown off for this table: ALTER FOREIGN TABLE ... OPTIONS (ADD pushdown 'false').")));
	}
	if (nitems == 0)
		appendStringInfoString(buf, "(1 = 0)");
	else
		appendStringInfo(buf, "(%s IN (%s))", lhs, list.data);
}

/*
 * The SQL to send, with each runtime value written as a literal.  Without
 * values (EXPLAIN), they show as $1, $2, ... in fdw_exprs order.
 */
char *
rest_sql_render(List *parts, const RestSqlSyntax *syn, Datum *values,
				bool *nulls, Oid *types)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	foreach(lc, parts)
	{
		Node	   *part = lfirst(lc);
		List	   *marker;
		int			index;
		int			style;
		const char *text;

		if (IsA(part, String))
		{
			appendStringInfoString(&buf, strVal(part));
			continue;
		}
		marker = (List *) part;
		index = intVal(linitial(marker));
		style = intVal(lsecond(marker));
		text = strVal(lthird(marker));
		if (values == NULL)
		{
			if (style == REST_SQL_VALUE_IN)
				appendStringInfo(&buf, "(%s IN $%d)", text, index + 1);
			else
				appendStringInfo(&buf, "$%d", index + 1);
		}
		else if (style == REST_SQL_VALUE_IN)
			render_in(&buf, syn, text, values[index], nulls[index], types[index]);
		else if (!rest_sql_literal(&buf, syn, values[index], nulls[index],
								   types[index], style))
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("cannot send the value of $%d to the remote engine", index + 1),
					 errdetail("It has no literal in the engine's SQL (NaN, infinity or out of range)."),
					 errhint("Turn pushdown off for this table: ALTER FOREIGN TABLE ... OPTIONS (ADD pushdown 'false').")));
	}
	return buf.data;
}
