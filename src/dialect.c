/*-------------------------------------------------------------------------
 *
 * dialect.c
 *		  What the two dialect planners share: the cost model and paths
 *
 * An API has no statistics, so both dialects assume a fixed row count
 * that the quals' selectivity scales, and price a scan as one HTTP round
 * trip plus parsing the rows the API sends (fewer when quals are sent).
 * dialect.h states the contract between the callbacks and the dialects.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"

#include "compat.h"
#include "dialect.h"
#include "template.h"

/* The rows of a base relation: the assumed count, scaled by its quals */
void
rest_estimate_rel_size(PlannerInfo *root, RelOptInfo *baserel)
{
	baserel->tuples = REST_DEFAULT_ROW_ESTIMATE;
	baserel->rows = clamp_row_est(REST_DEFAULT_ROW_ESTIMATE *
								  clauselist_selectivity(root,
														 baserel->baserestrictinfo,
														 0, JOIN_INNER, NULL));
}

/*
 * Cost of a scan: one request, plus parsing the rows the API sends, which
 * the quals it evaluates (remote_rinfos, RestrictInfos) reduce.
 */
void
rest_scan_costs(PlannerInfo *root, RelOptInfo *baserel, List *remote_rinfos,
				Cost *startup_cost, Cost *total_cost)
{
	double		fetched = clamp_row_est(baserel->tuples *
										clauselist_selectivity(root, remote_rinfos,
															   baserel->relid,
															   JOIN_INNER, NULL));

	*startup_cost = REST_DEFAULT_REQUEST_COST;
	*total_cost = *startup_cost +
		fetched * cpu_tuple_cost * REST_DEFAULT_ROW_COST_FACTOR;
}

void
rest_add_scan_path(PlannerInfo *root, RelOptInfo *baserel, double rows,
				   Cost startup_cost, Cost total_cost, List *pathkeys,
				   Relids required_outer, List *fdw_private)
{
	add_path(baserel, (Path *)
			 rest_create_foreignscan_path(root, baserel,
										  NULL, /* default pathtarget */
										  rows,
										  startup_cost,
										  total_cost,
										  pathkeys,
										  required_outer,
										  NULL, /* no extra plan */
										  fdw_private));
}

/*
 * Parameterized paths: has a path for these outer relations been made
 * already?  If not, they are added to *seen.
 */
bool
rest_relids_seen(List **seen, Relids relids)
{
	ListCell   *lc;

	foreach(lc, *seen)
		if (bms_equal(lfirst(lc), relids))
			return true;
	*seen = lappend(*seen, relids);
	return false;
}

/*
 * Each {placeholder} of the templates a request is made of (the options
 * path, query and body, in that order), for the dialect to check: each
 * fills its own.
 */
void
rest_foreach_placeholder(const RestTableOptions *opts, const char *relname,
						 RestPlaceholderFn fn, void *arg)
{
	const char *const optnames[] = {"path", "query", "body"};
	const char *const tmpls[] = {opts->path, opts->query, opts->body};
	int			i;

	for (i = 0; i < lengthof(tmpls); i++)
	{
		size_t		pos = 0;
		size_t		start;
		size_t		ns;
		size_t		nl;

		if (tmpls[i] == NULL)
			continue;
		while (template_next(tmpls[i], &pos, &start, &ns, &nl))
			fn(optnames[i], tmpls[i] + ns, nl, relname, arg);
	}
}
