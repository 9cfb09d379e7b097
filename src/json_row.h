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

#endif							/* JSON_ROW_H */
