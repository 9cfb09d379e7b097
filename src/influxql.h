/*-------------------------------------------------------------------------
 *
 * influxql.h
 *		  The sql dialect for InfluxDB 1.x: what InfluxQL can say exactly
 *
 * Contract:
 *	- InfluxQL is not SQL.  With sql_syntax 'influxql' a WHERE condition is
 *	  sent only when InfluxDB selects exactly the rows PostgreSQL would:
 *	  rest_influxql_cond() writes it, or returns false and writes nothing
 *	  useful (the caller uses a scratch buffer, as for any syntax).
 *	- Only the time column (remote name "time") is ordered by:
 *	  rest_influxql_order_key() says whether an expression is it.
 *	- The SELECT itself (always "SELECT *", no GROUP BY, no LIMIT 0) is
 *	  written by deparse.c and planned by sql_dialect.c.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_INFLUXQL_H
#define REST_INFLUXQL_H

#include "nodes/primnodes.h"

#include "sql_syntax.h"

/*
 * The foreign table is range table entry relid; colnames[1..natts] are its
 * columns' InfluxDB names (NULL for a dropped column)
 */
extern bool rest_influxql_cond(const RestSqlSyntax *syn, Index relid,
							   char **colnames, int natts, Node *node,
							   RestSqlText *out);
extern bool rest_influxql_order_key(Index relid, char **colnames, int natts,
									Expr *expr);

#endif							/* REST_INFLUXQL_H */
