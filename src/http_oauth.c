/*-------------------------------------------------------------------------
 *
 * http_oauth.c
 *		  OAuth 2.0 access tokens for the requests of a user mapping that
 *		  has them (RFC 6749: client_credentials and refresh_token grants)
 *
 * A request whose RestRequest.oauth is set sends "Authorization: Bearer"
 * with an access token.  The token is the connection cache's for the
 * server and user (connection.c), kept for the lifetime the provider gave
 * less a margin (oauth2_lifetime_ms), shared by all scans of the backend
 * and dropped when the server or user mapping changes.  Otherwise it comes
 * from the token endpoint, in a transfer of its own: the same HTTP client,
 * with the server's TLS settings, rest_fdw.allowed_hosts, timeouts and
 * retries on connection errors, 429, 502, 503 and 504 (a token request may
 * be repeated: it is idempotent as far as the client is concerned).  Other
 * statuses are not retried; a 400, 401 or 403 is the provider's word on
 * the grant or the client (RFC 6749 5.2), raised with its error and
 * error_description, never with a secret.
 *
 * A provider that rotates refresh tokens sends a new one with the access
 * token; the connection cache keeps it for the next refresh in this
 * backend, as a catalog cannot be written from here.  What the body and
 * the response mean is plain C, in oauth2.c.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "backend_text.h"
#include "http_client_int.h"
#include "oauth2.h"
#include "option.h"
#include "url_policy.h"

/* A token response is small; more than this is not one */
#define REST_OAUTH_MAX_RESPONSE_BYTES	(64 * 1024)

/*
 * A secret oauth2.c malloc'd, as a palloc'd copy; the malloc'd one is
 * overwritten and freed before any ERROR (NULL: oauth2.c's out of memory).
 */
static char *
take_malloced_secret(char *s)
{
	char	   *copy = NULL;

	if (s)
	{
		size_t		len = strlen(s);

		copy = palloc_extended(len + 1, MCXT_ALLOC_NO_OOM);
		if (copy)
			memcpy(copy, s, len + 1);
		oauth2_free_secret(s);
	}
	if (copy == NULL)
		rest_out_of_memory(NULL);
	return copy;
}

static void
forget(char *s)
{
	if (s)
	{
		explicit_bzero(s, strlen(s));
		pfree(s);
	}
}

/* The provider's text, without the secrets that went into the request */
static char *
scrubbed(const RestOAuth *oa, const char *refresh, const char *text, size_t len)
{
	const char *secrets[3];
	char	   *plain = rest_remote_text(text, len);

	secrets[0] = oa->client_secret;
	secrets[1] = oa->refresh_token;
	secrets[2] = refresh;
	return take_malloced_secret(oauth2_scrub(plain, secrets, lengthof(secrets)));
}

/* What the user can do about an error the provider named */
static int
token_error_hint(const RestOAuth *oa, const char *error)
{
	if (error == NULL)
		return errhint("Check the server's oauth_token_url and the user mapping's oauth_* options.");
	if (strcmp(error, "invalid_grant") == 0 && oa->refresh_token)
		return errhint("The refresh token was revoked or has expired, or the provider rotated it in another session. Get a new one from the provider and set it with ALTER USER MAPPING ... OPTIONS (SET oauth_refresh_token '...').");
	if (strcmp(error, "invalid_client") == 0 || strcmp(error, "unauthorized_client") == 0)
		return errhint("Check oauth_client_id and oauth_client_secret in the user mapping, and oauth_client_auth: the provider may expect the client's credentials in the form body ('body') or in a Basic header ('basic').");
	if (strcmp(error, "invalid_scope") == 0)
		return errhint("Check option oauth_scope.");
	return errhint("Check the server's oauth_token_url and the user mapping's oauth_* options.");
}

/* The token endpoint answered with an error status: raise what it said */
static void
raise_token_error(const RestOAuth *oa, const char *refresh, RestTransfer *tt,
				  long status)
{
	const char *body;
	size_t		len;
	char	   *error = NULL;
	char	   *description = NULL;
	char	   *detail = NULL;
	char	   *excerpt;
	int			attempts = rest_transfer_attempts(tt);
	/* RFC 6749 5.2: the provider's answer to the grant or the client */
	bool		refused = (status == 400 || status == 401 || status == 403);
	int			rc;

	(void) rest_transfer_status(tt, &body, &len);
	rc = oauth2_parse_error(body, len, &error, &description);
	if (rc < 0)
		rest_out_of_memory(NULL);
	if (rc > 0)
	{
		/* out of malloc'd memory first, then scrubbed */
		char	   *e = take_malloced_secret(error);
		char	   *d = description ? take_malloced_secret(description) : NULL;

		error = scrubbed(oa, refresh, e, strlen(e));
		detail = d ? psprintf("%s: %s", error,
							  scrubbed(oa, refresh, d, strlen(d))) : error;
	}
	else if (len > 0)
	{
		excerpt = scrubbed(oa, refresh, body, len);
		detail = psprintf("Response body: %s%s", excerpt,
						  len == REST_ERROR_BODY_BYTES ? "..." : "");
	}
	rest_transfer_close(tt);

	ereport(ERROR,
			(errcode(refused ? ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION :
					 ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
			 errmsg("could not get an OAuth 2.0 access token from \"%s\": HTTP status %ld%s",
					oa->token_url, status,
					attempts > 1 ? psprintf(" after %d attempts", attempts) : ""),
			 detail ? errdetail_internal("%s", detail) : 0,
			 token_error_hint(oa, error)));
}

/* Ask the token endpoint for an access token; keep it in the cache */
static char *
fetch_token(const RestRequest *req, RestConnection *conn)
{
	const RestOAuth *oa = req->oauth;
	const char *refresh = oa->refresh_token ?
		rest_connection_refresh_token(conn, oa->refresh_token) : NULL;
	OAuth2Grant grant;
	OAuth2Token token;
	RestRequest treq;
	RestTransfer *tt;
	const char *body;
	const char *ignored;
	size_t		len;
	long		status;
	char		problem[256];
	char	   *access;
	int			rc;

	memset(&grant, 0, sizeof(grant));
	grant.client_id = oa->client_id;
	grant.client_secret = oa->client_secret;
	grant.refresh_token = refresh;
	grant.scope = oa->scope;
	grant.audience = oa->audience;
	grant.basic_auth = oa->basic_auth;

	memset(&treq, 0, sizeof(treq));
	treq.method = "POST";
	treq.url = oa->token_url;
	treq.display_url = oa->token_url;	/* the validator kept userinfo out */
	treq.credentials_url = oa->token_url;
	treq.body = take_malloced_secret(oauth2_form_body(&grant));
	treq.headers = list_make2(rest_header_make("Content-Type",
											   pstrdup("application/x-www-form-urlencoded"),
											   false),
							  rest_header_make("Accept", pstrdup("application/json"),
											   false));
	if (oauth2_uses_basic(&grant))
		treq.headers = lappend(treq.headers,
							   rest_header_make("Authorization",
												take_malloced_secret(oauth2_basic_credentials(oa->client_id,
																							  oa->client_secret)),
												true));
	treq.timeout_ms = req->timeout_ms;
	treq.connect_timeout_ms = req->connect_timeout_ms;
	treq.max_response_bytes = REST_OAUTH_MAX_RESPONSE_BYTES;
	treq.max_decompression_ratio = req->max_decompression_ratio;
	treq.ssl_verify = req->ssl_verify;
	treq.ca_file = req->ca_file;
	treq.serverid = req->serverid;
	treq.userid = req->userid;
	treq.max_retries = req->max_retries;
	treq.retry_backoff_ms = req->retry_backoff_ms;
	treq.idempotent = true;
	treq.counters = req->counters;
	treq.status_to_caller = true;

	rest_url_check_allowed(oa->token_url, oa->token_url, "token endpoint");
	tt = rest_transfer_begin(&treq, NULL);
	while (rest_transfer_fetch(tt))
		;
	status = rest_transfer_status(tt, &ignored, &len);
	if (status >= 400)
		raise_token_error(oa, refresh, tt, status);

	body = rest_transfer_body(tt, &len);
	rc = oauth2_parse_token(body, len, &token, problem, sizeof(problem));
	rest_transfer_close(tt);
	forget((char *) treq.body);
	if (rc < 0)
		rest_out_of_memory(NULL);
	if (rc == 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("the token endpoint \"%s\" did not answer with an OAuth 2.0 access token",
						oa->token_url),
				 errdetail_internal("%s", problem),
				 errhint("Check that oauth_token_url is the provider's token endpoint.")));

	/* out of malloc'd memory before anything can raise an error */
	access = pstrdup(token.access_token);
	PG_TRY();
	{
		rest_connection_set_access_token(conn, access,
										 oauth2_lifetime_ms(token.expires_in));
		if (token.refresh_token && refresh &&
			strcmp(token.refresh_token, refresh) != 0)
			rest_connection_set_refresh_token(conn, oa->refresh_token,
											  token.refresh_token);
	}
	PG_FINALLY();
	{
		oauth2_token_free(&token);
	}
	PG_END_TRY();
	return access;
}

/*
 * The access token for a request of req, palloc'd: the cached one, unless
 * the API has just rejected it (rejected), or a new one.
 */
char *
rest_http_oauth_token(const RestRequest *req, RestConnection *conn,
					  const char *rejected)
{
	const char *cached = rest_connection_access_token(conn);

	if (cached && (rejected == NULL || strcmp(cached, rejected) != 0))
		return pstrdup(cached);
	if (cached)
		rest_connection_forget_access_token(conn);
	return fetch_token(req, conn);
}
