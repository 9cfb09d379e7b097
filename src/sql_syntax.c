/*-------------------------------------------------------------------------
 *
 * sql_syntax.c
 *		  The sql dialect: how each kind of engine spells SQL
 *
 * Identifiers and literals are always quoted with the engine's own rules
 * (rest_sql_quote_identifier, rest_sql_quote_string), so no value can
 * change the meaning of the SQL.  A value is written only when the engine
 * has a literal for exactly that value; otherwise it is not sent.
 *
 * The SQL of a plan is a RestSqlText: text with markers where values
 * known only at run time go.  The executor renders it (rest_sql_render)
 * once the values are computed.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/transam.h"
#include "catalog/pg_collation.h"
#include "common/shortest_dec.h"
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
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
#include "sql_syntax.h"

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
 *
 * influxql (InfluxDB 1.x): double-quoted identifiers, backslash escapes,
 * times as RFC 3339 strings in UTC; what a query may say is far narrower
 * than SQL, and influxql.c decides it.  OFFSET without LIMIT is not sent:
 * InfluxDB 1.6 then skips points per series, not in the merged result.
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
	{
		.name = "influxql", .engine = REST_SQL_INFLUXQL, .ident_quote = '"',
		.backslash_strings = true, .datetimes = true
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

void
rest_sql_append_marker(RestSqlText *t, int index, int style, const char *text)
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
char *
rest_sql_plain_text(RestSqlText *t, bool *has_markers)
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

/*
 * InfluxQL's strings and quoted identifiers know four escapes, \\ \' \"
 * and \n, and reject any other (a tab written as \t is an error there), so
 * everything else goes as it is; a newline must be escaped.
 */
static void
quote_influxql(StringInfo buf, char quote, const char *text)
{
	const char *p;

	appendStringInfoChar(buf, quote);
	for (p = text; *p; p++)
	{
		if (*p == '\\' || *p == quote)
			appendStringInfoChar(buf, '\\');
		if (*p == '\n')
			appendStringInfoString(buf, "\\n");
		else
			appendStringInfoChar(buf, *p);
	}
	appendStringInfoChar(buf, quote);
}

void
rest_sql_quote_identifier(StringInfo buf, const RestSqlSyntax *syn,
						  const char *ident)
{
	const char *p;

	if (syn->engine == REST_SQL_INFLUXQL)
	{
		quote_influxql(buf, '"', ident);
		return;
	}
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

	if (syn->engine == REST_SQL_INFLUXQL)
	{
		quote_influxql(buf, '\'', text);
		return;
	}
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


/* ---- types the engines share with PostgreSQL ------------------------------ */

bool
rest_sql_is_int_type(Oid type)
{
	type = getBaseType(type);
	return type == INT2OID || type == INT4OID || type == INT8OID;
}

bool
rest_sql_is_float_type(Oid type)
{
	type = getBaseType(type);
	return type == FLOAT4OID || type == FLOAT8OID;
}

bool
rest_sql_is_number_type(Oid type)
{
	return rest_sql_is_int_type(type) || rest_sql_is_float_type(type) ||
		getBaseType(type) == NUMERICOID;
}

/* Text types; char(n) is left out, its comparisons ignore padding */
bool
rest_sql_is_text_type(Oid type)
{
	type = getBaseType(type);
	return type == TEXTOID || type == VARCHAROID;
}

bool
rest_sql_is_datetime_type(Oid type)
{
	type = getBaseType(type);
	return type == DATEOID || type == TIMESTAMPOID || type == TIMESTAMPTZOID;
}

/* Types whose values we can write as literals of the engine */
bool
rest_sql_is_literal_type(const RestSqlSyntax *syn, Oid type)
{
	return rest_sql_is_number_type(type) || rest_sql_is_text_type(type) ||
		getBaseType(type) == BOOLOID ||
		(syn->datetimes && rest_sql_is_datetime_type(type));
}

/* Does the collation order text by bytes, as the engines do? */
bool
rest_sql_collation_is_c(Oid collid)
{
	if (collid == C_COLLATION_OID || collid == POSIX_COLLATION_OID)
		return true;
	return rest_lc_collate_is_c(collid);
}

/* Are equal strings equal bytes under the collation? */
bool
rest_sql_collation_is_deterministic(Oid collid)
{
	return !OidIsValid(collid) || get_collation_isdeterministic(collid);
}

/* Name of a built-in operator, or NULL for any other */
const char *
rest_builtin_opname(Oid opno)
{
	if (!OidIsValid(opno) || opno >= FirstGenbkiObjectId)
		return NULL;
	return get_opname(opno);
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

	if (syn->engine == REST_SQL_INFLUXQL)
	{
		/* nanoseconds since 1970 in 64 bits: 1677-09-21 to 2262-04-11 */
		if (tm.tm_year < 1678 || tm.tm_year > 2261)
			return false;
		appendStringInfo(buf, "'%04d-%02d-%02dT%02d:%02d:%02d",
						 tm.tm_year, tm.tm_mon, tm.tm_mday,
						 tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (fsec != 0)
			appendStringInfo(buf, ".%06d", (int) fsec);
		appendStringInfoString(buf, "Z'");
		return true;
	}
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
				if (v == PG_INT64_MIN && syn->engine == REST_SQL_INFLUXQL)
					return false;	/* no arithmetic there */
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
				/*
				 * the shortest text that reads back as this double, whatever
				 * the session's extra_float_digits (float8out's rounds)
				 */
				str = palloc(DOUBLE_SHORTEST_DECIMAL_LEN);
				double_to_shortest_decimal_buf(v, str);
				if (syn->engine == REST_SQL_INFLUXQL && strpbrk(str, "eE"))
					return false;	/* InfluxQL's numbers have no exponent */
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

/* ---- rendering ---------------------------------------------------------- */

/* The elements of an array value (and which are NULL); returns how many */
int
rest_sql_array_elements(Datum array, Oid elemtype, Datum **elems, bool **nulls)
{
	int16		elmlen;
	bool		elmbyval;
	char		elmalign;
	int			nelems;

	get_typlenbyvalalign(elemtype, &elmlen, &elmbyval, &elmalign);
	deconstruct_array(DatumGetArrayTypeP(array), elemtype, elmlen, elmbyval,
					  elmalign, elems, nulls, &nelems);
	return nelems;
}

/*
 * The elements of an array that are not NULL, as literals "v1, v2" in buf.
 * Returns false when one has no literal.  *nitems and *has_null say what
 * was written and whether NULLs were left out.
 */
bool
rest_sql_literal_list(StringInfo buf, const RestSqlSyntax *syn, Datum array,
					  Oid elemtype, int *nitems, bool *has_null)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems = rest_sql_array_elements(array, elemtype, &elems, &nulls);
	int			i;

	*nitems = 0;
	*has_null = false;
	for (i = 0; i < nelems; i++)
	{
		if (nulls[i])
		{
			*has_null = true;
			continue;
		}
		if ((*nitems)++ > 0)
			appendStringInfoString(buf, ", ");
		if (!rest_sql_literal(buf, syn, elems[i], false, elemtype, REST_SQL_VALUE))
			return false;
	}
	return true;
}

/* "(x IN (v1, v2))" for a runtime array, without its NULLs */
static void
render_in(StringInfo buf, const RestSqlSyntax *syn, const char *lhs,
		  Datum value, bool isnull, Oid type)
{
	StringInfoData list;
	int			nitems;
	bool		has_null;

	if (isnull)
	{
		appendStringInfoString(buf, "(1 = 0)");
		return;
	}
	initStringInfo(&list);
	if (!rest_sql_literal_list(&list, syn, value, get_element_type(type),
							   &nitems, &has_null))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("cannot send a value of the IN list to the remote engine"),
				 errdetail("It has no literal in the engine's SQL (NaN, infinity or out of range)."),
				 errhint("Turn pushdown off for this table: ALTER FOREIGN TABLE ... OPTIONS (ADD pushdown 'false').")));
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
