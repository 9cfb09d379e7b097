/*-------------------------------------------------------------------------
 *
 * connection.c
 *		  Connection management for rest_fdw: a per-backend cache of curl
 *		  handles and their keep-alive connections, and HTTP figures
 *
 * Like postgres_fdw's connection cache, each backend keeps one entry per
 * foreign server and user: a curl multi handle, which owns the keep-alive
 * connections (and DNS cache) that all of that server's transfers share,
 * and a few idle easy handles (which keep TLS sessions).  Scans and
 * queries reuse them, so that a thousand queries to the same API use one
 * TCP connection.  An entry is dropped when its server or user mapping is
 * changed or dropped (syscache invalidation), at once if no transfer is
 * using it, otherwise when its last transfer ends.
 *
 * Easy handles are lent to transfers by rest_connection_take_handle() and
 * given back by rest_connection_release_handle(), which may run inside a
 * memory context reset callback during error cleanup: it must not raise an
 * error.  A handle given back while its transfer was incomplete has already
 * been removed from the multi handle, which closes that connection.
 *
 * The backend also keeps cumulative per-server figures (requests, bytes,
 * errors, retries, new connections, time) for rest_fdw_http_stats().
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_type.h"
#include "catalog/pg_user_mapping.h"
#include "foreign/foreign.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

#include "backend_text.h"
#include "connection.h"

/* Idle easy handles kept per entry (more are created when pages overlap) */
#define REST_IDLE_HANDLES		8

/* Idle keep-alive connections a multi handle keeps open */
#define REST_MAX_IDLE_CONNECTIONS	16

/* A response no longer needed may finish in the background, up to this much */
#define REST_DRAIN_BYTES		(64 * 1024)
#define REST_DRAIN_MS			2000

/*
 * What CURLOPT_PRIVATE of a drain's handle points to starts with this, so
 * that whoever reads the multi handle's messages can tell a drain from its
 * own transfers (rest_connection_drain_finished).
 */
#define REST_DRAIN_MAGIC		0x44524149

typedef struct ConnCacheKey
{
	Oid			serverid;
	Oid			userid;
} ConnCacheKey;

struct RestConnection
{
	ConnCacheKey key;			/* hash key (must be first) */
	CURLM	   *multi;			/* NULL when closed */
	CURL	   *idle[REST_IDLE_HANDLES];
	int			nidle;
	int			in_use;			/* easy handles lent to transfers */
	bool		invalidated;	/* close once no longer in use */
	uint32		server_hashvalue;
	uint32		mapping_hashvalue;	/* 0 when there is no user mapping */
	bool		own_mapping;	/* the user's own mapping, not PUBLIC's */
	int64		requests;
	int64		connections;

	/*
	 * OAuth 2.0 (http_oauth.c), in TopMemoryContext: the access token
	 * until its deadline (or until the API rejects it, when the provider
	 * gave no lifetime), and the refresh token that replaced the user
	 * mapping's, for as long as the mapping holds the one it replaced.
	 */
	char	   *access_token;
	bool		token_expires;
	double		token_deadline_ms;	/* INSTR_TIME_GET_MILLISEC() terms */
	char	   *rotated_refresh;
	char	   *rotated_from;
};

/*
 * A transfer whose response nobody reads any more (a page read ahead that
 * turned out to be past the end, say).  Closing it mid-response would close
 * its keep-alive connection too, so a small remainder is read and thrown
 * away in the background, while curl is driven for other transfers.  It
 * outlives the query, so it is malloc'd; it gives the handle back when done,
 * when it has read REST_DRAIN_BYTES, or after REST_DRAIN_MS.  A connection
 * that is closed or invalidated drops its drains first.
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

static HTAB *ConnectionHash = NULL;
static HTAB *StatsHash = NULL;
static RestDrain *drains = NULL;
static bool curl_initialized = false;

PG_FUNCTION_INFO_V1(rest_fdw_get_connections);
PG_FUNCTION_INFO_V1(rest_fdw_disconnect);
PG_FUNCTION_INFO_V1(rest_fdw_disconnect_all);
PG_FUNCTION_INFO_V1(rest_fdw_http_stats);

static void close_entry(RestConnection *entry);
static void forget_secret(char **secret);
static void reap_drains(RestConnection *conn, bool cancel);

/*
 * Syscache invalidation: a server or user mapping changed (or is gone), so
 * the connections made under its old options must not be used again.
 */
static void
inval_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	HASH_SEQ_STATUS scan;
	RestConnection *entry;

	hash_seq_init(&scan, ConnectionHash);
	while ((entry = (RestConnection *) hash_seq_search(&scan)) != NULL)
	{
		bool		hit;

		if (entry->multi == NULL && entry->access_token == NULL)
			continue;
		if (hashvalue == 0)
			hit = true;
		else if (cacheid == FOREIGNSERVEROID)
			hit = (entry->server_hashvalue == hashvalue);
		else
		{
			/*
			 * Without a mapping of its own, any new or changed mapping may
			 * be the one that now applies to this user.
			 */
			hit = (!entry->own_mapping || entry->mapping_hashvalue == hashvalue);
		}
		if (!hit)
			continue;
		/* the options the token was fetched with may have changed */
		forget_secret(&entry->access_token);
		reap_drains(entry, true);
		if (entry->multi == NULL)
			continue;
		if (entry->in_use == 0)
			close_entry(entry);
		else
			entry->invalidated = true;
	}
}

static void
init_hashes(void)
{
	HASHCTL		ctl;

	if (ConnectionHash != NULL)
		return;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(ConnCacheKey);
	ctl.entrysize = sizeof(RestConnection);
	ConnectionHash = hash_create("rest_fdw connections", 8, &ctl,
								 HASH_ELEM | HASH_BLOBS);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(RestServerStats);
	StatsHash = hash_create("rest_fdw HTTP statistics", 8, &ctl,
							HASH_ELEM | HASH_BLOBS);

	CacheRegisterSyscacheCallback(FOREIGNSERVEROID, inval_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(USERMAPPINGOID, inval_callback, (Datum) 0);
}

/* Close the entry's handles and connections; it must not be in use */
static void
close_entry(RestConnection *entry)
{
	int			i;

	for (i = 0; i < entry->nidle; i++)
		curl_easy_cleanup(entry->idle[i]);
	entry->nidle = 0;
	if (entry->multi)
		curl_multi_cleanup(entry->multi);
	entry->multi = NULL;
	entry->invalidated = false;
}

/* Remember which catalog rows the entry depends on, for invalidation */
static void
set_hashvalues(RestConnection *entry)
{
	HeapTuple	tp;

	entry->server_hashvalue =
		GetSysCacheHashValue1(FOREIGNSERVEROID,
							  ObjectIdGetDatum(entry->key.serverid));
	entry->mapping_hashvalue = 0;
	entry->own_mapping = false;

	tp = SearchSysCache2(USERMAPPINGUSERSERVER,
						 ObjectIdGetDatum(entry->key.userid),
						 ObjectIdGetDatum(entry->key.serverid));
	if (HeapTupleIsValid(tp))
		entry->own_mapping = true;
	else
		tp = SearchSysCache2(USERMAPPINGUSERSERVER,
							 ObjectIdGetDatum(InvalidOid),
							 ObjectIdGetDatum(entry->key.serverid));
	if (HeapTupleIsValid(tp))
	{
		Form_pg_user_mapping um = (Form_pg_user_mapping) GETSTRUCT(tp);

		entry->mapping_hashvalue =
			GetSysCacheHashValue1(USERMAPPINGOID, ObjectIdGetDatum(um->oid));
		ReleaseSysCache(tp);
	}
}

/*
 * libcurl's global set-up, once per backend, before any other use of curl
 * (the connection cache's handles, or curl's URL parser).
 */
void
rest_curl_init(void)
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
 * The cache entry for a server and user, with an open multi handle.
 */
RestConnection *
rest_connection_get(Oid serverid, Oid userid)
{
	ConnCacheKey key;
	RestConnection *entry;
	bool		found;

	init_hashes();

	memset(&key, 0, sizeof(key));
	key.serverid = serverid;
	key.userid = userid;
	entry = hash_search(ConnectionHash, &key, HASH_ENTER, &found);
	if (!found)
	{
		entry->multi = NULL;
		entry->nidle = 0;
		entry->in_use = 0;
		entry->invalidated = false;
		entry->requests = 0;
		entry->connections = 0;
		entry->access_token = NULL;
		entry->rotated_refresh = NULL;
		entry->rotated_from = NULL;
	}

	if (entry->multi && entry->invalidated && entry->in_use == 0)
		close_entry(entry);

	if (entry->multi == NULL)
	{
		rest_curl_init();
		entry->multi = curl_multi_init();
		if (entry->multi == NULL)
			rest_out_of_memory(_("Could not create a curl multi handle."));
		curl_multi_setopt(entry->multi, CURLMOPT_MAXCONNECTS,
						  (long) REST_MAX_IDLE_CONNECTIONS);
		entry->invalidated = false;
		set_hashvalues(entry);
	}
	return entry;
}

/* Overwrite and free a secret kept in TopMemoryContext; no errors */
static void
forget_secret(char **secret)
{
	if (*secret)
	{
		explicit_bzero(*secret, strlen(*secret));
		pfree(*secret);
		*secret = NULL;
	}
}

/* The cached access token, or NULL when there is none or it has expired */
const char *
rest_connection_access_token(RestConnection *conn)
{
	instr_time	now;

	if (conn->access_token && conn->token_expires)
	{
		INSTR_TIME_SET_CURRENT(now);
		if (INSTR_TIME_GET_MILLISEC(now) >= conn->token_deadline_ms)
			forget_secret(&conn->access_token);
	}
	return conn->access_token;
}

/*
 * Keep an access token for lifetime_ms (from now; -1: until the API
 * rejects it), for every scan of this server and user in the backend.
 */
void
rest_connection_set_access_token(RestConnection *conn, const char *token,
								 long long lifetime_ms)
{
	char	   *copy = MemoryContextStrdup(TopMemoryContext, token);
	instr_time	now;

	forget_secret(&conn->access_token);
	conn->access_token = copy;
	conn->token_expires = (lifetime_ms >= 0);
	INSTR_TIME_SET_CURRENT(now);
	conn->token_deadline_ms = INSTR_TIME_GET_MILLISEC(now) + (double) lifetime_ms;
}

void
rest_connection_forget_access_token(RestConnection *conn)
{
	forget_secret(&conn->access_token);
}

/*
 * The refresh token to send: one the provider rotated in, as long as the
 * user mapping still holds the one it replaced, else the mapping's.
 */
const char *
rest_connection_refresh_token(RestConnection *conn, const char *configured)
{
	if (conn->rotated_refresh && strcmp(conn->rotated_from, configured) == 0)
		return conn->rotated_refresh;
	forget_secret(&conn->rotated_refresh);
	forget_secret(&conn->rotated_from);
	return configured;
}

/* A token response brought a new refresh token, in place of configured's */
void
rest_connection_set_refresh_token(RestConnection *conn, const char *configured,
								  const char *rotated)
{
	char	   *from = MemoryContextStrdup(TopMemoryContext, configured);
	char	   *to = MemoryContextStrdup(TopMemoryContext, rotated);

	forget_secret(&conn->rotated_refresh);
	forget_secret(&conn->rotated_from);
	conn->rotated_refresh = to;
	conn->rotated_from = from;
}

CURLM *
rest_connection_multi(RestConnection *conn)
{
	return conn->multi;
}

/*
 * Lend an easy handle, with its options reset, to a transfer.
 */
CURL *
rest_connection_take_handle(RestConnection *conn)
{
	CURL	   *easy;

	if (conn->nidle > 0)
		easy = conn->idle[--conn->nidle];
	else
	{
		easy = curl_easy_init();
		if (easy == NULL)
			rest_out_of_memory(_("Could not create a curl handle."));
	}
	conn->in_use++;
	return easy;
}

/*
 * Take back a handle that is no longer in the multi handle.  Runs in error
 * cleanup too: no errors, no allocations.  A handle that is not reusable is
 * closed: curl_easy_reset() does not forget the body bytes that a paused
 * transfer holds back, and the handle's next transfer would get them first.
 */
void
rest_connection_release_handle(RestConnection *conn, CURL *easy, bool reusable)
{
	/* forget the transfer's callbacks and buffers right away */
	curl_easy_reset(easy);
	if (conn->in_use > 0)
		conn->in_use--;
	if (reusable && conn->multi != NULL && !conn->invalidated &&
		conn->nidle < REST_IDLE_HANDLES)
		conn->idle[conn->nidle++] = easy;
	else
		curl_easy_cleanup(easy);
	if (conn->invalidated && conn->in_use == 0)
		close_entry(conn);
}

void
rest_connection_count(RestConnection *conn, int64 requests, int64 connections)
{
	conn->requests += requests;
	conn->connections += connections;
}

RestServerStats *
rest_server_stats(Oid serverid)
{
	RestServerStats *stats;
	bool		found;

	init_hashes();
	stats = hash_search(StatsHash, &serverid, HASH_ENTER, &found);
	if (!found)
	{
		stats->requests = 0;
		stats->bytes = 0;
		stats->errors = 0;
		stats->retries = 0;
		stats->connections = 0;
		stats->time_ms = 0;
	}
	return stats;
}

/* ---------------------------------------------------------------------
 * Drains: responses read to their end in the background (see RestDrain)
 * ---------------------------------------------------------------------
 */

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
 * Take over an easy handle of conn whose transfer is still in its multi
 * handle, with the header lists it sends, and read the rest of its response
 * in the background; the handle is given back when that is done.  Returns
 * false, having changed nothing, when that cannot be done (out of memory):
 * the caller then gives the handle back itself.  No errors.
 */
bool
rest_connection_drain(RestConnection *conn, RestServerStats *stats, CURL *easy,
					  struct curl_slist *header_list,
					  struct curl_slist *public_header_list)
{
	RestDrain  *d = malloc(sizeof(RestDrain));
	instr_time	now;

	if (d == NULL)
		return false;
	INSTR_TIME_SET_CURRENT(now);
	d->magic = REST_DRAIN_MAGIC;
	d->conn = conn;
	d->stats = stats;
	d->multi = conn->multi;
	d->easy = easy;
	d->header_list = header_list;
	d->public_header_list = public_header_list;
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
	return true;
}

/* Are any drains under way (whose handles want to be given back)? */
bool
rest_connection_draining(void)
{
	return drains != NULL;
}

/*
 * owner is the CURLOPT_PRIVATE of a handle that curl reports as done: if it
 * is a drain's, note that, and return true.  rest_connection_reap_drains()
 * then gives the handle back.
 */
bool
rest_connection_drain_finished(char *owner)
{
	if (*(uint32 *) owner != REST_DRAIN_MAGIC)
		return false;
	((RestDrain *) owner)->finished = true;
	return true;
}

/*
 * Give back the handles of finished or expired drains; all of conn's (all,
 * for NULL) with cancel, before a connection is closed.  No errors: this
 * runs in syscache callbacks too.
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

/* Give back the handles of the drains that are finished or have expired */
void
rest_connection_reap_drains(void)
{
	reap_drains(NULL, false);
}

/* ---------------------------------------------------------------------
 * SQL-callable functions
 * ---------------------------------------------------------------------
 */

/* Set up a materialized result set, as InitMaterializedSRF() does */
static Tuplestorestate *
begin_result_set(FunctionCallInfo fcinfo, TupleDesc *tupdesc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcontext;
	Tuplestorestate *tupstore;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("materialize mode required, but it is not allowed in this context")));

	oldcontext = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupstore = tuplestore_begin_heap(true, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tupstore;
	rsinfo->setDesc = *tupdesc;
	MemoryContextSwitchTo(oldcontext);
	return tupstore;
}

/* A server's name, or NULL if it was dropped */
static char *
server_name(Oid serverid)
{
	HeapTuple	tp = SearchSysCache1(FOREIGNSERVEROID, ObjectIdGetDatum(serverid));
	char	   *name;

	if (!HeapTupleIsValid(tp))
		return NULL;
	name = pstrdup(NameStr(((Form_pg_foreign_server) GETSTRUCT(tp))->srvname));
	ReleaseSysCache(tp);
	return name;
}

/*
 * rest_fdw_get_connections(): this backend's cached connections, one row
 * per server and user.
 */
Datum
rest_fdw_get_connections(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Tuplestorestate *tupstore = begin_result_set(fcinfo, &tupdesc);
	HASH_SEQ_STATUS scan;
	RestConnection *entry;

	if (ConnectionHash == NULL)
		PG_RETURN_VOID();

	hash_seq_init(&scan, ConnectionHash);
	while ((entry = (RestConnection *) hash_seq_search(&scan)) != NULL)
	{
		Datum		values[6];
		bool		nulls[6];
		char	   *srvname;
		char	   *username;

		if (entry->multi == NULL)
			continue;
		memset(nulls, 0, sizeof(nulls));
		srvname = server_name(entry->key.serverid);
		username = OidIsValid(entry->key.userid) ?
			GetUserNameFromId(entry->key.userid, true) : NULL;

		/* a dropped server's entry waits for its last transfer to end */
		if (srvname)
			values[0] = CStringGetTextDatum(srvname);
		else
			nulls[0] = true;
		if (username)
			values[1] = CStringGetTextDatum(username);
		else
			nulls[1] = true;
		values[2] = BoolGetDatum(!entry->invalidated);
		values[3] = BoolGetDatum(entry->in_use > 0);
		values[4] = Int64GetDatum(entry->requests);
		values[5] = Int64GetDatum(entry->connections);
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
	}
	PG_RETURN_VOID();
}

/* Close the entries of one server (or all, for InvalidOid) not in use */
static bool
disconnect_cached(Oid serverid)
{
	HASH_SEQ_STATUS scan;
	RestConnection *entry;
	bool		result = false;

	if (ConnectionHash == NULL)
		return false;

	hash_seq_init(&scan, ConnectionHash);
	while ((entry = (RestConnection *) hash_seq_search(&scan)) != NULL)
	{
		if (entry->multi == NULL ||
			(OidIsValid(serverid) && entry->key.serverid != serverid))
			continue;
		reap_drains(entry, true);
		if (entry->multi == NULL)
		{
			/* it was invalidated, and closed with its last handle */
			result = true;
			continue;
		}
		if (entry->in_use > 0)
		{
			char	   *name = server_name(entry->key.serverid);

			ereport(WARNING,
					(errmsg("cannot close connection for server \"%s\" because it is still in use",
							name ? name : "(dropped)")));
			continue;
		}
		close_entry(entry);
		result = true;
	}
	return result;
}

/*
 * rest_fdw_disconnect(server name): close this backend's connections to a
 * server.  Returns true if any were closed.
 */
Datum
rest_fdw_disconnect(PG_FUNCTION_ARGS)
{
	char	   *servername = text_to_cstring(PG_GETARG_TEXT_PP(0));
	ForeignServer *server = GetForeignServerByName(servername, false);

	PG_RETURN_BOOL(disconnect_cached(server->serverid));
}

/* rest_fdw_disconnect_all(): close all of this backend's connections */
Datum
rest_fdw_disconnect_all(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(disconnect_cached(InvalidOid));
}

/*
 * rest_fdw_http_stats(): this backend's cumulative HTTP figures per server
 */
Datum
rest_fdw_http_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Tuplestorestate *tupstore = begin_result_set(fcinfo, &tupdesc);
	HASH_SEQ_STATUS scan;
	RestServerStats *stats;

	if (StatsHash == NULL)
		PG_RETURN_VOID();

	hash_seq_init(&scan, StatsHash);
	while ((stats = (RestServerStats *) hash_seq_search(&scan)) != NULL)
	{
		Datum		values[7];
		bool		nulls[7];
		char	   *srvname = server_name(stats->serverid);

		/* figures of dropped servers are no use to anyone */
		if (srvname == NULL)
			continue;
		memset(nulls, 0, sizeof(nulls));
		values[0] = CStringGetTextDatum(srvname);
		values[1] = Int64GetDatum(stats->requests);
		values[2] = Int64GetDatum(stats->bytes);
		values[3] = Int64GetDatum(stats->errors);
		values[4] = Int64GetDatum(stats->retries);
		values[5] = Int64GetDatum(stats->connections);
		values[6] = Float8GetDatum(stats->time_ms);
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
	}
	PG_RETURN_VOID();
}
