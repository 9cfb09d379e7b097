/*-------------------------------------------------------------------------
 *
 * convert.c
 *		  Conversion of JSON values into column values
 *
 * Common types are converted straight from the JSON token (integers,
 * floats, numeric, booleans, text, ISO 8601 and epoch times, arrays);
 * everything else goes through the type's input function with the value's
 * text, so that the result and the error messages are exactly PostgreSQL's.
 * A fast path only takes the values for which it gives exactly what the
 * input function would (json_row.h says which); any other value, including
 * every invalid one, goes to the input function.  numeric always gets the
 * number's own digits, never a double.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "backend_text.h"
#include "convert.h"
#include "safe_text.h"

typedef enum ConvertKind
{
	KIND_INT2,
	KIND_INT4,
	KIND_INT8,
	KIND_FLOAT4,
	KIND_FLOAT8,
	KIND_NUMERIC,
	KIND_BOOL,
	KIND_TEXT,
	KIND_DATE,
	KIND_TIMESTAMP,
	KIND_TIMESTAMPTZ,
	KIND_JSON,					/* json and jsonb: the value's JSON text */
	KIND_ARRAY,
	KIND_INPUT					/* the type's input function */
} ConvertKind;

#define EXCERPT_BYTES 40

static ConvertKind
kind_for_type(Oid typid)
{
	switch (typid)
	{
		case INT2OID:
			return KIND_INT2;
		case INT4OID:
			return KIND_INT4;
		case INT8OID:
			return KIND_INT8;
		case FLOAT4OID:
			return KIND_FLOAT4;
		case FLOAT8OID:
			return KIND_FLOAT8;
		case NUMERICOID:
			return KIND_NUMERIC;
		case BOOLOID:
			return KIND_BOOL;
		case TEXTOID:
			return KIND_TEXT;
		case DATEOID:
			return KIND_DATE;
		case TIMESTAMPOID:
			return KIND_TIMESTAMP;
		case TIMESTAMPTZOID:
			return KIND_TIMESTAMPTZ;
		case JSONOID:
		case JSONBOID:
			return KIND_JSON;
	}
	return KIND_INPUT;
}

/*
 * Where a column's value is in a row: its json_path split at the dots ("$"
 * and "" are the whole row), else its remote name (or name) as one key,
 * even if that has dots.
 */
void
rest_column_set_path(RestColumn *col, const char *json_path,
					 const char *remote_name)
{
	char	   *copy;
	char	   *part;
	char	   *save;
	int			n = 0;

	if (json_path == NULL)
	{
		col->path = palloc(sizeof(char *));
		col->path[0] = pstrdup(remote_name);
		col->npath = 1;
		col->remote_name = col->path[0];
		return;
	}
	if (strncmp(json_path, "$.", 2) == 0)
		json_path += 2;
	else if (strcmp(json_path, "$") == 0)
		json_path = "";

	copy = pstrdup(json_path);
	col->path = palloc(sizeof(char *) * (strlen(copy) / 2 + 2));
	for (part = strtok_r(copy, ".", &save); part; part = strtok_r(NULL, ".", &save))
		col->path[n++] = part;
	col->npath = n;
	col->remote_name = n > 0 ? col->path[0] : NULL;
}

/* Look up how to convert values for a column of the given attribute */
void
rest_column_prepare(RestColumn *col, Form_pg_attribute attr)
{
	Oid			input;

	col->typid = attr->atttypid;
	col->typmod = attr->atttypmod;
	col->kind = kind_for_type(getBaseType(col->typid));
	getTypeInputInfo(col->typid, &input, &col->ioparam);
	fmgr_info(input, &col->input);

	/* domains go through their input function, which checks constraints */
	if (get_typtype(col->typid) == TYPTYPE_DOMAIN)
		col->kind = KIND_INPUT;

	col->elemtypid = get_element_type(col->typid);
	if (OidIsValid(col->elemtypid) && col->kind == KIND_INPUT)
	{
		col->kind = KIND_ARRAY;
		col->elemkind = kind_for_type(col->elemtypid);
		if (get_typtype(col->elemtypid) == TYPTYPE_DOMAIN)
			col->elemkind = KIND_INPUT;
		get_typlenbyvalalign(col->elemtypid, &col->elemlen, &col->elembyval,
							 &col->elemalign);
		getTypeInputInfo(col->elemtypid, &input, &col->elemioparam);
		fmgr_info(input, &col->eleminput);
	}
}

/* The raw JSON text of a token: strings with their quotes */
static void
token_raw(const JsonRow *row, const JsonToken *tok, const char **data, size_t *len)
{
	if (tok->type == JSON_TOKEN_STRING)
	{
		*data = row->data + tok->start - 1;
		*len = tok->end - tok->start + 2;
	}
	else
	{
		*data = row->data + tok->start;
		*len = tok->end - tok->start;
	}
}

/* A short printable excerpt of a value, for error context */
char *
rest_token_excerpt(const JsonRow *row, int token)
{
	const char *data;
	size_t		len;

	token_raw(row, &row->tokens[token], &data, &len);
	if (len > EXCERPT_BYTES)
		return psprintf("%s...",
						rest_remote_text(data, safe_text_utf8_cliplen(data, EXCERPT_BYTES)));
	return rest_remote_text(data, len);
}

/*
 * NUL-terminated UTF-8 text (JSON's encoding) in the database encoding:
 * the same text in a UTF-8 database, else converted, with PostgreSQL's
 * error (22P05) for a character the database encoding does not have.  The
 * tokenizer has checked that the bytes are valid UTF-8; they are verified
 * again here, as the conversion functions expect.
 */
static char *
utf8_to_database(char *text, size_t len, size_t *lenp)
{
	char	   *converted;

	*lenp = len;
	if (GetDatabaseEncoding() == PG_UTF8)
		return text;
	(void) pg_verify_mbstr(PG_UTF8, text, (int) len, false);
	converted = (char *) pg_do_encoding_conversion((unsigned char *) text, (int) len,
												   PG_UTF8, GetDatabaseEncoding());
	if (converted != text)
	{
		pfree(text);
		*lenp = strlen(converted);
	}
	return converted;
}

/* A string with \u0000: no text can hold it (PostgreSQL's json says so too) */
static inline void
reject_nul(const JsonToken *tok)
{
	if (tok->flags & JSON_TOKEN_HAS_NUL)
		ereport(ERROR,
				(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
				 errmsg("unsupported Unicode escape sequence"),
				 errdetail("\\u0000 cannot be converted to text.")));
}

/*
 * The text a value gives to an input function: a string's decoded content,
 * or any other value's JSON text.  Converted to the database encoding.
 */
static char *
token_text(const JsonRow *row, const JsonToken *tok, size_t *lenp)
{
	char	   *text;
	size_t		len;

	if (tok->type == JSON_TOKEN_STRING)
	{
		reject_nul(tok);
		len = tok->end - tok->start;
		text = palloc(len + 1);
		if (tok->flags & JSON_TOKEN_ESCAPED)
			len = json_string_unescape(row->data + tok->start, len, text);
		else
			memcpy(text, row->data + tok->start, len);
	}
	else
	{
		const char *raw;

		token_raw(row, tok, &raw, &len);
		text = palloc(len + 1);
		memcpy(text, raw, len);
	}
	text[len] = '\0';
	*lenp = len;
	return utf8_to_database(text, len, lenp);
}

/*
 * A value as text: a string's decoded content, or any other value's JSON
 * text.  In a UTF-8 database the bytes go straight into the varlena;
 * otherwise through token_text() for the encoding conversion.
 */
static Datum
token_to_text(const JsonRow *row, const JsonToken *tok)
{
	text	   *result;
	const char *raw;
	size_t		len;

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		char	   *cstr = token_text(row, tok, &len);

		return PointerGetDatum(cstring_to_text_with_len(cstr, len));
	}

	if (tok->type == JSON_TOKEN_STRING)
	{
		reject_nul(tok);
		raw = row->data + tok->start;
		len = tok->end - tok->start;
		result = (text *) palloc(len + VARHDRSZ);
		if (tok->flags & JSON_TOKEN_ESCAPED)
			len = json_string_unescape(raw, len, VARDATA(result));
		else
			memcpy(VARDATA(result), raw, len);
	}
	else
	{
		token_raw(row, tok, &raw, &len);
		result = (text *) palloc(len + VARHDRSZ);
		memcpy(VARDATA(result), raw, len);
	}
	SET_VARSIZE(result, len + VARHDRSZ);
	return PointerGetDatum(result);
}

/*
 * An ISO 8601 string in the strict shape json_parse_datetime() takes, as a
 * date, timestamp or timestamptz, the way their input functions read it: a
 * date ignores the time and offset, a timestamp ignores the offset, and a
 * timestamptz without an offset is left to the input function (it depends
 * on the TimeZone setting).  Returns false to leave the value to it.
 */
static bool
iso_datetime(int kind, int32 typmod, const JsonRow *row, const JsonToken *tok,
			 Datum *result)
{
	JsonDateTime dt;
	int			days;
	Timestamp	ts;

	if (tok->type != JSON_TOKEN_STRING || (tok->flags & JSON_TOKEN_ESCAPED) ||
		!json_parse_datetime(row->data + tok->start, tok->end - tok->start, &dt))
		return false;

	days = date2j(dt.year, dt.month, dt.day) - POSTGRES_EPOCH_JDATE;
	if (kind == KIND_DATE)
	{
		*result = DateADTGetDatum(days);
		return true;
	}
	if (kind == KIND_TIMESTAMPTZ && !dt.has_offset)
		return false;

	ts = days * USECS_PER_DAY +
		((dt.hour * MINS_PER_HOUR + dt.minute) * SECS_PER_MINUTE + dt.second) * USECS_PER_SEC +
		dt.usec;
	if (kind == KIND_TIMESTAMPTZ)
		ts -= (Timestamp) dt.offset * USECS_PER_SEC;

	/* years 1 to 9999 with offsets are always in range; typmods round */
	if (typmod >= 0)
		*result = DirectFunctionCall2(kind == KIND_TIMESTAMPTZ ? timestamptz_scale : timestamp_scale,
									  TimestampGetDatum(ts), Int32GetDatum(typmod));
	else
		*result = TimestampGetDatum(ts);
	return true;
}

/* Parse a JSON integer token's digits; false if it does not fit in int64 */
static bool
parse_integer(const char *p, size_t len, int64 *result)
{
	bool		negative = false;
	uint64		value = 0;
	size_t		i = 0;

	if (len > 0 && p[0] == '-')
	{
		negative = true;
		i = 1;
	}
	/* 18 digits always fit; longer numbers take the input function's path */
	if (len - i > 18 || len - i == 0)
		return false;
	for (; i < len; i++)
		value = value * 10 + (p[i] - '0');
	*result = negative ? -(int64) value : (int64) value;
	return true;
}

static Datum
call_input(FmgrInfo *input, Oid ioparam, int32 typmod, const JsonRow *row,
		   const JsonToken *tok)
{
	size_t		len;

	return InputFunctionCall(input, token_text(row, tok, &len), ioparam, typmod);
}

/* Unix epoch seconds (with fraction) as a timestamp */
static Timestamp
epoch_to_timestamp(const JsonRow *row, const JsonToken *tok)
{
	/* all of the number, however long: "1.000...0e2" is 100 */
	char	   *text = pnstrdup(row->data + tok->start, tok->end - tok->start);
	double		seconds;

	errno = 0;
	seconds = strtod(text, NULL);

	/*
	 * A number too large for a double ("1e400") is out of range, not
	 * infinity: that would be a value the server never meant.  Underflow
	 * is just a fraction too small to keep.
	 */
	if (errno == ERANGE && isinf(seconds))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range: \"%s\"",
						rest_remote_text(text, safe_text_utf8_cliplen(text, Min(strlen(text), EXCERPT_BYTES)))),
				 errdetail("The epoch number is too large.")));
	pfree(text);
	/* to_timestamp(double) does the range checks and rounding */
	return DatumGetTimestamp(DirectFunctionCall1(float8_timestamptz,
												 Float8GetDatum(seconds)));
}

static Datum convert_array(RestColumn *col, const JsonRow *row, int token);

/*
 * float4in's and float8in's own conversion (strtof, strtod) without their
 * error handling, for the numbers json_number_float() and
 * json_number_double() leave: false for overflow, underflow and numbers too
 * long to copy, which then get the input function's errors.
 */
static bool
strto_float(const char *digits, size_t ndigits, bool single, double *value)
{
	char		buf[64];

	if (ndigits >= sizeof(buf))
		return false;
	memcpy(buf, digits, ndigits);
	buf[ndigits] = '\0';
	errno = 0;
	*value = single ? (double) strtof(buf, NULL) : strtod(buf, NULL);
	return errno == 0 && !isinf(*value);
}

static Datum
convert_token(int kind, FmgrInfo *input, Oid ioparam, int32 typmod,
			  const JsonRow *row, int token)
{
	const JsonToken *tok = &row->tokens[token];
	const char *digits = row->data + tok->start;
	size_t		ndigits = tok->end - tok->start;
	int64		integer;

	switch (kind)
	{
		case KIND_INT2:
		case KIND_INT4:
		case KIND_INT8:
			if (tok->type == JSON_TOKEN_NUMBER && (tok->flags & JSON_TOKEN_INTEGER) &&
				parse_integer(digits, ndigits, &integer))
			{
				if (kind == KIND_INT8)
					return Int64GetDatum(integer);
				if (kind == KIND_INT4 && integer >= PG_INT32_MIN && integer <= PG_INT32_MAX)
					return Int32GetDatum((int32) integer);
				if (kind == KIND_INT2 && integer >= PG_INT16_MIN && integer <= PG_INT16_MAX)
					return Int16GetDatum((int16) integer);
			}
			/* out of range, fractions, strings: the input function decides */
			break;

		case KIND_FLOAT4:
			if (tok->type == JSON_TOKEN_NUMBER)
			{
				float		value;
				double		slow;

				if (json_number_float(digits, ndigits, &value))
					return Float4GetDatum(value);
				if (strto_float(digits, ndigits, true, &slow))
					return Float4GetDatum((float) slow);
			}
			break;

		case KIND_FLOAT8:
			if (tok->type == JSON_TOKEN_NUMBER)
			{
				double		value;

				if (json_number_double(digits, ndigits, &value) ||
					strto_float(digits, ndigits, false, &value))
					return Float8GetDatum(value);
			}
			break;

		case KIND_NUMERIC:
#if PG_VERSION_NUM >= 140000
			if (tok->type == JSON_TOKEN_NUMBER)
			{
				int64_t		value;
				int			scale;

				/* the same value and display scale as numeric_in */
				if (json_number_decimal(digits, ndigits, &value, &scale) &&
					scale <= NUMERIC_MAX_DISPLAY_SCALE)
				{
					Datum		num = NumericGetDatum(int64_div_fast_to_numeric(value, scale));

					/* numeric() rounds and checks as numeric_in would */
					if (typmod >= 0)
						num = DirectFunctionCall2(numeric, num, Int32GetDatum(typmod));
					return num;
				}
			}
#endif
			break;

		case KIND_BOOL:
			if (tok->type == JSON_TOKEN_TRUE)
				return BoolGetDatum(true);
			if (tok->type == JSON_TOKEN_FALSE)
				return BoolGetDatum(false);
			break;

		case KIND_TEXT:
			return token_to_text(row, tok);

		case KIND_DATE:
		case KIND_TIMESTAMP:
		case KIND_TIMESTAMPTZ:
			{
				Datum		result;

				if (iso_datetime(kind, typmod, row, tok, &result))
					return result;
			}
			if (tok->type == JSON_TOKEN_NUMBER)
			{
				/* the UTC instant; for timestamp, its UTC wall-clock time */
				Timestamp	ts = epoch_to_timestamp(row, tok);

				if (kind == KIND_DATE)
					return DirectFunctionCall1(timestamp_date, TimestampGetDatum(ts));
				if (typmod >= 0)
					return DirectFunctionCall2(timestamp_scale, TimestampGetDatum(ts),
											   Int32GetDatum(typmod));
				return TimestampGetDatum(ts);
			}
			break;

		case KIND_JSON:
			{
				const char *raw;
				size_t		len;
				char	   *text;

				/* the value's own JSON text, so nothing is lost */
				token_raw(row, tok, &raw, &len);
				text = palloc(len + 1);
				memcpy(text, raw, len);
				text[len] = '\0';
				/* JSON's UTF-8, in the database encoding (json_in reads that) */
				text = utf8_to_database(text, len, &len);
				return InputFunctionCall(input, text, ioparam, typmod);
			}
	}

	return call_input(input, ioparam, typmod, row, tok);
}

/* A one-dimensional array from a JSON array; a string goes to array_in */
static Datum
convert_array(RestColumn *col, const JsonRow *row, int token)
{
	const JsonToken *tok = &row->tokens[token];
	Datum	   *values;
	bool	   *nulls;
	int			dims[1];
	int			lbs[1] = {1};
	int			i;
	int			child;

	if (tok->type != JSON_TOKEN_ARRAY)
	{
		if (tok->type == JSON_TOKEN_STRING)
			return call_input(&col->input, col->ioparam, col->typmod, row, tok);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("malformed array literal: \"%s\"", rest_token_excerpt(row, token)),
				 errdetail("A column of type %s takes a JSON array.",
						   format_type_be(col->typid))));
	}

	/* a long enough JSON array would make palloc fail with XX000 */
	if ((Size) tok->size >= MaxArraySize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("array size exceeds the maximum allowed (%d)",
						(int) MaxArraySize)));
	values = palloc(sizeof(Datum) * (tok->size + 1));
	nulls = palloc(sizeof(bool) * (tok->size + 1));
	child = token + 1;
	for (i = 0; i < tok->size; i++)
	{
		const JsonToken *elem = &row->tokens[child];

		nulls[i] = (elem->type == JSON_TOKEN_NULL);
		if (nulls[i])
			values[i] = (Datum) 0;
		else if (elem->type == JSON_TOKEN_ARRAY && col->elemkind != KIND_JSON)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("nested JSON arrays cannot be converted to type %s",
							format_type_be(col->typid)),
					 errhint("Use a json or jsonb column for nested arrays.")));
		else
			values[i] = convert_token(col->elemkind, &col->eleminput, col->elemioparam,
									  col->typmod, row, child);
		child = elem->next;
	}
	dims[0] = tok->size;
	return PointerGetDatum(construct_md_array(values, nulls, 1, dims, lbs,
											  col->elemtypid, col->elemlen,
											  col->elembyval, col->elemalign));
}

/*
 * Convert the JSON value at token (or a missing value, token < 0) to the
 * column's type.  Errors are reported with the caller's error context.
 */
Datum
rest_convert_value(RestColumn *col, const JsonRow *row, int token, bool *isnull)
{
	if (token < 0 || row->tokens[token].type == JSON_TOKEN_NULL)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	if (col->kind == KIND_ARRAY)
		return convert_array(col, row, token);
	return convert_token(col->kind, &col->input, col->ioparam, col->typmod, row, token);
}
