/*-------------------------------------------------------------------------
 *
 * json_scan.h
 *	  The byte scanners of json_stream.c's row loop: where the next byte
 *	  that matters inside a row is; and its recognizer of numbers and
 *	  literals, a byte at a time.
 *
 * Inside a row only quotes, backslashes (in strings) and brackets (outside
 * them) matter.  These functions find the next of them in a byte range:
 * with SSE2 16 bytes at a time, and for scan_row()'s block loop as bit
 * masks of 64 bytes; without it (or with JSON_NO_SIMD, which the unit tests
 * build with too) 8 bytes at a time for strings and one byte at a time
 * otherwise.  They keep no state and read only [p, end) (block_masks():
 * the 64 bytes at p).
 *
 * Static inline, like PostgreSQL's port/simd.h: they are json_stream.c's
 * per-byte path, which must stay one translation unit to be inlined there.
 * Included by json_stream.c only.  Plain C99, no PostgreSQL headers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JSON_SCAN_H
#define JSON_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && !defined(JSON_NO_SIMD)
#include <emmintrin.h>
#define JSON_STREAM_SSE2 1
#endif

/* bytes that matter inside a row, outside its strings */
static const uint8_t row_class[256] = {
	['"'] = 1,['['] = 1,[']'] = 1,['{'] = 1,['}'] = 1,
};

/* bytes that matter inside a row's strings */
static const uint8_t row_str_class[256] = {
	['"'] = 1,['\\'] = 1,
};

#ifdef JSON_STREAM_SSE2

/* The first '"' or '\\' in [p, end), or end; 16 bytes at a time. */
static inline const unsigned char *
find_in_string(const unsigned char *p, const unsigned char *end)
{
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');

	while (end - p >= 16)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) p);
		int			bits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
														  _mm_cmpeq_epi8(v, backslash)));

		if (bits)
			return p + __builtin_ctz((unsigned int) bits);
		p += 16;
	}
	while (p < end && !row_str_class[*p])
		p++;
	return p;
}

/*
 * The first '"' or bracket in [p, end), or end.  OR-ing 0x20 maps '[' to
 * '{' and ']' to '}', and no other byte to either.
 */
static inline const unsigned char *
find_in_row(const unsigned char *p, const unsigned char *end)
{
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i open = _mm_set1_epi8('{');
	const __m128i close = _mm_set1_epi8('}');
	const __m128i lower = _mm_set1_epi8(0x20);

	while (end - p >= 16)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) p);
		__m128i		f = _mm_or_si128(v, lower);
		int			bits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
														  _mm_or_si128(_mm_cmpeq_epi8(f, open),
																	   _mm_cmpeq_epi8(f, close))));

		if (bits)
			return p + __builtin_ctz((unsigned int) bits);
		p += 16;
	}
	while (p < end && !row_class[*p])
		p++;
	return p;
}

/*
 * Bit masks of the 64 bytes at p: bit i is set when byte i is a '"', a
 * '\\', or a bracket.  Backslashes are rare, so their mask is only made
 * when there is one.
 */
typedef struct BlockMasks
{
	uint64_t	quote;
	uint64_t	backslash;
	uint64_t	bracket;
} BlockMasks;

static inline uint64_t
movemask64(__m128i a, __m128i b, __m128i c, __m128i d)
{
	return (uint64_t) (uint16_t) _mm_movemask_epi8(a) |
		((uint64_t) (uint16_t) _mm_movemask_epi8(b) << 16) |
		((uint64_t) (uint16_t) _mm_movemask_epi8(c) << 32) |
		((uint64_t) (uint16_t) _mm_movemask_epi8(d) << 48);
}

static inline void
block_masks(const unsigned char *p, BlockMasks *m)
{
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i open = _mm_set1_epi8('{');
	const __m128i close = _mm_set1_epi8('}');
	const __m128i lower = _mm_set1_epi8(0x20);
	__m128i		v0 = _mm_loadu_si128((const __m128i *) p);
	__m128i		v1 = _mm_loadu_si128((const __m128i *) (p + 16));
	__m128i		v2 = _mm_loadu_si128((const __m128i *) (p + 32));
	__m128i		v3 = _mm_loadu_si128((const __m128i *) (p + 48));
	__m128i		f0 = _mm_or_si128(v0, lower);
	__m128i		f1 = _mm_or_si128(v1, lower);
	__m128i		f2 = _mm_or_si128(v2, lower);
	__m128i		f3 = _mm_or_si128(v3, lower);
	__m128i		b0 = _mm_cmpeq_epi8(v0, backslash);
	__m128i		b1 = _mm_cmpeq_epi8(v1, backslash);
	__m128i		b2 = _mm_cmpeq_epi8(v2, backslash);
	__m128i		b3 = _mm_cmpeq_epi8(v3, backslash);

	m->quote = movemask64(_mm_cmpeq_epi8(v0, quote), _mm_cmpeq_epi8(v1, quote),
						  _mm_cmpeq_epi8(v2, quote), _mm_cmpeq_epi8(v3, quote));
	m->bracket = movemask64(_mm_or_si128(_mm_cmpeq_epi8(f0, open), _mm_cmpeq_epi8(f0, close)),
							_mm_or_si128(_mm_cmpeq_epi8(f1, open), _mm_cmpeq_epi8(f1, close)),
							_mm_or_si128(_mm_cmpeq_epi8(f2, open), _mm_cmpeq_epi8(f2, close)),
							_mm_or_si128(_mm_cmpeq_epi8(f3, open), _mm_cmpeq_epi8(f3, close)));
	m->backslash = 0;
	if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(b0, b1), _mm_or_si128(b2, b3))))
		m->backslash = movemask64(b0, b1, b2, b3);
}

/* bit i of the result is the parity of bits 0..i of x */
static inline uint64_t
prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

#define SCAN_ROW_BLOCKS 1

#else							/* !JSON_STREAM_SSE2 */

/*
 * True if one of the 8 bytes at s is '"' or '\\' (exact "has zero byte"
 * bit trick on the bytes XORed with each).
 */
static inline bool
quote_or_backslash8(const unsigned char *s)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	uint64_t	v;
	uint64_t	q;
	uint64_t	b;

	memcpy(&v, s, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	return ((((q - ones) & ~q) | ((b - ones) & ~b)) &
			UINT64_C(0x8080808080808080)) != 0;
}

static inline const unsigned char *
find_in_string(const unsigned char *p, const unsigned char *end)
{
	while (end - p >= 8 && !quote_or_backslash8(p))
		p += 8;
	while (p < end && !row_str_class[*p])
		p++;
	return p;
}

static inline const unsigned char *
find_in_row(const unsigned char *p, const unsigned char *end)
{
	while (p < end && !row_class[*p])
		p++;
	return p;
}

#endif							/* JSON_STREAM_SSE2 */

/*
 * Numbers and literals outside rows, and rows that are one: a recognizer
 * fed one byte at a time, whose state survives between chunks.
 */
/* number/literal recognizer states, see token_step() */
typedef enum TokenState
{
	TK_LIT,						/* matching lit */
	TK_MINUS,					/* "-" */
	TK_ZERO,					/* "-?0" */
	TK_INT,						/* "-?[1-9][0-9]*" */
	TK_DOT,						/* int "." */
	TK_FRAC,					/* int "." digits */
	TK_E,						/* mantissa [eE] */
	TK_ESIGN,					/* mantissa [eE] [+-] */
	TK_EXP						/* mantissa [eE] [+-]? digits */
} TokenState;

typedef struct TokenScan
{
	uint8_t		state;			/* TokenState */
	uint8_t		idx;			/* TK_LIT: bytes of lit matched */
	const char *lit;
} TokenScan;

/* Start a token at byte c; false if no number or literal starts so. */
static inline bool
token_begin(TokenScan *t, unsigned char c)
{
	t->idx = 1;
	switch (c)
	{
		case 't':
			t->state = TK_LIT;
			t->lit = "true";
			return true;
		case 'f':
			t->state = TK_LIT;
			t->lit = "false";
			return true;
		case 'n':
			t->state = TK_LIT;
			t->lit = "null";
			return true;
		case '-':
			t->state = TK_MINUS;
			return true;
		case '0':
			t->state = TK_ZERO;
			return true;
		default:
			if (c >= '1' && c <= '9')
			{
				t->state = TK_INT;
				return true;
			}
			return false;
	}
}

/* Advance the recognizer over one more token byte; false if it rejects. */
static inline bool
token_step(TokenScan *t, unsigned char c)
{
	bool		digit = (c >= '0' && c <= '9');

	switch (t->state)
	{
		case TK_LIT:
			if (t->lit[t->idx] != (char) c)
				return false;
			t->idx++;
			return true;
		case TK_MINUS:
			if (c == '0')
				t->state = TK_ZERO;
			else if (digit)
				t->state = TK_INT;
			else
				return false;
			return true;
		case TK_ZERO:
		case TK_INT:
			if (digit && t->state == TK_INT)
				return true;
			if (c == '.')
				t->state = TK_DOT;
			else if (c == 'e' || c == 'E')
				t->state = TK_E;
			else
				return false;
			return true;
		case TK_DOT:
		case TK_FRAC:
			if (digit)
				t->state = TK_FRAC;
			else if (c == 'e' || c == 'E')
			{
				if (t->state == TK_DOT)
					return false;
				t->state = TK_E;
			}
			else
				return false;
			return true;
		case TK_E:
			if (c == '+' || c == '-')
				t->state = TK_ESIGN;
			else if (digit)
				t->state = TK_EXP;
			else
				return false;
			return true;
		case TK_ESIGN:
		case TK_EXP:
			if (!digit)
				return false;
			t->state = TK_EXP;
			return true;
	}
	return false;
}

static inline bool
token_complete(const TokenScan *t)
{
	switch (t->state)
	{
		case TK_LIT:
			return t->lit[t->idx] == '\0';
		case TK_ZERO:
		case TK_INT:
		case TK_FRAC:
		case TK_EXP:
			return true;
		default:
			return false;
	}
}

#endif							/* JSON_SCAN_H */
