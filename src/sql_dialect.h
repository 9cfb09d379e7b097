/*-------------------------------------------------------------------------
 *
 * sql_dialect.h
 *		  The sql dialect: planning and executing remote SQL over HTTP
 *
 * Contract:
 *	- rest_sql_dialect is the dialect's routine (dialect.h).  It plans
 *	  which quals, sorts, limits and aggregates the engine evaluates (each
 *	  only when deparse.c can write it exactly), and gives the executor the
 *	  columns to fill and one request per (re)scan, the SQL rendered into
 *	  the path, query or body templates as {sql} or {sql_json}.
 *	- rest_sql_get_upper_paths() is the FdwRoutine's GetForeignUpperPaths:
 *	  it acts only on relations of this dialect (as chosen at
 *	  GetForeignRelSize) and the upper relations it made of them.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_SQL_DIALECT_H
#define REST_SQL_DIALECT_H

#include "compat.h"
#include "foreign/fdwapi.h"
#include "nodes/execnodes.h"
#include "nodes/pathnodes.h"

#include "dialect.h"

/* The sql dialect's routine (dialect.h) */
extern const RestDialectRoutine rest_sql_dialect;

/* FdwRoutine's GetForeignUpperPaths: aggregation, sort and limit sent */
extern void rest_sql_get_upper_paths(PlannerInfo *root, UpperRelationKind stage,
									 RelOptInfo *input_rel, RelOptInfo *output_rel,
									 void *extra);

#endif							/* REST_SQL_DIALECT_H */
