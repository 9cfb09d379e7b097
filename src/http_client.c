/*-------------------------------------------------------------------------
 *
 * http_client.c
 *		  The HTTP side of rest_fdw: one streamed request per scan
 *
 * A transfer is driven through libcurl's multi interface from the
 * executor's own loop, so that the response body is handed to the JSON row
 * stream as it arrives and query cancel is noticed between reads.  curl's
 * callbacks never raise a PostgreSQL error (that would longjmp through
 * curl): they record why they stopped and return an abort code, and the
 * error is raised once curl has returned.
 *
 * Every curl handle and header list belongs to a memory context through a
 * reset callback, so an ERROR anywhere in the query releases them together
 * with the query's memory.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <curl/curl.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/memutils.h"

#include "rest_fdw.h"
#include "url.h"

/* How long one wait for socket activity may last before we look for interrupts */
#define REST_POLL_INTERVAL_MS	50

/* How much of an error response's body is kept for the message */
#define REST_ERROR_BODY_BYTES	256

#define REST_MAX_REDIRECTS		5

#define REST_USER_AGENT			"rest_fdw/1.0"

typedef enum RestAbortReason
{
	REST_ABORT_NONE,
	REST_ABORT_ERROR_STATUS,	/* enough of an error body was kept */
	REST_ABORT_TOO_LARGE,		/* max_response_bytes exceeded */
	REST_ABORT_OUT_OF_MEMORY	/* the row stream could not grow */
} RestAbortReason;

struct RestTransfer
{
	const RestRequest *request;
	JsonStream *stream;
	CURLM	   *multi;
	CURL	   *easy;
	struct curl_slist *header_list;
	MemoryContextCallback cleanup;
	char	   *url;			/* current URL, changes on redirect */
	char	   *display_url;
	int			redirects;
	bool		done;
	bool		attached;		/* easy handle is in the multi handle */

	/* filled by the write callback */
	RestAbortReason abort_reason;
	long		status;
	uint64		bytes;
	uint64		activity;		/* count of callbacks, to detect stalls */
	char		error_body[REST_ERROR_BODY_BYTES];
	size_t		error_body_len;
	char		errbuf[CURL_ERROR_SIZE];
};

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

	t->bytes += len;
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

static size_t
count_header(char *data, size_t size, size_t nmemb, void *arg)
{
	((RestTransfer *) arg)->activity++;
	return size * nmemb;
}

static void
release_transfer(void *arg)
{
	RestTransfer *t = (RestTransfer *) arg;

	if (t->easy)
	{
		if (t->attached)
			curl_multi_remove_handle(t->multi, t->easy);
		curl_easy_cleanup(t->easy);
		t->easy = NULL;
	}
	if (t->multi)
	{
		curl_multi_cleanup(t->multi);
		t->multi = NULL;
	}
	if (t->header_list)
	{
		curl_slist_free_all(t->header_list);
		t->header_list = NULL;
	}
	t->attached = false;
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
append_header(RestTransfer *t, const char *name, const char *value)
{
	char	   *line = psprintf("%s: %s", name, value);
	struct curl_slist *list = curl_slist_append(t->header_list, line);

	/* curl copied the line; don't keep a secret in our memory longer */
	explicit_bzero(line, strlen(line));
	pfree(line);
	if (list == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	return list;
}

/* (Re)start the request at t->url */
static void
start_request(RestTransfer *t, const char *method)
{
	const RestRequest *req = t->request;
	CURLMcode	mc;

	t->status = 0;
	t->abort_reason = REST_ABORT_NONE;
	t->error_body_len = 0;
	t->errbuf[0] = '\0';

	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_URL, t->url), "URL");
	if (strcmp(method, "GET") == 0)
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HTTPGET, 1L), "method");
	else
	{
		const char *body = req->body ? req->body : "";

		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE, (long) strlen(body)), "body");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, body), "body");
	}

	mc = curl_multi_add_handle(t->multi, t->easy);
	if (mc != CURLM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("could not start HTTP request: %s", curl_multi_strerror(mc))));
	t->attached = true;
}

/*
 * Start a request whose body will be fed to stream.  Nothing is read until
 * rest_transfer_fetch() is called.
 */
RestTransfer *
rest_transfer_begin(const RestRequest *req, JsonStream *stream)
{
	RestTransfer *t = palloc0(sizeof(RestTransfer));
	ListCell   *lc;

	rest_http_init();

	t->request = req;
	t->stream = stream;
	t->url = pstrdup(req->url);
	t->display_url = pstrdup(req->display_url);

	/* tie the handles' lifetime to the memory they were allocated in */
	t->cleanup.func = release_transfer;
	t->cleanup.arg = t;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &t->cleanup);

	t->multi = curl_multi_init();
	t->easy = curl_easy_init();
	if (t->multi == NULL || t->easy == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("Could not create a curl handle.")));

	foreach(lc, req->headers)
	{
		RestHeader *h = lfirst(lc);

		t->header_list = append_header(t, h->name, h->value);
	}
	if (!has_header(req->headers, "Accept"))
		t->header_list = append_header(t, "Accept", "application/json");
	if (req->body && !has_header(req->headers, "Content-Type"))
		t->header_list = append_header(t, "Content-Type", "application/json");
	/* curl would otherwise wait a second for "100 Continue" on POST */
	t->header_list = append_header(t, "Expect", "");

	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L), "nosignal");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->errbuf), "error buffer");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->header_list), "headers");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_USERAGENT, REST_USER_AGENT), "user agent");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, write_body), "write callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t), "write callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, count_header), "header callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t), "header callback");
	/* any encoding curl can decode: gzip, deflate, br where built in */
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, ""), "encoding");
#if LIBCURL_VERSION_NUM >= 0x075500
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols");
#else
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS,
									   (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS)), "protocols");
#endif
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
	if (req->username)
	{
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC), "auth");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_USERNAME, req->username), "auth");
		check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PASSWORD,
										   req->password ? req->password : ""), "auth");
	}

	start_request(t, req->method);
	return t;
}

/* The start of an error response's body, printable, for DETAIL */
static char *
error_body_excerpt(RestTransfer *t)
{
	StringInfoData buf;
	size_t		i;

	initStringInfo(&buf);
	for (i = 0; i < t->error_body_len; i++)
	{
		unsigned char c = (unsigned char) t->error_body[i];

		appendStringInfoChar(&buf, (c < 0x20 && c != '\n') || c == 0x7f ? ' ' : (char) c);
	}
	/* don't cut a multibyte character in two */
	buf.len = pg_mbcliplen(buf.data, buf.len, buf.len);
	buf.data[buf.len] = '\0';
	if (t->error_body_len == sizeof(t->error_body))
		appendStringInfoString(&buf, "...");
	return buf.data;
}

/*
 * curl's message without the elapsed time it sometimes adds, so that the
 * same failure reads the same every time.
 */
static char *
curl_failure_text(RestTransfer *t, CURLcode rc)
{
	char	   *text = pstrdup(t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc));
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

static void
follow_redirect(RestTransfer *t, long status)
{
	char	   *location = NULL;
	const char *method = t->request->method;

	curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &location);
	if (location == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" returned HTTP status %ld without a Location header",
						method, t->display_url, status)));
	if (++t->redirects > REST_MAX_REDIRECTS)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected more than %d times",
						method, t->request->display_url, REST_MAX_REDIRECTS)));
	if (pg_strncasecmp(location, "http://", 7) != 0 &&
		pg_strncasecmp(location, "https://", 8) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected to a URL that is not http or https",
						method, t->display_url)));
	if (!url_same_origin(location, t->request->url))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected to another host",
						method, t->display_url),
				 errdetail("Location: %s", location),
				 errhint("Use the final URL as the server's base_url.")));

	t->url = pstrdup(location);
	t->display_url = t->url;
	/* like browsers, turn POST into GET after 301, 302 and 303 */
	if (status != 307 && status != 308)
		method = "GET";
	curl_multi_remove_handle(t->multi, t->easy);
	t->attached = false;
	start_request(t, method);
}

/* Raise the error for a finished transfer, or mark it done */
static void
finish_transfer(RestTransfer *t, CURLcode rc)
{
	const char *method = t->request->method;
	long		status = 0;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);

	if (t->abort_reason == REST_ABORT_OUT_OF_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("Could not buffer the response from \"%s\".", t->display_url)));
	if (t->abort_reason == REST_ABORT_TOO_LARGE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("response from \"%s\" is larger than max_response_bytes (" INT64_FORMAT ")",
						t->display_url, t->request->max_response_bytes),
				 errhint("Raise the table's or server's max_response_bytes option, or filter the request.")));
	if (status >= 300 && status < 400)
	{
		follow_redirect(t, status);
		return;
	}
	if (status >= 400)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" failed with HTTP status %ld",
						method, t->display_url, status),
				 t->error_body_len > 0 ?
				 errdetail("Response body: %s", error_body_excerpt(t)) : 0));

	switch (rc)
	{
		case CURLE_OK:
			break;
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
		case CURLE_COULDNT_CONNECT:
			ereport(ERROR,
					(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
					 errmsg("could not connect to \"%s\"", t->display_url),
					 errdetail("%s", curl_failure_text(t, rc))));
			break;
		case CURLE_OPERATION_TIMEDOUT:
			ereport(ERROR,
					(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
					 errmsg("%s request to \"%s\" timed out", method, t->display_url),
					 errdetail("%s", curl_failure_text(t, rc))));
			break;
		case CURLE_PARTIAL_FILE:
		case CURLE_RECV_ERROR:
		case CURLE_GOT_NOTHING:
			ereport(ERROR,
					(errcode(ERRCODE_CONNECTION_FAILURE),
					 errmsg("connection closed before the response from \"%s\" was complete",
							t->display_url),
					 errdetail("Received " UINT64_FORMAT " bytes of the body: %s",
							   t->bytes, curl_failure_text(t, rc))));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("%s request to \"%s\" failed", method, t->display_url),
					 errdetail("%s", curl_failure_text(t, rc))));
	}
	t->done = true;
}

/*
 * Read from the network until the row stream has new bytes or the response
 * is complete.  Returns false once the whole body has been fed to the
 * stream.  Raises an ERROR for network and HTTP failures, a stall longer
 * than timeout_ms, or a query cancel.
 */
bool
rest_transfer_fetch(RestTransfer *t)
{
	uint64		bytes_before = t->bytes;
	uint64		activity = t->activity;
	instr_time	quiet_since;

	INSTR_TIME_SET_CURRENT(quiet_since);
	while (!t->done)
	{
		int			running = 0;
		CURLMcode	mc;
		CURLMsg    *msg;
		int			pending;

		CHECK_FOR_INTERRUPTS();

		mc = curl_multi_perform(t->multi, &running);
		if (mc != CURLM_OK)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("%s request to \"%s\" failed", t->request->method, t->display_url),
					 errdetail("%s", curl_multi_strerror(mc))));

		while ((msg = curl_multi_info_read(t->multi, &pending)) != NULL)
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == t->easy)
				finish_transfer(t, msg->data.result);
		if (t->done || t->bytes > bytes_before)
			break;

		if (t->activity != activity)
		{
			activity = t->activity;
			INSTR_TIME_SET_CURRENT(quiet_since);
		}
		else if (t->request->timeout_ms > 0)
		{
			instr_time	now;

			INSTR_TIME_SET_CURRENT(now);
			INSTR_TIME_SUBTRACT(now, quiet_since);
			if (INSTR_TIME_GET_MILLISEC(now) >= t->request->timeout_ms)
				ereport(ERROR,
						(errcode(ERRCODE_FDW_ERROR),
						 errmsg("%s request to \"%s\" timed out", t->request->method,
								t->display_url),
						 errdetail("No data arrived for %d ms (timeout_ms).",
								   t->request->timeout_ms)));
		}

		mc = curl_multi_poll(t->multi, NULL, 0, REST_POLL_INTERVAL_MS, NULL);
		if (mc != CURLM_OK)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("%s request to \"%s\" failed", t->request->method, t->display_url),
					 errdetail("%s", curl_multi_strerror(mc))));
	}
	return t->bytes > bytes_before || !t->done;
}

/* Release the transfer's handles now rather than at the end of the query */
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
