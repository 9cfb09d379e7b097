/*-------------------------------------------------------------------------
 *
 * compat.h
 *		  What differs between the PostgreSQL (13 to 18) and libcurl
 *		  versions rest_fdw builds with, in one place
 *
 * Include after postgres.h.  The libcurl part applies only when
 * <curl/curl.h> was included first.  Each entry names the version that
 * changed the API, so that it can go when that version is the oldest one
 * supported.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_COMPAT_H
#define REST_COMPAT_H

#include "commands/explain.h"
#include "nodes/pg_list.h"
#include "pgstat.h"
#include "storage/latch.h"
#include "utils/builtins.h"
#include "utils/resowner.h"

/* 18 moved ExplainState and the ExplainProperty functions out of explain.h */
#if PG_VERSION_NUM >= 180000
#include "commands/explain_format.h"
#include "commands/explain_state.h"
#endif

/*
 * 16 gave get_guc_variables() the count as an argument (utils/guc_tables.h,
 * which the caller includes)
 */
#if PG_VERSION_NUM >= 160000
#define compat_get_guc_variables(num) get_guc_variables(num)
#else
#define compat_get_guc_variables(num) \
	(*(num) = GetNumConfigOptions(), get_guc_variables())
#endif

/* 14 added list_make5 */
#if PG_VERSION_NUM < 140000
#define list_make5(x1, x2, x3, x4, x5) \
	lappend(list_make4((x1), (x2), (x3), (x4)), (x5))
#endif

/* 14 renamed the predefined roles' OIDs from DEFAULT_ROLE_* to ROLE_PG_* */
#if PG_VERSION_NUM < 140000
#define ROLE_PG_READ_SERVER_FILES DEFAULT_ROLE_READ_SERVER_FILES
#endif

/* 15 added pg_strtoint64 (13 and 14 have int8in, which reports as it does) */
#if PG_VERSION_NUM < 150000
#define pg_strtoint64(s) \
	DatumGetInt64(DirectFunctionCall1(int8in, CStringGetDatum(s)))
#endif

/*
 * 18 dropped the symbol of the POSIX collation; the collation itself, and
 * its OID, are still there.
 */
#ifndef POSIX_COLLATION_OID
#define POSIX_COLLATION_OID 951
#endif

/* 18 replaced PathKey.pk_strategy by pk_cmptype */
#if PG_VERSION_NUM >= 180000
#define rest_pathkey_is_desc(pk) ((pk)->pk_cmptype == COMPARE_GT)
#else
#define rest_pathkey_is_desc(pk) ((pk)->pk_strategy == BTGreaterStrategyNumber)
#endif

/*
 * create_foreignscan_path and create_foreign_upper_path: 17 added
 * fdw_restrictinfo (rest_fdw passes none), 18 disabled_nodes (none).
 */
#if PG_VERSION_NUM >= 180000
#define rest_create_foreignscan_path(root, rel, target, rows, startup, total, \
									 pathkeys, outer, outer_path, private) \
	create_foreignscan_path((root), (rel), (target), (rows), 0, (startup), \
							(total), (pathkeys), (outer), (outer_path), NIL, \
							(private))
#define rest_create_foreign_upper_path(root, rel, target, rows, startup, total, \
									   pathkeys, outer_path, private) \
	create_foreign_upper_path((root), (rel), (target), (rows), 0, (startup), \
							  (total), (pathkeys), (outer_path), NIL, (private))
#elif PG_VERSION_NUM >= 170000
#define rest_create_foreignscan_path(root, rel, target, rows, startup, total, \
									 pathkeys, outer, outer_path, private) \
	create_foreignscan_path((root), (rel), (target), (rows), (startup), \
							(total), (pathkeys), (outer), (outer_path), NIL, \
							(private))
#define rest_create_foreign_upper_path(root, rel, target, rows, startup, total, \
									   pathkeys, outer_path, private) \
	create_foreign_upper_path((root), (rel), (target), (rows), (startup), \
							  (total), (pathkeys), (outer_path), NIL, (private))
#else
#define rest_create_foreignscan_path(root, rel, target, rows, startup, total, \
									 pathkeys, outer, outer_path, private) \
	create_foreignscan_path((root), (rel), (target), (rows), (startup), \
							(total), (pathkeys), (outer), (outer_path), \
							(private))
#define rest_create_foreign_upper_path(root, rel, target, rows, startup, total, \
									   pathkeys, outer_path, private) \
	create_foreign_upper_path((root), (rel), (target), (rows), (startup), \
							  (total), (pathkeys), (outer_path), (private))
#endif

/* 14 gave pull_varnos and estimate_num_groups a PlannerInfo / an argument */
#if PG_VERSION_NUM >= 140000
#define rest_pull_varnos(root, node) pull_varnos((root), (node))
#define rest_estimate_num_groups(root, exprs, rows) \
	estimate_num_groups((root), (exprs), (rows), NULL, NULL)
#else
#define rest_pull_varnos(root, node) pull_varnos(node)
#define rest_estimate_num_groups(root, exprs, rows) \
	estimate_num_groups((root), (exprs), (rows), NULL)
#endif

/*
 * 14 gave ProcessUtility() readOnlyTree; a subcommand of IMPORT FOREIGN
 * SCHEMA (import.c) runs a tree built for it, which it may scribble on.
 */
#if PG_VERSION_NUM >= 140000
#define RestProcessUtilitySubcommand(pstmt, sql) \
	ProcessUtility((pstmt), (sql), false, PROCESS_UTILITY_SUBCOMMAND, NULL, \
				   NULL, None_Receiver, NULL)
#else
#define RestProcessUtilitySubcommand(pstmt, sql) \
	ProcessUtility((pstmt), (sql), PROCESS_UTILITY_SUBCOMMAND, NULL, NULL, \
				   None_Receiver, NULL)
#endif

/*
 * 14 renamed AlterTableStmt's relkind objtype; import.c builds the ALTER
 * FOREIGN TABLE it reports to event triggers.
 */
#if PG_VERSION_NUM >= 140000
#define rest_set_alter_table_objtype(stmt, type) ((stmt)->objtype = (type))
#else
#define rest_set_alter_table_objtype(stmt, type) ((stmt)->relkind = (type))
#endif

/*
 * glibc keeps freed heap memory resident (and counted in the backend's
 * RSS) until told otherwise; IMPORT FOREIGN SCHEMA frees tens of MB of
 * parsed description at once (import.c).  Elsewhere, nothing to do.
 */
#ifdef __GLIBC__
#include <malloc.h>
#define rest_release_free_memory() ((void) malloc_trim(0))
#else
#define rest_release_free_memory() ((void) 0)
#endif

/*
 * 16 moved the user whose mapping a scan uses from the range table entry
 * to the plan (ForeignScan.checkAsUser), and split fs_relids.
 */
#if PG_VERSION_NUM >= 160000
#define rest_scan_user(fsplan, estate, rtindex) \
	(OidIsValid((fsplan)->checkAsUser) ? (fsplan)->checkAsUser : GetUserId())
#define rest_scan_base_relids(fsplan) ((fsplan)->fs_base_relids)
#else
#define rest_scan_user(fsplan, estate, rtindex) \
	(OidIsValid(exec_rt_fetch((rtindex), (estate))->checkAsUser) ? \
	 exec_rt_fetch((rtindex), (estate))->checkAsUser : GetUserId())
#define rest_scan_base_relids(fsplan) ((fsplan)->fs_relids)
#endif

/*
 * Before 17, a database collation could be "C" by its locale rather than
 * its OID (lc_collate_is_c); 17 removed the function, and only the C and
 * POSIX collations sort by bytes there.
 */
#if PG_VERSION_NUM < 170000
#define rest_lc_collate_is_c(collid) (OidIsValid(collid) && lc_collate_is_c(collid))
#else
#define rest_lc_collate_is_c(collid) false
#endif

/*
 * 17 made a wait event set belong to a resource owner rather than to a
 * memory context, so that an ERROR releases its kernel object; callers
 * free it themselves on every version.
 */
#if PG_VERSION_NUM >= 170000
#define rest_create_wait_event_set(nevents) \
	CreateWaitEventSet(CurrentResourceOwner, (nevents))
#else
#define rest_create_wait_event_set(nevents) \
	CreateWaitEventSet(CurrentMemoryContext, (nevents))
#endif

/*
 * 17 added named wait events for extensions; before, every extension's
 * waits show as "Extension".  The caller keeps the number (one shared
 * memory look-up per backend).
 */
#if PG_VERSION_NUM >= 170000
#define rest_wait_event_new(name) WaitEventExtensionNew(name)
#else
#define rest_wait_event_new(name) PG_WAIT_EXTENSION
#endif

/*
 * libcurl 8.8 added curl_multi_waitfds, which has no FD_SETSIZE limit;
 * before, the sockets come from curl_multi_fdset.
 */
#if defined(LIBCURL_VERSION_NUM) && LIBCURL_VERSION_NUM >= 0x080800
#define REST_HAVE_CURL_WAITFDS 1
#endif

/* libcurl 7.80 added curl_url_strerror */
#if defined(LIBCURL_VERSION_NUM) && LIBCURL_VERSION_NUM < 0x075000
#define curl_url_strerror(rc) "it cannot be parsed"
#endif

#endif							/* REST_COMPAT_H */
