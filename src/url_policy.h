/*-------------------------------------------------------------------------
 *
 * url_policy.h
 *		  Where requests may go, and with which credentials
 *
 * Every URL rest_fdw requests passes through here: the first URL of a
 * request, a redirect's Location and a next page's URL that the API gave.
 * The rules, decided here only:
 *
 *	- Every URL's host must be listed in rest_fdw.allowed_hosts, when that
 *	  is set (rest_url_check_allowed).
 *	- Credentials (secret headers, basic auth, the secret query parameter)
 *	  go only to the request's origin: the scheme, host and port of its
 *	  credentials_url (rest_url_sends_credentials).
 *	- A URL the API gave (a redirect or a next page) is followed to another
 *	  origin only when rest_fdw.allowed_hosts is set, and then without the
 *	  secret query parameter; on the same origin the parameter is added
 *	  back (rest_url_follow).  Only http and https are followed
 *	  (rest_url_is_http for redirects, rest_url_resolve_next for next
 *	  pages).
 *	- A URL shown in a message or EXPLAIN never carries the secret.
 *
 * Used by the transfer (http_client.c) and the pager (pagination.c).
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_URL_POLICY_H
#define REST_URL_POLICY_H

#include "http_client.h"

extern void rest_url_check_allowed(const char *url, const char *display_url,
								   const char *what);
extern bool rest_url_sends_credentials(const RestRequest *req, const char *url);
extern bool rest_url_is_http(const char *url);
extern bool rest_url_follow(const RestRequest *req, const char *target,
							char **url, char **display_url);
extern char *rest_url_resolve_next(const char *base_url, const char *ref,
								   const char *display_url);

#endif							/* REST_URL_POLICY_H */
