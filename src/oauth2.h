/*-------------------------------------------------------------------------
 *
 * oauth2.h
 *		  OAuth 2.0 token requests and responses (RFC 6749), without
 *		  PostgreSQL headers
 *
 * What a token request sends and what its answer means, apart from the
 * transfer that carries them (http_oauth.c): the form body of a
 * client_credentials or refresh_token grant, with RFC 6749 appendix B's
 * escaping; the client's HTTP Basic credentials (section 2.3.1); the
 * token response (section 5.1) and the error response (section 5.2);
 * how long a token is used; and the scrubbing of secrets from text that a
 * token endpoint sent back.  Plain C99, so that it can be unit-tested and
 * fuzzed on its own (test/unit/test_oauth2.c, test/fuzz/fuzz_oauth2.c):
 * a token response is remote bytes.
 *
 * Every string returned is malloc'd, NULL when out of memory.  Messages
 * (problem buffers) never quote a token.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_OAUTH2_H
#define REST_OAUTH2_H

#include <stdbool.h>
#include <stddef.h>

/* A grant: refresh_token when a refresh token is given, else client_credentials */
typedef struct OAuth2Grant
{
	const char *client_id;		/* NULL: none */
	const char *client_secret;	/* NULL: a public client */
	const char *refresh_token;	/* NULL: client_credentials */
	const char *scope;			/* NULL: the provider's default */
	const char *audience;		/* NULL: none */
	bool		basic_auth;		/* client credentials in a Basic header */
} OAuth2Grant;

/* A successful token response */
typedef struct OAuth2Token
{
	char	   *access_token;
	char	   *refresh_token;	/* a rotated refresh token, or NULL */
	long long	expires_in;		/* seconds; -1 when the response has none */
} OAuth2Token;

/* Token lifetimes longer than this (ten years) are taken as this */
#define OAUTH2_MAX_EXPIRES_IN	(10LL * 365 * 24 * 3600)

/* A token is dropped this long before it expires, at most (see lifetime) */
#define OAUTH2_MAX_MARGIN_MS	30000

extern const char *oauth2_grant_type(const OAuth2Grant *grant);
extern bool oauth2_uses_basic(const OAuth2Grant *grant);
extern char *oauth2_form_encode(const char *value);
extern char *oauth2_form_body(const OAuth2Grant *grant);
extern char *oauth2_basic_credentials(const char *client_id,
									  const char *client_secret);

/* 1: parsed; 0: not a usable token response (problem says why); -1: no memory */
extern int	oauth2_parse_token(const char *body, size_t len, OAuth2Token *token,
							   char *problem, size_t problemlen);
extern void oauth2_token_free(OAuth2Token *token);

/* 1: an error response, *error (and *description, or NULL) set; 0: not one; -1: no memory */
extern int	oauth2_parse_error(const char *body, size_t len, char **error,
							   char **description);

extern long long oauth2_lifetime_ms(long long expires_in);
extern bool oauth2_token_text_ok(const char *text, size_t len);
extern char *oauth2_scrub(const char *text, const char *const *secrets,
						  int nsecrets);
extern void oauth2_free_secret(char *secret);

#endif							/* REST_OAUTH2_H */
