/*-------------------------------------------------------------------------
 *
 * http_client.h
 *		  Transfers: one HTTP request each, its response body streamed into
 *		  a JSON row stream, with retries, redirects, timeouts and cancel
 *
 * A RestRequest says everything about one request: its URL, method,
 * headers (secret ones marked), body, credentials, limits and retry policy.
 * It is filled from a table's options in one place, request.c's
 * rest_request_init(); the pager (pagination.c) only changes its URL per
 * page (and adds a Range header).  The transfer takes it as given, does not
 * copy it, and reads it until the transfer ends: it must stay valid that
 * long.
 *
 * rest_transfer_begin() sends the request; rest_transfer_fetch() drives curl
 * until the row stream has new body bytes or the response is complete,
 * waiting on the latch and the sockets (a query cancel ends the wait).
 * Failures raise an ERROR there, once retries are used up.  Where the
 * request and its redirects may go, and with which credentials, is decided
 * by url_policy.c.  A transfer belongs to the memory context it was begun
 * in: an ERROR or the end of the query gives its curl handle back to the
 * connection cache (connection.c), the layer below, which is the only one
 * this one calls.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_HTTP_CLIENT_H
#define REST_HTTP_CLIENT_H

#include "nodes/pg_list.h"

#include "json_stream.h"

/* What a scan's requests cost, for EXPLAIN ANALYZE */
typedef struct RestHttpCounters
{
	int64		requests;		/* sent, with retries and redirects */
	int64		pages;			/* responses read to the end */
	int64		bytes;			/* body bytes received */
	int64		retries;
	double		wait_ms;		/* time spent waiting for the network */
} RestHttpCounters;

/*
 * OAuth 2.0: where the access token comes from (http_oauth.c).  The grant
 * is refresh_token when refresh_token is set, else client_credentials.
 */
typedef struct RestOAuth
{
	const char *token_url;
	const char *client_id;
	const char *client_secret;	/* NULL: a public client */
	const char *refresh_token;	/* as the user mapping has it */
	const char *scope;
	const char *audience;
	bool		basic_auth;		/* client credentials in a Basic header */
} RestOAuth;

typedef struct RestRequest
{
	const char *method;
	const char *url;			/* may carry a secret query parameter */
	const char *display_url;	/* the same URL without secrets */
	List	   *headers;		/* of RestHeader * */
	const char *body;			/* NULL for none */
	const char *username;		/* basic auth, or NULL */
	const char *password;
	int			timeout_ms;
	int			connect_timeout_ms;
	int64		max_response_bytes;
	int			max_decompression_ratio;
	bool		ssl_verify;
	const char *ca_file;
	Oid			serverid;		/* connection cache and statistics */
	Oid			userid;
	const char *credentials_url;	/* credentials go only to this URL's
									 * scheme, host and port */
	const char *secret_param;	/* query parameter holding a secret, or NULL */
	const char *secret_value;
	int			max_retries;
	int			retry_backoff_ms;
	bool		idempotent;
	RestHttpCounters *counters; /* the scan's, or NULL */
	bool		not_found_is_empty; /* 404 means no rows (keyed paths) */
	bool		range_paging;	/* 416 means no rows (a Range past the end) */
	const RestOAuth *oauth;		/* a bearer token from the token endpoint
								 * (a 401 renews it once), or NULL */
	bool		status_to_caller;	/* a final status >= 400 ends the transfer
									 * without an ERROR: rest_transfer_status() */
} RestRequest;

typedef struct RestTransfer RestTransfer;

extern RestTransfer *rest_transfer_begin(const RestRequest *request,
										 JsonStream *stream);
extern bool rest_transfer_fetch(RestTransfer *transfer);
extern void rest_transfer_close(RestTransfer *transfer);
extern uint64 rest_transfer_bytes(const RestTransfer *transfer);
extern const char *rest_transfer_content_type(const RestTransfer *transfer);
extern void rest_transfer_abandon(RestTransfer *transfer);
extern void rest_transfer_set_prefetch(RestTransfer *transfer, bool prefetch);
extern void rest_transfer_poke(RestTransfer *transfer);
extern bool rest_transfer_headers_done(const RestTransfer *transfer);
extern bool rest_transfer_not_found(const RestTransfer *transfer);
extern const char *rest_transfer_link_next(const RestTransfer *transfer);
extern const char *rest_transfer_url(const RestTransfer *transfer);
extern const char *rest_transfer_body(const RestTransfer *transfer,
									  size_t *len);
extern long rest_transfer_status(const RestTransfer *transfer,
								 const char **error_body, size_t *len);
extern int	rest_transfer_attempts(const RestTransfer *transfer);

#endif							/* REST_HTTP_CLIENT_H */
