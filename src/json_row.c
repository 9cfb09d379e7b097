/*-------------------------------------------------------------------------
 *
 * json_row.c
 *	  Strict, validating tokenizer for one JSON value (one row).
 *
 * The parser is iterative (an explicit stack of open containers), so deep
 * nesting costs no C stack beyond JSON_ROW_MAX_DEPTH ints.  String bodies,
 * the hot path, are skipped sixteen bytes at a time with SSE2 where the
 * compiler targets it (every x86-64), else eight at a time, as long as
 * they are plain ASCII.
 *
 *-------------------------------------------------------------------------
 */
#include "json_row.h"

#include <float.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) && !defined(JSON_NO_SIMD)
#include <emmintrin.h>
#define JSON_ROW_SSE2 1
#endif

#define INITIAL_TOKENS	64

/* byte classes inside strings */
enum
{
	SC_PLAIN = 0, SC_QUOTE, SC_BACKSLASH, SC_CONTROL, SC_NONASCII
};

#define R16(v)	v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const uint8_t str_class[256] = {
	R16(SC_CONTROL), R16(SC_CONTROL),
	['"'] = SC_QUOTE,['\\'] = SC_BACKSLASH,
	[0x80] = R16(SC_NONASCII), R16(SC_NONASCII), R16(SC_NONASCII),
	R16(SC_NONASCII), R16(SC_NONASCII), R16(SC_NONASCII), R16(SC_NONASCII),
	R16(SC_NONASCII),
};
#undef R16

/* hex digit values, -1 for other bytes */
static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* value of the four hex digits at s, or -1 */
static int32_t
hex4(const unsigned char *s)
{
	int			a = hexval(s[0]);
	int			b = hexval(s[1]);
	int			c = hexval(s[2]);
	int			d = hexval(s[3]);

	if ((a | b | c | d) < 0)
		return -1;
	return (a << 12) | (b << 8) | (c << 4) | d;
}

/*
 * Length of the well-formed UTF-8 sequence of 2 to 4 bytes at s, or 0.
 * Rejects overlong forms, UTF-16 surrogates and code points above U+10FFFF.
 */
static size_t
utf8_sequence(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80;
	unsigned char hi = 0xBF;

	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return (avail >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
	if (c < 0xF0)
	{
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		if (avail < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c < 0xF5)
	{
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (avail < 4 || s[1] < lo || s[1] > hi ||
			(s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

#ifdef JSON_ROW_SSE2
/*
 * Offset of the first byte among the 16 at s that needs attention inside a
 * string (a quote, backslash, control character or non-ASCII byte), or 16.
 * The signed comparison with 0x20 catches both control characters and
 * bytes >= 0x80.
 */
static inline int
special16(const unsigned char *s)
{
	__m128i		v = _mm_loadu_si128((const __m128i *) s);
	__m128i		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
											  _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
								 _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
	int			bits = _mm_movemask_epi8(m);

	return bits ? __builtin_ctz((unsigned int) bits) : 16;
}
#else
/*
 * True if none of the 8 bytes at s needs attention inside a string: no
 * quote, backslash, control character or non-ASCII byte.  The tests are
 * the classic exact "has zero byte" / "has byte less than n" bit tricks.
 */
static inline bool
plain8(const unsigned char *s)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t highs = UINT64_C(0x8080808080808080);
	uint64_t	v;
	uint64_t	q;
	uint64_t	b;

	memcpy(&v, s, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	return ((v | ((v - ones * 0x20) & ~v) |
			 ((q - ones) & ~q) | ((b - ones) & ~b)) & highs) == 0;
}
#endif

void
json_row_init(JsonRow *row)
{
	memset(row, 0, sizeof(JsonRow));
}

void
json_row_free(JsonRow *row)
{
	free(row->tokens);
	row->tokens = NULL;
	row->ntokens = 0;
	row->capacity = 0;
}

static int
row_error(JsonRow *row, size_t offset, const char *msg)
{
	row->error = msg;
	row->error_offset = offset;
	return -1;
}

/* error for an unexpected byte: bad UTF-8 gets its own message */
static int
row_unexpected(JsonRow *row, const unsigned char *s, size_t len, size_t p,
			   const char *msg)
{
	if (s[p] >= 0x80 && utf8_sequence(s + p, len - p) == 0)
		msg = "invalid UTF-8";
	return row_error(row, p, msg);
}

/* Append a token; returns its index, or -1 on out of memory. */
static inline int
new_token(JsonRow *row, JsonTokenType type, size_t start)
{
	JsonToken  *t;

	if (row->ntokens == row->capacity)
	{
		int			newcap;
		JsonToken  *newtokens;

		if (row->capacity > INT_MAX / 2 ||
			(size_t) row->capacity * 2 > SIZE_MAX / sizeof(JsonToken))
			return -1;
		newcap = (row->capacity > 0) ? row->capacity * 2 : INITIAL_TOKENS;
		newtokens = realloc(row->tokens, (size_t) newcap * sizeof(JsonToken));
		if (newtokens == NULL)
			return -1;
		row->tokens = newtokens;
		row->capacity = newcap;
	}
	t = &row->tokens[row->ntokens];
	t->type = (uint8_t) type;
	t->flags = 0;
	t->start = (uint32_t) start;
	t->end = (uint32_t) start;
	t->size = 0;
	t->next = row->ntokens + 1;
	return row->ntokens++;
}

static int
row_oom(JsonRow *row, size_t offset)
{
	row->error = "out of memory";
	row->error_offset = offset;
	return -2;
}

/*
 * Parse the string whose opening quote is at *pp into a new token, going
 * on from p, a position inside it.  On success *pp is just past the
 * closing quote.  Returns 0, -1 or -2.
 */
static int
parse_string_from(JsonRow *row, const unsigned char *s, size_t len, size_t *pp,
				  size_t p)
{
	uint8_t		flags = 0;
	int			tok;
	int32_t		cp;
	int32_t		lo;
	size_t		n;

	for (;;)
	{
#ifdef JSON_ROW_SSE2
		while (p + 16 <= len)
		{
			int			n = special16(s + p);

			p += n;
			if (n < 16)
				break;
		}
#else
		while (p + 8 <= len && plain8(s + p))
			p += 8;
#endif
		while (p < len && str_class[s[p]] == SC_PLAIN)
			p++;
		if (p >= len)
			return row_error(row, len, "unexpected end of input inside a string");

		switch (str_class[s[p]])
		{
			case SC_QUOTE:
				tok = new_token(row, JSON_TOKEN_STRING, *pp + 1);
				if (tok < 0)
					return row_oom(row, *pp);
				row->tokens[tok].end = (uint32_t) p;
				row->tokens[tok].flags = flags;
				*pp = p + 1;
				return 0;
			case SC_CONTROL:
				return row_error(row, p, "unescaped control character in string");
			case SC_NONASCII:
				n = utf8_sequence(s + p, len - p);
				if (n == 0)
					return row_error(row, p, "invalid UTF-8");
				p += n;
				break;
			default:
				/* backslash */
				flags |= JSON_TOKEN_ESCAPED;
				if (p + 1 >= len)
					return row_error(row, len, "unexpected end of input inside a string");
				switch (s[p + 1])
				{
					case '"':
					case '\\':
					case '/':
					case 'b':
					case 'f':
					case 'n':
					case 'r':
					case 't':
						p += 2;
						break;
					case 'u':
						if (p + 6 > len || (cp = hex4(s + p + 2)) < 0)
							return row_error(row, p, "invalid \\u escape in string");
						if (cp >= 0xDC00 && cp <= 0xDFFF)
							return row_error(row, p, "invalid Unicode surrogate pair in string");
						if (cp >= 0xD800 && cp <= 0xDBFF)
						{
							if (p + 12 > len || s[p + 6] != '\\' || s[p + 7] != 'u' ||
								(lo = hex4(s + p + 8)) < 0xDC00 || lo > 0xDFFF)
								return row_error(row, p, "invalid Unicode surrogate pair in string");
							p += 6;
						}
						else if (cp == 0)
							flags |= JSON_TOKEN_HAS_NUL;
						p += 6;
						break;
					default:
						return row_error(row, p, "invalid escape sequence in string");
				}
				break;
		}
	}
}

/* Parse the number at *pp into a new token.  Returns 0, -1 or -2. */
static int
parse_number(JsonRow *row, const unsigned char *s, size_t len, size_t *pp)
{
	size_t		start = *pp;
	size_t		p = start;
	uint8_t		flags = JSON_TOKEN_INTEGER;
	int			tok;

	if (s[p] == '-')
		p++;
	if (p < len && s[p] == '0')
	{
		p++;
		if (p < len && s[p] >= '0' && s[p] <= '9')
			return row_error(row, start, "invalid number");
	}
	else if (p < len && s[p] >= '1' && s[p] <= '9')
	{
		while (p < len && s[p] >= '0' && s[p] <= '9')
			p++;
	}
	else
		return row_error(row, start, "invalid number");

	if (p < len && s[p] == '.')
	{
		flags = 0;
		p++;
		if (p >= len || s[p] < '0' || s[p] > '9')
			return row_error(row, start, "invalid number");
		while (p < len && s[p] >= '0' && s[p] <= '9')
			p++;
	}
	if (p < len && (s[p] == 'e' || s[p] == 'E'))
	{
		flags = 0;
		p++;
		if (p < len && (s[p] == '+' || s[p] == '-'))
			p++;
		if (p >= len || s[p] < '0' || s[p] > '9')
			return row_error(row, start, "invalid number");
		while (p < len && s[p] >= '0' && s[p] <= '9')
			p++;
	}

	tok = new_token(row, JSON_TOKEN_NUMBER, start);
	if (tok < 0)
		return row_oom(row, start);
	row->tokens[tok].end = (uint32_t) p;
	row->tokens[tok].flags = flags;
	*pp = p;
	return 0;
}

/*
 * Parse the string whose opening quote is at *pp.  The common string, plain
 * ASCII whose closing quote is among the next 16 bytes or so, is done here,
 * inline; everything else by parse_string_from().
 */
static inline int
parse_string(JsonRow *row, const unsigned char *s, size_t len, size_t *pp)
{
	size_t		p = *pp + 1;

#ifdef JSON_ROW_SSE2
	while (p + 16 <= len)
	{
		int			n = special16(s + p);

		p += n;
		if (n < 16)
		{
			int			tok;

			if (s[p] != '"')
				break;
			tok = new_token(row, JSON_TOKEN_STRING, *pp + 1);
			if (tok < 0)
				return row_oom(row, *pp);
			row->tokens[tok].end = (uint32_t) p;
			*pp = p + 1;
			return 0;
		}
	}
#endif
	return parse_string_from(row, s, len, pp, p);
}

/* whitespace; most bytes are above ' ', so test that first */
#define SKIP_WS(s, p, len) \
	while ((p) < (len) && (s)[p] <= ' ' && \
		   ((s)[p] == ' ' || (s)[p] == '\n' || (s)[p] == '\r' || (s)[p] == '\t')) \
		(p)++

int
json_row_parse(JsonRow *row, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *) data;
	size_t		p = 0;
	int			stack[JSON_ROW_MAX_DEPTH];
	int			depth = 0;
	int			tok;
	int			r;
	JsonToken  *top;

	row->data = data;
	row->len = len;
	row->ntokens = 0;
	row->error = NULL;
	row->error_offset = 0;
	if (len >= UINT32_MAX)
		return row_error(row, 0, "row too large");

	SKIP_WS(s, p, len);

value:
	if (p >= len)
		return row_error(row, p, "unexpected end of input");
	switch (s[p])
	{
		case '{':
		case '[':
			if (depth >= JSON_ROW_MAX_DEPTH)
				return row_error(row, p, "maximum nesting depth exceeded");
			tok = new_token(row, s[p] == '{' ? JSON_TOKEN_OBJECT : JSON_TOKEN_ARRAY, p);
			if (tok < 0)
				return row_oom(row, p);
			stack[depth++] = tok;
			p++;
			SKIP_WS(s, p, len);
			if (p < len && s[p] == (row->tokens[tok].type == JSON_TOKEN_OBJECT ? '}' : ']'))
			{
				/* empty container */
				row->tokens[tok].end = (uint32_t) (p + 1);
				depth--;
				p++;
				goto after;
			}
			if (row->tokens[tok].type == JSON_TOKEN_OBJECT)
				goto key;
			goto value;
		case '"':
			r = parse_string(row, s, len, &p);
			if (r < 0)
				return r;
			goto after;
		case 't':
			if (len - p < 4 || memcmp(s + p, "true", 4) != 0)
				return row_error(row, p, "invalid literal");
			tok = new_token(row, JSON_TOKEN_TRUE, p);
			p += 4;
			break;
		case 'f':
			if (len - p < 5 || memcmp(s + p, "false", 5) != 0)
				return row_error(row, p, "invalid literal");
			tok = new_token(row, JSON_TOKEN_FALSE, p);
			p += 5;
			break;
		case 'n':
			if (len - p < 4 || memcmp(s + p, "null", 4) != 0)
				return row_error(row, p, "invalid literal");
			tok = new_token(row, JSON_TOKEN_NULL, p);
			p += 4;
			break;
		default:
			if (s[p] == '-' || (s[p] >= '0' && s[p] <= '9'))
			{
				r = parse_number(row, s, len, &p);
				if (r < 0)
					return r;
				goto after;
			}
			return row_unexpected(row, s, len, p, "unexpected character");
	}
	/* literals */
	if (tok < 0)
		return row_oom(row, p);
	row->tokens[tok].end = (uint32_t) p;
	goto after;

key:
	/* p is at the first non-blank byte after '{' or ',' */
	if (p >= len)
		return row_error(row, p, "unexpected end of input");
	if (s[p] != '"')
		return row_unexpected(row, s, len, p, "expected an object key");
	r = parse_string(row, s, len, &p);
	if (r < 0)
		return r;
	SKIP_WS(s, p, len);
	if (p >= len)
		return row_error(row, p, "unexpected end of input");
	if (s[p] != ':')
		return row_unexpected(row, s, len, p, "expected ':'");
	p++;
	SKIP_WS(s, p, len);
	goto value;

after:
	/* a value has just ended */
	SKIP_WS(s, p, len);
	if (depth == 0)
	{
		if (p != len)
			return row_unexpected(row, s, len, p, "unexpected data after JSON value");
		return 0;
	}
	if (p >= len)
		return row_error(row, p, "unexpected end of input");
	top = &row->tokens[stack[depth - 1]];
	top->size++;
	if (s[p] == ',')
	{
		p++;
		SKIP_WS(s, p, len);
		if (top->type == JSON_TOKEN_OBJECT)
			goto key;
		goto value;
	}
	if (s[p] == (top->type == JSON_TOKEN_OBJECT ? '}' : ']'))
	{
		top->end = (uint32_t) (p + 1);
		top->next = row->ntokens;
		depth--;
		p++;
		goto after;
	}
	return row_unexpected(row, s, len, p,
						  top->type == JSON_TOKEN_OBJECT ?
						  "expected ',' or '}'" : "expected ',' or ']'");
}

/* Encode code point cp as UTF-8 into out; returns the length. */
static size_t
utf8_encode(uint32_t cp, unsigned char *out)
{
	if (cp < 0x80)
	{
		out[0] = (unsigned char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (unsigned char) (0xC0 | (cp >> 6));
		out[1] = (unsigned char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (unsigned char) (0xE0 | (cp >> 12));
		out[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char) (0xF0 | (cp >> 18));
	out[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decode the escape sequence at src[*i] (src[*i] is a backslash) into out,
 * which has room for 4 bytes; advance *i past it and return the number of
 * bytes produced.  Never produces more bytes than it consumes.
 */
static size_t
unescape_one(const unsigned char *src, size_t len, size_t *i, unsigned char *out)
{
	size_t		p = *i;
	int32_t		cp;
	int32_t		lo;
	unsigned char c;

	if (p + 1 >= len)
	{
		out[0] = '\\';
		*i = p + 1;
		return 1;
	}
	c = src[p + 1];
	*i = p + 2;
	switch (c)
	{
		case 'b':
			out[0] = '\b';
			return 1;
		case 'f':
			out[0] = '\f';
			return 1;
		case 'n':
			out[0] = '\n';
			return 1;
		case 'r':
			out[0] = '\r';
			return 1;
		case 't':
			out[0] = '\t';
			return 1;
		case 'u':
			if (p + 6 > len || (cp = hex4(src + p + 2)) < 0)
				break;
			p += 6;
			if (cp >= 0xD800 && cp <= 0xDBFF)
			{
				if (p + 6 <= len && src[p] == '\\' && src[p + 1] == 'u' &&
					(lo = hex4(src + p + 2)) >= 0xDC00 && lo <= 0xDFFF)
				{
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					p += 6;
				}
				else
					cp = 0xFFFD;
			}
			else if (cp >= 0xDC00 && cp <= 0xDFFF)
				cp = 0xFFFD;
			*i = p;
			return utf8_encode((uint32_t) cp, out);
		default:
			/* '"', '\\', '/' stand for themselves; so do invalid ones */
			out[0] = c;
			return 1;
	}
	/* malformed \u: copy the backslash through */
	out[0] = '\\';
	*i = p + 1;
	return 1;
}

size_t
json_string_unescape(const char *src, size_t len, char *dst)
{
	const unsigned char *s = (const unsigned char *) src;
	unsigned char *d = (unsigned char *) dst;
	size_t		i = 0;
	size_t		n = 0;

	while (i < len)
	{
		const unsigned char *bs = memchr(s + i, '\\', len - i);
		size_t		run = (bs != NULL) ? (size_t) (bs - s) - i : len - i;

		memcpy(d + n, s + i, run);
		n += run;
		i += run;
		if (i < len)
			n += unescape_one(s, len, &i, d + n);
	}
	return n;
}

/* Compare the raw bytes of string token t with key after unescaping. */
static bool
key_equals(const JsonRow *row, const JsonToken *t, const char *key,
		   size_t keylen)
{
	const unsigned char *s = (const unsigned char *) row->data + t->start;
	size_t		len = t->end - t->start;
	size_t		i = 0;
	size_t		k = 0;
	unsigned char buf[4];
	size_t		n;

	if (!(t->flags & JSON_TOKEN_ESCAPED))
		return len == keylen && memcmp(s, key, keylen) == 0;
	if (keylen > len)
		return false;			/* unescaping never lengthens */
	while (i < len)
	{
		if (s[i] != '\\')
		{
			if (k >= keylen || (unsigned char) key[k] != s[i])
				return false;
			i++;
			k++;
			continue;
		}
		n = unescape_one(s, len, &i, buf);
		if (n > keylen - k || memcmp(buf, key + k, n) != 0)
			return false;
		k += n;
	}
	return k == keylen;
}

int
json_row_object_get(const JsonRow *row, int object_token, const char *key,
					size_t keylen)
{
	int			found = -1;
	int			i;
	int			m;

	if (object_token < 0 || object_token >= row->ntokens ||
		row->tokens[object_token].type != JSON_TOKEN_OBJECT)
		return -1;
	i = object_token + 1;
	for (m = 0; m < row->tokens[object_token].size; m++)
	{
		if (key_equals(row, &row->tokens[i], key, keylen))
			found = i + 1;
		i = row->tokens[i + 1].next;
	}
	return found;
}

int
json_row_array_get(const JsonRow *row, int array_token, int index)
{
	int			i;
	int			e;

	if (array_token < 0 || array_token >= row->ntokens ||
		row->tokens[array_token].type != JSON_TOKEN_ARRAY ||
		index < 0 || index >= row->tokens[array_token].size)
		return -1;
	i = array_token + 1;
	for (e = 0; e < index; e++)
		i = row->tokens[i].next;
	return i;
}

int
json_row_array_elements(const JsonRow *row, int array_token, int *out, int max)
{
	int			i;
	int			n;
	int			e;

	if (array_token < 0 || array_token >= row->ntokens ||
		row->tokens[array_token].type != JSON_TOKEN_ARRAY)
		return 0;
	n = row->tokens[array_token].size;
	if (n > max)
		n = max;
	i = array_token + 1;
	for (e = 0; e < n; e++)
	{
		out[e] = i;
		i = row->tokens[i].next;
	}
	return n;
}

/* ----------------------------------------------------------------
 * Key tables
 * ----------------------------------------------------------------
 */

/*
 * A key's length and up to 16 of its bytes, as two words: the first and
 * the last eight bytes (overlapping for keys shorter than 16, or the first
 * and last four, or the first, middle and last byte).  For keys of up to
 * 16 bytes, equal length and words mean equal keys, so the common short
 * key is compared without memcmp(); longer keys are also compared in full.
 */
typedef struct KeyWords
{
	uint64_t	head;
	uint64_t	tail;
} KeyWords;

static inline KeyWords
key_words(const unsigned char *s, size_t len)
{
	KeyWords	w = {0, 0};

	if (len >= 8)
	{
		memcpy(&w.head, s, 8);
		memcpy(&w.tail, s + len - 8, 8);
	}
	else if (len >= 4)
	{
		uint32_t	x;
		uint32_t	y;

		memcpy(&x, s, 4);
		memcpy(&y, s + len - 4, 4);
		w.head = x;
		w.tail = y;
	}
	else if (len > 0)
		w.head = (uint64_t) s[0] | ((uint64_t) s[len / 2] << 8) |
			((uint64_t) s[len - 1] << 16);
	return w;
}

static inline uint32_t
key_hash(KeyWords w, size_t len)
{
	uint64_t	h = (w.head ^ ((uint64_t) len << 56)) * UINT64_C(0x9E3779B97F4A7C15);

	h ^= (w.tail + (h >> 29)) * UINT64_C(0xC2B2AE3D27D4EB4F);
	return (uint32_t) (h >> 32);
}

size_t
json_keys_nslots(int nkeys)
{
	size_t		n = 8;

	/* at most a quarter full, so that misses end at an empty slot fast */
	while (n < (size_t) (nkeys > 0 ? nkeys : 0) * 4)
		n *= 2;
	return n;
}

void
json_keys_init(JsonKeyTable *kt, JsonKeySlot *slots, size_t nslots)
{
	memset(slots, 0, nslots * sizeof(JsonKeySlot));
	kt->slots = slots;
	kt->mask = (uint32_t) (nslots - 1);
	kt->nkeys = 0;
	kt->capacity = (int) (nslots / 4 > 0 ? nslots / 4 : 1);
}

/* the key's id, or -1 - (the empty slot where it would go) */
static inline int
keys_probe(const JsonKeyTable *kt, const char *key, size_t len)
{
	KeyWords	w = key_words((const unsigned char *) key, len);
	uint32_t	i = key_hash(w, len) & kt->mask;

	for (;;)
	{
		const JsonKeySlot *slot = &kt->slots[i];

		if (slot->key == NULL)
			return -1 - (int) i;
		if (slot->len == len && slot->head == w.head && slot->tail == w.tail &&
			(len <= 16 || memcmp(slot->key, key, len) == 0))
			return slot->id;
		i = (i + 1) & kt->mask;
	}
}

int
json_keys_add(JsonKeyTable *kt, const char *key, size_t len)
{
	int			r;
	JsonKeySlot *slot;
	KeyWords	w;

	if (len > UINT32_MAX)
		return -1;
	r = keys_probe(kt, key, len);
	if (r >= 0)
		return r;
	if (kt->nkeys >= kt->capacity)
		return -1;
	w = key_words((const unsigned char *) key, len);
	slot = &kt->slots[-1 - r];
	slot->key = key;
	slot->len = (uint32_t) len;
	slot->head = w.head;
	slot->tail = w.tail;
	slot->id = kt->nkeys;
	return kt->nkeys++;
}

int
json_keys_find(const JsonKeyTable *kt, const char *key, size_t len)
{
	int			r = keys_probe(kt, key, len);

	return r >= 0 ? r : -1;
}

void
json_row_object_lookup(const JsonRow *row, int object_token,
					   const JsonKeyTable *kt, int *values)
{
	const JsonToken *tokens = row->tokens;
	int			i;
	int			m;
	int			size;

	for (i = 0; i < kt->nkeys; i++)
		values[i] = -1;
	if (kt->nkeys == 0 || object_token < 0 || object_token >= row->ntokens ||
		tokens[object_token].type != JSON_TOKEN_OBJECT)
		return;

	size = tokens[object_token].size;
	i = object_token + 1;
	for (m = 0; m < size; m++)
	{
		const JsonToken *k = &tokens[i];
		int			id = -1;

		if (!(k->flags & JSON_TOKEN_ESCAPED))
		{
			id = keys_probe(kt, row->data + k->start, k->end - k->start);
			if (id < 0)
				id = -1;
		}
		else
		{
			uint32_t	s;

			/* rare: compare with each key after unescaping */
			for (s = 0; s <= kt->mask; s++)
			{
				const JsonKeySlot *slot = &kt->slots[s];

				if (slot->key != NULL &&
					key_equals(row, k, slot->key, slot->len))
				{
					id = slot->id;
					break;
				}
			}
		}
		if (id >= 0)
			values[id] = i + 1;
		/* the value's subtree ends where the next key starts */
		i = tokens[i + 1].next;
	}
}

/* ----------------------------------------------------------------
 * Numbers
 * ----------------------------------------------------------------
 */

/* a JSON number split into its parts; see split_number() */
typedef struct NumberParts
{
	int			negative;
	uint64_t	mantissa;		/* the significant digits, all of them */
	int			sigdigits;		/* count of digits from the first nonzero */
	int			fracdigits;		/* digits after the point */
	int			has_exp;
	int			exp;			/* the exponent as written */
} NumberParts;

/*
 * Split a JSON number.  Returns 0 if it has more than maxdigits significant
 * digits or an exponent beyond +-9999 (too long for a fast path anyway).
 */
static int
split_number(const char *str, size_t len, int maxdigits, NumberParts *np)
{
	const unsigned char *s = (const unsigned char *) str;
	size_t		p = 0;
	uint64_t	m = 0;
	int			sig = 0;
	int			frac = 0;

	np->negative = 0;
	np->has_exp = 0;
	np->exp = 0;
	if (p < len && s[p] == '-')
	{
		np->negative = 1;
		p++;
	}
	for (; p < len && s[p] >= '0' && s[p] <= '9'; p++)
	{
		if (m == 0 && s[p] == '0')
			continue;
		if (++sig > maxdigits)
			return 0;
		m = m * 10 + (s[p] - '0');
	}
	if (p < len && s[p] == '.')
	{
		for (p++; p < len && s[p] >= '0' && s[p] <= '9'; p++)
		{
			if (++frac > 9999)
				return 0;
			if (m == 0 && s[p] == '0')
				continue;
			if (++sig > maxdigits)
				return 0;
			m = m * 10 + (s[p] - '0');
		}
	}
	if (p < len && (s[p] == 'e' || s[p] == 'E'))
	{
		int			eneg = 0;
		int			e = 0;

		np->has_exp = 1;
		p++;
		if (p < len && (s[p] == '+' || s[p] == '-'))
			eneg = (s[p++] == '-');
		for (; p < len && s[p] >= '0' && s[p] <= '9'; p++)
		{
			if (e > 9999)
				return 0;
			e = e * 10 + (s[p] - '0');
		}
		if (e > 9999)
			return 0;
		np->exp = eneg ? -e : e;
	}
	if (p != len)
		return 0;
	np->mantissa = m;
	np->sigdigits = sig;
	np->fracdigits = frac;
	return 1;
}

/*
 * With a mantissa and a power of ten that are both exact in the floating
 * type, one multiplication or division is correctly rounded, which is what
 * strtod() and strtof() return (Clinger's fast path).  That needs
 * arithmetic in the type's own precision, without x87-style excess.
 */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define EXACT_FLOAT_ARITHMETIC 1
#endif

int
json_number_double(const char *s, size_t len, double *out)
{
#ifdef EXACT_FLOAT_ARITHMETIC
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
	};
	NumberParts np;
	int			e;
	double		v;

	if (!split_number(s, len, 15, &np))
		return 0;
	e = np.exp - np.fracdigits;
	if (np.mantissa == 0)
		v = 0.0;
	else if (e < -22 || e > 22)
		return 0;
	else if (e < 0)
		v = (double) np.mantissa / pow10[-e];
	else
		v = (double) np.mantissa * pow10[e];
	*out = np.negative ? -v : v;
	return 1;
#else
	return 0;
#endif
}

int
json_number_float(const char *s, size_t len, float *out)
{
#ifdef EXACT_FLOAT_ARITHMETIC
	static const float pow10[] = {
		1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f
	};
	NumberParts np;
	int			e;
	float		v;

	if (!split_number(s, len, 7, &np))
		return 0;
	e = np.exp - np.fracdigits;
	if (np.mantissa == 0)
		v = 0.0f;
	else if (e < -10 || e > 10)
		return 0;
	else if (e < 0)
		v = (float) np.mantissa / pow10[-e];
	else
		v = (float) np.mantissa * pow10[e];
	*out = np.negative ? -v : v;
	return 1;
#else
	return 0;
#endif
}

int
json_number_decimal(const char *s, size_t len, int64_t *value, int *scale)
{
	NumberParts np;

	if (!split_number(s, len, 15, &np) || np.has_exp)
		return 0;
	*value = np.negative ? -(int64_t) np.mantissa : (int64_t) np.mantissa;
	*scale = np.fracdigits;
	return 1;
}

/* ----------------------------------------------------------------
 * Dates and times
 * ----------------------------------------------------------------
 */

/* the value of n digits at s, or -1 if one of them is not a digit */
static inline int
digits(const unsigned char *s, int n)
{
	int			v = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

int
json_parse_datetime(const char *str, size_t len, JsonDateTime *dt)
{
	const unsigned char *s = (const unsigned char *) str;
	size_t		p;
	int			n;

	memset(dt, 0, sizeof(JsonDateTime));
	if (len < 10 || s[4] != '-' || s[7] != '-')
		return 0;
	dt->year = digits(s, 4);
	dt->month = digits(s + 5, 2);
	dt->day = digits(s + 8, 2);
	if (dt->year < 1 || dt->month < 1 || dt->month > 12 || dt->day < 1 ||
		dt->day > days_in_month(dt->year, dt->month))
		return 0;
	if (len == 10)
		return 1;

	/* the time: HH:MM:SS */
	if (len < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
		s[16] != ':')
		return 0;
	dt->has_time = 1;
	dt->hour = digits(s + 11, 2);
	dt->minute = digits(s + 14, 2);
	dt->second = digits(s + 17, 2);
	if (dt->hour < 0 || dt->hour > 23 || dt->minute < 0 || dt->minute > 59 ||
		dt->second < 0 || dt->second > 59)
		return 0;
	p = 19;

	/* a fraction of up to six digits: whole microseconds */
	if (p < len && s[p] == '.')
	{
		p++;
		for (n = 0; p < len && s[p] >= '0' && s[p] <= '9'; n++, p++)
		{
			if (n == 6)
				return 0;
			dt->usec = dt->usec * 10 + (s[p] - '0');
		}
		if (n == 0)
			return 0;
		for (; n < 6; n++)
			dt->usec *= 10;
	}
	if (p == len)
		return 1;

	/* the offset: Z, +HH, +HHMM or +HH:MM */
	dt->has_offset = 1;
	if (s[p] == 'Z')
		return p + 1 == len;
	if (s[p] != '+' && s[p] != '-')
		return 0;
	{
		int			sign = (s[p] == '-') ? -1 : 1;
		int			hh;
		int			mm = 0;
		size_t		rest = len - p - 1;

		if (rest == 2)
			hh = digits(s + p + 1, 2);
		else if (rest == 4)
		{
			hh = digits(s + p + 1, 2);
			mm = digits(s + p + 3, 2);
		}
		else if (rest == 5 && s[p + 3] == ':')
		{
			hh = digits(s + p + 1, 2);
			mm = digits(s + p + 4, 2);
		}
		else
			return 0;
		if (hh < 0 || hh > 15 || mm < 0 || mm > 59)
			return 0;
		dt->offset = sign * (hh * 3600 + mm * 60);
	}
	return 1;
}
