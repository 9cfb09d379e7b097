/*-------------------------------------------------------------------------
 *
 * body_decoder.h
 *	  Content-Encoding decoding of HTTP response bodies with bounded output
 *	  per step.
 *
 * rest_fdw decodes compressed bodies itself rather than letting libcurl do
 * it: libcurl decodes a whole network read at once (a few kilobytes of
 * brotli can be a gigabyte), before control returns to the row reader.
 * Here every step writes at most the room the caller gives, so decoded
 * bytes are consumed row by row like plain ones, whatever the encoding.
 *
 * Encodings: gzip (also x-gzip, and concatenated members), deflate (zlib
 * format, or raw deflate as some servers send it), br, and identity.
 *
 * This file is plain C99 with no PostgreSQL dependency, so that it can be
 * unit tested and fuzzed on its own.
 *
 *-------------------------------------------------------------------------
 */
#ifndef BODY_DECODER_H
#define BODY_DECODER_H

#include <stddef.h>
#include <stdint.h>

typedef enum BodyCoding
{
	BODY_CODING_IDENTITY,
	BODY_CODING_GZIP,
	BODY_CODING_DEFLATE,
	BODY_CODING_BR
} BodyCoding;

typedef enum BodyDecodeResult
{
	BODY_DECODE_OK,				/* call again with more input, or with none
								 * when the output was filled */
	BODY_DECODE_END,			/* the encoded body is complete */
	BODY_DECODE_ERROR,			/* see body_decoder_error() */
	BODY_DECODE_NOMEM
} BodyDecodeResult;

/* The value rest_fdw sends as Accept-Encoding */
#define BODY_ACCEPT_ENCODING	"gzip, deflate, br"

/*
 * Parse a Content-Encoding header value (len bytes, not NUL-terminated).
 * Returns 0 and sets *coding, or -1 for an encoding that is not decoded
 * here (an unknown one, or more than one applied in a row).
 */
extern int	body_coding_parse(const char *value, size_t len, BodyCoding *coding);

typedef struct BodyDecoder BodyDecoder;

/* Returns NULL on out of memory */
extern BodyDecoder *body_decoder_create(BodyCoding coding);

/*
 * Decode from (*in, *inlen), advancing both past what was used, into out,
 * at most outsize bytes (outsize > 0); *outlen is set to the bytes written.
 * When *outlen == outsize more output may be pending: call again, with or
 * without more input.  Input after the end of the encoded body is left
 * unused.
 */
extern BodyDecodeResult body_decoder_step(BodyDecoder *d,
										  const char **in, size_t *inlen,
										  char *out, size_t outsize,
										  size_t *outlen);

/* True once the encoded body's end has been decoded */
extern int	body_decoder_finished(const BodyDecoder *d);

/* Encoded bytes used so far, and decoded bytes produced */
extern uint64_t body_decoder_total_in(const BodyDecoder *d);
extern uint64_t body_decoder_total_out(const BodyDecoder *d);

/* Text of the last error, or NULL */
extern const char *body_decoder_error(const BodyDecoder *d);

extern const char *body_coding_name(BodyCoding coding);

extern void body_decoder_destroy(BodyDecoder *d);

#endif							/* BODY_DECODER_H */
