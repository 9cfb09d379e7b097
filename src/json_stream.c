/*-------------------------------------------------------------------------
 *
 * json_stream.c
 *	  Incremental splitter of a JSON or NDJSON HTTP response into rows.
 *
 * The scanner is a pushdown automaton driven one byte at a time outside
 * rows ("the envelope"), where the JSON grammar is fully checked, and by a
 * tight table-driven loop inside rows, where only strings, escapes and
 * bracket matching are tracked (its byte scanners, SSE2 or not, are in
 * json_scan.h).  All scan state survives between calls, so every byte is
 * looked at once no matter how the input is chunked.
 *
 * Buffer management: bytes before the oldest position that may still be
 * needed (start of the current row or of an active capture, a key that may
 * match a path, a short token for the error message, and a little context
 * for error excerpts) are discarded when new data is fed, as long as moving
 * the rest is cheap compared to what is discarded or the buffer is full.
 * Moved bytes are thereby amortized against discarded ones.
 *
 * See json_stream.h for the matching rules.
 *
 * Why this file stays above 1,200 lines: what is left is one state machine.
 * The envelope automaton, the row loop and buffer management all read and
 * write the JsonStream below, on the scan path: moving one of them out
 * would put that struct in a shared header and calls across files into the
 * loops that inlining keeps tight today (see test/unit's bench_json), and
 * test/unit/test_oom.c includes this file to fail each of its allocations
 * in turn.  What has state of its own is apart: the byte scanners and the
 * number recognizer (json_scan.h), the matching of paths against the
 * envelope (json_path.c, called outside rows only), the values that go
 * with each array of rows and the rows held for them (json_hold.c).
 *
 *-------------------------------------------------------------------------
 */
#include "json_stream.h"
#include "json_hold.h"
#include "json_path.h"
#include "json_scan.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* how much input before the scan position is kept for error excerpts */
#define EXCERPT_BEFORE		20
#define EXCERPT_AFTER		20

/* tokens up to this length are kept buffered so that errors can quote them */
#define TOKEN_QUOTE_MAX		32

#define MIN_BUFFER			8192

typedef enum StreamState
{
	ST_START,					/* nothing scanned yet; look for a BOM */
	ST_VALUE,					/* a value is expected */
	ST_VALUE_OR_CLOSE,			/* after '[': a value or ']' */
	ST_KEY_OR_CLOSE,			/* after '{': a key or '}' */
	ST_KEY,						/* after ',' in an object: a key */
	ST_COLON,					/* after a key: ':' */
	ST_AFTER,					/* after a value: ',', a close bracket, or end */
	ST_STRING,					/* inside a string outside rows */
	ST_TOKEN,					/* inside a number or literal */
	ST_ROW,						/* inside a container or string row */
	ST_END,
	ST_ERROR
} StreamState;


/*
 * What the stream does with a path (paths[i] beside match.paths[i], whose
 * status says where it is: json_path.h)
 */
typedef struct StreamPath
{
	int			slot;			/* a JsonHold slot, or -1 */
	int			vdepth;			/* capture: nesting depth of its value */
	uint64_t	start;			/* capture: absolute range of its value */
	uint64_t	end;
} StreamPath;

struct JsonStream
{
	JsonStreamFormat format;
	bool		finished;
	uint8_t		state;			/* StreamState */

	/* input buffer; buf[0] is at absolute offset "base" of the response */
	char	   *buf;
	size_t		len;
	size_t		cap;
	size_t		pos;			/* scan position in buf */
	uint64_t	base;

	/* container stack: '{' or '[' per open container */
	int			depth;

	/* envelope strings */
	bool		str_key;		/* the string is an object key */
	uint8_t		str_esc;		/* 0; 1 after '\'; 2..5 in \u hex digits */
	uint64_t	key_start;		/* absolute offset of the key's '"' */

	/* numbers and literals */
	TokenScan	tok;			/* json_scan.h */
	bool		tok_row;		/* the token is a row */
	uint64_t	tok_start;

	/* the row being scanned */
	bool		in_row;
	bool		row_in_str;
	bool		row_esc;
	int			row_base;		/* depth at which the row completes */
	uint64_t	row_start;

	/* rows */
	bool		rows_active;	/* inside the array at rows_path */
	int			rows_depth;		/* depth of that array's elements */
	bool		rows_found;		/* rows_path (with "*": its first array) */
	uint64_t	nrows;

	/* values per array of rows, and rows held until they are known */
	JsonHold	hold;
	bool		hold_too_large;

	/*
	 * paths[0] is rows_path, then the capture paths, then the paths of the
	 * hold's slots
	 */
	JsonPathSet match;			/* where each path is matched */
	JsonPathMatch *matches;		/* match.paths */
	StreamPath *paths;
	JsonPathSeg *segs;
	char	   *pathtext;
	int			npaths;
	int			nactive;
	int			nready;
	int			ncapture;

	/* error */
	uint64_t	err_offset;
	char		errmsg[256];
	bool		shape_error;	/* valid JSON, but no rows where expected */
	bool		too_large;		/* a row or capture exceeded max_value */

	size_t		max_value;		/* 0: no limit */

	uint8_t		stack[JSON_STREAM_MAX_DEPTH];
};

/* byte classes outside strings */
enum
{
	CC_OTHER = 0, CC_WS, CC_TOKEN, CC_QUOTE, CC_OPEN, CC_CLOSE, CC_COMMA,
	CC_COLON
};

#define T CC_TOKEN
static const uint8_t char_class[256] = {
	[' '] = CC_WS,['\t'] = CC_WS,['\n'] = CC_WS,['\r'] = CC_WS,
	['"'] = CC_QUOTE,['{'] = CC_OPEN,['['] = CC_OPEN,
	['}'] = CC_CLOSE,[']'] = CC_CLOSE,[','] = CC_COMMA,[':'] = CC_COLON,
	['+'] = T,['-'] = T,['.'] = T,
	['0'] = T,['1'] = T,['2'] = T,['3'] = T,['4'] = T,
	['5'] = T,['6'] = T,['7'] = T,['8'] = T,['9'] = T,
	['A'] = T,['B'] = T,['C'] = T,['D'] = T,['E'] = T,['F'] = T,['G'] = T,
	['H'] = T,['I'] = T,['J'] = T,['K'] = T,['L'] = T,['M'] = T,['N'] = T,
	['O'] = T,['P'] = T,['Q'] = T,['R'] = T,['S'] = T,['T'] = T,['U'] = T,
	['V'] = T,['W'] = T,['X'] = T,['Y'] = T,['Z'] = T,
	['a'] = T,['b'] = T,['c'] = T,['d'] = T,['e'] = T,['f'] = T,['g'] = T,
	['h'] = T,['i'] = T,['j'] = T,['k'] = T,['l'] = T,['m'] = T,['n'] = T,
	['o'] = T,['p'] = T,['q'] = T,['r'] = T,['s'] = T,['t'] = T,['u'] = T,
	['v'] = T,['w'] = T,['x'] = T,['y'] = T,['z'] = T,
};
#undef T

/* bytes that matter inside envelope strings: also control characters */
static const uint8_t env_str_class[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1,['\\'] = 1,
};

static const char utf8_bom[3] = {'\xEF', '\xBB', '\xBF'};


/* ----------------------------------------------------------------
 * Errors
 * ----------------------------------------------------------------
 */

static JsonStreamEvent
fail(JsonStream *js, uint64_t offset, const char *msg)
{
	if (msg != NULL)
		snprintf(js->errmsg, sizeof(js->errmsg), "%s", msg);
	js->err_offset = offset;
	js->state = ST_ERROR;
	return JSON_STREAM_ERROR;
}

static JsonStreamEvent
fail_unexpected(JsonStream *js, unsigned char c, uint64_t offset,
				const char *suffix)
{
	if (c >= 0x20 && c < 0x7f)
		snprintf(js->errmsg, sizeof(js->errmsg),
				 "unexpected character '%c'%s", c, suffix);
	else
		snprintf(js->errmsg, sizeof(js->errmsg),
				 "unexpected byte 0x%02x%s", c, suffix);
	return fail(js, offset, NULL);
}

/*
 * Report a malformed number or literal.  tok_end is one past the last byte
 * to quote; short tokens are guaranteed to be still buffered (see
 * keep_offset()), so the message does not depend on how input was chunked.
 */
static JsonStreamEvent
fail_token(JsonStream *js, uint64_t tok_end)
{
	const char *what = (js->tok.state == TK_LIT) ? "literal" : "number";
	uint64_t	n = tok_end - js->tok_start;

	if (n <= TOKEN_QUOTE_MAX && js->tok_start >= js->base &&
		tok_end <= js->base + js->len)
		snprintf(js->errmsg, sizeof(js->errmsg), "invalid %s \"%.*s\"",
				 what, (int) n, js->buf + (js->tok_start - js->base));
	else
		snprintf(js->errmsg, sizeof(js->errmsg), "invalid %s", what);
	return fail(js, js->tok_start, NULL);
}

static JsonStreamEvent
fail_depth(JsonStream *js, uint64_t offset)
{
	snprintf(js->errmsg, sizeof(js->errmsg),
			 "JSON nesting depth exceeds the maximum of %d",
			 JSON_STREAM_MAX_DEPTH);
	return fail(js, offset, NULL);
}

static JsonStreamEvent
fail_held(JsonStream *js)
{
	js->too_large = true;
	js->hold_too_large = true;
	return fail(js, js->hold.start,
				"rows held for the values that follow them are too large");
}

/* ----------------------------------------------------------------
 * Events
 * ----------------------------------------------------------------
 */

/*
 * The outermost capture in progress that holds more than max_value bytes
 * up to offset end, or NULL.  The outermost, so that the same one is found
 * however the input was cut.
 */
static const StreamPath *
capture_too_large(const JsonStream *js, uint64_t end)
{
	const StreamPath *found = NULL;
	int			i;

	for (i = 1; i < js->npaths; i++)
	{
		const StreamPath *p = &js->paths[i];

		if (js->match.paths[i].status == JSON_PATH_ACTIVE &&
			end - p->start > js->max_value &&
			(found == NULL || p->start < found->start))
			found = p;
	}
	return found;
}

/*
 * The values still open that, fed in pieces, the stream would have found
 * too large by offset end: the rows held, which began before any value
 * still open beside them, or else the outermost capture.  For a check
 * where an event, or a value of the hold's, ends at "end".
 */
static JsonStreamEvent
check_open_values(JsonStream *js, uint64_t end)
{
	const StreamPath *p;

	if (js->max_value == 0)
		return JSON_STREAM_NEED_MORE;
	if (js->hold.holding &&
		json_hold_too_large(&js->hold, end, js->max_value))
		return fail_held(js);
	if ((p = capture_too_large(js, end)) != NULL)
	{
		js->too_large = true;
		return fail(js, p->start, "value is too large");
	}
	return JSON_STREAM_NEED_MORE;
}

/*
 * With values to go with the rows: hold the row that ended at "end", or
 * note that it goes out now.  NEED_MORE: held, no event; ROW: emit it.
 */
static JsonStreamEvent
hold_row(JsonStream *js, uint64_t end)
{
	if (!js->hold.holding)
	{
		json_hold_streamed(&js->hold);
		return JSON_STREAM_ROW;
	}
	if (json_hold_row(&js->hold, js->row_start,
					  (size_t) (end - js->row_start)) != 0)
		return fail(js, js->row_start, "out of memory");
	return JSON_STREAM_NEED_MORE;
}

static inline JsonStreamEvent
emit_row(JsonStream *js, JsonStreamValue *out, uint64_t end)
{
	js->in_row = false;
	js->state = ST_AFTER;
	if (js->hold.nslots > 0)
	{
		JsonStreamEvent ev = hold_row(js, end);

		if (ev != JSON_STREAM_ROW)
			return ev;
	}
	out->data = js->buf + (js->row_start - js->base);
	out->len = (size_t) (end - js->row_start);
	out->offset = js->row_start;
	out->capture_index = -1;
	js->nrows++;
	return JSON_STREAM_ROW;
}

/* The next row held back, now that its values are known */
static JsonStreamEvent
emit_held_row(JsonStream *js, JsonStreamValue *out)
{
	uint64_t	offset;
	size_t		len;

	json_hold_next(&js->hold, &offset, &len);
	out->data = js->buf + (offset - js->base);
	out->len = len;
	out->offset = offset;
	out->capture_index = -1;
	js->nrows++;
	return JSON_STREAM_ROW;
}

/* Report the first capture whose value is complete. */
static JsonStreamEvent
emit_capture(JsonStream *js, JsonStreamValue *out)
{
	int			i;

	for (i = 1; i < js->npaths; i++)
	{
		StreamPath *p = &js->paths[i];
		JsonPathMatch *m = &js->match.paths[i];

		if (m->status != JSON_PATH_READY)
			continue;
		m->status = JSON_PATH_DONE;
		js->nready--;
		out->data = js->buf + (p->start - js->base);
		out->len = (size_t) (p->end - p->start);
		out->offset = p->start;
		out->capture_index = i - 1;
		return JSON_STREAM_CAPTURE;
	}
	return JSON_STREAM_NEED_MORE;	/* not reached */
}

/*
 * A value outside rows has just ended at absolute offset "end", leaving
 * the scanner at "depth".  Completes the captures of that value.  Returns
 * NEED_MORE to mean "no event, go on scanning".
 */
static JsonStreamEvent
value_done(JsonStream *js, uint64_t end, JsonStreamValue *out)
{
	int			i;

	js->state = ST_AFTER;
	if (js->nactive == 0)
		return JSON_STREAM_NEED_MORE;
	for (i = 1; i < js->npaths; i++)
	{
		StreamPath *p = &js->paths[i];
		JsonPathMatch *m = &js->match.paths[i];

		if (m->status == JSON_PATH_ACTIVE && p->vdepth == js->depth)
		{
			js->nactive--;
			if (p->slot >= 0)
			{
				/*
				 * No event goes out with a value of the hold's, for
				 * check_size() to look at: fed in pieces, the stream would
				 * have checked it while reading it.  Then it is copied, and
				 * looked for again.
				 */
				JsonStreamEvent ev = check_open_values(js, end);

				if (ev != JSON_STREAM_NEED_MORE)
					return ev;
				m->status = JSON_PATH_WAITING;
				if (json_hold_set(&js->hold, p->slot,
								  js->buf + (p->start - js->base),
								  (size_t) (end - p->start)) != 0)
					return fail(js, p->start, "out of memory");
				continue;
			}
			m->status = JSON_PATH_READY;
			p->end = end;
			js->nready++;
		}
	}
	if (js->nready > 0)
		return emit_capture(js, out);
	return JSON_STREAM_NEED_MORE;
}

/* ----------------------------------------------------------------
 * Envelope grammar
 * ----------------------------------------------------------------
 */

/* The rows at rows_path begin at "at": an array of them, or one object */
static JsonStreamEvent
rows_begin(JsonStream *js, JsonPathMatch *p, unsigned char c, uint64_t at,
		   bool *is_row)
{
	if (!p->wild)
		p->status = JSON_PATH_DONE;
	js->rows_found = true;
	if (c == '[')
	{
		js->rows_active = true;
		js->rows_depth = js->depth + 1;
	}
	else if (c == '{')
		*is_row = true;
	else if (!(c == '"' || c == '-' || (c >= '0' && c <= '9') ||
			   c == 't' || c == 'f' || c == 'n'))
		return fail_unexpected(js, c, at, "");
	else if (p->nsegs == 0)
	{
		js->shape_error = true;
		return fail(js, at, "top-level JSON value is not an array or object");
	}
	else
	{
		snprintf(js->errmsg, sizeof(js->errmsg),
				 "value at rows_path \"%s\" is not an array or object",
				 p->text);
		js->shape_error = true;
		return fail(js, at, NULL);
	}

	/* with values to go with the rows: a group, maybe held (json_hold.h) */
	if (js->hold.nslots > 0 && json_hold_begin_group(&js->hold, at) != 0)
		return fail(js, at, "out of memory");
	return JSON_STREAM_NEED_MORE;
}

/*
 * The value at js->depth that starts with c, at "at", is the one that the
 * pending paths expect: the rows, a capture, or a step along a path.
 */
static JsonStreamEvent
resolve_paths(JsonStream *js, unsigned char c, uint64_t at, bool *is_row)
{
	JsonStreamEvent ev;
	int			i;

	for (i = 0; i < js->npaths; i++)
	{
		JsonPathMatch *m = &js->match.paths[i];
		uint8_t		pending = m->pending;

		m->pending = JSON_PATH_NONE;
		if (pending == JSON_PATH_TARGET && i == 0)
		{
			ev = rows_begin(js, m, c, at, is_row);
			if (ev != JSON_STREAM_NEED_MORE)
				return ev;
		}
		else if (pending == JSON_PATH_TARGET)
		{
			StreamPath *p = &js->paths[i];

			/* a value of the hold's counts once per element */
			if (p->slot >= 0 && js->hold.slots[p->slot].set)
				continue;
			m->status = JSON_PATH_ACTIVE;
			p->start = at;
			p->vdepth = js->depth;
			js->nactive++;
		}
		else if (pending == JSON_PATH_PARTIAL)
		{
			JsonPathStep step = json_path_step(m, js->depth, c);

			if (i == 0 && step == JSON_PATH_STEP_WILD_ARRAY)
				js->rows_found = true;
			else if (i == 0 && step == JSON_PATH_STEP_NOT_ARRAY)
			{
				const JsonPathSeg *next = &m->segs[js->depth];

				snprintf(js->errmsg, sizeof(js->errmsg),
						 "value at \"%.*s\" of rows_path \"%s\" is not an array",
						 (int) (next->str - 1 - m->text), m->text, m->text);
				js->shape_error = true;
				return fail(js, at, NULL);
			}
		}
	}
	js->match.npending = 0;
	return JSON_STREAM_NEED_MORE;
}

/*
 * Begin the value whose first byte c is at js->pos.  Resolves the path
 * matches that the preceding key or array element set up, and decides
 * whether the value is a row.
 */
static JsonStreamEvent
start_value(JsonStream *js, unsigned char c)
{
	uint64_t	at = js->base + js->pos;
	bool		is_row;

	/* reject what cannot start a value before looking at paths */
	switch (char_class[c])
	{
		case CC_OPEN:
		case CC_QUOTE:
			break;
		case CC_TOKEN:
			if (token_begin(&js->tok, c))
				break;
			/* FALLTHROUGH */
		default:
			return fail_unexpected(js, c, at, "");
	}

	is_row = (js->rows_active && js->depth == js->rows_depth) ||
		(js->format == JSON_STREAM_NDJSON && js->depth == 0);

	/* rows are on no path; an envelope array's element may be */
	if (!is_row && js->depth > 0 && js->depth <= js->match.max_nsegs &&
		js->stack[js->depth - 1] == '[')
		json_path_element(&js->match, js->depth);
	if (js->match.npending > 0)
	{
		JsonStreamEvent ev = resolve_paths(js, c, at, &is_row);

		if (ev != JSON_STREAM_NEED_MORE)
			return ev;
	}

	switch (char_class[c])
	{
		case CC_OPEN:
			if (js->depth >= JSON_STREAM_MAX_DEPTH)
				return fail_depth(js, at);
			js->stack[js->depth++] = c;
			js->pos++;
			if (is_row)
			{
				js->in_row = true;
				js->row_start = at;
				js->row_base = js->depth - 1;
				js->row_in_str = false;
				js->row_esc = false;
				js->state = ST_ROW;
			}
			else if (c == '{')
				js->state = ST_KEY_OR_CLOSE;
			else
			{
				/* rows are on no path: only envelope arrays count elements */
				json_path_array_open(&js->match, js->depth - 1);
				js->state = ST_VALUE_OR_CLOSE;
			}
			return JSON_STREAM_NEED_MORE;
		case CC_QUOTE:
			js->pos++;
			if (is_row)
			{
				js->in_row = true;
				js->row_start = at;
				js->row_base = js->depth;
				js->row_in_str = true;
				js->row_esc = false;
				js->state = ST_ROW;
			}
			else
			{
				js->str_key = false;
				js->str_esc = 0;
				js->state = ST_STRING;
			}
			return JSON_STREAM_NEED_MORE;
		default:
			/* CC_TOKEN; token_begin() was done above */
			js->tok_start = at;
			js->tok_row = is_row;
			if (is_row)
			{
				js->in_row = true;
				js->row_start = at;
			}
			js->pos++;
			js->state = ST_TOKEN;
			return JSON_STREAM_NEED_MORE;
	}
}

/* Close the innermost container with byte c at js->pos. */
static JsonStreamEvent
close_container(JsonStream *js, unsigned char c, JsonStreamValue *out)
{
	uint64_t	at = js->base + js->pos;
	JsonStreamEvent ev;
	bool		released = false;

	if (js->depth == 0 ||
		js->stack[js->depth - 1] != (c == ']' ? '[' : '{'))
		return fail_unexpected(js, c, at, "");
	js->depth--;
	js->pos++;
	json_path_close(&js->match, js->depth);
	if (js->rows_active && js->depth == js->rows_depth - 1)
		js->rows_active = false;
	if (js->hold.nslots > 0 && json_hold_end_level(&js->hold, js->depth))
	{
		/* the rows held may go: checked, so the cut of the input is moot */
		if (json_hold_too_large(&js->hold, at + 1, js->max_value))
			return fail_held(js);
		released = true;
	}
	ev = value_done(js, at + 1, out);
	/* after a capture, json_stream_next() hands the rows out */
	if (ev == JSON_STREAM_NEED_MORE && released && json_hold_pending(&js->hold))
		return emit_held_row(js, out);
	return ev;
}

/* An object key has ended at absolute offset "end" (its closing quote). */
static void
key_done(JsonStream *js, uint64_t end)
{
	size_t		klen = (size_t) (end - js->key_start - 1);

	if (klen <= js->match.max_seglen)
		json_path_key(&js->match, js->depth,
					  js->buf + (js->key_start + 1 - js->base), klen);
}

/*
 * Scan an envelope string from js->pos, validating escapes and rejecting
 * control characters.  Returns NEED_MORE also when the string ended without
 * an event.
 */
static JsonStreamEvent
scan_string(JsonStream *js, JsonStreamValue *out)
{
	const unsigned char *buf = (const unsigned char *) js->buf;
	size_t		pos = js->pos;
	size_t		len = js->len;
	unsigned char c;

	while (pos < len)
	{
		c = buf[pos];
		if (js->str_esc == 0)
		{
			while (pos < len && !env_str_class[buf[pos]])
				pos++;
			if (pos == len)
				break;
			c = buf[pos];
			if (c == '"')
			{
				uint64_t	end = js->base + pos;

				js->pos = pos + 1;
				if (js->str_key)
				{
					key_done(js, end);
					js->state = ST_COLON;
					return JSON_STREAM_NEED_MORE;
				}
				return value_done(js, end + 1, out);
			}
			if (c != '\\')
			{
				js->pos = pos;
				return fail(js, js->base + pos,
							"unescaped control character in string");
			}
			js->str_esc = 1;
		}
		else if (js->str_esc == 1)
		{
			if (c == 'u')
				js->str_esc = 2;
			else if (c == '"' || c == '\\' || c == '/' || c == 'b' ||
					 c == 'f' || c == 'n' || c == 'r' || c == 't')
				js->str_esc = 0;
			else
			{
				js->pos = pos;
				return fail(js, js->base + pos - 1, "invalid escape sequence in string");
			}
		}
		else
		{
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
				  (c >= 'A' && c <= 'F')))
			{
				js->pos = pos;
				return fail(js, js->base + pos, "invalid \\u escape in string");
			}
			js->str_esc = (js->str_esc == 5) ? 0 : js->str_esc + 1;
		}
		pos++;
	}
	js->pos = pos;
	return JSON_STREAM_NEED_MORE;
}

/*
 * The number or literal ends before js->pos (or at the end of input).
 */
static JsonStreamEvent
end_token(JsonStream *js, JsonStreamValue *out)
{
	uint64_t	end = js->base + js->pos;

	if (!token_complete(&js->tok))
		return fail_token(js, end);
	if (js->tok_row)
		return emit_row(js, out, end);
	return value_done(js, end, out);
}


/*
 * Scan inside a row until it ends.  Returns 1 if the row is complete (the
 * scan position is just past it), 0 if more input is needed, -1 on error.
 *
 * This is the hot loop: it only looks at brackets, quotes and backslashes,
 * and skips 16 bytes at a time to the next of them with SSE2.
 */
static int
scan_row(JsonStream *js)
{
	const unsigned char *buf = (const unsigned char *) js->buf;
	const unsigned char *p = buf + js->pos;
	const unsigned char *end = buf + js->len;
	int			depth = js->depth;
	int			row_base = js->row_base;
	bool		in_str = js->row_in_str;
	bool		esc = js->row_esc;
	int			result = 0;
	unsigned char c;

#ifdef SCAN_ROW_BLOCKS

	/*
	 * 64 bytes at a time: find the strings from the quotes that are not
	 * escaped, and visit only the brackets outside them.  Escapes are
	 * resolved one backslash at a time (they are rare); a backslash outside
	 * a string (invalid JSON), or a row that is a string, is left to the
	 * byte loop below, so that both give the same result for any input.
	 */
	while (end - p >= 64 && depth > row_base)
	{
		BlockMasks m;
		uint64_t	escaped = 0;
		uint64_t	real = 0;		/* backslashes that escape something */
		uint64_t	instr;
		uint64_t	brackets;
		bool		next_esc = false;

		block_masks(p, &m);
		if (m.backslash || esc)
		{
			uint64_t	bs = m.backslash;

			if (esc)
			{
				escaped = 1;
				bs &= ~UINT64_C(1);
			}
			while (bs)
			{
				int			i = __builtin_ctzll(bs);

				real |= UINT64_C(1) << i;
				if (i == 63)
				{
					next_esc = true;
					break;
				}
				escaped |= UINT64_C(2) << i;
				bs &= ~(UINT64_C(3) << i);
			}
		}
		/* bit i: inside a string after byte i (opening quotes included) */
		instr = prefix_xor(m.quote & ~escaped) ^ (in_str ? ~UINT64_C(0) : 0);
		if (real & ~instr)
			break;
		brackets = m.bracket & ~instr & ~escaped;
		while (brackets)
		{
			int			i = __builtin_ctzll(brackets);

			c = p[i];
			if (c == '[' || c == '{')
			{
				if (depth >= JSON_STREAM_MAX_DEPTH)
				{
					js->pos = (size_t) (p + i + 1 - buf);
					fail_depth(js, js->base + (size_t) (p + i - buf));
					return -1;
				}
				js->stack[depth++] = c;
			}
			else
			{
				if (js->stack[depth - 1] != (c == ']' ? '[' : '{'))
				{
					js->pos = (size_t) (p + i + 1 - buf);
					fail_unexpected(js, c, js->base + (size_t) (p + i - buf), "");
					return -1;
				}
				if (--depth == row_base)
				{
					js->pos = (size_t) (p + i + 1 - buf);
					js->depth = depth;
					js->row_in_str = false;
					js->row_esc = false;
					return 1;
				}
			}
			brackets &= brackets - 1;
		}
		in_str = (instr >> 63) != 0;
		esc = next_esc;
		p += 64;
	}
#endif

	for (;;)
	{
		if (in_str)
		{
			if (esc)
			{
				if (p == end)
					break;
				p++;
				esc = false;
			}
			p = find_in_string(p, end);
			if (p == end)
				break;
			if (*p++ == '\\')
			{
				esc = true;
				continue;
			}
			in_str = false;
			if (depth == row_base)
			{
				result = 1;
				break;
			}
			continue;
		}

		p = find_in_row(p, end);
		if (p == end)
			break;
		c = *p++;
		if (c == '"')
			in_str = true;
		else if (c == '[' || c == '{')
		{
			if (depth >= JSON_STREAM_MAX_DEPTH)
			{
				js->pos = (size_t) (p - buf);
				fail_depth(js, js->base + (size_t) (p - 1 - buf));
				return -1;
			}
			js->stack[depth++] = c;
		}
		else
		{
			/* ']' or '}'; depth > row_base here */
			if (js->stack[depth - 1] != (c == ']' ? '[' : '{'))
			{
				js->pos = (size_t) (p - buf);
				fail_unexpected(js, c, js->base + (size_t) (p - 1 - buf), "");
				return -1;
			}
			depth--;
			if (depth == row_base)
			{
				result = 1;
				break;
			}
		}
	}

	js->pos = (size_t) (p - buf);
	js->depth = depth;
	js->row_in_str = in_str;
	js->row_esc = esc;
	return result;
}

/*
 * All input has been scanned and no more will come.  Decide how the
 * response ended.  Returns NEED_MORE to mean "go on" (a final token
 * completed without an event).
 */
static JsonStreamEvent
at_eof(JsonStream *js, JsonStreamValue *out)
{
	uint64_t	total = js->base + js->len;
	JsonPathMatch *rows = &js->match.paths[0];

	if (js->depth == 0)
	{
		switch (js->state)
		{
			case ST_TOKEN:
				return end_token(js, out);
			case ST_VALUE:
				if (js->format == JSON_STREAM_NDJSON)
				{
					js->state = ST_END;
					return JSON_STREAM_END;
				}
				return fail(js, 0, "empty response");
			case ST_AFTER:
				if (rows->status == JSON_PATH_WAITING && !js->rows_found)
				{
					snprintf(js->errmsg, sizeof(js->errmsg),
							 "no value at rows_path \"%s\" in the response",
							 rows->text);
					js->shape_error = true;
					return fail(js, total, NULL);
				}
				js->state = ST_END;
				return JSON_STREAM_END;
			default:
				break;
		}
	}
	if (js->state == ST_STRING || (js->state == ST_ROW && js->row_in_str))
		return fail(js, total, "response ended inside a string");
	return fail(js, total,
				"response ended before the JSON document was complete");
}

static JsonStreamEvent
scan(JsonStream *js, JsonStreamValue *out)
{
	const unsigned char *buf = (const unsigned char *) js->buf;
	JsonStreamEvent ev;
	unsigned char c;

	if (js->state == ST_START)
	{
		size_t		avail = js->len - js->pos;

		if (avail < 3 && !js->finished &&
			memcmp(buf + js->pos, utf8_bom, avail) == 0)
			return JSON_STREAM_NEED_MORE;
		if (avail >= 3 && memcmp(buf + js->pos, utf8_bom, 3) == 0)
			js->pos += 3;
		js->state = ST_VALUE;
	}

	for (;;)
	{
		if (js->state == ST_ROW)
		{
			int			r = scan_row(js);

			if (r > 0)
			{
				ev = emit_row(js, out, js->base + js->pos);
				if (ev != JSON_STREAM_NEED_MORE)
					return ev;
				continue;
			}
			if (r < 0)
				return JSON_STREAM_ERROR;
			/* the row continues in the next chunk */
		}
		else if (js->state == ST_STRING)
		{
			ev = scan_string(js, out);
			if (ev != JSON_STREAM_NEED_MORE)
				return ev;
			if (js->state == ST_STRING && js->pos < js->len)
				continue;
		}

		if (js->pos >= js->len)
		{
			if (!js->finished)
				return JSON_STREAM_NEED_MORE;
			ev = at_eof(js, out);
			if (ev != JSON_STREAM_NEED_MORE)
				return ev;
			continue;
		}

		c = buf[js->pos];
		if (char_class[c] == CC_WS && js->state != ST_TOKEN)
		{
			js->pos++;
			continue;
		}

		switch (js->state)
		{
			case ST_VALUE:
				ev = start_value(js, c);
				break;
			case ST_VALUE_OR_CLOSE:
				if (c == ']')
					ev = close_container(js, c, out);
				else
					ev = start_value(js, c);
				break;
			case ST_KEY_OR_CLOSE:
			case ST_KEY:
				if (c == '"')
				{
					js->key_start = js->base + js->pos;
					js->pos++;
					js->str_key = true;
					js->str_esc = 0;
					js->state = ST_STRING;
					ev = JSON_STREAM_NEED_MORE;
				}
				else if (c == '}' && js->state == ST_KEY_OR_CLOSE)
					ev = close_container(js, c, out);
				else
					ev = fail_unexpected(js, c, js->base + js->pos, "");
				break;
			case ST_COLON:
				if (c != ':')
					ev = fail_unexpected(js, c, js->base + js->pos, "");
				else
				{
					js->pos++;
					js->state = ST_VALUE;
					ev = JSON_STREAM_NEED_MORE;
				}
				break;
			case ST_AFTER:
				if (js->depth == 0)
				{
					if (js->format == JSON_STREAM_NDJSON)
						ev = start_value(js, c);
					else
						ev = fail_unexpected(js, c, js->base + js->pos,
											 " after the end of the JSON document");
				}
				else if (c == ',')
				{
					js->pos++;
					js->state = (js->stack[js->depth - 1] == '{') ? ST_KEY : ST_VALUE;
					ev = JSON_STREAM_NEED_MORE;
				}
				else if (c == ']' || c == '}')
					ev = close_container(js, c, out);
				else
					ev = fail_unexpected(js, c, js->base + js->pos, "");
				break;
			case ST_TOKEN:
				{
					size_t		pos = js->pos;
					size_t		len = js->len;

					/* consume the whole run of token bytes at once */
					while (char_class[c] == CC_TOKEN)
					{
						if (!token_step(&js->tok, c))
							return fail_token(js, js->base + pos + 1);
						if (++pos == len)
							break;
						c = buf[pos];
					}
					js->pos = pos;
					if (pos == len)
						ev = JSON_STREAM_NEED_MORE;
					else
						ev = end_token(js, out);
				}
				break;
			default:
				/* ST_END and ST_ERROR never get here */
				ev = fail(js, js->base + js->pos, "internal error");
				break;
		}
		if (ev != JSON_STREAM_NEED_MORE)
			return ev;
	}
}

/* ----------------------------------------------------------------
 * Public interface
 * ----------------------------------------------------------------
 */

JsonStream *
json_stream_create_ex(JsonStreamFormat format, const char *rows_path,
					  const char *const *capture_paths, int ncapture,
					  const char *const *context_paths, int ncontext)
{
	JsonStream *js;
	size_t		textlen = 0;
	size_t		nsegs = 0;
	size_t		used = 0;
	int		   *owners = NULL;
	const char **texts;
	int			npaths;
	int			i;

	if (ncapture < 0)
		ncapture = 0;
	if (ncontext < 0)
		ncontext = 0;
	npaths = ncapture + ncontext + 1;
	for (i = 0; i < npaths; i++)
	{
		const char *s = (i == 0) ? rows_path : (i <= ncapture) ?
			capture_paths[i - 1] : context_paths[i - 1 - ncapture];

		if (s == NULL)
			s = "";
		textlen += strlen(s) + 1;
		nsegs += (size_t) json_path_count(s);
	}

	js = malloc(sizeof(JsonStream));
	if (js == NULL)
		return NULL;
	memset(js, 0, offsetof(JsonStream, stack));
	js->format = format;
	js->state = ST_START;
	js->npaths = npaths;
	js->ncapture = ncapture;
	js->paths = malloc(sizeof(StreamPath) * (size_t) (npaths > 0 ? npaths : 1));
	js->matches = malloc(sizeof(JsonPathMatch) * (size_t) (npaths > 0 ? npaths : 1));
	texts = malloc(sizeof(char *) * (size_t) (npaths > 0 ? npaths : 1));
	js->pathtext = malloc(textlen);
	js->segs = malloc(sizeof(JsonPathSeg) * (nsegs > 0 ? nsegs : 1));
	js->buf = malloc(MIN_BUFFER);
	js->cap = MIN_BUFFER;
	if (ncontext > 0)
		owners = malloc(sizeof(int) * (size_t) ncontext);
	if (js->paths == NULL || js->matches == NULL || texts == NULL ||
		js->pathtext == NULL || js->segs == NULL || js->buf == NULL ||
		(ncontext > 0 && owners == NULL))
	{
		free(owners);
		free(texts);
		json_stream_destroy(js);
		return NULL;
	}

	for (i = 0; i < npaths; i++)
	{
		const char *s = (i == 0) ? rows_path : (i <= ncapture) ?
			capture_paths[i - 1] : context_paths[i - 1 - ncapture];
		char	   *copy = js->pathtext + used;

		if (s == NULL)
			s = "";
		memcpy(copy, s, strlen(s) + 1);
		used += strlen(s) + 1;
		texts[i] = copy;
		memset(&js->paths[i], 0, sizeof(StreamPath));
		js->paths[i].slot = (i > ncapture) ? i - 1 - ncapture : -1;
	}
	json_path_set_init(&js->match, js->matches, npaths, texts, js->segs);

	/*
	 * NDJSON has no envelope.  Captures that meet rows_path would be inside
	 * a row or would contain all rows.
	 */
	for (i = 0; i < npaths; i++)
	{
		JsonPathMatch *m = &js->matches[i];
		const JsonPathMatch *rows = &js->matches[0];

		if (format == JSON_STREAM_NDJSON)
			m->status = (i == 0) ? JSON_PATH_DONE : JSON_PATH_DISABLED;
		else if (i > 0 && (json_path_meets(rows->segs, rows->nsegs, m->segs, m->nsegs) ||
						   m->nsegs > JSON_PATH_MAX_SEGS))
			m->status = JSON_PATH_DISABLED;
		if (js->paths[i].slot >= 0)
			owners[js->paths[i].slot] = (m->status == JSON_PATH_DISABLED) ? -1 :
				json_path_shared_wild(rows->segs, rows->nsegs, m->segs, m->nsegs);
	}
	json_path_set_start(&js->match);
	free(texts);
	if (json_hold_init(&js->hold, owners, ncontext) != 0)
	{
		free(owners);
		json_stream_destroy(js);
		return NULL;
	}
	free(owners);
	return js;
}

/*
 * Absolute offset of the oldest byte that must stay buffered.
 */
static uint64_t
keep_offset(const JsonStream *js)
{
	uint64_t	scanpos = js->base + js->pos;
	uint64_t	keep = scanpos;
	int			i;

	if (js->in_row && js->row_start < keep)
		keep = js->row_start;
	/* the rows held, from the first one not handed out yet */
	if (js->hold.holding && js->hold.start < keep)
		keep = js->hold.start;
	if (json_hold_pending(&js->hold) && json_hold_first_offset(&js->hold) < keep)
		keep = json_hold_first_offset(&js->hold);
	if (js->nactive + js->nready > 0)
	{
		for (i = 1; i < js->npaths; i++)
		{
			const StreamPath *p = &js->paths[i];
			uint8_t		status = js->match.paths[i].status;

			if ((status == JSON_PATH_ACTIVE || status == JSON_PATH_READY) &&
				p->start < keep)
				keep = p->start;
		}
	}
	/* a key that may still match a path segment */
	if (js->state == ST_STRING && js->str_key &&
		scanpos - js->key_start <= js->match.max_seglen + 1 && js->key_start < keep)
		keep = js->key_start;
	/* a token short enough to be quoted in an error message */
	if (js->state == ST_TOKEN && scanpos - js->tok_start <= TOKEN_QUOTE_MAX &&
		js->tok_start < keep)
		keep = js->tok_start;
	/* context for error excerpts */
	if (scanpos >= EXCERPT_BEFORE && scanpos - EXCERPT_BEFORE < keep)
		keep = scanpos - EXCERPT_BEFORE;
	if (keep < js->base)
		keep = js->base;
	return keep;
}

int
json_stream_feed(JsonStream *js, const char *data, size_t len)
{
	size_t		discard;

	if (len == 0 || js->finished || js->state == ST_ERROR ||
		js->state == ST_END)
		return 0;

	/*
	 * Drop what is no longer needed if that is cheap compared to the amount
	 * dropped, or if it saves growing the buffer.
	 */
	discard = (size_t) (keep_offset(js) - js->base);
	if (discard > 0 &&
		(discard >= js->len - discard || len > js->cap - js->len))
	{
		memmove(js->buf, js->buf + discard, js->len - discard);
		js->len -= discard;
		js->pos -= discard;
		js->base += discard;
	}

	if (len > js->cap - js->len)
	{
		size_t		need;
		size_t		newcap;
		char	   *newbuf;

		if (len > SIZE_MAX - js->len)
		{
			fail(js, js->base + js->len, "out of memory");
			return -1;
		}
		need = js->len + len;
		newcap = js->cap;
		while (newcap < need)
		{
			if (newcap > SIZE_MAX / 2)
			{
				newcap = need;
				break;
			}
			newcap *= 2;
		}
		newbuf = realloc(js->buf, newcap);
		if (newbuf == NULL)
		{
			fail(js, js->base + js->len, "out of memory");
			return -1;
		}
		js->buf = newbuf;
		js->cap = newcap;
	}
	memcpy(js->buf + js->len, data, len);
	js->len += len;
	return 0;
}

void
json_stream_finish(JsonStream *js)
{
	js->finished = true;
}

void
json_stream_set_max_value(JsonStream *js, size_t max_value)
{
	js->max_value = max_value;
}

/*
 * Enforce max_value on what the stream must hold: the row or capture that
 * is incomplete, or the one just found.  Whatever it was found in is
 * checked first, and a value that is too large there is not reported, even
 * when it is too large itself: fed in small pieces, the stream would have
 * stopped at what it was in, which started first, before the value ended.
 */
static JsonStreamEvent
check_size(JsonStream *js, JsonStreamEvent ev, JsonStreamValue *out)
{
	JsonStreamEvent open;

	if (js->max_value == 0)
		return ev;
	if (ev == JSON_STREAM_ROW || ev == JSON_STREAM_CAPTURE)
	{
		open = check_open_values(js, out->offset + out->len);
		if (open == JSON_STREAM_NEED_MORE)
		{
			if (out->len <= js->max_value)
				return ev;
			js->too_large = true;
			open = fail(js, out->offset, ev == JSON_STREAM_ROW ?
						"row is too large" : "value is too large");
		}
		/* an error carries no value */
		out->data = NULL;
		out->len = 0;
		out->offset = 0;
		out->capture_index = -1;
		return open;
	}
	if (ev != JSON_STREAM_NEED_MORE)
		return ev;
	if (js->hold.holding &&
		json_hold_too_large(&js->hold, js->base + js->pos, js->max_value))
		return fail_held(js);
	if (js->in_row && js->base + js->len - js->row_start > js->max_value)
	{
		js->too_large = true;
		return fail(js, js->row_start, "row is too large");
	}
	return check_open_values(js, js->base + js->len);
}

JsonStreamEvent
json_stream_next(JsonStream *js, JsonStreamValue *out)
{
	out->data = NULL;
	out->len = 0;
	out->offset = 0;
	out->capture_index = -1;

	if (js->state == ST_ERROR)
		return JSON_STREAM_ERROR;
	if (js->nready > 0)
		return check_size(js, emit_capture(js, out), out);
	if (json_hold_pending(&js->hold) && !js->hold.holding)
		return emit_held_row(js, out);
	if (js->state == ST_END)
		return JSON_STREAM_END;
	return check_size(js, scan(js, out), out);
}

int
json_stream_error_is_too_large(const JsonStream *js)
{
	return js->too_large ? 1 : 0;
}

int
json_stream_error_is_held(const JsonStream *js)
{
	return js->hold_too_large ? 1 : 0;
}

int
json_stream_context(const JsonStream *js, int index, JsonStreamValue *out)
{
	const char *data;
	size_t		len;

	out->data = NULL;
	out->len = 0;
	out->offset = 0;
	out->capture_index = -1;
	if (!json_hold_value(&js->hold, index, &data, &len))
		return 0;
	out->data = data;
	out->len = len;
	out->capture_index = index;
	return 1;
}

uint64_t
json_stream_group(const JsonStream *js)
{
	return js->hold.current;
}

int
json_stream_error_is_shape(const JsonStream *js)
{
	return js->shape_error ? 1 : 0;
}

const char *
json_stream_error_message(const JsonStream *js)
{
	return (js->state == ST_ERROR) ? js->errmsg : NULL;
}

uint64_t
json_stream_error_offset(const JsonStream *js)
{
	return (js->state == ST_ERROR) ? js->err_offset : 0;
}

/* the buffered range [*lo, *hi) shown by the excerpt */
static void
excerpt_range(const JsonStream *js, uint64_t *lo, uint64_t *hi)
{
	uint64_t	off = js->err_offset;
	uint64_t	bufend = js->base + js->len;

	*lo = (off > EXCERPT_BEFORE) ? off - EXCERPT_BEFORE : 0;
	*hi = off + EXCERPT_AFTER;
	if (*lo < js->base)
		*lo = js->base;
	if (*hi > bufend)
		*hi = bufend;
	if (js->state != ST_ERROR || *lo > *hi)
		*lo = *hi;
}

size_t
json_stream_error_excerpt(const JsonStream *js, char *dst, size_t dstsize)
{
	uint64_t	lo;
	uint64_t	hi;
	size_t		n;
	size_t		i;

	if (dstsize == 0)
		return 0;
	excerpt_range(js, &lo, &hi);
	n = (size_t) (hi - lo);
	if (n > dstsize - 1)
		n = dstsize - 1;
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) js->buf[lo - js->base + i];

		dst[i] = (c >= 0x20 && c < 0x7f) ? (char) c : '?';
	}
	dst[n] = '\0';
	return n;
}

size_t
json_stream_error_excerpt_pos(const JsonStream *js)
{
	uint64_t	lo;
	uint64_t	hi;

	excerpt_range(js, &lo, &hi);
	if (js->err_offset < lo)
		return 0;
	return (size_t) (js->err_offset - lo);
}

size_t
json_stream_buffered(const JsonStream *js)
{
	return js->len;
}

size_t
json_stream_capacity(const JsonStream *js)
{
	return js->cap;
}

uint64_t
json_stream_rows(const JsonStream *js)
{
	return js->nrows;
}

uint64_t
json_stream_total_bytes(const JsonStream *js)
{
	return js->base + js->len;
}

void
json_stream_destroy(JsonStream *js)
{
	if (js == NULL)
		return;
	free(js->buf);
	free(js->paths);
	free(js->matches);
	free(js->pathtext);
	free(js->segs);
	json_hold_free(&js->hold);
	free(js);
}
