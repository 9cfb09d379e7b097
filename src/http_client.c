/*-------------------------------------------------------------------------
 *
 * http_client.c
 *		  The HTTP side of rest_fdw: streamed requests with retries,
 *		  redirects, timeouts and query cancel
 *
 * A transfer is one page's request.  It is driven through libcurl's multi
 * interface from the executor's own loop, so that the response body is
 * handed to the JSON row stream as it arrives and query cancel is noticed
 * between reads (every REST_POLL_INTERVAL_MS at the latest, also while
 * waiting to retry).  curl's callbacks never raise a PostgreSQL error (that
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

#include "connection.h"
#include "http_util.h"
#include "rest_fdw.h"
#include "safe_text.h"
#include "url.h"

/* How long one wait for socket activity may last before we look for interrupts */
#define REST_POLL_INTERVAL_MS	50

/* How much of an error response's body is kept for the message */
#define REST_ERROR_BODY_BYTES	256

#define REST_MAX_REDIRECTS		5

/* Longest backoff between two tries, and longest wait a server may ask for */
#define REST_MAX_BACKOFF_MS		30000
#define REST_MAX_RETRY_WAIT_MS	60000

/* A page fetched ahead of its turn stops reading once it has this much */
#define REST_PREFETCH_BYTES		(1024 * 1024)

#define REST_USER_AGENT			"rest_fdw/1.0"

/* A page no longer needed may finish in the background, up to this much */
#define REST_DRAIN_BYTES		(64 * 1024)
#define REST_DRAIN_MS			2000

/* The first field of what CURLOPT_PRIVATE points to says what it is */
#define REST_TRANSFER_MAGIC		0x52455354
#define REST_DRAIN_MAGIC		0x44524149

typedef enum RestAbortReason
{
	REST_ABORT_NONE,
	REST_ABORT_ERROR_STATUS,	/* enough of an error body was kept */
	REST_ABORT_TOO_LARGE,		/* max_response_bytes exceeded */
	REST_ABORT_OUT_OF_MEMORY	/* the row stream or a header could not grow */
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
	uint64		activity;		/* count of callbacks, to detect stalls */
	bool		headers_done;	/* the final response's headers are in */
	bool		not_found;		/* a 404 taken as no rows */
	long long	retry_after_ms; /* -1: no Retry-After */
	char	   *link_next;		/* malloc'd: Link rel="next", or NULL */
	char		error_body[REST_ERROR_BODY_BYTES];
	size_t		error_body_len;
	char		errbuf[CURL_ERROR_SIZE];
};

/*
 * A transfer whose response nobody reads any more (a page read ahead that
 * turned out to be past the end, say).  Closing it mid-response would close
 * its keep-alive connection too, so a small remainder is read and thrown
 * away in the background, while curl is driven for other transfers.  It
 * outlives the query, so it is malloc'd; it gives the handle back when done,
 * when it has read REST_DRAIN_BYTES, or after REST_DRAIN_MS.
 */
typedef struct RestDrain
{
	uint32		magic;			/* REST_DRAIN_MAGIC */
	RestConnection *conn;
	RestServerStats *stats;
	CURLM	   *multi;
	CURL	   *easy;
	struct curl_slist *header_list;
	struct curl_slist *public_header_list;
	size_t		bytes;
	bool		finished;
	double		deadline_ms;
	struct RestDrain *next;
} RestDrain;

static RestDrain *drains = NULL;

static void dispatch_messages(CURLM *multi);
static void reap_drains(RestConnection *conn, bool cancel);

static bool curl_initialized = false;

void
rest_http_init(void)
{
	if (!curl_initialized)
	{
		if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("could not initialize libcurl")));
		curl_initialized = true;
	}
}

static double
random_fraction(void)
{
#if PG_VERSION_NUM >= 150000
	return pg_prng_double(&pg_global_prng_state);
#else
	return (double) random() / ((double) MAX_RANDOM_VALUE + 1.0);
#endif
}

/*
 * curl write callback: hand body bytes to the row stream, or keep the start
 * of an error response.  Must not raise errors (see file header).
 */
static size_t
write_body(char *data, size_t size, size_t nmemb, void *arg)
{
	RestTransfer *t = (RestTransfer *) arg;
	size_t		len = size * nmemb;

	t->activity++;
	if (t->status == 0)
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);

	if (t->status >= 300)
	{
		size_t		room = sizeof(t->error_body) - t->error_body_len;
		size_t		n = Min(len, room);

		memcpy(t->error_body + t->error_body_len, data, n);
		t->error_body_len += n;
		if (n == room)
		{
			/* we have all we will show; don't download the rest */
			t->abort_reason = REST_ABORT_ERROR_STATUS;
			return 0;
		}
		return len;
	}

	/* a page read ahead waits, with bounded memory, until it is its turn */
	if (t->prefetch && json_stream_buffered(t->stream) >= REST_PREFETCH_BYTES)
	{
		t->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}

	t->bytes += len;
	t->stats->bytes += len;
	if (t->request->counters)
		t->request->counters->bytes += len;
	if (t->request->max_response_bytes > 0 &&
		t->bytes > (uint64) t->request->max_response_bytes)
	{
		t->abort_reason = REST_ABORT_TOO_LARGE;
		return 0;
	}
	if (json_stream_feed(t->stream, data, len) != 0)
	{
		t->abort_reason = REST_ABORT_OUT_OF_MEMORY;
		return 0;
	}
	return len;
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
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
	{
		/* a new response (after a 100 Continue, say): forget the last one */
		t->headers_done = false;
		t->retry_after_ms = -1;
		free(t->link_next);
		t->link_next = NULL;
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
				 errdetail("%s", curl_easy_strerror(rc))));
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
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	return result;
}

/* The scheme, host and port that credentials may be sent to */
static const char *
credentials_url(RestTransfer *t)
{
	return t->request->credentials_url ? t->request->credentials_url : t->request->url;
}

/*
 * Check a URL against rest_fdw.allowed_hosts.  what says which URL it is,
 * for the message.
 */
static void
check_host_allowed(const char *url, const char *display_url, const char *what)
{
	CURLU	   *u;
	char	   *host = NULL;
	char	   *port = NULL;
	char	   *hostport = NULL;
	bool		allowed = false;
	const char *allowed_hosts = rest_allowed_hosts_list();

	if (allowed_hosts[0] == '\0')
		return;

	u = curl_url();
	if (u == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
	{
		allowed = http_host_allowed(allowed_hosts, host, atol(port));
		hostport = psprintf("%s:%s", host, port);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);

	if (!allowed)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("host \"%s\" is not allowed by rest_fdw.allowed_hosts",
						hostport ? hostport : display_url),
				 errdetail("The %s URL is \"%s\".", what, display_url),
				 errhint("A superuser can add the host to rest_fdw.allowed_hosts.")));
}

/* (Re)start the request at t->url */
static void
start_request(RestTransfer *t)
{
	const RestRequest *req = t->request;
	bool		credentials = url_same_origin(t->url, credentials_url(t));
	CURLMcode	mc;

	t->status = 0;
	t->abort_reason = REST_ABORT_NONE;
	t->error_body_len = 0;
	t->errbuf[0] = '\0';
	t->headers_done = false;
	t->retry_after_ms = -1;
	t->finished = false;
	free(t->link_next);
	t->link_next = NULL;

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
				 errmsg("could not start HTTP request: %s", curl_multi_strerror(mc))));
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

	rest_http_init();

	t->magic = REST_TRANSFER_MAGIC;
	t->cxt = CurrentMemoryContext;
	t->request = req;
	t->stream = stream;
	t->url = pstrdup(req->url);
	t->display_url = pstrdup(req->display_url);
	t->method = req->method;
	t->retry_after_ms = -1;
	t->refused_wait_ms = -1;

	check_host_allowed(t->url, t->display_url, "request");

	t->conn = rest_connection_get(req->serverid, req->userid);
	t->stats = rest_server_stats(req->serverid);
	t->multi = rest_connection_multi(t->conn);
	INSTR_TIME_SET_CURRENT(t->started);

	/* background reads that are done give their connections back first */
	if (drains)
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
	/* any encoding curl can decode (gzip, deflate, br), decoded as it streams */
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, ""), "encoding");
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

/* A palloc'd copy of a malloc'd string, which is freed */
static char *
malloced_copy(char *str)
{
	char	   *copy;

	if (str == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	copy = pstrdup(str);
	free(str);
	return copy;
}

/* A URL for messages: without the secret query parameter */
static char *
displayable(RestTransfer *t, const char *url)
{
	char	   *copy;
	char	   *result;

	/* a Location is the server's text: made valid for messages too */
	if (t->request->secret_param == NULL)
		return rest_remote_text(url, strlen(url));
	copy = http_url_without_param(url, t->request->secret_param);
	if (copy == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	result = rest_remote_text(copy, strlen(copy));
	free(copy);
	return result;
}

static void
follow_redirect(RestTransfer *t, long status)
{
	char	   *location = NULL;
	char	   *shown;
	bool		other_origin;
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
	shown = displayable(t, location);
	other_origin = !url_same_origin(location, credentials_url(t));
	if (other_origin && rest_allowed_hosts_list()[0] == '\0')
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected to another host",
						t->method, t->display_url),
				 errdetail("Location: %s", shown),
				 errhint("Use the final URL as the server's base_url, or have a superuser list the host in rest_fdw.allowed_hosts.")));
	}
	check_host_allowed(location, shown, "redirect");

	/*
	 * A secret query parameter stays with the server it belongs to: added
	 * back on the same origin, taken out for another.
	 */
	if (t->request->secret_param && other_origin)
		t->url = http_url_has_param(location, t->request->secret_param) ?
			malloced_copy(http_url_without_param(location, t->request->secret_param)) :
			pstrdup(location);
	else if (t->request->secret_param &&
			 !http_url_has_param(location, t->request->secret_param))
	{
		char	   *with = url_add_param(location, t->request->secret_param,
										 t->request->secret_value);

		if (with == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory")));
		t->url = pstrdup(with);
		free(with);
	}
	else
		t->url = pstrdup(location);
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

	if (t->abort_reason == REST_ABORT_OUT_OF_MEMORY)
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("Could not buffer the response from \"%s\".", t->display_url)));
	}
	if (t->abort_reason == REST_ABORT_TOO_LARGE)
	{
		note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("response from \"%s\" is larger than max_response_bytes (" INT64_FORMAT ")",
						t->display_url, t->request->max_response_bytes),
				 errhint("Raise the table's or server's max_response_bytes option, or filter the request.")));
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
				 errdetail("Response body: %s", error_body_excerpt(t)) : 0,
				 refused_wait_hint(t)));
	}

	switch (rc)
	{
		case CURLE_OK:
			break;
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
		case CURLE_COULDNT_CONNECT:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
					 errmsg("could not connect to \"%s\"%s", t->display_url,
							attempts_text(t)),
					 errdetail("%s", curl_failure_text(t, rc))));
			break;
		case CURLE_OPERATION_TIMEDOUT:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
					 errmsg("%s request to \"%s\" timed out%s", t->method, t->display_url,
							attempts_text(t)),
					 errdetail("%s", curl_failure_text(t, rc))));
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
					 errdetail("Received " UINT64_FORMAT " bytes of the body: %s",
							   t->bytes, curl_failure_text(t, rc))));
			break;
		default:
			note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("%s request to \"%s\" failed%s", t->method, t->display_url,
							attempts_text(t)),
					 errdetail("%s", curl_failure_text(t, rc))));
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
		if (*(uint32 *) owner == REST_DRAIN_MAGIC)
		{
			((RestDrain *) owner)->finished = true;
			drained = true;
		}
		else
		{
			((RestTransfer *) owner)->finished = true;
			((RestTransfer *) owner)->result = msg->data.result;
		}
	}
	if (drained || drains)
		reap_drains(NULL, false);
}

/* A failure of curl's multi interface itself, raised for the transfer */
static void
report_multi_error(RestTransfer *t, CURLMcode mc)
{
	note_failure(t);
	ereport(ERROR,
			(errcode(ERRCODE_FDW_ERROR),
			 errmsg("%s request to \"%s\" failed", t->method, t->display_url),
			 errdetail("%s", curl_multi_strerror(mc))));
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

	INSTR_TIME_SET_CURRENT(wait_start);
	quiet_since = wait_start;
	while (!t->done)
	{
		long		timeout = REST_POLL_INTERVAL_MS;
		CURLMcode	mc;

		CHECK_FOR_INTERRUPTS();

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
		if (t->finished)
		{
			finish_attempt(t);
			INSTR_TIME_SET_CURRENT(quiet_since);
			activity = t->activity;
			continue;
		}
		if (t->bytes > bytes_before)
			break;

		if (t->activity != activity)
		{
			activity = t->activity;
			INSTR_TIME_SET_CURRENT(quiet_since);
		}
		else if (t->request->timeout_ms > 0 && !t->waiting)
		{
			INSTR_TIME_SET_CURRENT(now);
			INSTR_TIME_SUBTRACT(now, quiet_since);
			if (INSTR_TIME_GET_MILLISEC(now) >= t->request->timeout_ms)
			{
				note_failure(t);
				ereport(ERROR,
						(errcode(ERRCODE_FDW_ERROR),
						 errmsg("%s request to \"%s\" timed out", t->method,
								t->display_url),
						 errdetail("No data arrived for %d ms (timeout_ms).",
								   t->request->timeout_ms)));
			}
		}

		mc = curl_multi_poll(t->multi, NULL, 0, (int) timeout, NULL);
		if (mc != CURLM_OK)
			report_multi_error(t, mc);
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
	t->prefetch = prefetch;
	if (!prefetch && t->paused && t->easy)
	{
		t->paused = false;
		/* may call write_body at once with the held-back data */
		curl_easy_pause(t->easy, CURLPAUSE_CONT);
	}
}

static size_t
discard_body(char *data, size_t size, size_t nmemb, void *arg)
{
	RestDrain  *d = (RestDrain *) arg;

	d->bytes += size * nmemb;
	/* more than a little: closing the connection is cheaper */
	return d->bytes > REST_DRAIN_BYTES ? 0 : size * nmemb;
}

static size_t
discard_header(char *data, size_t size, size_t nmemb, void *arg)
{
	return size * nmemb;
}

/*
 * Give back the handles of finished or expired drains; all of conn's with
 * cancel.  No errors: this runs in syscache callbacks too.
 */
static void
reap_drains(RestConnection *conn, bool cancel)
{
	RestDrain **link = &drains;
	instr_time	now;

	INSTR_TIME_SET_CURRENT(now);
	while (*link)
	{
		RestDrain  *d = *link;

		if (d->finished || d->deadline_ms < INSTR_TIME_GET_MILLISEC(now) ||
			(cancel && (conn == NULL || d->conn == conn)))
		{
			long		connects = 0;

			*link = d->next;
			if (curl_easy_getinfo(d->easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK &&
				connects > 0)
			{
				d->stats->connections += connects;
				rest_connection_count(d->conn, 0, connects);
			}
			curl_multi_remove_handle(d->multi, d->easy);
			rest_connection_release_handle(d->conn, d->easy, true);
			curl_slist_free_all(d->header_list);
			curl_slist_free_all(d->public_header_list);
			free(d);
		}
		else
			link = &d->next;
	}
}

/* Stop the background reads on a connection, before it is closed */
void
rest_http_cancel_drains(RestConnection *conn)
{
	reap_drains(conn, true);
}

/*
 * The transfer's response is not wanted any more.  A GET still in progress
 * is left to finish in the background (see RestDrain) so that its
 * connection can be reused; anything else is closed now.
 */
void
rest_transfer_abandon(RestTransfer *t)
{
	RestDrain  *d;
	instr_time	now;

	if (t->easy == NULL)
		return;
	if (!t->attached || t->finished || t->paused || t->status >= 300 ||
		strcmp(t->method, "GET") != 0 ||
		(d = malloc(sizeof(RestDrain))) == NULL)
	{
		release_transfer(t);
		t->done = true;
		return;
	}

	INSTR_TIME_SET_CURRENT(now);
	d->magic = REST_DRAIN_MAGIC;
	d->conn = t->conn;
	d->stats = t->stats;
	d->multi = t->multi;
	d->easy = t->easy;
	d->header_list = t->header_list;
	d->public_header_list = t->public_header_list;
	d->bytes = 0;
	d->finished = false;
	d->deadline_ms = INSTR_TIME_GET_MILLISEC(now) + REST_DRAIN_MS;
	curl_easy_setopt(d->easy, CURLOPT_WRITEFUNCTION, discard_body);
	curl_easy_setopt(d->easy, CURLOPT_WRITEDATA, d);
	curl_easy_setopt(d->easy, CURLOPT_HEADERFUNCTION, discard_header);
	curl_easy_setopt(d->easy, CURLOPT_HEADERDATA, d);
	curl_easy_setopt(d->easy, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(d->easy, CURLOPT_PRIVATE, (char *) d);
	d->next = drains;
	drains = d;

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
