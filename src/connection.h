/*-------------------------------------------------------------------------
 *
 * connection.h
 *		  The per-backend cache of curl handles (and their keep-alive
 *		  connections) and the per-server HTTP figures
 *
 * The bottom of rest_fdw's HTTP layers: it knows curl and the catalogs of
 * servers and user mappings, nothing of requests or rows.  It owns
 * libcurl's global set-up, one curl multi handle per server and user (with
 * the keep-alive connections and idle easy handles its transfers share,
 * and the OAuth 2.0 access token its requests send),
 * and the responses nobody reads any more that are finished in the
 * background ("drains") so that their connections stay open; closing or
 * invalidating an entry drops its drains first.  Transfers (http_client.c)
 * borrow easy handles from it and give them back, also in error cleanup:
 * rest_connection_release_handle(), rest_connection_drain() and
 * rest_connection_reap_drains() never raise an error.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_CONNECTION_H
#define REST_CONNECTION_H

#include <curl/curl.h>

/* One server and user's curl multi handle, its connections and idle handles */
typedef struct RestConnection RestConnection;

/* This backend's cumulative HTTP figures for one server */
typedef struct RestServerStats
{
	Oid			serverid;		/* hash key */
	int64		requests;		/* HTTP requests sent, retries and redirects
								 * included */
	int64		bytes;			/* response body bytes received (decoded) */
	int64		errors;			/* requests that ended in an ERROR */
	int64		retries;
	int64		connections;	/* new TCP connections opened */
	double		time_ms;		/* sum of the requests' durations */
} RestServerStats;

extern void rest_curl_init(void);
extern RestConnection *rest_connection_get(Oid serverid, Oid userid);
extern CURLM *rest_connection_multi(RestConnection *conn);
extern CURL *rest_connection_take_handle(RestConnection *conn);
extern void rest_connection_release_handle(RestConnection *conn, CURL *easy,
										   bool reusable);
extern void rest_connection_count(RestConnection *conn, int64 requests,
								  int64 connections);
extern RestServerStats *rest_server_stats(Oid serverid);

/* OAuth 2.0 tokens, kept per server and user (http_oauth.c) */
extern const char *rest_connection_access_token(RestConnection *conn);
extern void rest_connection_set_access_token(RestConnection *conn,
											 const char *token,
											 long long lifetime_ms);
extern void rest_connection_forget_access_token(RestConnection *conn);
extern const char *rest_connection_refresh_token(RestConnection *conn,
												 const char *configured);
extern void rest_connection_set_refresh_token(RestConnection *conn,
											  const char *configured,
											  const char *rotated);

/* the background reads of responses nobody reads any more */
extern bool rest_connection_drain(RestConnection *conn, RestServerStats *stats,
								  CURL *easy, struct curl_slist *header_list,
								  struct curl_slist *public_header_list);
extern bool rest_connection_draining(void);
extern bool rest_connection_drain_finished(char *owner);
extern void rest_connection_reap_drains(void);



#endif							/* REST_CONNECTION_H */
