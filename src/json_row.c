/*-------------------------------------------------------------------------
 *
 * json_row.c
 *	  Strict, validating tokenizer for one JSON value (one row).
 *
 * The parser is iterative (an explicit stack of open containers), so deep
 * nesting costs no C stack beyond JSON_ROW_MAX_DEPTH ints.  String bodies,
 * the hot path, are skipped eight bytes at a time when they are plain
 * ASCII.
 *
 *-------------------------------------------------------------------------
 */
#include "json_row.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
 * Parse the string whose opening quote is at *pp into a new token.  On
 * success *pp is just past the closing quote.  Returns 0, -1 or -2.
 */
static int
parse_string(JsonRow *row, const unsigned char *s, size_t len, size_t *pp)
{
	size_t		p = *pp + 1;
	uint8_t		flags = 0;
	int			tok;
	int32_t		cp;
	int32_t		lo;
	size_t		n;

	for (;;)
	{
		while (p + 8 <= len && plain8(s + p))
			p += 8;
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

#define SKIP_WS(s, p, len) \
	while ((p) < (len) && ((s)[p] == ' ' || (s)[p] == '\n' || \
						   (s)[p] == '\r' || (s)[p] == '\t')) \
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
