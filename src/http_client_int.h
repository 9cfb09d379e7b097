/*-------------------------------------------------------------------------
 *
 * http_client_int.h
 *		  What the files of the transfer layer share: the transfer itself
 *		  and the steps one file leaves to another
 *
 * A transfer (http_client.h) is written in four files, along its life,
 * and a fifth fetches OAuth 2.0 access tokens for it:
 *
 *	http_client.c	set-up of a request and its curl handle, (re)starting a
 *					try, giving the handle back, the small accessors
 *	http_body.c		curl's write and header callbacks: the body decoded
 *					into the row stream within the limits, the headers we
 *					read; they never raise an error (see http_client.c)
 *	http_response.c what a finished try means: redirects, retries, "no
 *					rows" answers and every error a response can raise
 *	http_wait.c		driving the multi handle, waiting on the latch and the
 *					sockets, and rest_transfer_fetch(), which does both
 *	http_oauth.c	the access token of a request with RestRequest.oauth:
 *					the connection cache's, or a token request's answer
 *
 * None of this is for other modules: they use http_client.h.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_HTTP_CLIENT_INT_H
#define REST_HTTP_CLIENT_INT_H

#include <curl/curl.h>

#include "portability/instr_time.h"

#include "body_decoder.h"
#include "connection.h"
#include "http_client.h"

/* How much of an error response's body is kept for the message */
#define REST_ERROR_BODY_BYTES	256

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
	JsonStream *stream;			/* NULL: the body is kept whole, in body */
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
	char	   *oauth_token;	/* the access token sent, in cxt, or NULL */
	bool		oauth_renewed;	/* a 401 has had its new token */
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
	char	   *body;			/* malloc'd: without a stream, the body */
	size_t		body_len;
	size_t		body_cap;
	char		error_body[REST_ERROR_BODY_BYTES];
	size_t		error_body_len;
	char		errbuf[CURL_ERROR_SIZE];
};

/* http_client.c */
extern void rest_http_build_headers(RestTransfer *t);
extern void rest_http_start_request(RestTransfer *t);
extern void rest_http_account_time(RestTransfer *t);
extern void rest_http_note_failure(RestTransfer *t);

/* http_body.c: curl's callbacks, and what the reader has not taken yet */
extern size_t rest_http_write_body(char *data, size_t size, size_t nmemb,
								   void *arg);
extern size_t rest_http_on_header(char *data, size_t size, size_t nmemb,
								  void *arg);
extern bool rest_http_has_held(RestTransfer *t);
extern bool rest_http_decode_held(RestTransfer *t);
extern void rest_http_reset_decoding(RestTransfer *t);

/* http_response.c */
extern void rest_http_raise_abort(RestTransfer *t);
extern void rest_http_finish_attempt(RestTransfer *t);

/* http_oauth.c */
extern char *rest_http_oauth_token(const RestRequest *req, RestConnection *conn,
								   const char *rejected);

/* http_wait.c */
extern void rest_http_dispatch_messages(CURLM *multi);
extern void rest_http_drive(RestTransfer *t);

#endif							/* REST_HTTP_CLIENT_INT_H */
