/*-------------------------------------------------------------------------
 *
 * json_stream.h
 *	  Incremental splitter of a JSON or NDJSON HTTP response into rows.
 *
 * The response body is fed in arbitrary chunks.  The splitter finds the
 * byte range of every row without holding the whole response: it keeps a
 * private buffer from which consumed bytes are discarded, so memory stays
 * bounded by roughly one chunk plus one row.  Every byte is scanned once.
 *
 * This file is plain C99 with no PostgreSQL dependency, so that it can be
 * unit tested and fuzzed on its own.
 *
 * Usage:
 *
 *		js = json_stream_create(JSON_STREAM_JSON, "data.items", caps, 1);
 *		for each chunk:
 *			json_stream_feed(js, chunk, len);
 *			while ((ev = json_stream_next(js, &v)) != JSON_STREAM_NEED_MORE)
 *				... handle ROW / CAPTURE; stop on END or ERROR ...
 *		json_stream_finish(js);
 *		while ((ev = json_stream_next(js, &v)) is ROW or CAPTURE)
 *			...
 *		(ev is now END or ERROR)
 *		json_stream_destroy(js);
 *
 * After json_stream_finish(), json_stream_next() never returns NEED_MORE.
 *
 * Matching rules for rows_path and capture paths (syntax: json_path.h):
 *	- "" or NULL is the top-level value.  Keys are compared byte-wise with
 *	  the raw key bytes as they appear between the quotes (no unescaping, so
 *	  a key written with backslash escapes does not match); digits also
 *	  take that element of an array, "*" every element.
 *	- rows_path without "*": its first match only (later duplicate keys are
 *	  validated and skipped); none is a shape error.  With "*": the rows of
 *	  every match, in order; a shape error when the value before the first
 *	  "*" is missing, or a "*" meets a value that is not an array.
 *	- A capture reports its first match.  A capture path that meets
 *	  rows_path (holds the rows, or lies within them: json_path_meets())
 *	  never matches.  With NDJSON no capture can match.
 *	- A context path is read once per element of the "*" it shares with
 *	  rows_path (json_path_shared_wild(); none shared: once), and its value
 *	  for each row is json_stream_context()'s.  While a context value may
 *	  still come after the rows, they are held (json_hold.h) until the
 *	  element it would be in has ended.
 *
 * Validation: the structure outside rows is fully validated (brackets,
 * commas, colons, literal and number grammar, string escapes and control
 * characters).  Inside a row only strings, escapes and bracket matching are
 * tracked; rows are expected to be validated by json_row_parse() later.
 * Nesting deeper than JSON_STREAM_MAX_DEPTH is rejected.
 *
 * NDJSON: every top-level value is a row; whitespace (including blank lines
 * and CRLF) between values is skipped.  Values that delimit themselves
 * (objects, arrays, strings) need no separator.  An empty NDJSON response
 * is valid and has no rows.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JSON_STREAM_H
#define JSON_STREAM_H

#include <stddef.h>
#include <stdint.h>

#define JSON_STREAM_MAX_DEPTH	10000

typedef enum JsonStreamFormat
{
	JSON_STREAM_JSON,			/* one JSON document; rows are the elements of
								 * the array at rows_path */
	JSON_STREAM_NDJSON			/* a sequence of top-level JSON values
								 * separated by whitespace/newlines; each value
								 * is a row */
} JsonStreamFormat;

typedef enum JsonStreamEvent
{
	JSON_STREAM_NEED_MORE,		/* feed more bytes, or call
								 * json_stream_finish() */
	JSON_STREAM_ROW,			/* out holds one row */
	JSON_STREAM_CAPTURE,		/* out holds the value found at capture path
								 * number out->capture_index */
	JSON_STREAM_END,			/* the document is complete and well formed */
	JSON_STREAM_ERROR			/* see json_stream_error_message() /
								 * json_stream_error_offset() */
} JsonStreamEvent;

typedef struct JsonStreamValue
{
	const char *data;			/* points into the stream's buffer; valid
								 * until the next feed/next call */
	size_t		len;
	uint64_t	offset;			/* byte offset of data[0] from the start of
								 * the response */
	int			capture_index;	/* for CAPTURE: index into capture_paths;
								 * else -1 */
} JsonStreamValue;

typedef struct JsonStream JsonStream;

/*
 * Create a splitter, with context paths read per array of rows (see
 * above).  The paths are copied.  Returns NULL on out of memory.
 */
extern JsonStream *json_stream_create_ex(JsonStreamFormat format,
										 const char *rows_path,
										 const char *const *capture_paths,
										 int ncapture,
										 const char *const *context_paths,
										 int ncontext);

/* The same without context paths. */
static inline JsonStream *
json_stream_create(JsonStreamFormat format, const char *rows_path,
				   const char *const *capture_paths, int ncapture)
{
	return json_stream_create_ex(format, rows_path, capture_paths, ncapture,
								 NULL, 0);
}

/*
 * The value of context path number index for the row last returned: 1 and
 * out set (data valid until the next feed/next call; offset 0), or 0 when
 * there is none.
 */
extern int	json_stream_context(const JsonStream *js, int index,
								JsonStreamValue *out);

/*
 * The array of rows (numbered from 1) that the row last returned came
 * from, when there are context paths; 0 otherwise.
 */
extern uint64_t json_stream_group(const JsonStream *js);

/*
 * Append bytes to the stream.  Returns 0 on success, -1 on out of memory
 * (the stream is then also in the error state).  Data fed after an error,
 * after the end, or after json_stream_finish() is ignored.
 */
extern int	json_stream_feed(JsonStream *js, const char *data, size_t len);

/* Declare that no more input will come. */
extern void json_stream_finish(JsonStream *js);

/* Scan forward to the next event.  ERROR and END are sticky. */
extern JsonStreamEvent json_stream_next(JsonStream *js, JsonStreamValue *out);

/*
 * Limit the size of one row, of one captured value and of one value of a
 * context path to max_value bytes (0, the default: no limit).  A larger
 * one is an ERROR as soon as the stream holds more than max_value bytes of
 * it, for which json_stream_error_is_too_large() is true; the error offset
 * is where the value starts.  A row that is both too large and malformed
 * past the limit may be reported either way, depending on how the input
 * was cut.
 */
extern void json_stream_set_max_value(JsonStream *js, size_t max_value);

extern int	json_stream_error_is_too_large(const JsonStream *js);

/*
 * The value too large was the rows held back for a context value that
 * follows them, more than max_value bytes of the response.
 */
extern int	json_stream_error_is_held(const JsonStream *js);

/* Human-readable error text, or NULL if there is no error. */
extern const char *json_stream_error_message(const JsonStream *js);

/*
 * True when the error is about the document's shape rather than its syntax:
 * rows_path not found, or a scalar where rows were expected.
 */
extern int	json_stream_error_is_shape(const JsonStream *js);

/* Absolute byte offset of the error in the response. */
extern uint64_t json_stream_error_offset(const JsonStream *js);

/*
 * Copy up to ~40 bytes of input around the error offset into dst (always
 * NUL-terminated when dstsize > 0); non-printable bytes become '?'.  Only
 * bytes still buffered can be shown.  Returns the number of bytes written,
 * excluding the terminator.
 */
extern size_t json_stream_error_excerpt(const JsonStream *js, char *dst,
										size_t dstsize);

/* Offset of the error within the excerpt that json_stream_error_excerpt()
 * produces for a large enough dst. */
extern size_t json_stream_error_excerpt_pos(const JsonStream *js);

/* Bytes currently held in the internal buffer (for memory tests). */
extern size_t json_stream_buffered(const JsonStream *js);

/* Allocated size of the internal buffer. */
extern size_t json_stream_capacity(const JsonStream *js);

/* Number of rows emitted so far. */
extern uint64_t json_stream_rows(const JsonStream *js);

/* Total number of bytes fed so far. */
extern uint64_t json_stream_total_bytes(const JsonStream *js);

extern void json_stream_destroy(JsonStream *js);

#endif							/* JSON_STREAM_H */
