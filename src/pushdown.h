/*-------------------------------------------------------------------------
 *
 * pushdown.h
 *		  The params dialect: what is sent, and how requests are built
 *
 * Contract:
 *	- rest_pushdown_prepare() reads, once per relation, each column's
 *	  remote name, op_* templates and whether a {placeholder} or the option
 *	  request_only makes it a key; the rest works from the RestPushdown.
 *	- A request-only column is a key never read from the rows: sent through
 *	  its placeholder or else its op_eq, filled in every row from the value
 *	  of the request (RestScanSetup.filled); its other quals stay local.
 *	- A qual is sent only when an op template (or a key) can take it and
 *	  its value can be computed before the request; every sent qual stays
 *	  a local qual too, so a template looser than SQL never changes an
 *	  answer.
 *	- rest_params_dialect is the dialect's routine (dialect.h): paths,
 *	  plans, scan set-up and EXPLAIN; the URLs and bodies themselves are
 *	  request.c's.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_PUSHDOWN_H
#define REST_PUSHDOWN_H

#include "nodes/pathnodes.h"
#include "utils/relcache.h"

#include "dialect.h"
#include "option.h"
#include "request.h"
#include "template.h"

/* The params dialect's routine (dialect.h) */
extern const RestDialectRoutine rest_params_dialect;

/* pushdown.c: planning */
extern RestPushdown *rest_pushdown_prepare(Relation rel, RestTableOptions *opts);
extern bool rest_pushable_clause(PlannerInfo *root, RelOptInfo *baserel,
								 RestPushdown *pd, Expr *clause,
								 Relids allowed_outer, RestPushedQual *qual);
extern List *rest_classify_clauses(PlannerInfo *root, RelOptInfo *baserel,
								   RestPushdown *pd, List *rinfos,
								   Relids allowed_outer, List **local_only,
								   Bitmapset **keys);
extern bool rest_is_ordered_type(Oid typid);
extern char *rest_missing_keys(RestPushdown *pd, Bitmapset *filled);
extern List *rest_join_clauses(PlannerInfo *root, RelOptInfo *baserel,
							   RestPushdown *pd);

#endif							/* REST_PUSHDOWN_H */
