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
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

#include "connection.h"
#include "rest_fdw.h"

/* Idle easy handles kept per entry (more are created when pages overlap) */
#define REST_IDLE_HANDLES		8

/* Idle keep-alive connections a multi handle keeps open */
#define REST_MAX_IDLE_CONNECTIONS	16

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
};

static HTAB *ConnectionHash = NULL;
static HTAB *StatsHash = NULL;

PG_FUNCTION_INFO_V1(rest_fdw_get_connections);
PG_FUNCTION_INFO_V1(rest_fdw_disconnect);
PG_FUNCTION_INFO_V1(rest_fdw_disconnect_all);
PG_FUNCTION_INFO_V1(rest_fdw_http_stats);

static void close_entry(RestConnection *entry);

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

		if (entry->multi == NULL)
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
		rest_http_cancel_drains(entry);
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
 * The ERROR for an allocation that failed outside palloc: curl's, or a
 * malloc'd buffer's.  detail, already translated, says what could not be
 * done, or is NULL.
 */
void
rest_out_of_memory(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory"),
			 detail ? errdetail_internal("%s", detail) : 0));
}

/*
 * A palloc'd copy of a malloc'd string (from url.c or http_util.c), which
 * is freed; NULL, their out of memory, is the ERROR.
 */
char *
rest_pstrdup_malloced(char *str)
{
	char	   *copy;

	if (str == NULL)
		rest_out_of_memory(NULL);
	copy = pstrdup(str);
	free(str);
	return copy;
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
	}

	if (entry->multi && entry->invalidated && entry->in_use == 0)
		close_entry(entry);

	if (entry->multi == NULL)
	{
		rest_http_init();
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
		rest_http_cancel_drains(entry);
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
