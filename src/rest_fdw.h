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

/* How a column's value is found in a row */
typedef struct RestColumn
{
	AttrNumber	attnum;
	char	   *name;			/* PostgreSQL column name */
	char	   *remote_name;	/* first key of the path */
	char	  **path;			/* json_path split at dots */
	int			npath;			/* 0 means the whole row ("$") */
	int			position;		/* json_columns: index in the row array */
	int			keyid;			/* id of path[0] in the scan's RestRowIndex,
								 * or -1 */

	/* conversion */
	Oid			typid;
	int32		typmod;
	int			kind;			/* private to convert.c */
	FmgrInfo	input;
	Oid			ioparam;
	Oid			elemtypid;		/* arrays */
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	int			elemkind;
	FmgrInfo	eleminput;
	Oid			elemioparam;
} RestColumn;

/*
 * Where the columns' values are in the current row, found in one walk over
 * the row's top-level members (or array elements) instead of one search per
 * column.  Built at the first row of a scan (rest_fdw.c).
 */
typedef struct RestRowIndex
{
	bool		ready;
	JsonKeyTable keys;			/* the columns' first path segments */
	int		   *values;			/* per key id: its value's token, or -1 */
	int		   *elements;		/* json_columns: element tokens */
	int			maxelements;	/* room in elements */
	int			nelements;		/* filled for the current row */
} RestRowIndex;

extern void rest_column_prepare(RestColumn *col, Form_pg_attribute attr);
extern Datum rest_convert_value(RestColumn *col, const JsonRow *row, int token,
								bool *isnull);
extern char *rest_token_excerpt(const JsonRow *row, int token);
extern char *rest_remote_text(const char *data, size_t len);

#endif							/* REST_FDW_H */
