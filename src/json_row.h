/*-------------------------------------------------------------------------
 *
 * json_row.h
 *	  Strict, validating tokenizer for one JSON value (one row).
 *
 * json_row_parse() checks a complete JSON value against RFC 8259 (grammar,
 * numbers, string escapes including surrogate pairs, control characters)
 * and requires the raw bytes to be well-formed UTF-8.  The result is a flat
 * array of tokens in document order, like jsmn: a container token is
 * followed by its children; an object's children are, for each member, the
 * key token (a STRING) followed by the value's subtree.  Each token's
 * "next" field gives the index just past its subtree, so siblings can be
 * visited without recursion.
 *
 * A string containing \u0000 is accepted and flagged JSON_TOKEN_HAS_NUL so
 * that the caller can decide what to do (PostgreSQL text cannot hold NUL).
 *
 * Plain C99 with no PostgreSQL dependency.  Note that the names
 * JsonTokenType and JSON_TOKEN_* clash with PostgreSQL's common/jsonapi.h
 * (also pulled in by utils/jsonfuncs.h): don't include both in the same
 * translation unit.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JSON_ROW_H
#define JSON_ROW_H

#ifdef JSONAPI_H
#error "json_row.h cannot be used together with common/jsonapi.h (JsonTokenType clash)"
#endif

#include <stddef.h>
#include <stdint.h>

/* containers nested deeper than this are rejected */
#define JSON_ROW_MAX_DEPTH	1000

typedef enum JsonTokenType
{
	JSON_TOKEN_OBJECT,
	JSON_TOKEN_ARRAY,
	JSON_TOKEN_STRING,
	JSON_TOKEN_NUMBER,
	JSON_TOKEN_TRUE,
	JSON_TOKEN_FALSE,
	JSON_TOKEN_NULL
} JsonTokenType;

#define JSON_TOKEN_ESCAPED	0x01	/* string contains backslash escapes */
#define JSON_TOKEN_HAS_NUL	0x02	/* string contains \u0000 */
#define JSON_TOKEN_INTEGER	0x04	/* number has no fraction or exponent */

typedef struct JsonToken
{
	uint8_t		type;			/* JsonTokenType */
	uint8_t		flags;
	uint32_t	start;			/* byte offset in the row; for strings, just
								 * after the opening quote */
	uint32_t	end;			/* one past the last byte; for strings, the
								 * closing quote; for containers, one past the
								 * closing bracket */
	int32_t		size;			/* object: number of members; array: number
								 * of elements; else 0 */
	int32_t		next;			/* index of the first token after this
								 * token's whole subtree */
} JsonToken;

typedef struct JsonRow
{
	const char *data;
	size_t		len;
	JsonToken  *tokens;			/* owned, reused across parses */
	int			ntokens;
	int			capacity;
	const char *error;			/* static message on failure */
	size_t		error_offset;	/* byte offset within the row */
} JsonRow;

extern void json_row_init(JsonRow *row);
extern void json_row_free(JsonRow *row);

/*
 * Parse data[0..len) as exactly one JSON value, optionally surrounded by
 * whitespace.  Returns 0 on success; -1 if invalid (row->error and
 * row->error_offset are set; the message is "invalid UTF-8" for malformed
 * bytes); -2 on out of memory (row->error is "out of memory").  The data is
 * not copied: tokens refer to it through their offsets.  Rows must be
 * shorter than 4 GB.
 */
extern int	json_row_parse(JsonRow *row, const char *data, size_t len);

/*
 * Token index of the value of member "key" in the object at object_token,
 * or -1 if there is none (or object_token is not an object).  With
 * duplicate keys the last one wins, as in PostgreSQL's jsonb.  Keys are
 * compared after unescaping.  O(number of members).
 */
extern int	json_row_object_get(const JsonRow *row, int object_token,
								const char *key, size_t keylen);

/*
 * Token index of element "index" of the array at array_token, or -1 if
 * out of range (or array_token is not an array).  O(index).
 */
extern int	json_row_array_get(const JsonRow *row, int array_token, int index);

/*
 * Decode a string token's raw bytes (between the quotes) into UTF-8.  dst
 * must have room for len bytes; the decoded length is returned.  \u0000
 * decodes to a 0 byte.  Meant for validated input; malformed escapes are
 * copied through and lone surrogates become U+FFFD, never reading past len.
 */
extern size_t json_string_unescape(const char *src, size_t len, char *dst);

/*
 * A small hash table of the object keys a caller needs, so that one walk
 * over an object's members finds all of them (instead of one linear search
 * per key).  The caller provides the slots (json_keys_nslots() of them)
 * and keeps the key strings alive; keys are compared after unescaping.
 *
 *		slots = malloc(json_keys_nslots(n) * sizeof(JsonKeySlot));
 *		json_keys_init(&kt, slots, json_keys_nslots(n));
 *		id = json_keys_add(&kt, "name", 4);		(ids are 0, 1, 2, ...)
 *		json_row_object_lookup(row, 0, &kt, values);	(values[id])
 */
typedef struct JsonKeySlot
{
	const char *key;			/* NULL for an empty slot */
	uint32_t	len;
	int32_t		id;
	uint64_t	head;			/* up to 16 of the key's bytes, see
								 * json_row.c */
	uint64_t	tail;
} JsonKeySlot;

typedef struct JsonKeyTable
{
	JsonKeySlot *slots;
	uint32_t	mask;			/* number of slots - 1 */
	int			nkeys;
	int			capacity;		/* most keys the slots can take */
} JsonKeyTable;

/* How many slots a table for nkeys keys needs (a power of two). */
extern size_t json_keys_nslots(int nkeys);

extern void json_keys_init(JsonKeyTable *kt, JsonKeySlot *slots, size_t nslots);

/*
 * Add a key; returns its id, the id it already had if it was added before,
 * or -1 if the table is full.  The key is not copied.
 */
extern int	json_keys_add(JsonKeyTable *kt, const char *key, size_t len);

/* The id of a key given as its bytes, or -1. */
extern int	json_keys_find(const JsonKeyTable *kt, const char *key, size_t len);

/*
 * For every key of the table, the token index of its value in the object
 * at object_token, or -1: values[id], for id < kt->nkeys.  With duplicate
 * keys the last one wins, as in json_row_object_get().  O(members).
 */
extern void json_row_object_lookup(const JsonRow *row, int object_token,
								   const JsonKeyTable *kt, int *values);

/*
 * Token indexes of the first max elements of the array at array_token, in
 * out[0..n); returns n, or 0 if array_token is not an array.  O(n).
 */
extern int	json_row_array_elements(const JsonRow *row, int array_token,
									int *out, int max);

/*
 * Exact fast paths for number tokens.  Each returns 1 and the value when
 * it can be computed exactly as the usual conversion would, else 0 (the
 * caller then falls back to strtod(), strtof() or numeric_in()).  s and
 * len are a NUMBER token's bytes (JSON number grammar is assumed).
 *
 * json_number_double: the same double as strtod() (correctly rounded),
 * for up to 15 significant digits and a decimal exponent within +-22.
 * json_number_float: the same float as strtof(), for up to 7 significant
 * digits and a decimal exponent within +-10.
 * json_number_decimal: value / 10^scale, for numbers without an exponent
 * with at most 15 significant digits (scale is the number of digits after
 * the point, as numeric_in's display scale).
 */
extern int	json_number_double(const char *s, size_t len, double *out);
extern int	json_number_float(const char *s, size_t len, float *out);
extern int	json_number_decimal(const char *s, size_t len, int64_t *value,
								int *scale);

/*
 * An ISO 8601 date or date-time in the one strict shape that APIs send:
 *
 *		YYYY-MM-DD[(T| )HH:MM:SS[.f{1,6}][Z|(+|-)HH[[:]MM]]]
 *
 * with every field in range (year 1 to 9999, a real day of the month,
 * hours 0-23, minutes and seconds 0-59, offsets up to 15:59).  Returns 1
 * and the fields, or 0 for anything else (the caller then falls back to
 * the type's input function, which knows every other form).
 */
typedef struct JsonDateTime
{
	int			year;
	int			month;
	int			day;
	int			has_time;
	int			hour;
	int			minute;
	int			second;
	int			usec;
	int			has_offset;
	int			offset;			/* seconds east of UTC */
} JsonDateTime;

extern int	json_parse_datetime(const char *s, size_t len, JsonDateTime *dt);

#endif							/* JSON_ROW_H */
