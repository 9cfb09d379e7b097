/*-------------------------------------------------------------------------
 *
 * dialect.h
 *	  The contract between the FDW callbacks and the dialect planners
 *
 * rest_fdw.c implements the FDW callbacks once; what depends on how a
 * table's queries are sent is behind a RestDialectRoutine, one for each
 * value of the option "dialect": the params dialect (pushdown.c) and the
 * sql dialect (sql_dialect.c).
 *
 * Contract:
 *	- The routine is chosen once, in GetForeignRelSize, from the options
 *	  read there, which are handed to the dialect's GetForeignRelSize with
 *	  the open relation.  That function returns its planner state, a struct
 *	  whose first member is a RestRelInfo; the callbacks record the routine
 *	  there and keep the state in baserel->fdw_private.  Every later planner
 *	  callback, and the upper relations a dialect makes from the base
 *	  relation (copying its state), find the routine there.
 *	- A dialect's plan has the dialect as item FdwScanPrivateDialect of
 *	  fdw_private (an Integer of RestDialect); its own items follow, named
 *	  by an enum of the dialect's that starts at FdwScanPrivateDialectItems.
 *	  The executor callbacks pick the routine from that item.
 *	- BeginScan does the executor set-up of a scan and fills a
 *	  RestScanSetup; ScanFromPlan reads only the plan and the catalogs, for
 *	  plain EXPLAIN, which does no executor set-up.  Either returns the
 *	  dialect's own scan state, passed back to the other functions.
 *	- BuildRequests runs once per (re)scan, in the memory of the scan's
 *	  requests, with the values of the plan's fdw_exprs computed.
 *	- FinishRow (optional) completes a row after its columns are stored;
 *	  it is on the per-row path.  ErrorContext (optional) is installed
 *	  while the scan fetches rows.
 *	- Both dialects price scans with the same model (rest_scan_costs and
 *	  rest_estimate_rel_size below): one HTTP round trip, plus parsing the
 *	  rows the API sends.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_DIALECT_H
#define REST_DIALECT_H

#include "foreign/fdwapi.h"
#include "nodes/execnodes.h"
#include "nodes/pathnodes.h"
#include "utils/relcache.h"

#include "compat.h"				/* ExplainState */
#include "convert.h"
#include "option.h"

/*
 * Row count assumed for an API we know nothing about.  APIs usually hold
 * more than a page of rows, and a full scan costs more than a keyed request.
 */
#define REST_DEFAULT_ROW_ESTIMATE	10000

/* Cost of one HTTP round trip, in units of seq_page_cost */
#define REST_DEFAULT_REQUEST_COST	100.0

/* Per-row cost of parsing and converting JSON, relative to cpu_tuple_cost */
#define REST_DEFAULT_ROW_COST_FACTOR	10.0

struct RestRequestPlan;

/* What a dialect's BeginScan tells the executor about a scan */
typedef struct RestScanSetup
{
	Relation	rel;			/* the foreign table, for messages */
	RestTableOptions *opts;
	RestColumn *columns;		/* the columns to fill from the rows */
	int			ncolumns;
	RestColumn *filled;			/* the columns to fill from each request's
								 * key values (request-only columns) */
	int			nfilled;
	int		   *watched;		/* indexes in columns of those a sent
								 * equality reads: a response none of whose
								 * rows has them deserves a NOTICE */
	int			nwatched;
	struct RestRequestPlan *plan;	/* the LIMIT the requests ask for */
} RestScanSetup;

typedef struct RestDialectRoutine RestDialectRoutine;

/* The first member of every dialect's baserel->fdw_private */
typedef struct RestRelInfo
{
	const RestDialectRoutine *dialect;	/* set by the callbacks */
} RestRelInfo;

struct RestDialectRoutine
{
	RestDialect dialect;		/* the value recorded in the plan */

	/* planning */
	RestRelInfo *(*GetForeignRelSize) (PlannerInfo *root, RelOptInfo *baserel,
									   Relation rel, RestTableOptions *opts);
	void		(*GetForeignPaths) (PlannerInfo *root, RelOptInfo *baserel,
									Oid foreigntableid);
	ForeignScan *(*GetForeignPlan) (PlannerInfo *root, RelOptInfo *foreignrel,
									Oid foreigntableid, ForeignPath *best_path,
									List *tlist, List *scan_clauses,
									Plan *outer_plan);

	/* execution */
	void	   *(*BeginScan) (ForeignScanState *node, int eflags,
							  RestScanSetup *setup);
	void	   *(*ScanFromPlan) (ForeignScanState *node);
	List	   *(*BuildRequests) (void *scan, Datum *values, bool *nulls,
								  Oid *types);
	void		(*FinishRow) (void *scan, TupleTableSlot *slot);
	void		(*Explain) (void *scan, ForeignScanState *node,
							ExplainState *es);
	void		(*ErrorContext) (void *scan);
};

/* Items of a ForeignScan's fdw_private that every dialect has */
enum FdwScanPrivateIndex
{
	/* Integer: the RestDialect of the plan */
	FdwScanPrivateDialect,
	/* where the dialect's own items start */
	FdwScanPrivateDialectItems
};

/* dialect.c: what both dialect planners share */
extern void rest_estimate_rel_size(PlannerInfo *root, RelOptInfo *baserel);
extern void rest_scan_costs(PlannerInfo *root, RelOptInfo *baserel,
							List *remote_rinfos, Cost *startup_cost,
							Cost *total_cost);
extern void rest_add_scan_path(PlannerInfo *root, RelOptInfo *baserel,
							   double rows, Cost startup_cost,
							   Cost total_cost, List *pathkeys,
							   Relids required_outer, List *fdw_private);
extern bool rest_relids_seen(List **seen, Relids relids);

typedef void (*RestPlaceholderFn) (const char *optname, const char *name,
								   size_t len, const char *relname,
								   void *arg);
extern void rest_foreach_placeholder(const RestTableOptions *opts,
									 const char *relname,
									 RestPlaceholderFn fn, void *arg);

#endif							/* REST_DIALECT_H */
