/*-------------------------------------------------------------------------
 *
 * body_decoder.c
 *	  Content-Encoding decoding with bounded output per step (see
 *	  body_decoder.h)
 *
 * zlib's inflate() and brotli's BrotliDecoderDecompressStream() both stop
 * when the output room is used up and keep the rest of their work for the
 * next call, which is what bounds each step.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "body_decoder.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <brotli/decode.h>
#include <zlib.h>

struct BodyDecoder
{
	BodyCoding	coding;
	int			finished;
	int			started;		/* the zlib stream is initialised */
	z_stream	z;
	BrotliDecoderState *br;
	unsigned char head[2];		/* deflate: the first two bytes, which say
								 * whether the stream has a zlib header */
	size_t		nhead;
	size_t		head_used;		/* ... and how many inflate() has taken */
	uint64_t	total_in;
	uint64_t	total_out;
	const char *error;
};

/* ASCII case-insensitive comparison of n bytes with a lower-case word */
static int
word_is(const char *s, size_t n, const char *word)
{
	size_t		i;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

int
body_coding_parse(const char *value, size_t len, BodyCoding *coding)
{
	BodyCoding	found = BODY_CODING_IDENTITY;
	int			nfound = 0;
	size_t		i = 0;

	/* a comma-separated list of codings applied in order */
	while (i < len)
	{
		size_t		start;
		size_t		end;

		while (i < len && (value[i] == ' ' || value[i] == '\t' || value[i] == ','))
			i++;
		start = i;
		while (i < len && value[i] != ',')
			i++;
		end = i;
		while (end > start && (value[end - 1] == ' ' || value[end - 1] == '\t'))
			end--;
		if (end == start || word_is(value + start, end - start, "identity"))
			continue;
		if (word_is(value + start, end - start, "gzip") ||
			word_is(value + start, end - start, "x-gzip"))
			found = BODY_CODING_GZIP;
		else if (word_is(value + start, end - start, "deflate"))
			found = BODY_CODING_DEFLATE;
		else if (word_is(value + start, end - start, "br"))
			found = BODY_CODING_BR;
		else
			return -1;
		/* we did not ask for stacked codings, and nobody sends them */
		if (++nfound > 1)
			return -1;
	}
	*coding = found;
	return 0;
}

const char *
body_coding_name(BodyCoding coding)
{
	switch (coding)
	{
		case BODY_CODING_IDENTITY:
			return "identity";
		case BODY_CODING_GZIP:
			return "gzip";
		case BODY_CODING_DEFLATE:
			return "deflate";
		case BODY_CODING_BR:
			return "br";
	}
	return "?";
}

BodyDecoder *
body_decoder_create(BodyCoding coding)
{
	BodyDecoder *d = calloc(1, sizeof(BodyDecoder));

	if (d == NULL)
		return NULL;
	d->coding = coding;
	if (coding == BODY_CODING_GZIP)
	{
		if (inflateInit2(&d->z, 16 + MAX_WBITS) != Z_OK)
		{
			free(d);
			return NULL;
		}
		d->started = 1;
	}
	else if (coding == BODY_CODING_BR)
	{
		d->br = BrotliDecoderCreateInstance(NULL, NULL, NULL);
		if (d->br == NULL)
		{
			free(d);
			return NULL;
		}
	}
	return d;
}

static BodyDecodeResult
fail(BodyDecoder *d, const char *message)
{
	d->error = message;
	return BODY_DECODE_ERROR;
}

/*
 * One inflate() call from (next, avail) into out.  Returns the result and
 * leaves the unused input in *avail.
 */
static BodyDecodeResult
inflate_some(BodyDecoder *d, const unsigned char *next, size_t *avail,
			 char *out, size_t outsize, size_t *outlen)
{
	uInt		in_now = *avail > UINT_MAX ? UINT_MAX : (uInt) *avail;
	uInt		out_now = outsize - *outlen > UINT_MAX ? UINT_MAX :
		(uInt) (outsize - *outlen);
	int			rc;

	d->z.next_in = (Bytef *) next;
	d->z.avail_in = in_now;
	d->z.next_out = (Bytef *) out + *outlen;
	d->z.avail_out = out_now;
	rc = inflate(&d->z, Z_NO_FLUSH);
	*avail -= in_now - d->z.avail_in;
	d->total_in += in_now - d->z.avail_in;
	*outlen += out_now - d->z.avail_out;
	switch (rc)
	{
		case Z_OK:
			return BODY_DECODE_OK;
		case Z_BUF_ERROR:
			/* no progress possible: it needs more input */
			return BODY_DECODE_OK;
		case Z_STREAM_END:
			return BODY_DECODE_END;
		case Z_MEM_ERROR:
			return BODY_DECODE_NOMEM;
		case Z_NEED_DICT:
			return fail(d, "deflate data needs a preset dictionary");
		default:
			return fail(d, d->z.msg ? d->z.msg : "invalid compressed data");
	}
}

static BodyDecodeResult
step_zlib(BodyDecoder *d, const char **in, size_t *inlen,
		  char *out, size_t outsize, size_t *outlen)
{
	BodyDecodeResult r;

	if (!d->started)
	{
		int			header;

		/* deflate: wait for two bytes to tell zlib format from raw */
		while (d->nhead < 2 && *inlen > 0)
		{
			d->head[d->nhead++] = (unsigned char) **in;
			(*in)++;
			(*inlen)--;
		}
		if (d->nhead < 2)
			return BODY_DECODE_OK;
		header = (d->head[0] & 0x0f) == Z_DEFLATED &&
			((d->head[0] << 8) | d->head[1]) % 31 == 0;
		if (inflateInit2(&d->z, header ? MAX_WBITS : -MAX_WBITS) != Z_OK)
			return BODY_DECODE_NOMEM;
		d->started = 1;
	}

	/* the two bytes kept to look at come first */
	while (d->head_used < d->nhead)
	{
		size_t		avail = d->nhead - d->head_used;

		r = inflate_some(d, d->head + d->head_used, &avail, out, outsize, outlen);
		d->head_used = d->nhead - avail;
		if (r != BODY_DECODE_OK || *outlen == outsize)
			return r;
		if (avail > 0)
			return BODY_DECODE_OK;
	}

	for (;;)
	{
		size_t		avail = *inlen;

		r = inflate_some(d, (const unsigned char *) *in, &avail, out, outsize, outlen);
		*in += *inlen - avail;
		*inlen = avail;
		if (r == BODY_DECODE_END && d->coding == BODY_CODING_GZIP &&
			*inlen >= 2 && (unsigned char) (*in)[0] == 0x1f &&
			(unsigned char) (*in)[1] == 0x8b)
		{
			/* another gzip member follows, as gunzip accepts */
			if (inflateReset(&d->z) != Z_OK)
				return fail(d, "invalid compressed data");
			if (*outlen < outsize)
				continue;
			return BODY_DECODE_OK;
		}
		return r;
	}
}

static BodyDecodeResult
step_brotli(BodyDecoder *d, const char **in, size_t *inlen,
			char *out, size_t outsize, size_t *outlen)
{
	const uint8_t *next_in = (const uint8_t *) *in;
	size_t		avail_in = *inlen;
	uint8_t    *next_out = (uint8_t *) out + *outlen;
	size_t		avail_out = outsize - *outlen;
	BrotliDecoderResult rc;

	rc = BrotliDecoderDecompressStream(d->br, &avail_in, &next_in,
									   &avail_out, &next_out, NULL);
	d->total_in += *inlen - avail_in;
	*in = (const char *) next_in;
	*inlen = avail_in;
	*outlen = outsize - avail_out;
	switch (rc)
	{
		case BROTLI_DECODER_RESULT_SUCCESS:
			return BODY_DECODE_END;
		case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
		case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
			return BODY_DECODE_OK;
		default:
			{
				BrotliDecoderErrorCode code = BrotliDecoderGetErrorCode(d->br);

				if (code == BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES ||
					code == BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS ||
					code == BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP ||
					code == BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1 ||
					code == BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2 ||
					code == BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES)
					return BODY_DECODE_NOMEM;
				return fail(d, "invalid brotli data");
			}
	}
}

BodyDecodeResult
body_decoder_step(BodyDecoder *d, const char **in, size_t *inlen,
				  char *out, size_t outsize, size_t *outlen)
{
	BodyDecodeResult r;

	*outlen = 0;
	if (d->error)
		return BODY_DECODE_ERROR;
	if (d->finished)
		return BODY_DECODE_END;
	switch (d->coding)
	{
		case BODY_CODING_IDENTITY:
			{
				size_t		n = *inlen < outsize ? *inlen : outsize;

				if (n > 0)
					memcpy(out, *in, n);
				*in += n;
				*inlen -= n;
				*outlen = n;
				d->total_in += n;
				r = BODY_DECODE_OK;
			}
			break;
		case BODY_CODING_BR:
			r = step_brotli(d, in, inlen, out, outsize, outlen);
			break;
		default:
			r = step_zlib(d, in, inlen, out, outsize, outlen);
			break;
	}
	d->total_out += *outlen;
	if (r == BODY_DECODE_END)
		d->finished = 1;
	return r;
}

int
body_decoder_finished(const BodyDecoder *d)
{
	return d->finished || d->coding == BODY_CODING_IDENTITY;
}

uint64_t
body_decoder_total_in(const BodyDecoder *d)
{
	return d->total_in;
}

uint64_t
body_decoder_total_out(const BodyDecoder *d)
{
	return d->total_out;
}

const char *
body_decoder_error(const BodyDecoder *d)
{
	return d->error;
}

void
body_decoder_destroy(BodyDecoder *d)
{
	if (d == NULL)
		return;
	if (d->started)
		inflateEnd(&d->z);
	if (d->br)
		BrotliDecoderDestroyInstance(d->br);
	free(d);
}
