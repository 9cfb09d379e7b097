/*-------------------------------------------------------------------------
 *
 * http_client.c
 *		  The HTTP side of rest_fdw: streamed requests with retries,
 *		  redirects, timeouts and query cancel
 *
 * A transfer is one page's request.  It is driven through libcurl's multi
 * interface from the executor's own loop, so that the response body is
 * handed to the JSON row stream as it arrives.  Between reads the backend
 * waits on the process latch and the sockets curl reports (see
 * wait_for_curl), so that a query cancel ends a wait at once, also while
 * waiting to retry, and postmaster death ends the backend; the wait shows
 * in pg_stat_activity as the wait event RestFdwResponse (Extension before
 * PostgreSQL 17).  curl's callbacks never raise a PostgreSQL error (that
 * would longjmp through curl): they record why they stopped and return an
 * abort code, and the error is raised once curl has returned.
 *
 * The multi handle, and with it the keep-alive connections, belongs to the
 * connection cache (connection.c); a transfer borrows an easy handle from
 * it.  Every transfer is tied to a memory context by a reset callback, so
 * an ERROR anywhere in the query gives the handle back and closes a
 * connection that was in the middle of a response.  Several transfers of a
 * scan can share the multi handle (the next page is fetched while the
 * current one is read): whichever drives curl records a finished transfer
 * in the transfer itself, and its owner acts on it.
 *
 * Failures: connection errors, 429, 502, 503 and 504 are retried up to
 * max_retries times, after Retry-After or an exponential backoff with
 * jitter, as long as no body byte has reached the row stream (so no row is
 * ever returned twice).  POST is retried only when the table says it is
 * idempotent, or when the request was never sent (connection refused).
 * Redirects are followed by hand, at most REST_MAX_REDIRECTS, to http and
 * https only; to another scheme, host or port only when the host is listed
 * in rest_fdw.allowed_hosts, and then without credentials.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <time.h>

#include <curl/curl.h>

#if PG_VERSION_NUM >= 150000
#include "common/pg_prng.h"
#endif
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/memutils.h"

#include "body_decoder.h"
#include "compat.h"
#include "connection.h"
#include "http_util.h"
#include "rest_fdw.h"
#include "safe_text.h"
#include "url_policy.h"

/*
 * A wait ends on socket activity, curl's own timers, the latch (query
 * cancel and other interrupts set it) or postmaster death.  It also ends
 * after REST_MAX_WAIT_MS in any case, in case curl waits on a socket it did
 * not report (curl_multi_fdset leaves out sockets above FD_SETSIZE), and
 * after REST_BLIND_WAIT_MS when curl reports no socket at all while a
 * request is under way (a resolver without one, say), as curl's
 * documentation advises.
 */
#define REST_MAX_WAIT_MS		1000
#define REST_BLIND_WAIT_MS		50

/* Sockets looked at in one wait without an allocation */
#define REST_WAIT_SOCKETS		16

/* How much of an error response's body is kept for the message */
#define REST_ERROR_BODY_BYTES	256

#define REST_MAX_REDIRECTS		5

/*
 * A request that timed out, whichever clock ran out (connect_timeout_ms
 * while connecting, timeout_ms once nothing arrives), is one kind of
 * failure with one message and one SQLSTATE: connection_failure, what
 * PostgreSQL's own walreceiver raises when its server stops sending, and
 * what rest_fdw raises for a connection that breaks mid-response.  A
 * server that cannot be reached at all (refused, unknown host) is
 * fdw_unable_to_establish_connection instead.
 */
#define REST_TIMEOUT_ERRCODE	ERRCODE_CONNECTION_FAILURE

/* Longest backoff between two tries, and longest wait a server may ask for */
#define REST_MAX_BACKOFF_MS		30000
#define REST_MAX_RETRY_WAIT_MS	60000

/* A page fetched ahead of its turn stops reading once it has this much */
#define REST_PREFETCH_BYTES		(1024 * 1024)

#define REST_USER_AGENT			"rest_fdw/1.0"

/*
 * The row reader takes at most this much of the body per fetch; beyond it
 * curl is paused until the rows have been read.  A compressed body is
 * decoded REST_DECODE_STEP bytes at a time.
 */
#define REST_FETCH_BYTES		(256 * 1024)
#define REST_DECODE_STEP		(64 * 1024)

/*
 * Response headers of one try, in all.  Below curl's own limits (300 kB in
 * all, 100 kB a line), so that we know what happened rather than read
 * curl's words.
 */
#define REST_MAX_HEADER_BYTES	(192 * 1024)

/* max_decompression_ratio is checked once this much has been decoded */
#define REST_RATIO_GRACE_BYTES	(1024 * 1024)

/*
 * The first field of what CURLOPT_PRIVATE points to says what it is: a
 * transfer, or a drain of the connection cache (rest_connection_drain)
 */
#define REST_TRANSFER_MAGIC		0x52455354

typedef enum RestAbortReason
{
	REST_ABORT_NONE,
	REST_ABORT_ERROR_STATUS,	/* enough of an error body was kept */
	REST_ABORT_TOO_LARGE,		/* max_response_bytes exceeded */
	REST_ABORT_OUT_OF_MEMORY,	/* the row stream or a header could not grow */
	REST_ABORT_RATIO,			/* max_decompression_ratio exceeded */
	REST_ABORT_BAD_ENCODING,	/* the compressed body does not decode */
	REST_ABORT_UNKNOWN_ENCODING,	/* a Content-Encoding we did not ask for */
	REST_ABORT_HEADERS_TOO_LARGE,	/* more than REST_MAX_HEADER_BYTES */
	REST_ABORT_INFORMATIONAL	/* a body after a final 1xx status */
} RestAbortReason;

struct RestTransfer
{
	uint32		magic;			/* REST_TRANSFER_MAGIC */
	const RestRequest *request;
	JsonStream *stream;
	RestConnection *conn;
	RestServerStats *stats;
	CURLM	   *multi;			/* the connection cache's */
	CURL	   *easy;			/* borrowed from the connection cache */
	struct curl_slist *header_list; /* every header */
	struct curl_slist *public_header_list;	/* without the secret ones */
	MemoryContextCallback cleanup;
	MemoryContext cxt;			/* the transfer's own memory, which outlives
								 * the rows (the current context, when
								 * curl is driven, may be a row's) */
	char	   *url;			/* current URL, changes on redirect */
	char	   *display_url;
	const char *method;			/* POST may become GET on redirect */
	int			redirects;
	int			attempts;		/* tries so far: 1 + retries */
	bool		done;
	bool		attached;		/* easy handle is in the multi handle */
	bool		finished;		/* curl is done with the current try */
	CURLcode	result;			/* ... and this is how it ended */
	bool		waiting;		/* for retry_at_ms, to try again */
	double		retry_at_ms;	/* in INSTR_TIME_GET_MILLISEC() terms */
	long long	refused_wait_ms;	/* a Retry-After we would not wait for */
	bool		prefetch;		/* read ahead, pausing when it has enough */
	bool		paused;
	bool		timed;			/* its duration is in the statistics */
	instr_time	started;

	/* filled by the callbacks, per response */
	RestAbortReason abort_reason;
	long		status;
	uint64		bytes;			/* body bytes fed to the stream, in all */
	uint64		budget;			/* what the reader still takes before curl is
								 * paused (see REST_FETCH_BYTES) */
	bool		encoding_unknown;	/* Content-Encoding is not one we decode */
	BodyCoding	coding;			/* the response's Content-Encoding */
	char		encoding_text[64];	/* ... as sent, for messages */
	BodyDecoder *decoder;		/* malloc'd, for the current response */
	bool		decoder_more;	/* it may have output without more input */
	char	   *decoded;		/* malloc'd REST_DECODE_STEP bytes */
	char	   *held;			/* malloc'd body bytes taken from curl but not
								 * decoded yet */
	size_t		held_len;
	size_t		held_off;
	size_t		held_cap;
	uint64		activity;		/* count of callbacks, to detect stalls */
	size_t		header_bytes;	/* of every response of this try */
	long		line_status;	/* from the last status line seen */
	bool		headers_done;	/* the final response's headers are in */
	bool		not_found;		/* a 404 taken as no rows */
	long long	retry_after_ms; /* -1: no Retry-After */
	char	   *link_next;		/* malloc'd: Link rel="next", or NULL */
	char		error_body[REST_ERROR_BODY_BYTES];
	size_t		error_body_len;
	char		errbuf[CURL_ERROR_SIZE];
};

static void dispatch_messages(CURLM *multi);

static double
random_fraction(void)
{
#if PG_VERSION_NUM >= 150000
	return pg_prng_double(&pg_global_prng_state);
#else
	return (double) random() / ((double) MAX_RANDOM_VALUE + 1.0);
#endif
}

/* May the row stream take more of the body now? */
static bool
reader_wants(RestTransfer *t)
{
	/* a page read ahead waits, with bounded memory, until it is its turn */
	if (t->prefetch)
		return json_stream_buffered(t->stream) < REST_PREFETCH_BYTES;
	return t->budget > 0;
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
static bool
has_held(RestTransfer *t)
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
static size_t
write_body(char *data, size_t size, size_t nmemb, void *arg)
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
	if (t->status < 300 && (has_held(t) || !reader_wants(t)))
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
static bool
decode_held(RestTransfer *t)
{
	size_t		used = decode_body(t, t->held + t->held_off, t->held_len - t->held_off);

	t->held_off += used;
	if (t->held_off == t->held_len)
		t->held_off = t->held_len = 0;
	return t->abort_reason == REST_ABORT_NONE;
}

/* Forget the decoding state of a response (a new try, or after a 1xx) */
static void
reset_decoding(RestTransfer *t)
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
static size_t
on_header(char *data, size_t size, size_t nmemb, void *arg)
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
		reset_decoding(t);
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

/* Add the transfer's duration to the server's figures, once */
static void
account_time(RestTransfer *t)
{
	instr_time	now;

	if (t->timed)
		return;
	INSTR_TIME_SET_CURRENT(now);
	INSTR_TIME_SUBTRACT(now, t->started);
	t->stats->time_ms += INSTR_TIME_GET_MILLISEC(now);
	t->timed = true;
}

/*
 * Give the easy handle back.  Runs as a memory context reset callback in
 * error cleanup too: no errors.
 */
static void
release_transfer(void *arg)
{
	RestTransfer *t = (RestTransfer *) arg;

	if (t->easy)
	{
		if (t->attached)
			curl_multi_remove_handle(t->multi, t->easy);
		t->attached = false;
		account_time(t);
		/* a paused transfer's held-back bytes would go to the next one */
		rest_connection_release_handle(t->conn, t->easy, !t->paused);
		t->easy = NULL;
	}
	if (t->header_list)
		curl_slist_free_all(t->header_list);
	t->header_list = NULL;
	if (t->public_header_list)
		curl_slist_free_all(t->public_header_list);
	t->public_header_list = NULL;
	free(t->link_next);
	t->link_next = NULL;
	reset_decoding(t);
	free(t->decoded);
	t->decoded = NULL;
	free(t->held);
	t->held = NULL;
	t->held_cap = 0;
}

/* Count a request that ends in an ERROR, before raising it */
static void
note_failure(RestTransfer *t)
{
	t->stats->errors++;
	account_time(t);
}

static void
check_curl_setopt(CURLcode rc, const char *what)
{
	if (rc != CURLE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("could not set up HTTP request: %s", what),
				 errdetail_internal("%s", curl_easy_strerror(rc))));
}

static bool
has_header(List *headers, const char *name)
{
	ListCell   *lc;

	foreach(lc, headers)
		if (pg_strcasecmp(((RestHeader *) lfirst(lc))->name, name) == 0)
			return true;
	return false;
}

static struct curl_slist *
append_header(struct curl_slist *list, const char *name, const char *value)
{
	char	   *line;
	struct curl_slist *result;

	/*
	 * The validator keeps control characters out of options; this holds for
	 * values stored before it did, and for whatever else builds a header.
	 * Neither name nor value is echoed: either may be a secret.
	 */
	if (!safe_text_header_name(name) || safe_text_framing_header(name) ||
		safe_text_control_char(value, strlen(value), false) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid HTTP header for the request"),
				 errdetail("A header name or value contains a control character or a character not allowed in a name, or the header frames the request (Content-Length, Transfer-Encoding, ...)."),
				 errhint("Check the headers option and the user mapping's secrets (bearer_token, api_key, api_key_header).")));
	line = psprintf("%s: %s", name, value);
	result = curl_slist_append(list, line);

	/* curl copied the line; don't keep a secret in our memory longer */
	explicit_bzero(line, strlen(line));
	pfree(line);
	if (result == NULL)
		rest_out_of_memory(NULL);
	return result;
}

/* (Re)start the request at t->url */
static void
start_request(RestTransfer *t)
{
	const RestRequest *req = t->request;
	bool		credentials = rest_url_sends_credentials(req, t->url);
	CURLMcode	mc;

	t->status = 0;
	t->abort_reason = REST_ABORT_NONE;
	t->error_body_len = 0;
	t->errbuf[0] = '\0';
	t->headers_done = false;
	t->header_bytes = 0;
	t->line_status = 0;
	t->retry_after_ms = -1;
	t->finished = false;
	free(t->link_next);
	t->link_next = NULL;
	reset_decoding(t);

	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_URL, t->url), "URL");
	if (strcmp(t->method, "GET") == 0)
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HTTPGET, 1L), "method");
	else
	{
		const char *body = req->body ? req->body : "";

		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE, (long) strlen(body)), "body");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, body), "body");
	}

	/* credentials only ever go to the server's own scheme, host and port */
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER,
									   credentials ? t->header_list : t->public_header_list),
					  "headers");
	if (req->username && credentials)
	{
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC), "auth");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_USERNAME, req->username), "auth");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PASSWORD,
										   req->password ? req->password : ""), "auth");
	}
	else
	{
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_USERNAME, NULL), "auth");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PASSWORD, NULL), "auth");
	}

	mc = curl_multi_add_handle(t->multi, t->easy);
	if (mc != CURLM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("could not start HTTP request to \"%s\"", t->display_url),
				 errdetail_internal("%s", curl_multi_strerror(mc))));
	t->attached = true;

	t->stats->requests++;
	if (req->counters)
		req->counters->requests++;
	rest_connection_count(t->conn, 1, 0);
}

/*
 * Start a request whose body will be fed to stream.  Nothing is read until
 * rest_transfer_fetch() or rest_transfer_poke() drives curl.
 */
RestTransfer *
rest_transfer_begin(const RestRequest *req, JsonStream *stream)
{
	RestTransfer *t = palloc0(sizeof(RestTransfer));
	ListCell   *lc;

	rest_curl_init();

	t->magic = REST_TRANSFER_MAGIC;
	t->cxt = CurrentMemoryContext;
	t->request = req;
	t->stream = stream;
	t->url = pstrdup(req->url);
	t->display_url = pstrdup(req->display_url);
	t->method = req->method;
	t->retry_after_ms = -1;
	t->refused_wait_ms = -1;

	rest_url_check_allowed(t->url, t->display_url, "request");

	t->conn = rest_connection_get(req->serverid, req->userid);
	t->stats = rest_server_stats(req->serverid);
	t->multi = rest_connection_multi(t->conn);
	INSTR_TIME_SET_CURRENT(t->started);

	/* background reads that are done give their connections back first */
	if (rest_connection_draining())
	{
		int			running;

		(void) curl_multi_perform(t->multi, &running);
		dispatch_messages(t->multi);
	}

	/* give the handle back with the memory it was allocated in */
	t->cleanup.func = release_transfer;
	t->cleanup.arg = t;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &t->cleanup);
	t->easy = rest_connection_take_handle(t->conn);

	foreach(lc, req->headers)
	{
		RestHeader *h = lfirst(lc);

		t->header_list = append_header(t->header_list, h->name, h->value);
		if (!h->secret)
			t->public_header_list = append_header(t->public_header_list,
												  h->name, h->value);
	}
	if (!has_header(req->headers, "Accept"))
	{
		t->header_list = append_header(t->header_list, "Accept", "application/json");
		t->public_header_list = append_header(t->public_header_list, "Accept", "application/json");
	}
	if (req->body && !has_header(req->headers, "Content-Type"))
	{
		t->header_list = append_header(t->header_list, "Content-Type", "application/json");
		t->public_header_list = append_header(t->public_header_list, "Content-Type", "application/json");
	}
	if (!has_header(req->headers, "Accept-Encoding"))
	{
		t->header_list = append_header(t->header_list, "Accept-Encoding", BODY_ACCEPT_ENCODING);
		t->public_header_list = append_header(t->public_header_list, "Accept-Encoding", BODY_ACCEPT_ENCODING);
	}
	/* curl would otherwise wait a second for "100 Continue" on POST */
	t->header_list = append_header(t->header_list, "Expect", "");
	t->public_header_list = append_header(t->public_header_list, "Expect", "");

	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PRIVATE, (char *) t), "private");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L), "nosignal");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->errbuf), "error buffer");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_USERAGENT, REST_USER_AGENT), "user agent");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, write_body), "write callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t), "write callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, on_header), "header callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t), "header callback");
	/*
	 * Compressed bodies are decoded here (decode_body), not by curl: curl
	 * decodes all of a network read at once, however large it becomes.
	 * Measured with curl 7.88: one curl_multi_perform() handed over all
	 * 256 MB of a br body of under 1 kB; pausing in the write callback
	 * made curl buffer the decoded bytes itself (82 MB, then
	 * CURLE_OUT_OF_MEMORY).
	 */
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, NULL), "encoding");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HTTP_CONTENT_DECODING, 0L), "encoding");
#if LIBCURL_VERSION_NUM >= 0x075500
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols");
#else
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS,
									   (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS)), "protocols");
#endif
	/* send the path as built: curl would otherwise resolve dot segments */
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PATH_AS_IS, 1L), "path");
	/* redirects are followed by hand, to check where they go */
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 0L), "redirects");
	if (req->connect_timeout_ms > 0)
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT_MS,
										   (long) req->connect_timeout_ms), "connect timeout");
	if (!req->ssl_verify)
	{
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYPEER, 0L), "ssl_verify");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYHOST, 0L), "ssl_verify");
	}
	if (req->ca_file)
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_CAINFO, req->ca_file), "ca_file");

	t->attempts = 1;
	start_request(t);
	return t;
}

/* The start of an error response's body, printable, for DETAIL */
static char *
error_body_excerpt(RestTransfer *t)
{
	bool		cut = (t->error_body_len == sizeof(t->error_body));
	size_t		len = t->error_body_len;

	/* where the body was cut, not in the middle of a character */
	if (cut)
		len = safe_text_utf8_cliplen(t->error_body, len);
	return psprintf("%s%s", rest_remote_text(t->error_body, len), cut ? "..." : "");
}

/*
 * curl's message without the elapsed time it sometimes adds, so that the
 * same failure reads the same every time.
 */
static char *
curl_failure_text(RestTransfer *t, CURLcode rc)
{
	const char *raw = t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);

	/* curl's text may quote what the server sent */
	char	   *text = rest_remote_text(raw, strlen(raw));
	char	   *after = strstr(text, " after ");

	if (after)
	{
		char	   *p = after + 7;

		while (isdigit((unsigned char) *p))
			p++;
		if (strncmp(p, " ms", 3) == 0)
			memmove(after, p + 3, strlen(p + 3) + 1);
	}
	return text;
}

/* " after N attempts" when there were retries, for messages */
static const char *
attempts_text(RestTransfer *t)
{
	return t->attempts > 1 ? psprintf(" after %d attempts", t->attempts) : "";
}

static void
follow_redirect(RestTransfer *t, long status)
{
	char	   *location = NULL;
	char	   *url;
	char	   *shown;
	MemoryContext oldcxt;

	curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &location);
	if (location == NULL)
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" returned HTTP status %ld without a Location header",
						t->method, t->display_url, status)));
	}
	if (++t->redirects > REST_MAX_REDIRECTS)
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected more than %d times",
						t->request->method, t->request->display_url, REST_MAX_REDIRECTS)));
	}
	if (pg_strncasecmp(location, "http://", 7) != 0 &&
		pg_strncasecmp(location, "https://", 8) != 0)
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected to a URL that is not http or https",
						t->method, t->display_url)));
	}

	/* the new URLs are the transfer's until its end, not the row's */
	oldcxt = MemoryContextSwitchTo(t->cxt);
	if (!rest_url_follow(t->request, location, &url, &shown))
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected to another host",
						t->method, t->display_url),
				 errdetail_internal("Location: %s", shown),
				 errhint("Use the final URL as the server's base_url, or have a superuser list the host in rest_fdw.allowed_hosts.")));
	}
	rest_url_check_allowed(location, shown, "redirect");
	t->url = url;
	t->display_url = shown;
	MemoryContextSwitchTo(oldcxt);

	/* like browsers, turn POST into GET after 301, 302 and 303 */
	if (status != 307 && status != 308)
		t->method = "GET";
	start_request(t);
}

/* May a failed try be sent again? */
static bool
should_retry(RestTransfer *t, long status, CURLcode rc)
{
	bool		method_ok = (strcmp(t->method, "GET") == 0 || t->request->idempotent);
	long long	delay;

	if (t->attempts > t->request->max_retries)
		return false;

	if (status == 429 || status == 502 || status == 503 || status == 504)
	{
		if (!method_ok)
			return false;
	}
	else if (status >= 300)
		return false;
	else
	{
		switch (rc)
		{
			case CURLE_COULDNT_CONNECT:
				/* the request was never sent: safe for any method */
				break;
			case CURLE_OPERATION_TIMEDOUT:
				/* curl's own timeout is the connect timeout */
				if (status != 0)
					return false;
				break;
			case CURLE_SEND_ERROR:
			case CURLE_RECV_ERROR:
			case CURLE_GOT_NOTHING:
			case CURLE_PARTIAL_FILE:

				/*
				 * Once rows may have been read from the body, trying again
				 * would return them twice.
				 */
				if (!method_ok || t->bytes > 0)
					return false;
				break;
			default:
				return false;
		}
	}

	if (t->retry_after_ms >= 0)
		delay = t->retry_after_ms;
	else
		delay = http_backoff_ms(t->request->retry_backoff_ms, t->attempts,
								random_fraction(), REST_MAX_BACKOFF_MS);
	if (delay > REST_MAX_RETRY_WAIT_MS)
	{
		t->refused_wait_ms = delay;
		return false;
	}

	{
		instr_time	now;

		INSTR_TIME_SET_CURRENT(now);
		t->retry_at_ms = INSTR_TIME_GET_MILLISEC(now) + (double) delay;
	}
	t->waiting = true;
	t->stats->retries++;
	if (t->request->counters)
		t->request->counters->retries++;
	return true;
}

static int
refused_wait_hint(RestTransfer *t)
{
	if (t->refused_wait_ms < 0)
		return 0;
	return errhint("The server asked to retry after %lld seconds, longer than rest_fdw waits (%d seconds).",
				   (t->refused_wait_ms + 999) / 1000, REST_MAX_RETRY_WAIT_MS / 1000);
}

/*
 * If a callback (or decode_held) gave up on the response, raise why.  An
 * error response's excerpt being complete is not a failure here.
 */
static void
raise_abort(RestTransfer *t)
{
	const RestRequest *req = t->request;

	switch (t->abort_reason)
	{
		case REST_ABORT_NONE:
		case REST_ABORT_ERROR_STATUS:
		case REST_ABORT_INFORMATIONAL:
			/* finish_attempt() reports the status */
			return;
		case REST_ABORT_HEADERS_TOO_LARGE:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("response headers from \"%s\" are too large", t->display_url),
					 errdetail("They exceed %d kB, the most rest_fdw accepts.",
							   REST_MAX_HEADER_BYTES / 1024)));
			break;
		case REST_ABORT_OUT_OF_MEMORY:
			note_failure(t);
			rest_out_of_memory(psprintf(_("Could not buffer the response from \"%s\"."),
										t->display_url));
			break;
		case REST_ABORT_TOO_LARGE:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("response from \"%s\" is larger than max_response_bytes (" INT64_FORMAT ")",
							t->display_url, req->max_response_bytes),
					 errhint("Raise the table's or server's max_response_bytes option, or filter the request.")));
			break;
		case REST_ABORT_RATIO:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("compressed response from \"%s\" expands more than max_decompression_ratio (%d) allows",
							t->display_url, req->max_decompression_ratio),
					 errdetail("%llu bytes of %s data decoded to %llu bytes so far.",
							   (unsigned long long) body_decoder_total_in(t->decoder),
							   body_coding_name(t->coding),
							   (unsigned long long) body_decoder_total_out(t->decoder)),
					 errhint("Raise the table's or server's max_decompression_ratio option if the response is genuine; 0 turns the check off.")));
			break;
		case REST_ABORT_BAD_ENCODING:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROTOCOL_VIOLATION),
					 errmsg("could not decode the %s body of the response from \"%s\"",
							body_coding_name(t->coding), t->display_url),
					 errdetail_internal("%s", body_decoder_error(t->decoder))));
			break;
		case REST_ABORT_UNKNOWN_ENCODING:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROTOCOL_VIOLATION),
					 errmsg("response from \"%s\" has a Content-Encoding that rest_fdw does not decode",
							t->display_url),
					 errdetail_internal("Content-Encoding: %s", t->encoding_text),
					 errhint("rest_fdw asks for %s; check any Accept-Encoding in the \"headers\" option.",
							 BODY_ACCEPT_ENCODING)));
			break;
	}
}

/*
 * curl has finished the current try: raise its error, retry, follow a
 * redirect, or mark the transfer done.
 */
static void
finish_attempt(RestTransfer *t)
{
	CURLcode	rc = t->result;
	long		status = 0;
	long		connects = 0;

	t->finished = false;
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	if (curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK &&
		connects > 0)
	{
		t->stats->connections += connects;
		rest_connection_count(t->conn, 0, connects);
	}
	curl_multi_remove_handle(t->multi, t->easy);
	t->attached = false;

	raise_abort(t);
	/*
	 * A final 1xx: the server switched protocols (we never ask it to), or
	 * answered with something that is not an answer.  Some curl versions
	 * report no status when nothing followed an interim one: ours is read
	 * from the status line.
	 */
	if (status == 0 && t->line_status >= 100 && t->line_status < 200)
		status = t->line_status;
	if (status >= 100 && status < 200)
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("%s request to \"%s\" was answered with HTTP status %ld, not a final response",
						t->method, t->display_url, status),
				 errdetail("rest_fdw expects a final response, with a status of 200 or more, and does not switch protocols.")));
	}
	if (status >= 300 && status < 400)
	{
		follow_redirect(t, status);
		return;
	}
	if (should_retry(t, status, rc))
		return;

	/*
	 * A path built from key values names one resource: when it does not
	 * exist, the answer is no rows, as a join with a missing key expects.
	 * Likewise a Range that starts past the last row.
	 */
	if ((status == 404 && t->request->not_found_is_empty) ||
		(status == 416 && t->request->range_paging))
	{
		t->not_found = true;
		t->done = true;
		account_time(t);
		return;
	}

	if (status >= 400)
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" failed with HTTP status %ld%s",
						t->method, t->display_url, status, attempts_text(t)),
				 t->error_body_len > 0 ?
				 errdetail_internal("Response body: %s", error_body_excerpt(t)) : 0,
				 refused_wait_hint(t)));
	}

	switch (rc)
	{
		case CURLE_OK:
			if (t->decoder && !body_decoder_finished(t->decoder))
			{
				note_failure(t);
				ereport(ERROR,
						(errcode(ERRCODE_PROTOCOL_VIOLATION),
						 errmsg("the %s body of the response from \"%s\" is truncated",
								body_coding_name(t->coding), t->display_url),
						 errdetail("Received " UINT64_FORMAT " bytes of the decoded body.",
								   t->bytes)));
			}
			break;
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
		case CURLE_COULDNT_CONNECT:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
					 errmsg("could not connect to \"%s\"%s", t->display_url,
							attempts_text(t)),
					 errdetail_internal("%s", curl_failure_text(t, rc))));
			break;
		case CURLE_OPERATION_TIMEDOUT:
			/* curl's one timeout is connect_timeout_ms: see REST_TIMEOUT_ERRCODE */
			note_failure(t);
			ereport(ERROR,
					(errcode(REST_TIMEOUT_ERRCODE),
					 errmsg("%s request to \"%s\" timed out%s", t->method, t->display_url,
							attempts_text(t)),
					 errdetail_internal("%s", curl_failure_text(t, rc))));
			break;
		case CURLE_OUT_OF_MEMORY:
#if LIBCURL_VERSION_NUM >= 0x080600
		case CURLE_TOO_LARGE:
#endif
			/* curl runs out of room for one header line before anything */
			note_failure(t);
			if (!t->headers_done)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("response headers from \"%s\" are too large", t->display_url),
						 errdetail_internal("%s", curl_failure_text(t, rc))));
			rest_out_of_memory(psprintf(_("Could not read the response from \"%s\": %s"),
										t->display_url, curl_failure_text(t, rc)));
			break;
		case CURLE_PARTIAL_FILE:
		case CURLE_RECV_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_SEND_ERROR:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_CONNECTION_FAILURE),
					 errmsg("connection closed before the response from \"%s\" was complete%s",
							t->display_url, attempts_text(t)),
					 errdetail_internal("Received " UINT64_FORMAT " bytes of the body: %s",
							   t->bytes, curl_failure_text(t, rc))));
			break;
		default:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("%s request to \"%s\" failed%s", t->method, t->display_url,
							attempts_text(t)),
					 errdetail_internal("%s", curl_failure_text(t, rc))));
	}
	t->done = true;
	account_time(t);
}

/*
 * Record which transfers of a multi handle have finished, in the transfers
 * themselves (possibly another's: the next page's, another scan's), and give
 * back the handles of finished drains.
 */
static void
dispatch_messages(CURLM *multi)
{
	CURLMsg    *msg;
	int			pending;
	bool		drained = false;

	while ((msg = curl_multi_info_read(multi, &pending)) != NULL)
	{
		char	   *owner = NULL;

		if (msg->msg != CURLMSG_DONE ||
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &owner) != CURLE_OK ||
			owner == NULL)
			continue;
		if (rest_connection_drain_finished(owner))
			drained = true;
		else
		{
			((RestTransfer *) owner)->finished = true;
			((RestTransfer *) owner)->result = msg->data.result;
		}
	}
	if (drained || rest_connection_draining())
		rest_connection_reap_drains();
}

/* A failure of curl's multi interface itself, raised for the transfer */
static void
report_multi_error(RestTransfer *t, CURLMcode mc)
{
	note_failure(t);
	ereport(ERROR,
			(errcode(ERRCODE_FDW_ERROR),
			 errmsg("%s request to \"%s\" failed", t->method, t->display_url),
			 errdetail_internal("%s", curl_multi_strerror(mc))));
}

/*
 * Let curl do what it can without waiting, and record which transfers of
 * this multi handle have finished.
 */
static void
drive(RestTransfer *t)
{
	int			running = 0;
	CURLMcode	mc;

	mc = curl_multi_perform(t->multi, &running);
	if (mc != CURLM_OK)
		report_multi_error(t, mc);

	dispatch_messages(t->multi);
}

/* One socket curl waits on and what for (WL_SOCKET_READABLE, ...) */
typedef struct RestWaitSocket
{
	pgsocket	sock;
	int			events;
} RestWaitSocket;

static void
add_wait_socket(RestWaitSocket *socks, int *n, pgsocket sock, int events)
{
	int			i;

	/* a socket may be listed once only: epoll rejects a second one */
	for (i = 0; i < *n; i++)
	{
		if (socks[i].sock == sock)
		{
			socks[i].events |= events;
			return;
		}
	}
	socks[*n].sock = sock;
	socks[*n].events = events;
	(*n)++;
}

/*
 * The sockets curl waits on for the transfers of multi, in *socks (palloc'd
 * when there are more than REST_WAIT_SOCKETS); returns their number.
 */
static int
curl_wait_sockets(RestTransfer *t, RestWaitSocket **socks)
{
	int			n = 0;
	CURLMcode	mc;
#ifdef REST_HAVE_CURL_WAITFDS
	struct curl_waitfd fixed[REST_WAIT_SOCKETS];
	struct curl_waitfd *fds = fixed;
	unsigned int count = 0;
	unsigned int i;

	mc = curl_multi_waitfds(t->multi, fds, REST_WAIT_SOCKETS, &count);
	if (mc == CURLM_OUT_OF_MEMORY && count > REST_WAIT_SOCKETS)
	{
		unsigned int size = count;

		fds = palloc(sizeof(struct curl_waitfd) * size);
		mc = curl_multi_waitfds(t->multi, fds, size, &count);
	}
	if (mc != CURLM_OK)
		report_multi_error(t, mc);
	if (count > REST_WAIT_SOCKETS)
		*socks = palloc(sizeof(RestWaitSocket) * count);
	for (i = 0; i < count; i++)
	{
		int			events = 0;

		if (fds[i].events & (CURL_WAIT_POLLIN | CURL_WAIT_POLLPRI))
			events |= WL_SOCKET_READABLE;
		if (fds[i].events & CURL_WAIT_POLLOUT)
			events |= WL_SOCKET_WRITEABLE;
		if (events != 0)
			add_wait_socket(*socks, &n, fds[i].fd, events);
	}
	if (fds != fixed)
		pfree(fds);
#else
	fd_set		readable;
	fd_set		writable;
	fd_set		exceptional;
	int			max_fd = -1;
	int			fd;
	int			count = 0;

	FD_ZERO(&readable);
	FD_ZERO(&writable);
	FD_ZERO(&exceptional);
	mc = curl_multi_fdset(t->multi, &readable, &writable, &exceptional, &max_fd);
	if (mc != CURLM_OK)
		report_multi_error(t, mc);
	for (fd = 0; fd <= max_fd; fd++)
		if (FD_ISSET(fd, &readable) || FD_ISSET(fd, &writable))
			count++;
	if (count > REST_WAIT_SOCKETS)
		*socks = palloc(sizeof(RestWaitSocket) * count);
	for (fd = 0; fd <= max_fd; fd++)
	{
		int			events = 0;

		if (FD_ISSET(fd, &readable))
			events |= WL_SOCKET_READABLE;
		if (FD_ISSET(fd, &writable))
			events |= WL_SOCKET_WRITEABLE;
		if (events != 0)
			add_wait_socket(*socks, &n, fd, events);
	}
#endif
	return n;
}

/* The wait event of a request or page being awaited */
static uint32
response_wait_event(void)
{
	static uint32 wait_event = 0;

	if (wait_event == 0)
		wait_event = rest_wait_event_new("RestFdwResponse");
	return wait_event;
}

/*
 * Wait up to timeout ms for one of the sockets curl waits on, curl's next
 * timer, the latch or postmaster death.  The caller checks for interrupts
 * after it.  blind: a request is under way, so curl reporting no socket
 * means it waits on something we cannot see.
 */
static void
wait_for_curl(RestTransfer *t, long timeout, bool blind)
{
	RestWaitSocket fixed[REST_WAIT_SOCKETS];
	RestWaitSocket *socks = fixed;
	int			nsocks;
	long		curl_timeout = -1;
	CURLMcode	mc;
	WaitEventSet *set;
	WaitEvent	event;
	int			i;

	mc = curl_multi_timeout(t->multi, &curl_timeout);
	if (mc != CURLM_OK)
		report_multi_error(t, mc);
	if (curl_timeout >= 0)
		timeout = Min(timeout, curl_timeout);
	nsocks = curl_wait_sockets(t, &socks);
	if (nsocks == 0 && blind)
		timeout = Min(timeout, REST_BLIND_WAIT_MS);
	timeout = Min(timeout, REST_MAX_WAIT_MS);
	if (timeout < 0)
		timeout = 0;

	set = rest_create_wait_event_set(nsocks + 2);

	/*
	 * Before 17 the set belongs to a memory context, and only freeing it
	 * closes its kernel object: an ERROR in between (epoll_ctl failing)
	 * must free it too.
	 */
	PG_TRY();
	{
		AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, NULL);
		/* single-user mode has no postmaster to watch */
		if (IsUnderPostmaster)
			AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET,
							  NULL, NULL);
		for (i = 0; i < nsocks; i++)
			AddWaitEventToSet(set, socks[i].events, socks[i].sock, NULL, NULL);
		if (WaitEventSetWait(set, timeout, &event, 1, response_wait_event()) > 0 &&
			(event.events & WL_LATCH_SET))
			ResetLatch(MyLatch);
	}
	PG_CATCH();
	{
		FreeWaitEventSet(set);
		PG_RE_THROW();
	}
	PG_END_TRY();
	FreeWaitEventSet(set);
	if (socks != fixed)
		pfree(socks);
}

/*
 * Read from the network until the row stream has new bytes or the response
 * is complete.  Returns false once the whole body has been fed to the
 * stream.  Raises an ERROR for network and HTTP failures (after retries), a
 * stall longer than timeout_ms, or a query cancel.
 */
bool
rest_transfer_fetch(RestTransfer *t)
{
	uint64		bytes_before = t->bytes;
	uint64		activity = t->activity;
	instr_time	quiet_since;
	instr_time	wait_start;
	instr_time	now;

	/* the transfer being read is no longer ahead of its turn */
	rest_transfer_set_prefetch(t, false);
	t->budget = REST_FETCH_BYTES;

	INSTR_TIME_SET_CURRENT(wait_start);
	quiet_since = wait_start;
	while (!t->done)
	{
		long		timeout = REST_MAX_WAIT_MS;

		CHECK_FOR_INTERRUPTS();

		/* bytes taken from curl earlier come first */
		if (has_held(t))
		{
			if (!decode_held(t))
			{
				curl_multi_remove_handle(t->multi, t->easy);
				t->attached = false;
				raise_abort(t);
			}
			if (t->bytes > bytes_before)
				break;
		}
		if (t->paused && !has_held(t) && t->easy && t->attached)
		{
			t->paused = false;
			/* may call write_body at once with what curl held back */
			curl_easy_pause(t->easy, CURLPAUSE_CONT);
		}

		if (t->waiting)
		{
			double		remaining;

			INSTR_TIME_SET_CURRENT(now);
			remaining = t->retry_at_ms - INSTR_TIME_GET_MILLISEC(now);
			if (remaining <= 0)
			{
				t->waiting = false;
				t->attempts++;
				start_request(t);
				quiet_since = now;
				activity = t->activity;
			}
			else
				timeout = Min(timeout, (long) remaining + 1);
		}

		/* also while waiting: the other transfers of the multi handle move on */
		drive(t);
		if (t->finished && !has_held(t))
		{
			finish_attempt(t);
			INSTR_TIME_SET_CURRENT(quiet_since);
			activity = t->activity;
			continue;
		}
		if (t->bytes > bytes_before)
			break;
		if (has_held(t))
			continue;

		if (t->activity != activity)
		{
			activity = t->activity;
			INSTR_TIME_SET_CURRENT(quiet_since);
		}
		if (t->request->timeout_ms > 0 && !t->waiting)
		{
			INSTR_TIME_SET_CURRENT(now);
			INSTR_TIME_SUBTRACT(now, quiet_since);
			if (INSTR_TIME_GET_MILLISEC(now) < t->request->timeout_ms)
			{
				/* wake up when the stall would reach timeout_ms */
				timeout = Min(timeout,
							  (long) (t->request->timeout_ms -
									  INSTR_TIME_GET_MILLISEC(now)) + 1);
			}
			else
			{
				note_failure(t);
				ereport(ERROR,
						(errcode(REST_TIMEOUT_ERRCODE),
						 errmsg("%s request to \"%s\" timed out", t->method,
								t->display_url),
						 errdetail("No data arrived for %d ms (timeout_ms).",
								   t->request->timeout_ms)));
			}
		}

		wait_for_curl(t, timeout, t->attached && !t->waiting);
	}

	if (t->request->counters)
	{
		INSTR_TIME_SET_CURRENT(now);
		INSTR_TIME_SUBTRACT(now, wait_start);
		t->request->counters->wait_ms += INSTR_TIME_GET_MILLISEC(now);
	}
	return t->bytes > bytes_before || !t->done;
}

/*
 * Drive curl without waiting, so that a page fetched ahead makes progress
 * (its request goes out, its response is read) while rows are returned.
 */
void
rest_transfer_poke(RestTransfer *t)
{
	if (t->easy && t->attached && !t->finished)
		drive(t);
}

/*
 * A transfer read ahead of its turn stops at REST_PREFETCH_BYTES; once it
 * is the one being read, it continues.
 */
void
rest_transfer_set_prefetch(RestTransfer *t, bool prefetch)
{
	/* rest_transfer_fetch() lets curl go on when the reader wants bytes */
	t->prefetch = prefetch;
}

/* Has curl sent the current try's request? */
static bool
request_sent(RestTransfer *t)
{
	long		size = 0;

	return curl_easy_getinfo(t->easy, CURLINFO_REQUEST_SIZE, &size) == CURLE_OK &&
		size > 0;
}

/*
 * The transfer's response is not wanted any more.  A GET still in progress
 * is left to the connection cache to finish in the background (see
 * rest_connection_drain) so that its connection can be reused; anything
 * else is closed now.
 */
void
rest_transfer_abandon(RestTransfer *t)
{
	if (t->easy == NULL)
		return;

	/*
	 * A request not sent yet is dropped, not drained: a drain would send it
	 * later, in whatever statement drives curl next.
	 */
	if (!t->attached || t->finished || t->paused || t->status >= 300 ||
		strcmp(t->method, "GET") != 0 || !request_sent(t) ||
		!rest_connection_drain(t->conn, t->stats, t->easy, t->header_list,
							   t->public_header_list))
	{
		release_transfer(t);
		t->done = true;
		return;
	}

	/* the transfer no longer has a handle; the drain gives it back */
	account_time(t);
	t->easy = NULL;
	t->attached = false;
	t->header_list = NULL;
	t->public_header_list = NULL;
	t->done = true;
}

/* Release the transfer's handle now rather than at the end of the query */
void
rest_transfer_close(RestTransfer *t)
{
	release_transfer(t);
	t->done = true;
}

uint64
rest_transfer_bytes(const RestTransfer *t)
{
	return t->bytes;
}

/* True when a 404 or 416 was taken as "no rows" */
bool
rest_transfer_not_found(const RestTransfer *t)
{
	return t->not_found;
}

/* True once the headers of the final, successful response have arrived */
bool
rest_transfer_headers_done(const RestTransfer *t)
{
	return t->headers_done && t->status >= 200 && t->status < 300;
}

/* The target of the response's Link rel="next" header, or NULL */
const char *
rest_transfer_link_next(const RestTransfer *t)
{
	return rest_transfer_headers_done(t) ? t->link_next : NULL;
}

/* The URL the response came from (after redirects) */
const char *
rest_transfer_url(const RestTransfer *t)
{
	return t->url;
}

/* The response's Content-Type, or NULL */
const char *
rest_transfer_content_type(const RestTransfer *t)
{
	char	   *ct = NULL;

	if (t->easy == NULL ||
		curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &ct) != CURLE_OK)
		return NULL;
	return ct;
}
