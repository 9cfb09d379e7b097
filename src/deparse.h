/*-------------------------------------------------------------------------
 *
 * deparse.h
 *		  The sql dialect: turning expressions into an engine's SQL text
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_DEPARSE_H
#define REST_DEPARSE_H

#include "lib/stringinfo.h"
#include "nodes/pathnodes.h"

/* Which engine family a syntax belongs to, for its function names */
typedef enum RestSqlEngine
{
	REST_SQL_ANSI,
	REST_SQL_CLICKHOUSE,
	REST_SQL_SQLITE,
	REST_SQL_POSTGRES
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
extern void rest_sql_append_sql(RestSqlText *t, RestSqlText *other);
extern List *rest_sql_parts(RestSqlText *t);

/* What the deparser needs to know about the query */
typedef struct RestDeparseCtx
{
	PlannerInfo *root;
	RelOptInfo *scanrel;		/* the foreign table's base relation */
	Relids		outer_ok;		/* other relations whose values may be sent */
	const RestSqlSyntax *syn;
	int			natts;
	char	  **colnames;		/* remote column names, by attnum */
	Oid		   *colcollations;	/* by attnum */
	bool	   *colnotnull;		/* by attnum */
	bool		aggs_ok;		/* aggregates may appear (upper relations) */
	List	   *values;			/* runtime value expressions: fdw_exprs */
} RestDeparseCtx;

/* Deparse a condition or value into out; false when it cannot be sent */
extern bool rest_deparse_cond(RestDeparseCtx *ctx, Expr *expr, RestSqlText *out);
extern bool rest_deparse_value(RestDeparseCtx *ctx, Expr *expr, RestSqlText *out);
extern bool rest_cond_is_shippable(RestDeparseCtx *ctx, Expr *expr);
extern bool rest_value_is_shippable(RestDeparseCtx *ctx, Expr *expr);
extern bool rest_is_runtime_value(RestDeparseCtx *ctx, Expr *expr);
extern bool rest_sortable_type(RestDeparseCtx *ctx, Oid type, Oid collation);

/* Aggregates sent as a sum and a count, averaged locally (sql_dialect.c) */
extern bool rest_deparse_avg_parts(RestDeparseCtx *ctx, Aggref *agg,
								   RestSqlText *sum, RestSqlText *count);

extern void rest_sql_quote_identifier(StringInfo buf, const RestSqlSyntax *syn,
									  const char *ident);
extern void rest_sql_quote_string(StringInfo buf, const RestSqlSyntax *syn,
								  const char *text);
extern bool rest_sql_literal(StringInfo buf, const RestSqlSyntax *syn,
							 Datum value, bool isnull, Oid type, int style);

/* The SQL text, with runtime values rendered; NULL values for EXPLAIN */
extern char *rest_sql_render(List *parts, const RestSqlSyntax *syn,
							 Datum *values, bool *nulls, Oid *types);

#endif							/* REST_DEPARSE_H */
