/*-------------------------------------------------------------------------
 *
 * rest_fdw.h
 *		  Declarations shared by the backend-side parts of rest_fdw
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_FDW_H
#define REST_FDW_H

#include "access/tupdesc.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"

#include "json_row.h"
#include "json_stream.h"

/* the options: option.h */
#include "option.h"

/* url.c helpers used by the backend are declared in url.h */

/* transfers and the pager (http_client.c, pagination.c) */
#include "http_client.h"
#include "pagination.h"

/* convert.c */
#include "convert.h"

#endif							/* REST_FDW_H */
