/*-------------------------------------------------------------------------
 *
 * convert.h
 *	  JSON values of a row into column values
 *
 * A scan describes each column it fills with a RestColumn: where the value
 * is in a row (a path of keys, or a position for json_columns) and how it
 * is converted.  rest_column_prepare() looks up the conversion once per
 * scan; rest_convert_value() then turns the token of one row into a Datum.
 *
 * Contract:
 *	- The result and the error of a conversion are exactly those of the
 *	  type's input function with the value's text: a fast path for common
 *	  types (integers, floats, numeric, booleans, text, ISO 8601 and epoch
 *	  times, arrays) takes only values for which it gives the same answer,
 *	  and numeric always gets the number's own digits.  A missing value
 *	  (token -1) and JSON null are SQL NULL.
 *	- Text that came from the remote side is shown in messages only through
 *	  rest_remote_text() (backend_text.h) and rest_token_excerpt(), which
 *	  make it valid in the database encoding and bound its length.
 *	- Nothing here sends requests or knows about dialects or plans: this is
 *	  the layer below the whole request machinery, and includes only
 *	  PostgreSQL headers and the plain-C JSON and text leaves.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_CONVERT_H
#define REST_CONVERT_H

#include "access/tupdesc.h"
#include "fmgr.h"

#include "json_row.h"

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

extern void rest_column_set_path(RestColumn *col, const char *json_path,
								 const char *remote_name);
extern void rest_column_prepare(RestColumn *col, Form_pg_attribute attr);
extern Datum rest_convert_value(RestColumn *col, const JsonRow *row, int token,
								bool *isnull);
extern char *rest_token_excerpt(const JsonRow *row, int token);

#endif							/* REST_CONVERT_H */
