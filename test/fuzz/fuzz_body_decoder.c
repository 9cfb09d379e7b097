/*-------------------------------------------------------------------------
 *
 * fuzz_body_decoder.c
 *	  libFuzzer target for src/body_decoder.c: Content-Encoding values and
 *	  compressed bodies as a hostile server would send them.
 *
 *	  The first byte picks the coding, how the body is cut into network
 *	  reads and how much room each step gets; the rest is the body.  Besides
 *	  memory safety it checks that no step writes more than its room, that
 *	  the totals add up, that decoding ends (a step that takes no input and
 *	  gives no output with none pending means "more input"), and that
 *	  identity gives back the input.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "body_decoder.h"

/* a bomb may decode to gigabytes: a few megabytes tell us enough */
#define MAX_OUTPUT	(8 * 1024 * 1024)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = {1, 3, 64, 4096};
	static const size_t rooms[] = {1, 7, 256, 65536};
	BodyCoding	coding;
	BodyDecoder *d;
	size_t		chunk;
	size_t		roomsize;
	char	   *room;
	const char *body;
	size_t		bodylen;
	size_t		pos = 0;
	uint64_t	out_total = 0;
	BodyDecodeResult r = BODY_DECODE_OK;

	if (size < 1)
		return 0;

	/* the header parser on the whole input */
	if (body_coding_parse((const char *) data, size, &coding) == 0 &&
		(int) coding > (int) BODY_CODING_BR)
		abort();

	coding = (BodyCoding) (data[0] & 3);
	chunk = chunks[(data[0] >> 2) & 3];
	roomsize = rooms[(data[0] >> 4) & 3];
	body = (const char *) data + 1;
	bodylen = size - 1;

	d = body_decoder_create(coding);
	if (d == NULL)
		return 0;
	room = malloc(roomsize + 1);
	if (room == NULL)
	{
		body_decoder_destroy(d);
		return 0;
	}

	while (r == BODY_DECODE_OK && pos <= bodylen && out_total < MAX_OUTPUT)
	{
		size_t		n = bodylen - pos < chunk ? bodylen - pos : chunk;
		const char *in = body + pos;
		size_t		inlen = n;
		size_t		outlen;

		do
		{
			const char *before = in;

			room[roomsize] = 0x5a;
			r = body_decoder_step(d, &in, &inlen, room, roomsize, &outlen);
			if (outlen > roomsize || room[roomsize] != 0x5a)
				abort();
			if (in < before || in > body + bodylen)
				abort();
			if (coding == BODY_CODING_IDENTITY &&
				memcmp(room, body + (before - body), outlen) != 0)
				abort();
			out_total += outlen;
			if (body_decoder_total_out(d) != out_total)
				abort();
			if (body_decoder_total_in(d) > bodylen)
				abort();
		} while (r == BODY_DECODE_OK && (inlen > 0 || outlen == roomsize) &&
				 out_total < MAX_OUTPUT);
		pos += n - inlen;
		if (n == 0)
			break;				/* all input given: the end or "more input" */
		if (r == BODY_DECODE_END && !body_decoder_finished(d))
			abort();
	}
	if (r == BODY_DECODE_ERROR && body_decoder_error(d) == NULL)
		abort();
	if (coding == BODY_CODING_IDENTITY && out_total != bodylen)
		abort();

	free(room);
	body_decoder_destroy(d);
	return 0;
}
