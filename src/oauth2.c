/*-------------------------------------------------------------------------
 *
 * oauth2.c
 *	  OAuth 2.0 token requests and responses (RFC 6749), without
 *	  PostgreSQL headers.
 *
 * See oauth2.h for the contract.  The response is read with jansson, which
 * rejects what is not JSON; every value taken from it is checked before it
 * goes anywhere: an access token becomes a header line, so it must hold
 * only the characters RFC 6749 appendix A.12 allows (printable ASCII).
 *
 *-------------------------------------------------------------------------
 */
#include "oauth2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static char *dup_len(const char *s, size_t n);

/* A growing malloc'd string; on failure the text is freed and NULL kept */
typedef struct Buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} Buf;

static bool
buf_reserve(Buf *b, size_t more)
{
	char	   *grown;
	size_t		cap;

	if (b->data == NULL && b->cap == (size_t) -1)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap *= 2;
	grown = realloc(b->data, cap);
	if (grown == NULL)
	{
		oauth2_free_secret(b->data);
		b->data = NULL;
		b->cap = (size_t) -1;	/* failed: stays failed */
		return false;
	}
	b->data = grown;
	b->cap = cap;
	return true;
}

static void
buf_add(Buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/*
 * application/x-www-form-urlencoded, as RFC 6749 appendix B asks: bytes
 * other than ALPHA, DIGIT and "*-._" as %XX, a space as "+".
 */
static void
buf_add_encoded(Buf *b, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *) value; *p; p++)
	{
		unsigned char c = *p;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '*' || c == '-' || c == '.' ||
			c == '_')
			buf_add(b, (const char *) p, 1);
		else if (c == ' ')
			buf_add(b, "+", 1);
		else
		{
			char		esc[3];

			esc[0] = '%';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 15];
			buf_add(b, esc, 3);
		}
	}
}

static void
buf_add_param(Buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	if (b->len > 0)
		buf_add(b, "&", 1);
	buf_add(b, name, strlen(name));
	buf_add(b, "=", 1);
	buf_add_encoded(b, value);
}

/* What a Buf built, or NULL if it ran out of memory */
static char *
buf_result(Buf *b)
{
	if (b->data == NULL && b->cap != (size_t) -1)
		return dup_len("", 0);
	return b->data;
}

const char *
oauth2_grant_type(const OAuth2Grant *grant)
{
	return grant->refresh_token ? "refresh_token" : "client_credentials";
}

/*
 * Basic authentication needs a client secret: a public client (a client id
 * alone) names itself in the body, as RFC 6749 section 2.3.1 has it.
 */
bool
oauth2_uses_basic(const OAuth2Grant *grant)
{
	return grant->basic_auth && grant->client_id && grant->client_secret;
}

char *
oauth2_form_encode(const char *value)
{
	Buf			b = {NULL, 0, 0};

	buf_add_encoded(&b, value);
	return buf_result(&b);
}

/* The body of the token request (RFC 6749 sections 4.4.2 and 6) */
char *
oauth2_form_body(const OAuth2Grant *grant)
{
	Buf			b = {NULL, 0, 0};

	buf_add_param(&b, "grant_type", oauth2_grant_type(grant));
	buf_add_param(&b, "refresh_token", grant->refresh_token);
	buf_add_param(&b, "scope", grant->scope);
	buf_add_param(&b, "audience", grant->audience);
	if (!oauth2_uses_basic(grant))
	{
		buf_add_param(&b, "client_id", grant->client_id);
		buf_add_param(&b, "client_secret", grant->client_secret);
	}
	return buf_result(&b);
}

/*
 * The value of an Authorization header for the client's credentials: each
 * form-encoded first (RFC 6749 section 2.3.1), then joined by ":" and
 * base64-encoded.
 */
char *
oauth2_basic_credentials(const char *client_id, const char *client_secret)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	Buf			plain = {NULL, 0, 0};
	Buf			out = {NULL, 0, 0};
	size_t		i;

	buf_add_encoded(&plain, client_id);
	buf_add(&plain, ":", 1);
	buf_add_encoded(&plain, client_secret);
	if (plain.data == NULL)
		return NULL;

	buf_add(&out, "Basic ", 6);
	for (i = 0; i < plain.len; i += 3)
	{
		const unsigned char *s = (const unsigned char *) plain.data + i;
		size_t		n = plain.len - i < 3 ? plain.len - i : 3;
		unsigned long v = (unsigned long) s[0] << 16;
		char		quad[4];

		if (n > 1)
			v |= (unsigned long) s[1] << 8;
		if (n > 2)
			v |= s[2];
		quad[0] = alphabet[(v >> 18) & 63];
		quad[1] = alphabet[(v >> 12) & 63];
		quad[2] = n > 1 ? alphabet[(v >> 6) & 63] : '=';
		quad[3] = n > 2 ? alphabet[v & 63] : '=';
		buf_add(&out, quad, 4);
	}
	oauth2_free_secret(plain.data);
	return out.data;
}

/*
 * A token as RFC 6749 appendix A.12 and A.17 spell it: one or more
 * printable ASCII characters.  What goes into a header line can hold no
 * line break.
 */
bool
oauth2_token_text_ok(const char *text, size_t len)
{
	size_t		i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char) text[i] < 0x20 || (unsigned char) text[i] > 0x7e)
			return false;
	return true;
}

static json_t *
load_object(const char *body, size_t len)
{
	json_error_t jerr;
	json_t	   *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);

	if (root != NULL && !json_is_object(root))
	{
		json_decref(root);
		root = NULL;
	}
	return root;
}

/* expires_in: a number of seconds, also as a string of digits (some send that) */
static bool
read_expires_in(json_t *value, long long *seconds)
{
	long long	v = 0;

	if (json_is_integer(value))
		v = (long long) json_integer_value(value);
	else if (json_is_real(value))
	{
		double		d = json_real_value(value);

		if (!(d >= 0))
			return false;
		v = d > (double) OAUTH2_MAX_EXPIRES_IN ? OAUTH2_MAX_EXPIRES_IN : (long long) d;
	}
	else if (json_is_string(value))
	{
		const char *s = json_string_value(value);
		size_t		i;
		size_t		n = json_string_length(value);

		if (n == 0)
			return false;
		for (i = 0; i < n; i++)
		{
			if (s[i] < '0' || s[i] > '9')
				return false;
			if (v <= OAUTH2_MAX_EXPIRES_IN)
				v = v * 10 + (s[i] - '0');
		}
	}
	else
		return false;
	if (v < 0)
		return false;
	*seconds = v > OAUTH2_MAX_EXPIRES_IN ? OAUTH2_MAX_EXPIRES_IN : v;
	return true;
}

/* token_type (RFC 6749 section 7.1), compared without regard to case */
static bool
is_bearer(json_t *type)
{
	const char *s = json_string_value(type);
	const char *want = "bearer";
	size_t		i;

	if (!json_is_string(type) || json_string_length(type) != strlen(want))
		return false;
	for (i = 0; want[i]; i++)
		if ((s[i] | 0x20) != want[i])
			return false;
	return true;
}

static char *
dup_len(const char *s, size_t n)
{
	char	   *d = malloc(n + 1);

	if (d)
	{
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

int
oauth2_parse_token(const char *body, size_t len, OAuth2Token *token,
				   char *problem, size_t problemlen)
{
	json_t	   *root = load_object(body, len);
	json_t	   *access;
	json_t	   *type;
	json_t	   *refresh;
	json_t	   *expires;
	const char *why = NULL;
	bool		rotated;

	memset(token, 0, sizeof(*token));
	token->expires_in = -1;
	if (root == NULL)
	{
		snprintf(problem, problemlen, "The response is not a JSON object.");
		return 0;
	}
	access = json_object_get(root, "access_token");
	type = json_object_get(root, "token_type");
	refresh = json_object_get(root, "refresh_token");
	expires = json_object_get(root, "expires_in");

	if (!json_is_string(access))
		why = "The response has no access_token string.";
	else if (!oauth2_token_text_ok(json_string_value(access),
								   json_string_length(access)))
		why = "The access_token is empty or holds characters other than printable ASCII.";
	else if (type != NULL && !is_bearer(type))
		why = "The token_type is not \"Bearer\".";
	else if (refresh != NULL && !json_is_null(refresh) &&
			 !(json_is_string(refresh) &&
			   oauth2_token_text_ok(json_string_value(refresh),
									json_string_length(refresh))))
		why = "The refresh_token is not a string of printable ASCII characters.";
	else if (expires != NULL && !json_is_null(expires) &&
			 !read_expires_in(expires, &token->expires_in))
		why = "The expires_in is not a number of seconds.";
	if (why)
	{
		snprintf(problem, problemlen, "%s", why);
		json_decref(root);
		return 0;
	}

	rotated = json_is_string(refresh);
	token->access_token = dup_len(json_string_value(access),
								  json_string_length(access));
	if (rotated)
		token->refresh_token = dup_len(json_string_value(refresh),
									   json_string_length(refresh));
	json_decref(root);
	if (token->access_token == NULL || (rotated && token->refresh_token == NULL))
	{
		oauth2_token_free(token);
		return -1;
	}
	return 1;
}

/* Free a token's strings, overwritten first: they are secrets */
void
oauth2_token_free(OAuth2Token *token)
{
	oauth2_free_secret(token->access_token);
	oauth2_free_secret(token->refresh_token);
	token->access_token = NULL;
	token->refresh_token = NULL;
}

void
oauth2_free_secret(char *secret)
{
	if (secret)
	{
		volatile char *p = secret;

		while (*p)
			*p++ = '\0';
		free(secret);
	}
}

/* An error response: {"error": "invalid_grant", "error_description": "..."} */
int
oauth2_parse_error(const char *body, size_t len, char **error,
				   char **description)
{
	json_t	   *root = load_object(body, len);
	json_t	   *err;
	json_t	   *desc;
	bool		described;

	*error = NULL;
	*description = NULL;
	if (root == NULL)
		return 0;
	err = json_object_get(root, "error");
	desc = json_object_get(root, "error_description");
	if (!json_is_string(err) || json_string_length(err) == 0)
	{
		json_decref(root);
		return 0;
	}
	described = json_is_string(desc);
	*error = dup_len(json_string_value(err), json_string_length(err));
	if (described)
		*description = dup_len(json_string_value(desc), json_string_length(desc));
	json_decref(root);
	if (*error == NULL || (described && *description == NULL))
	{
		free(*error);
		free(*description);
		*error = *description = NULL;
		return -1;
	}
	return 1;
}

/*
 * How long a token is used, in milliseconds, from when its response
 * arrived: its expires_in less a margin for the time a request takes to
 * reach the API (a tenth of the lifetime, at most OAUTH2_MAX_MARGIN_MS),
 * so that a token is not sent just as it expires.  0: use it for the
 * request it was fetched for only.  -1 (no expires_in): until the API
 * rejects it.
 */
long long
oauth2_lifetime_ms(long long expires_in)
{
	long long	ms;
	long long	margin;

	if (expires_in < 0)
		return -1;
	if (expires_in > OAUTH2_MAX_EXPIRES_IN)
		expires_in = OAUTH2_MAX_EXPIRES_IN;
	ms = expires_in * 1000;
	margin = ms / 10;
	if (margin > OAUTH2_MAX_MARGIN_MS)
		margin = OAUTH2_MAX_MARGIN_MS;
	return ms - margin;
}

/*
 * text with every occurrence of the secrets (NULL or shorter than 4 bytes
 * ones are skipped) replaced by "[secret]": a token endpoint may echo what
 * it was sent in its error_description.
 */
char *
oauth2_scrub(const char *text, const char *const *secrets, int nsecrets)
{
	Buf			b = {NULL, 0, 0};
	const char *p = text;

	while (*p)
	{
		size_t		match = 0;
		int			i;

		for (i = 0; i < nsecrets; i++)
		{
			size_t		n = secrets[i] ? strlen(secrets[i]) : 0;

			if (n >= 4 && n > match && strncmp(p, secrets[i], n) == 0)
				match = n;
		}
		if (match)
		{
			buf_add(&b, "[secret]", 8);
			p += match;
		}
		else
		{
			buf_add(&b, p, 1);
			p++;
		}
	}
	return buf_result(&b);
}
