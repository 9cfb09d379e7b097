/*-------------------------------------------------------------------------
 *
 * http_response.c
 *		  What a finished try of a transfer means: a redirect to follow, a
 *		  retry, no rows, or an ERROR
 *
 * Failures: connection errors, 429, 502, 503 and 504 are retried up to
 * max_retries times, after Retry-After or an exponential backoff with
 * jitter, as long as no body byte has reached the row stream (so no row is
 * ever returned twice).  POST is retried only when the table says it is
 * idempotent, or when the request was never sent (connection refused).
 * A 401 to a request with an OAuth 2.0 token renews the token once and
 * sends the request again (renew_token).
 * Redirects are followed by hand, at most REST_MAX_REDIRECTS, to http and
 * https only, where url_policy.c allows and with what it allows.  Every
 * error a response can raise is raised here, after it has been counted in
 * the server's figures (rest_http_note_failure).
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#if PG_VERSION_NUM >= 150000
#include "common/pg_prng.h"
#endif
#include "utils/memutils.h"

#include "backend_text.h"
#include "http_client_int.h"
#include "http_util.h"
#include "option.h"
#include "safe_text.h"
#include "url_policy.h"

#define REST_MAX_REDIRECTS		5

/* Longest backoff between two tries, and longest wait a server may ask for */
#define REST_MAX_BACKOFF_MS		30000
#define REST_MAX_RETRY_WAIT_MS	60000

static double
random_fraction(void)
{
#if PG_VERSION_NUM >= 150000
	return pg_prng_double(&pg_global_prng_state);
#else
	return (double) random() / ((double) MAX_RANDOM_VALUE + 1.0);
#endif
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
		rest_http_note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" returned HTTP status %ld without a Location header",
						t->method, t->display_url, status)));
	}
	if (++t->redirects > REST_MAX_REDIRECTS)
	{
		rest_http_note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected more than %d times",
						t->request->method, t->request->display_url, REST_MAX_REDIRECTS)));
	}
	if (!rest_url_is_http(location))
	{
		rest_http_note_failure(t);
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("%s request to \"%s\" was redirected to a URL that is not http or https",
						t->method, t->display_url)));
	}

	/* the new URLs are the transfer's until its end, not the row's */
	oldcxt = MemoryContextSwitchTo(t->cxt);
	if (!rest_url_follow(t->request, location, &url, &shown))
	{
		rest_http_note_failure(t);
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
	rest_http_start_request(t);
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

/*
 * The API did not take the access token (expired early, revoked, or the
 * cached one outlived its use): ask for a new one, once per request, and
 * send the request again.  Nothing of a 401's body reached the row
 * stream, so no row is returned twice.  A second 401 is the API's answer.
 */
static void
renew_token(RestTransfer *t)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(t->cxt);
	char	   *token = rest_http_oauth_token(t->request, t->conn, t->oauth_token);

	t->oauth_renewed = true;
	explicit_bzero(t->oauth_token, strlen(t->oauth_token));
	pfree(t->oauth_token);
	t->oauth_token = token;
	rest_http_build_headers(t);
	MemoryContextSwitchTo(oldcxt);
	rest_http_start_request(t);
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
 * If a callback (or rest_http_decode_held) gave up on the response, raise why.  An
 * error response's excerpt being complete is not a failure here.
 */
void
rest_http_raise_abort(RestTransfer *t)
{
	const RestRequest *req = t->request;

	switch (t->abort_reason)
	{
		case REST_ABORT_NONE:
		case REST_ABORT_ERROR_STATUS:
		case REST_ABORT_INFORMATIONAL:
			/* rest_http_finish_attempt() reports the status */
			return;
		case REST_ABORT_HEADERS_TOO_LARGE:
			rest_http_note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("response headers from \"%s\" are too large", t->display_url),
					 errdetail("They exceed %d kB, the most rest_fdw accepts.",
							   REST_MAX_HEADER_BYTES / 1024)));
			break;
		case REST_ABORT_OUT_OF_MEMORY:
			rest_http_note_failure(t);
			rest_out_of_memory(psprintf(_("Could not buffer the response from \"%s\"."),
										t->display_url));
			break;
		case REST_ABORT_TOO_LARGE:
			rest_http_note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("response from \"%s\" is larger than max_response_bytes (" INT64_FORMAT ")",
							t->display_url, req->max_response_bytes),
					 errhint("Raise the table's or server's max_response_bytes option, or filter the request.")));
			break;
		case REST_ABORT_RATIO:
			rest_http_note_failure(t);
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
			rest_http_note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_PROTOCOL_VIOLATION),
					 errmsg("could not decode the %s body of the response from \"%s\"",
							body_coding_name(t->coding), t->display_url),
					 errdetail_internal("%s", body_decoder_error(t->decoder))));
			break;
		case REST_ABORT_UNKNOWN_ENCODING:
			rest_http_note_failure(t);
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
void
rest_http_finish_attempt(RestTransfer *t)
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

	rest_http_raise_abort(t);
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
		rest_http_note_failure(t);
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
	if (status == 401 && t->request->oauth && !t->oauth_renewed)
	{
		renew_token(t);
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
		rest_http_account_time(t);
		return;
	}

	if (status >= 400 && t->request->status_to_caller)
	{
		t->done = true;
		rest_http_account_time(t);
		return;
	}
	if (status >= 400)
	{
		rest_http_note_failure(t);
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
				rest_http_note_failure(t);
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
			rest_http_note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
					 errmsg("could not connect to \"%s\"%s", t->display_url,
							attempts_text(t)),
					 errdetail_internal("%s", curl_failure_text(t, rc))));
			break;
		case CURLE_OPERATION_TIMEDOUT:
			/* curl's one timeout is connect_timeout_ms: see REST_TIMEOUT_ERRCODE */
			rest_http_note_failure(t);
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
			rest_http_note_failure(t);
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
			rest_http_note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_CONNECTION_FAILURE),
					 errmsg("connection closed before the response from \"%s\" was complete%s",
							t->display_url, attempts_text(t)),
					 errdetail_internal("Received " UINT64_FORMAT " bytes of the body: %s",
							   t->bytes, curl_failure_text(t, rc))));
			break;
		default:
			rest_http_note_failure(t);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("%s request to \"%s\" failed%s", t->method, t->display_url,
							attempts_text(t)),
					 errdetail_internal("%s", curl_failure_text(t, rc))));
	}
	t->done = true;
	rest_http_account_time(t);
}
