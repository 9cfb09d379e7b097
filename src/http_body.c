/*-------------------------------------------------------------------------
 *
 * http_body.c
 *		  curl's write and header callbacks of a transfer: the response
 *		  body decoded into the row stream, within the limits, and the
 *		  response headers rest_fdw reads
 *
 * The callbacks run inside curl: they never raise a PostgreSQL error nor
 * palloc.  When they give up on a response they record why in
 * t->abort_reason and return an abort code; http_response.c raises the
 * error once curl has returned.  The body goes to the row stream without a
 * copy when it is not compressed; what the reader does not want yet is
 * held (t->held) or left to curl by pausing the transfer.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <time.h>

#include "http_client_int.h"
#include "http_util.h"

/* A page fetched ahead of its turn stops reading once it has this much */
#define REST_PREFETCH_BYTES		(1024 * 1024)

/* max_decompression_ratio is checked once this much has been decoded */
#define REST_RATIO_GRACE_BYTES	(1024 * 1024)

/* May the row stream take more of the body now? */
static bool
reader_wants(RestTransfer *t)
{
	/* a page read ahead waits, with bounded memory, until it is its turn */
	if (t->prefetch && t->stream)
		return json_stream_buffered(t->stream) < REST_PREFETCH_BYTES;
	return t->budget > 0;
}

/*
 * A transfer without a row stream keeps the whole body (IMPORT FOREIGN
 * SCHEMA's description), which max_response_bytes has bounded already.
 * It grows by doubling, with malloc: this runs in curl's write callback.
 */
static bool
keep_body(RestTransfer *t, const char *data, size_t len)
{
	if (t->body_len + len + 1 > t->body_cap)
	{
		size_t		cap = Max(t->body_cap * 2, 64 * 1024);
		char	   *body;

		while (cap < t->body_len + len + 1)
			cap *= 2;
		body = realloc(t->body, cap);
		if (body == NULL)
		{
			t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
			return false;
		}
		t->body = body;
		t->body_cap = cap;
	}
	memcpy(t->body + t->body_len, data, len);
	t->body_len += len;
	t->body[t->body_len] = '\0';
	return true;
}

/* Hand decoded body bytes to the row stream, within the limits */
static bool
accept_decoded(RestTransfer *t, const char *data, size_t len)
{
	const RestRequest *req = t->request;

	t->bytes += len;
	t->budget = len >= t->budget ? 0 : t->budget - len;
	t->stats->bytes += len;
	if (req->counters)
		req->counters->bytes += len;
	if (req->max_response_bytes > 0 && t->bytes > (uint64) req->max_response_bytes)
	{
		t->abort_reason = REST_ABORT_TOO_LARGE;
		return false;
	}
	if (t->decoder && req->max_decompression_ratio > 0 &&
		body_decoder_total_out(t->decoder) > REST_RATIO_GRACE_BYTES &&
		body_decoder_total_out(t->decoder) >
		(uint64) req->max_decompression_ratio * body_decoder_total_in(t->decoder))
	{
		t->abort_reason = REST_ABORT_RATIO;
		return false;
	}
	if (t->stream == NULL)
		return keep_body(t, data, len);
	if (json_stream_feed(t->stream, data, len) != 0)
	{
		t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
		return false;
	}
	return true;
}

/*
 * Decode body bytes into the row stream, or into the excerpt of an error
 * response, while the reader wants them.  Returns how much of the input was
 * used; on failure sets abort_reason.  Must not raise errors: it runs in
 * curl's write callback.
 */
static size_t
decode_body(RestTransfer *t, const char *data, size_t len)
{
	const char *in = data;
	size_t		inlen = len;

	if (t->encoding_unknown)
	{
		t->abort_reason = REST_ABORT_UNKNOWN_ENCODING;
		return 0;
	}
	if (t->decoder == NULL && t->coding != BODY_CODING_IDENTITY)
	{
		t->decoder = body_decoder_create(t->coding);
		t->decoded = malloc(REST_DECODE_STEP);
		if (t->decoder == NULL || t->decoded == NULL)
		{
			t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
			return 0;
		}
	}

	while (inlen > 0 || t->decoder_more)
	{
		bool		error_body = (t->status >= 300);
		char	   *out;
		size_t		room;
		size_t		outlen;
		BodyDecodeResult r;

		if (!error_body && !reader_wants(t))
			break;
		if (error_body)
		{
			out = t->error_body + t->error_body_len;
			room = sizeof(t->error_body) - t->error_body_len;
		}
		else if (t->decoder == NULL)
		{
			/* plain bytes need no copy: take them as they are */
			outlen = Min(inlen, (size_t) Max(t->budget, REST_DECODE_STEP));
			if (!accept_decoded(t, in, outlen))
				return 0;
			in += outlen;
			inlen -= outlen;
			continue;
		}
		else
		{
			out = t->decoded;
			room = REST_DECODE_STEP;
		}

		if (t->decoder == NULL)
		{
			outlen = Min(inlen, room);
			memcpy(out, in, outlen);
			in += outlen;
			inlen -= outlen;
			r = BODY_DECODE_OK;
		}
		else
			r = body_decoder_step(t->decoder, &in, &inlen, out, room, &outlen);
		if (r == BODY_DECODE_NOMEM)
		{
			t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
			return 0;
		}
		if (r == BODY_DECODE_ERROR)
		{
			t->abort_reason = REST_ABORT_BAD_ENCODING;
			return 0;
		}
		/* an error response's excerpt is never held back */
		t->decoder_more = (r == BODY_DECODE_OK && outlen == room && !error_body);
		if (error_body)
		{
			t->error_body_len += outlen;
			if (t->error_body_len == sizeof(t->error_body))
			{
				/* we have all we will show; don't download the rest */
				t->abort_reason = REST_ABORT_ERROR_STATUS;
				return 0;
			}
		}
		else if (outlen > 0 && !accept_decoded(t, out, outlen))
			return 0;
		if (r == BODY_DECODE_END)
		{
			/* what follows the compressed body is ignored, as curl does */
			inlen = 0;
			t->decoder_more = false;
		}
	}
	return len - inlen;
}

/* True while body bytes taken from curl wait to be decoded */
bool
rest_http_has_held(RestTransfer *t)
{
	if (t->abort_reason != REST_ABORT_NONE || t->status >= 300)
		return false;
	return t->held_off < t->held_len || t->decoder_more;
}

/*
 * curl write callback: hand body bytes to the row stream, or keep the start
 * of an error response.  What the reader does not want yet is kept in
 * t->held, or left to curl by pausing.  Must not raise errors (see file
 * header).
 */
size_t
rest_http_write_body(char *data, size_t size, size_t nmemb, void *arg)
{
	RestTransfer *t = (RestTransfer *) arg;
	size_t		len = size * nmemb;
	size_t		used;

	t->activity++;
	if (t->status == 0)
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);

	/* after "101 Switching Protocols", what follows is not HTTP */
	if (t->status < 200)
	{
		t->abort_reason = REST_ABORT_INFORMATIONAL;
		return 0;
	}

	/* curl keeps what comes while we still have bytes of our own */
	if (t->status < 300 && (rest_http_has_held(t) || !reader_wants(t)))
	{
		t->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}

	used = decode_body(t, data, len);
	if (t->abort_reason != REST_ABORT_NONE)
		return 0;
	if (used < len)
	{
		/* keep the rest, decoded when the reader wants more */
		if (len - used > t->held_cap)
		{
			char	   *held = realloc(t->held, len - used);

			if (held == NULL)
			{
				t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
				return 0;
			}
			t->held = held;
			t->held_cap = len - used;
		}
		memcpy(t->held, data + used, len - used);
		t->held_off = 0;
		t->held_len = len - used;
	}
	return len;
}

/* Decode held bytes for the reader; returns false if that failed */
bool
rest_http_decode_held(RestTransfer *t)
{
	size_t		used = decode_body(t, t->held + t->held_off, t->held_len - t->held_off);

	t->held_off += used;
	if (t->held_off == t->held_len)
		t->held_off = t->held_len = 0;
	return t->abort_reason == REST_ABORT_NONE;
}

/* Forget the decoding state of a response (a new try, or after a 1xx) */
void
rest_http_reset_decoding(RestTransfer *t)
{
	body_decoder_destroy(t->decoder);
	t->decoder = NULL;
	t->decoder_more = false;
	t->held_off = t->held_len = 0;
	t->coding = BODY_CODING_IDENTITY;
	t->encoding_unknown = false;
	t->encoding_text[0] = '\0';
}

/*
 * If the header line data[0..len) is "name: value", the value's bounds with
 * surrounding white space trimmed.
 */
static bool
header_value(const char *data, size_t len, const char *name,
			 const char **value, size_t *value_len)
{
	size_t		nlen = strlen(name);
	const char *p;
	const char *end = data + len;

	if (len <= nlen || data[nlen] != ':' || pg_strncasecmp(data, name, nlen) != 0)
		return false;
	p = data + nlen + 1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == '\r' || end[-1] == '\n' ||
					   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*value = p;
	*value_len = end - p;
	return true;
}

/*
 * curl header callback: note Retry-After and Link rel="next" of the final
 * response.  Must not raise errors.
 */
size_t
rest_http_on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	RestTransfer *t = (RestTransfer *) arg;
	size_t		len = size * nmemb;
	const char *value;
	size_t		vlen;

	t->activity++;
	t->header_bytes += len;
	if (t->header_bytes > REST_MAX_HEADER_BYTES)
	{
		t->abort_reason = REST_ABORT_HEADERS_TOO_LARGE;
		return 0;
	}
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
	{
		const char *sp = memchr(data, ' ', len);

		/* a new response (after a 100 Continue, say): forget the last one */
		t->line_status = 0;
		if (sp && data + len - sp > 3 && isdigit((unsigned char) sp[1]) &&
			isdigit((unsigned char) sp[2]) && isdigit((unsigned char) sp[3]))
			t->line_status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
		t->headers_done = false;
		t->retry_after_ms = -1;
		free(t->link_next);
		t->link_next = NULL;
		rest_http_reset_decoding(t);
	}
	else if (header_value(data, len, "Content-Encoding", &value, &vlen))
	{
		size_t		n = Min(vlen, sizeof(t->encoding_text) - 1);
		char	   *p;

		memcpy(t->encoding_text, value, n);
		t->encoding_text[n] = '\0';
		/* remote text for a message: printable ASCII only */
		for (p = t->encoding_text; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				*p = '?';
		t->encoding_unknown = (body_coding_parse(value, vlen, &t->coding) != 0);
	}
	else if (len <= 2)
	{
		long		status = 0;

		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
		t->headers_done = (status >= 200);
		if (t->headers_done)
			t->status = status;
	}
	else if (header_value(data, len, "Retry-After", &value, &vlen))
	{
		char		buf[128];
		long long	ms;

		if (vlen < sizeof(buf))
		{
			memcpy(buf, value, vlen);
			buf[vlen] = '\0';
			if (http_retry_after_ms(buf, (long long) time(NULL), &ms))
				t->retry_after_ms = ms;
		}
	}
	else if (header_value(data, len, "Link", &value, &vlen) && t->link_next == NULL)
	{
		char	   *copy = malloc(vlen + 1);
		int			oom = 0;

		if (copy == NULL)
		{
			t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
			return 0;
		}
		memcpy(copy, value, vlen);
		copy[vlen] = '\0';
		t->link_next = http_link_target(copy, "next", &oom);
		free(copy);
		if (oom)
		{
			t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
			return 0;
		}
	}
	return len;
}
