/*
 * Unit tests for body_decoder.c: every encoding decodes to the original in
 * any split of input and output, no step writes more than the room it is
 * given (a bomb is decoded a bounded piece at a time), and broken input is
 * an error.
 */
#include <stdlib.h>

#include <brotli/encode.h>
#include <zlib.h>

#include "body_decoder.h"
#include "unit.h"

/* deflate src with zlib: wbits 15+16 gzip, 15 zlib format, -15 raw */
static unsigned char *
zlib_encode(const char *src, size_t len, int wbits, size_t *outlen)
{
	z_stream	z;
	size_t		cap = compressBound(len) + 64;
	unsigned char *out = malloc(cap);

	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 9, Z_DEFLATED, wbits, 9, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *) src;
	z.avail_in = (uInt) len;
	z.next_out = out;
	z.avail_out = (uInt) cap;
	deflate(&z, Z_FINISH);
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static unsigned char *
br_encode(const char *src, size_t len, size_t *outlen)
{
	size_t		cap = BrotliEncoderMaxCompressedSize(len) + 64;
	unsigned char *out = malloc(cap);

	*outlen = cap;
	BrotliEncoderCompress(9, 22, BROTLI_MODE_GENERIC, len, (const uint8_t *) src,
						  outlen, out);
	return out;
}

static unsigned char *
encode(BodyCoding coding, const char *src, size_t len, size_t *outlen, int raw)
{
	switch (coding)
	{
		case BODY_CODING_GZIP:
			return zlib_encode(src, len, 16 + 15, outlen);
		case BODY_CODING_DEFLATE:
			return zlib_encode(src, len, raw ? -15 : 15, outlen);
		case BODY_CODING_BR:
			return br_encode(src, len, outlen);
		default:
			{
				unsigned char *out = malloc(len + 1);

				memcpy(out, src, len);
				*outlen = len;
				return out;
			}
	}
}

/*
 * Decode enc fed in pieces of inchunk into room of outroom.  Returns the
 * decoded bytes (malloc'd) and the last result; checks that no step wrote
 * more than outroom.
 */
static char *
decode_all(BodyCoding coding, const unsigned char *enc, size_t enclen,
		   size_t inchunk, size_t outroom, size_t *declen, BodyDecodeResult *last,
		   int *overflow)
{
	BodyDecoder *d = body_decoder_create(coding);
	size_t		cap = 1024;
	char	   *dec = malloc(cap);
	char	   *room = malloc(outroom + 16);
	size_t		pos = 0;
	BodyDecodeResult r = BODY_DECODE_OK;

	*declen = 0;
	*overflow = 0;
	while (r == BODY_DECODE_OK)
	{
		size_t		n = enclen - pos < inchunk ? enclen - pos : inchunk;
		const char *in = (const char *) enc + pos;
		size_t		inlen = n;
		size_t		outlen;
		int			progress = 0;

		do
		{
			memset(room + outroom, 0x5a, 16);
			r = body_decoder_step(d, &in, &inlen, room, outroom, &outlen);
			if (outlen > outroom || room[outroom] != 0x5a)
				*overflow = 1;
			while (*declen + outlen > cap)
				dec = realloc(dec, cap *= 2);
			memcpy(dec + *declen, room, outlen);
			*declen += outlen;
			if (outlen > 0)
				progress = 1;
		} while (r == BODY_DECODE_OK && (inlen > 0 || outlen == outroom));
		pos += n - inlen;
		if (n == 0 && !progress)
			break;				/* input used up before the end */
	}
	*last = r;
	body_decoder_destroy(d);
	free(room);
	return dec;
}

static void
test_round_trips(void)
{
	static const BodyCoding codings[] = {BODY_CODING_IDENTITY, BODY_CODING_GZIP,
	BODY_CODING_DEFLATE, BODY_CODING_BR};
	static const size_t chunks[] = {1, 7, 4096, 1 << 20};
	static const size_t rooms[] = {1, 13, 65536};
	size_t		len = 300000;
	char	   *src = malloc(len);
	size_t		i;
	size_t		c;
	size_t		k;
	int			raw;

	for (i = 0; i < len; i++)
		src[i] = (i % 97 < 50) ? "{\"id\":12,\"name\":\"x\"},"[i % 21] : (char) ('a' + (i * 7919) % 26);

	for (c = 0; c < sizeof(codings) / sizeof(codings[0]); c++)
		for (raw = 0; raw <= (codings[c] == BODY_CODING_DEFLATE); raw++)
		{
			size_t		enclen;
			unsigned char *enc = encode(codings[c], src, len, &enclen, raw);

			for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++)
				for (k = 0; k < sizeof(rooms) / sizeof(rooms[0]); k++)
				{
					size_t		declen;
					BodyDecodeResult last;
					int			overflow;
					char	   *dec;

					/* one byte at a time through a 1-byte room is slow */
					if (chunks[i] == 1 && rooms[k] == 1)
						continue;
					unit_context = body_coding_name(codings[c]);
					dec = decode_all(codings[c], enc, enclen, chunks[i], rooms[k],
									 &declen, &last, &overflow);
					CHECK_INT(declen, len);
					CHECK(declen == len && memcmp(dec, src, len) == 0);
					CHECK(!overflow);
					CHECK_INT(last, codings[c] == BODY_CODING_IDENTITY ?
							  BODY_DECODE_OK : BODY_DECODE_END);
					free(dec);
				}
			free(enc);
		}
	free(src);
}

/* 64 MB of zeros: every step stays within its room, the totals add up */
static void
test_bomb_is_bounded(void)
{
	static const BodyCoding codings[] = {BODY_CODING_GZIP, BODY_CODING_DEFLATE, BODY_CODING_BR};
	size_t		len = 64 << 20;
	char	   *zeros = calloc(1, len);
	size_t		c;

	for (c = 0; c < sizeof(codings) / sizeof(codings[0]); c++)
	{
		size_t		enclen;
		unsigned char *enc = encode(codings[c], zeros, len, &enclen, 0);
		BodyDecoder *d = body_decoder_create(codings[c]);
		const char *in = (const char *) enc;
		size_t		inlen = enclen;
		char		room[4096];
		size_t		outlen;
		size_t		biggest = 0;
		int			steps = 0;
		BodyDecodeResult r;

		unit_context = body_coding_name(codings[c]);
		/* all the input at once, as a network read would bring it */
		do
		{
			r = body_decoder_step(d, &in, &inlen, room, sizeof(room), &outlen);
			if (outlen > biggest)
				biggest = outlen;
			steps++;
		} while (r == BODY_DECODE_OK);
		CHECK_INT(r, BODY_DECODE_END);
		CHECK(biggest <= sizeof(room));
		CHECK(steps >= (int) (len / sizeof(room)));
		CHECK_INT(body_decoder_total_out(d), len);
		CHECK_INT(body_decoder_total_in(d), enclen);
		CHECK(body_decoder_total_out(d) / body_decoder_total_in(d) > 100);
		body_decoder_destroy(d);
		free(enc);
	}
	free(zeros);
}

static void
test_errors(void)
{
	static const BodyCoding codings[] = {BODY_CODING_GZIP, BODY_CODING_DEFLATE, BODY_CODING_BR};
	const char *text = "{\"rows\":[1,2,3]}";
	size_t		c;

	for (c = 0; c < sizeof(codings) / sizeof(codings[0]); c++)
	{
		size_t		enclen;
		unsigned char *enc = encode(codings[c], text, strlen(text), &enclen, 0);
		size_t		declen;
		BodyDecodeResult last;
		int			overflow;
		char	   *dec;
		BodyDecoder *d;
		const char *in;
		size_t		inlen;
		char		room[64];
		size_t		outlen;

		unit_context = body_coding_name(codings[c]);

		/* truncated: decodes what it can, never reaches the end */
		dec = decode_all(codings[c], enc, enclen - 3, 5, 64, &declen, &last, &overflow);
		CHECK(last == BODY_DECODE_OK || last == BODY_DECODE_ERROR);
		CHECK(declen <= strlen(text));
		free(dec);

		/* garbage */
		d = body_decoder_create(codings[c]);
		in = "\xff\xfe this is not compressed at all, not in any way";
		inlen = strlen(in);
		do
			last = body_decoder_step(d, &in, &inlen, room, sizeof(room), &outlen);
		while (last == BODY_DECODE_OK && inlen > 0);
		CHECK_INT(last, BODY_DECODE_ERROR);
		CHECK(body_decoder_error(d) != NULL);
		CHECK(!body_decoder_finished(d));
		/* errors are sticky */
		CHECK_INT(body_decoder_step(d, &in, &inlen, room, sizeof(room), &outlen),
				  BODY_DECODE_ERROR);
		body_decoder_destroy(d);

		/* bytes after the end are left unused */
		enc = realloc(enc, enclen + 4);
		memcpy(enc + enclen, "TAIL", 4);
		d = body_decoder_create(codings[c]);
		in = (const char *) enc;
		inlen = enclen + 4;
		do
			last = body_decoder_step(d, &in, &inlen, room, sizeof(room), &outlen);
		while (last == BODY_DECODE_OK);
		CHECK_INT(last, BODY_DECODE_END);
		CHECK(body_decoder_finished(d));
		CHECK_INT(inlen, 4);
		body_decoder_destroy(d);
		free(enc);
	}
}

static void
test_concatenated_gzip(void)
{
	size_t		l1;
	size_t		l2;
	unsigned char *a = encode(BODY_CODING_GZIP, "[1,", 3, &l1, 0);
	unsigned char *b = encode(BODY_CODING_GZIP, "2]", 2, &l2, 0);
	unsigned char *both = malloc(l1 + l2);
	size_t		declen;
	BodyDecodeResult last;
	int			overflow;
	char	   *dec;

	unit_context = "gzip members";
	memcpy(both, a, l1);
	memcpy(both + l1, b, l2);
	dec = decode_all(BODY_CODING_GZIP, both, l1 + l2, 4096, 1, &declen, &last, &overflow);
	CHECK_INT(declen, 5);
	CHECK(declen == 5 && memcmp(dec, "[1,2]", 5) == 0);
	CHECK_INT(last, BODY_DECODE_END);
	free(dec);
	free(a);
	free(b);
	free(both);
}

static void
test_parse(void)
{
	BodyCoding	c = BODY_CODING_BR;

	unit_context = "parse";
	CHECK(body_coding_parse("gzip", 4, &c) == 0 && c == BODY_CODING_GZIP);
	CHECK(body_coding_parse("X-GZip", 6, &c) == 0 && c == BODY_CODING_GZIP);
	CHECK(body_coding_parse(" Deflate ", 9, &c) == 0 && c == BODY_CODING_DEFLATE);
	CHECK(body_coding_parse("br", 2, &c) == 0 && c == BODY_CODING_BR);
	CHECK(body_coding_parse("identity", 8, &c) == 0 && c == BODY_CODING_IDENTITY);
	CHECK(body_coding_parse("", 0, &c) == 0 && c == BODY_CODING_IDENTITY);
	CHECK(body_coding_parse("identity, gzip", 14, &c) == 0 && c == BODY_CODING_GZIP);
	CHECK(body_coding_parse("gzip, br", 8, &c) == -1);
	CHECK(body_coding_parse("zstd", 4, &c) == -1);
	CHECK(body_coding_parse("gzipx", 5, &c) == -1);
	/* the length is what counts, not a terminator */
	CHECK(body_coding_parse("brotli", 2, &c) == 0 && c == BODY_CODING_BR);
}

int
main(void)
{
	test_parse();
	test_round_trips();
	test_bomb_is_bounded();
	test_errors();
	test_concatenated_gzip();
	return UNIT_REPORT();
}
