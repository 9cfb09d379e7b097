/*-------------------------------------------------------------------------
 *
 * connection.h
 *		  The per-backend cache of curl handles (and their keep-alive
 *		  connections) and the per-server HTTP figures
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

extern RestConnection *rest_connection_get(Oid serverid, Oid userid);
extern CURLM *rest_connection_multi(RestConnection *conn);
extern CURL *rest_connection_take_handle(RestConnection *conn);
extern void rest_connection_release_handle(RestConnection *conn, CURL *easy,
										   bool reusable);
extern void rest_connection_count(RestConnection *conn, int64 requests,
								  int64 connections);
extern RestServerStats *rest_server_stats(Oid serverid);
extern void rest_out_of_memory(const char *detail);
extern char *rest_pstrdup_malloced(char *str);

/* http_client.c */
extern void rest_http_cancel_drains(RestConnection *conn);

#endif							/* REST_CONNECTION_H */
