/*-------------------------------------------------------------------------
 *
 * sql_syntax.h
 *		  The sql dialect: how each kind of engine spells SQL
 *
 * Contract:
 *	- A RestSqlSyntax (option sql_syntax) says how an engine quotes
 *	  identifiers and strings, which literals it has and which constructs
 *	  it shares with PostgreSQL; deparse.c sends only those.
 *	- rest_sql_quote_identifier() and rest_sql_quote_string() quote any
 *	  text so that it cannot change the meaning of the SQL around it.
 *	- rest_sql_literal() writes a value only when the engine's literal
 *	  means exactly that value, and returns false otherwise (NaN, infinity,
 *	  BC dates, out of the engine's range).
 *	- A RestSqlText is SQL with markers for values known only at run time;
 *	  rest_sql_render() writes them as literals (or as $n for EXPLAIN).
 *	  Its parts are Nodes, kept in a plan's fdw_private.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_SQL_SYNTAX_H
#define REST_SQL_SYNTAX_H

#include "lib/stringinfo.h"
#include "nodes/pg_list.h"

/* Which engine family a syntax belongs to, for its function names */
typedef enum RestSqlEngine
{
	REST_SQL_ANSI,
	REST_SQL_CLICKHOUSE,
	REST_SQL_SQLITE,
	REST_SQL_POSTGRES,
	REST_SQL_INFLUXQL			/* not SQL: influxql.c says what it takes */
} RestSqlEngine;

/*
 * How one kind of SQL engine spells identifiers and literals, and which
 * constructs it shares with PostgreSQL.  Anything a syntax lacks is simply
 * not sent: PostgreSQL does it locally.
 */
typedef struct RestSqlSyntax
{
	const char *name;			/* value of option sql_syntax */
	RestSqlEngine engine;
	char		ident_quote;	/* '"' or '`' */
	bool		backslash_strings;	/* '\' escapes in string literals */
	bool		bool_as_int;	/* 1 and 0 instead of TRUE and FALSE */
	bool		like;			/* LIKE is case-sensitive with PostgreSQL's
								 * wildcards */
	bool		like_escape_clause; /* LIKE needs ESCAPE '\' spelled out */
	bool		ilike;
	bool		nulls_order;	/* ORDER BY ... NULLS FIRST / LAST */
	bool		datetimes;		/* date and timestamp literals */
	bool		whole_seconds;	/* timestamps have no fractional seconds */
	bool		modulo;			/* integer % with PostgreSQL's signs */
	bool		decimal_literals;	/* numeric literals as toDecimal128() */
	bool		offset_alone;	/* OFFSET without LIMIT */
	const char *limit_all;		/* else LIMIT meaning "all", or NULL: an
								 * OFFSET alone is not sent */
	bool		decimal_arith;	/* + - * on numeric as PostgreSQL does */
	bool		runtime_datetimes;	/* any date or time has a literal, so
									 * values known at run time can be sent */
} RestSqlSyntax;

extern const RestSqlSyntax *rest_sql_syntax(const char *name);

/*
 * SQL text with values known only at run time.  parts is a List of String
 * nodes (text) and markers: a List (value index, style, text) that the
 * executor renders once the values are computed.
 */
typedef struct RestSqlText
{
	List	   *parts;
	StringInfoData cur;			/* text not yet moved to parts */
} RestSqlText;

/* How a runtime value is rendered (marker style) */
#define REST_SQL_VALUE			0	/* a literal */
#define REST_SQL_VALUE_FLOOR	1	/* a timestamp, rounded down to seconds */
#define REST_SQL_VALUE_CEIL		2	/* a timestamp, rounded up to seconds */
#define REST_SQL_VALUE_IN		3	/* whole "(text IN (values))", or false */

extern void rest_sql_text_init(RestSqlText *t);
extern void rest_sql_append(RestSqlText *t, const char *text);
extern void rest_sql_append_marker(RestSqlText *t, int index, int style,
								   const char *text);
extern void rest_sql_append_sql(RestSqlText *t, RestSqlText *other);
extern List *rest_sql_parts(RestSqlText *t);
extern char *rest_sql_plain_text(RestSqlText *t, bool *has_markers);

/* Types and collations an engine treats as PostgreSQL does */
extern bool rest_sql_is_int_type(Oid type);
extern bool rest_sql_is_float_type(Oid type);
extern bool rest_sql_is_number_type(Oid type);
extern bool rest_sql_is_text_type(Oid type);
extern bool rest_sql_is_datetime_type(Oid type);
extern bool rest_sql_is_literal_type(const RestSqlSyntax *syn, Oid type);
extern bool rest_sql_collation_is_c(Oid collid);
extern bool rest_sql_collation_is_deterministic(Oid collid);
extern const char *rest_builtin_opname(Oid opno);

extern void rest_sql_quote_identifier(StringInfo buf, const RestSqlSyntax *syn,
									  const char *ident);
extern void rest_sql_quote_string(StringInfo buf, const RestSqlSyntax *syn,
								  const char *text);
extern bool rest_sql_literal(StringInfo buf, const RestSqlSyntax *syn,
							 Datum value, bool isnull, Oid type, int style);

extern int	rest_sql_array_elements(Datum array, Oid elemtype, Datum **elems,
									bool **nulls);
extern bool rest_sql_literal_list(StringInfo buf, const RestSqlSyntax *syn,
								  Datum array, Oid elemtype, int *nitems,
								  bool *has_null);

/* The SQL text, with runtime values rendered; NULL values for EXPLAIN */
extern char *rest_sql_render(List *parts, const RestSqlSyntax *syn,
							 Datum *values, bool *nulls, Oid *types);

#endif							/* REST_SQL_SYNTAX_H */
