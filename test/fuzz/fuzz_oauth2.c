/*-------------------------------------------------------------------------
 *
 * fuzz_oauth2.c
 *	  libFuzzer target for src/oauth2.c on arbitrary bytes: what a token
 *	  endpoint answers, and option values that go into a token request.
 *
 *	  Besides memory safety, it checks properties that must hold for any
 *	  input: an access or refresh token taken from a response is printable
 *	  ASCII (it becomes a header line); a form-encoded value holds only
 *	  unreserved characters, "+" and "%XX"; scrubbing leaves no secret in
 *	  the text (one not spelt with the marker's letters).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oauth2.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	OAuth2Token token;
	char		problem[256];
	char	   *error;
	char	   *description;
	char	   *text;
	char	   *out;
	const char *p;
	const char *secrets[2];
	size_t		half;

	if (oauth2_parse_token(s, size, &token, problem, sizeof(problem)) == 1)
	{
		if (!oauth2_token_text_ok(token.access_token, strlen(token.access_token)) ||
			(token.refresh_token &&
			 !oauth2_token_text_ok(token.refresh_token, strlen(token.refresh_token))) ||
			token.expires_in < -1 || token.expires_in > OAUTH2_MAX_EXPIRES_IN)
			abort();
		(void) oauth2_lifetime_ms(token.expires_in);
		oauth2_token_free(&token);
	}
	else if (token.access_token != NULL || strlen(problem) == 0)
		abort();
	if (oauth2_parse_error(s, size, &error, &description) == 1)
	{
		if (error == NULL)
			abort();
		free(error);
		free(description);
	}

	/* the bytes as a C string, for the request side */
	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	out = oauth2_form_encode(text);
	if (out == NULL)
		abort();
	for (p = out; *p; p++)
		if (!(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._+%", *p)))
			abort();
	free(out);
	out = oauth2_basic_credentials(text, text);
	if (out == NULL || strncmp(out, "Basic ", 6) != 0)
		abort();
	free(out);

	/* the second half of the text as a secret inside the whole */
	half = strlen(text) / 2;
	secrets[0] = text + half;
	secrets[1] = NULL;
	out = oauth2_scrub(text, secrets, 2);
	if (out == NULL)
		abort();
	/* (a secret spelt with the marker's letters may meet one) */
	if (strlen(secrets[0]) >= 4 && strpbrk(secrets[0], "[secrt]") == NULL &&
		strstr(out, secrets[0]) != NULL)
		abort();
	free(out);
	free(text);
	return 0;
}
