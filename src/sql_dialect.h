/*-------------------------------------------------------------------------
 *
 * sql_dialect.h
 *		  The sql dialect: planning and executing remote SQL over HTTP
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

#include "rest_fdw.h"

typedef struct RestSqlScan RestSqlScan;

/* planning */
extern bool rest_sql_table(Oid foreigntableid);
extern void rest_sql_get_rel_size(PlannerInfo *root, RelOptInfo *baserel,
								  Oid foreigntableid);
extern void rest_sql_get_paths(PlannerInfo *root, RelOptInfo *baserel,
							   Oid foreigntableid);
extern ForeignScan *rest_sql_get_plan(PlannerInfo *root, RelOptInfo *foreignrel,
									  Oid foreigntableid, ForeignPath *best_path,
									  List *tlist, List *scan_clauses,
									  Plan *outer_plan);
extern void rest_sql_get_upper_paths(PlannerInfo *root, UpperRelationKind stage,
									 RelOptInfo *input_rel, RelOptInfo *output_rel,
									 void *extra);

/* execution */
extern bool rest_sql_plan(ForeignScan *fsplan);
extern RestSqlScan *rest_sql_begin_scan(ForeignScanState *node, int eflags,
										Relation *rel,
										RestTableOptions **opts,
										RestColumn **columns, int *ncolumns);
extern List *rest_sql_build_requests(RestSqlScan *scan, Datum *values,
									 bool *nulls, Oid *types);
extern void rest_sql_finish_row(RestSqlScan *scan, TupleTableSlot *slot);
extern RestSqlScan *rest_sql_explain_scan(ForeignScanState *node);
extern void rest_sql_explain(RestSqlScan *scan, ForeignScanState *node,
							 ExplainState *es);
extern void rest_sql_error_context(void *arg);

#endif							/* REST_SQL_DIALECT_H */
