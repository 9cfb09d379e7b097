/*-------------------------------------------------------------------------
 *
 * url_policy.c
 *		  Where requests may go, and with which credentials
 *
 * See url_policy.h for the rules.  The checks are made on URLs as curl
 * parses them, so that the host compared is the host curl connects to.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <curl/curl.h>

#include "backend_text.h"
#include "http_util.h"
#include "option.h"
#include "url.h"
#include "url_policy.h"

/*
 * Check a URL against rest_fdw.allowed_hosts.  what says which URL it is
 * ("request", "redirect"), for the message.
 */
void
rest_url_check_allowed(const char *url, const char *display_url,
					   const char *what)
{
	CURLU	   *u;
	char	   *host = NULL;
	char	   *port = NULL;
	char	   *hostport = NULL;
	bool		allowed = false;
	const char *allowed_hosts = rest_allowed_hosts_list();

	if (allowed_hosts[0] == '\0')
		return;

	u = curl_url();
	if (u == NULL)
		rest_out_of_memory(NULL);
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
	{
		allowed = http_host_allowed(allowed_hosts, host, atol(port));
		hostport = psprintf("%s:%s", host, port);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);

	if (!allowed)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("host \"%s\" is not allowed by rest_fdw.allowed_hosts",
						hostport ? hostport : display_url),
				 errdetail("The %s URL is \"%s\".", what, display_url),
				 errhint("A superuser can add the host to rest_fdw.allowed_hosts.")));
}

/* May the request's credentials go with a request to url? */
bool
rest_url_sends_credentials(const RestRequest *req, const char *url)
{
	return url_same_origin(url, req->credentials_url ? req->credentials_url : req->url);
}

/* Is url absolute, with scheme http or https, the only ones followed? */
bool
rest_url_is_http(const char *url)
{
	return pg_strncasecmp(url, "http://", 7) == 0 ||
		pg_strncasecmp(url, "https://", 8) == 0;
}

/*
 * A URL the server gave (a redirect's Location, a next page's URL) for the
 * request req: in *url what to send, in *display_url what to show (without
 * the secret, made valid text: it is the server's).  The secret query
 * parameter stays with the server it belongs to: added back on the same
 * origin, taken out for another.  Returns false, with only *display_url
 * set, when the URL is on another origin and rest_fdw.allowed_hosts is not
 * set, so that it may not be followed; the caller says why.  Whether its
 * host is listed there is for rest_url_check_allowed().
 */
bool
rest_url_follow(const RestRequest *req, const char *target, char **url,
				char **display_url)
{
	const char *secret = req->secret_param;
	bool		same = rest_url_sends_credentials(req, target);
	char	   *shown;

	shown = secret ? rest_pstrdup_malloced(http_url_without_param(target, secret)) :
		(char *) target;
	*display_url = rest_remote_text(shown, strlen(shown));
	*url = NULL;
	if (!same && rest_allowed_hosts_list()[0] == '\0')
		return false;

	if (secret == NULL)
		*url = pstrdup(target);
	else if (http_url_has_param(target, secret))
		*url = same ? pstrdup(target) : shown;
	else if (same)
		*url = rest_pstrdup_malloced(url_add_param(target, secret,
												   req->secret_value));
	else
		*url = pstrdup(target);
	return true;
}

/*
 * Resolve a next-page reference (absolute or relative) against the URL the
 * page came from.  Only http and https are followed.
 */
char *
rest_url_resolve_next(const char *base_url, const char *ref,
					  const char *display_url)
{
	CURLU	   *u = curl_url();
	char	   *resolved = NULL;
	char	   *scheme = NULL;
	char	   *result = NULL;
	bool		ok = false;

	if (u == NULL)
		rest_out_of_memory(NULL);
	if (curl_url_set(u, CURLUPART_URL, base_url, 0) == CURLUE_OK &&
		curl_url_set(u, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		(pg_strcasecmp(scheme, "http") == 0 || pg_strcasecmp(scheme, "https") == 0) &&
		curl_url_get(u, CURLUPART_URL, &resolved, 0) == CURLUE_OK)
	{
		result = pstrdup(resolved);
		ok = true;
	}
	curl_free(resolved);
	curl_free(scheme);
	curl_url_cleanup(u);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid next page URL in response from \"%s\"",
						display_url),
				 errdetail("Only http and https URLs, absolute or relative, can be followed.")));
	return result;
}
