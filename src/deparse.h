/*-------------------------------------------------------------------------
 *
 * deparse.h
 *		  The sql dialect: turning expressions and SELECTs into an engine's
 *		  SQL text
 *
 * Contract:
 *	- Deciding whether something can be sent and writing it are the same
 *	  code: rest_cond_is_shippable() and rest_value_is_shippable() deparse
 *	  into a scratch buffer, so a plan never holds text the check refused.
 *	- An expression is sent only when the engine computes exactly what
 *	  PostgreSQL would (deparse.c says how); identifiers and literals are
 *	  quoted by sql_syntax.c, so no value can change the SQL's meaning.
 *	- Values known only at run time are added to ctx->values (the plan's
 *	  fdw_exprs) and stand as markers in the text.
 *	- rest_deparse_select() writes the SELECT of a scan from what
 *	  sql_dialect.c decided to send; it plans nothing.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_DEPARSE_H
#define REST_DEPARSE_H

#include "nodes/pathnodes.h"

#include "sql_syntax.h"

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
extern bool rest_deparse_order_by(RestDeparseCtx *ctx, RelOptInfo *rel,
								  List *pathkeys, List *grouped_tlist,
								  RestSqlText *out);

/* Aggregates sent as a sum and a count, averaged locally (sql_dialect.c) */
extern bool rest_deparse_avg_parts(RestDeparseCtx *ctx, Aggref *agg,
								   RestSqlText *sum, RestSqlText *count);

/* The SELECT of a scan, as sql_dialect.c planned it */
typedef struct RestSelect
{
	Oid			relid;			/* the foreign table (column names) */
	const char *remote_table;	/* FROM: a [schema.]table, */
	const char *remote_query;	/* or a query, as a subquery */
	Bitmapset  *attrs;			/* base scan: the columns to fetch, offset
								 * by FirstLowInvalidHeapAttributeNumber */
	List	   *grouped_tlist;	/* grouped scan: its outputs; NIL: base */
	List	   *where;			/* conditions: Exprs or RestrictInfos */
	List	   *having;			/* grouped scan: HAVING conditions */
	RelOptInfo *rel;			/* the relation of the pathkeys */
	List	   *pathkeys;		/* ORDER BY, or NIL */
	int64		limit;			/* LIMIT, or -1 */
	int64		offset;			/* OFFSET, or -1 */
} RestSelect;

/* What the executor needs to read the SELECT's rows */
typedef struct RestSelectResult
{
	/*
	 * per column filled: (Integer attnum, String key in the row, String
	 * name for messages, Integer position in the row)
	 */
	List	   *columns;
	List	   *scan_tlist;		/* grouped scan: fdw_scan_tlist */
	List	   *fixups;			/* avg: (result, sum, count) scan columns */
} RestSelectResult;

/* The SQL text's parts (rest_sql_parts) */
extern List *rest_deparse_select(RestDeparseCtx *ctx, const RestSelect *sel,
								 RestSelectResult *result);

#endif							/* REST_DEPARSE_H */
