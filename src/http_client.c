/*-------------------------------------------------------------------------
 *
 * http_client.c
 *		  The HTTP side of rest_fdw: streamed requests with retries,
 *		  redirects, timeouts and query cancel
 *
 * A transfer is one page's request.  It is driven through libcurl's multi
 * interface from the executor's own loop, so that the response body is
 * handed to the JSON row stream as it arrives.  curl's callbacks never
 * raise a PostgreSQL error (that would longjmp through curl): they record
 * why they stopped and return an abort code, and the error is raised once
 * curl has returned.
 *
 * The multi handle, and with it the keep-alive connections, belongs to the
 * connection cache (connection.c); a transfer borrows an easy handle from
 * it.  Every transfer is tied to a memory context by a reset callback, so
 * an ERROR anywhere in the query gives the handle back and closes a
 * connection that was in the middle of a response.  A response nobody
 * wants any more is left to the connection cache to finish
 * (rest_transfer_abandon).
 *
 * The transfer is written in four files, along its life (see
 * http_client_int.h): this one sets requests up, (re)starts their tries
 * and gives their handles back; http_body.c has curl's callbacks,
 * http_response.c what a finished try means (retries, redirects, errors),
 * http_wait.c the waits (timeouts, query cancel).
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "backend_text.h"
#include "http_client_int.h"
#include "option.h"
#include "safe_text.h"
#include "url_policy.h"

#define REST_USER_AGENT			"rest_fdw/1.0"

/*
 * The first field of what CURLOPT_PRIVATE points to says what it is: a
 * transfer, or a drain of the connection cache (rest_connection_drain)
 */
#define REST_TRANSFER_MAGIC		0x52455354

/* Add the transfer's duration to the server's figures, once */
void
rest_http_account_time(RestTransfer *t)
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
		rest_http_account_time(t);
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
	if (t->oauth_token)
		explicit_bzero(t->oauth_token, strlen(t->oauth_token));
	free(t->link_next);
	t->link_next = NULL;
	rest_http_reset_decoding(t);
	free(t->decoded);
	t->decoded = NULL;
	free(t->held);
	t->held = NULL;
	t->held_cap = 0;
	free(t->body);
	t->body = NULL;
	t->body_len = t->body_cap = 0;
}

/* Count a request that ends in an ERROR, before raising it */
void
rest_http_note_failure(RestTransfer *t)
{
	t->stats->errors++;
	rest_http_account_time(t);
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

/*
 * The request's header lines, with and without the secret ones (see
 * rest_url_sends_credentials), built anew when a 401 brought a new access
 * token.
 */
void
rest_http_build_headers(RestTransfer *t)
{
	const RestRequest *req = t->request;
	ListCell   *lc;

	if (t->header_list)
		curl_slist_free_all(t->header_list);
	if (t->public_header_list)
		curl_slist_free_all(t->public_header_list);
	t->header_list = t->public_header_list = NULL;

	foreach(lc, req->headers)
	{
		RestHeader *h = lfirst(lc);

		t->header_list = append_header(t->header_list, h->name, h->value);
		if (!h->secret)
			t->public_header_list = append_header(t->public_header_list,
												  h->name, h->value);
	}
	if (t->oauth_token)
	{
		char	   *value = psprintf("Bearer %s", t->oauth_token);

		t->header_list = append_header(t->header_list, "Authorization", value);
		explicit_bzero(value, strlen(value));
		pfree(value);
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
}

/* (Re)start the request at t->url */
void
rest_http_start_request(RestTransfer *t)
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
	rest_http_reset_decoding(t);

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
 * Start a request whose body will be fed to stream, or, when stream is
 * NULL, kept whole for rest_transfer_body().  Nothing is read until
 * rest_transfer_fetch() or rest_transfer_poke() drives curl.
 */
RestTransfer *
rest_transfer_begin(const RestRequest *req, JsonStream *stream)
{
	RestTransfer *t = palloc0(sizeof(RestTransfer));

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

	/*
	 * The access token first: a token request is a transfer of its own on
	 * the same connection cache entry, whose multi handle this one must
	 * not have taken yet.
	 */
	if (req->oauth)
		t->oauth_token = rest_http_oauth_token(req,
											   rest_connection_get(req->serverid,
																   req->userid),
											   NULL);

	t->conn = rest_connection_get(req->serverid, req->userid);
	t->stats = rest_server_stats(req->serverid);
	t->multi = rest_connection_multi(t->conn);
	INSTR_TIME_SET_CURRENT(t->started);

	/* background reads that are done give their connections back first */
	if (rest_connection_draining())
	{
		int			running;

		(void) curl_multi_perform(t->multi, &running);
		rest_http_dispatch_messages(t->multi);
	}

	/* give the handle back with the memory it was allocated in */
	t->cleanup.func = release_transfer;
	t->cleanup.arg = t;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &t->cleanup);
	t->easy = rest_connection_take_handle(t->conn);
	rest_http_build_headers(t);
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_PRIVATE, (char *) t), "private");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L), "nosignal");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->errbuf), "error buffer");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_USERAGENT, REST_USER_AGENT), "user agent");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, rest_http_write_body), "write callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t), "write callback");
	check_curl_setopt(curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, rest_http_on_header), "header callback");
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
	rest_http_start_request(t);
	return t;
}

/*
 * Drive curl without waiting, so that a page fetched ahead makes progress
 * (its request goes out, its response is read) while rows are returned.
 */
void
rest_transfer_poke(RestTransfer *t)
{
	if (t->easy && t->attached && !t->finished)
		rest_http_drive(t);
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
	rest_http_account_time(t);
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

/*
 * The body of a transfer begun without a row stream, NUL-terminated, once
 * rest_transfer_fetch() has returned false; it belongs to the transfer.
 */
const char *
rest_transfer_body(const RestTransfer *t, size_t *len)
{
	Assert(t->stream == NULL);
	*len = t->body_len;
	return t->body ? t->body : "";
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

/*
 * The final status of a transfer begun with status_to_caller, once
 * rest_transfer_fetch() has returned false, and for a status >= 400 the
 * start of its body (REST_ERROR_BODY_BYTES at most, not NUL-terminated).
 */
long
rest_transfer_status(const RestTransfer *t, const char **error_body, size_t *len)
{
	*error_body = t->error_body;
	*len = t->status >= 400 ? t->error_body_len : 0;
	return t->status;
}

/* The tries a transfer made: 1 + its retries */
int
rest_transfer_attempts(const RestTransfer *t)
{
	return t->attempts;
}
