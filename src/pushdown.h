/*-------------------------------------------------------------------------
 *
 * pushdown.h
 *		  The params dialect: what is sent, and how requests are built
 *
 * Contract:
 *	- rest_pushdown_prepare() reads, once per relation, each column's
 *	  remote name, op_* templates and whether a {placeholder} makes it a
 *	  key; the rest works from the RestPushdown.
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
#include "template.h"

/* The params dialect's routine (dialect.h) */
extern const RestDialectRoutine rest_params_dialect;

/* What the params dialect knows about one column */
typedef struct RestColumnPlan
{
	char	   *name;			/* NULL for a dropped column */
	char	   *remote_name;	/* {column} in templates; NULL: no filters */
	char	   *top_key;		/* the row key holding the value, for select */
	Oid			typid;
	bool		not_null;
	const char *templates[REST_OP_COUNT];	/* column's, else the table's */
} RestColumnPlan;

typedef struct RestPushdown
{
	RestTableOptions *opts;
	int			natts;
	RestColumnPlan *columns;	/* indexed by attnum */
	Bitmapset  *keys;			/* columns named by {placeholders} */
} RestPushdown;

/* One qual sent to the API */
typedef struct RestPushedQual
{
	AttrNumber	attnum;
	RestOp		op;
	bool		key;			/* fills a {placeholder}, not an op template */
	Expr	   *value;			/* planner: the value; NULL for null tests */
	int			value_index;	/* executor: index in fdw_exprs, or -1 */
	RestrictInfo *rinfo;		/* planner only */
} RestPushedQual;

/* pushdown.c: planning */
extern RestPushdown *rest_pushdown_prepare(Relation rel, RestTableOptions *opts);
extern bool rest_pushable_clause(PlannerInfo *root, RelOptInfo *baserel,
								 RestPushdown *pd, Expr *clause,
								 Relids allowed_outer, RestPushedQual *qual);
extern List *rest_classify_clauses(PlannerInfo *root, RelOptInfo *baserel,
								   RestPushdown *pd, List *rinfos,
								   Relids allowed_outer, List **local_only,
								   Bitmapset **keys);
extern AttrNumber rest_placeholder_column(RestPushdown *pd, const char *name,
										  size_t len);
extern bool rest_is_ordered_type(Oid typid);
extern bool rest_path_has_keys(const char *path);
extern char *rest_missing_keys(RestPushdown *pd, Bitmapset *filled);
extern List *rest_join_clauses(PlannerInfo *root, RelOptInfo *baserel,
							   RestPushdown *pd);

/* request.c: building the requests of a scan */
#include "request.h"

#endif							/* REST_PUSHDOWN_H */
