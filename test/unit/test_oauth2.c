/*-------------------------------------------------------------------------
 *
 * test_oauth2.c
 *	  Unit tests for src/oauth2.c: token request bodies, Basic
 *	  credentials, token and error responses, lifetimes, scrubbing.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "oauth2.h"
#include "unit.h"

static void
check_body(const OAuth2Grant *grant, const char *expected)
{
	char	   *body = oauth2_form_body(grant);

	CHECK_STR(body, expected);
	free(body);
}

static void
check_bad_token(const char *json, const char *expected)
{
	OAuth2Token token;
	char		problem[256];

	CHECK_INT(oauth2_parse_token(json, strlen(json), &token, problem,
								 sizeof(problem)), 0);
	CHECK(token.access_token == NULL);
	CHECK(strstr(problem, expected) != NULL);
}

static void
check_expires(const char *json, long long expected)
{
	OAuth2Token token;
	char		problem[256];

	CHECK_INT(oauth2_parse_token(json, strlen(json), &token, problem,
								 sizeof(problem)), 1);
	CHECK_INT(token.expires_in, expected);
	oauth2_token_free(&token);
}

int
main(void)
{
	OAuth2Grant grant;
	OAuth2Token token;
	char		problem[256];
	char	   *s;
	char	   *error;
	char	   *description;
	const char *secrets[3];

	unit_context = "form encoding";
	s = oauth2_form_encode("a b&c=d+e/f%~*-._\xc3\xa9");
	CHECK_STR(s, "a+b%26c%3Dd%2Be%2Ff%25%7E*-._%C3%A9");
	free(s);
	s = oauth2_form_encode("");
	CHECK_STR(s, "");
	free(s);

	unit_context = "client_credentials in the body";
	memset(&grant, 0, sizeof(grant));
	grant.client_id = "my client";
	grant.client_secret = "s&cr=t";
	grant.scope = "read write";
	check_body(&grant, "grant_type=client_credentials&scope=read+write&client_id=my+client&client_secret=s%26cr%3Dt");
	CHECK_STR(oauth2_grant_type(&grant), "client_credentials");
	CHECK(!oauth2_uses_basic(&grant));

	unit_context = "client_credentials with Basic";
	grant.basic_auth = true;
	grant.audience = "https://api.example.com/";
	check_body(&grant, "grant_type=client_credentials&scope=read+write&audience=https%3A%2F%2Fapi.example.com%2F");
	CHECK(oauth2_uses_basic(&grant));

	unit_context = "refresh_token grant";
	memset(&grant, 0, sizeof(grant));
	grant.client_id = "app";
	grant.refresh_token = "rt/1+2==";
	grant.basic_auth = true;	/* no secret: a public client, in the body */
	CHECK(!oauth2_uses_basic(&grant));
	CHECK_STR(oauth2_grant_type(&grant), "refresh_token");
	check_body(&grant, "grant_type=refresh_token&refresh_token=rt%2F1%2B2%3D%3D&client_id=app");

	unit_context = "Basic credentials";
	s = oauth2_basic_credentials("Aladdin", "open sesame");
	/* "Aladdin:open+sesame", the space form-encoded first */
	CHECK_STR(s, "Basic QWxhZGRpbjpvcGVuK3Nlc2FtZQ==");
	free(s);
	s = oauth2_basic_credentials("a", "b:");
	CHECK_STR(s, "Basic YTpiJTNB");
	free(s);
	s = oauth2_basic_credentials("ab", "c");
	CHECK_STR(s, "Basic YWI6Yw==");
	free(s);
	s = oauth2_basic_credentials("abc", "de");
	CHECK_STR(s, "Basic YWJjOmRl");
	free(s);

	unit_context = "token response";
	s = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rt-2\",\"scope\":\"read\"}";
	CHECK_INT(oauth2_parse_token(s, strlen(s), &token, problem, sizeof(problem)), 1);
	CHECK_STR(token.access_token, "at-1");
	CHECK_STR(token.refresh_token, "rt-2");
	CHECK_INT(token.expires_in, 3600);
	oauth2_token_free(&token);
	CHECK(token.access_token == NULL && token.refresh_token == NULL);

	s = "{\"access_token\":\"x\",\"token_type\":\"bEaReR\"}";
	CHECK_INT(oauth2_parse_token(s, strlen(s), &token, problem, sizeof(problem)), 1);
	CHECK(token.refresh_token == NULL);
	CHECK_INT(token.expires_in, -1);
	oauth2_token_free(&token);

	check_expires("{\"access_token\":\"x\",\"expires_in\":\"120\"}", 120);
	check_expires("{\"access_token\":\"x\",\"expires_in\":0}", 0);
	check_expires("{\"access_token\":\"x\",\"expires_in\":59.9}", 59);
	check_expires("{\"access_token\":\"x\",\"expires_in\":null,\"refresh_token\":null}", -1);
	check_expires("{\"access_token\":\"x\",\"expires_in\":1e300}", OAUTH2_MAX_EXPIRES_IN);
	/* jansson's integers end at 2^63: beyond, not JSON it reads */
	check_bad_token("{\"access_token\":\"x\",\"expires_in\":99999999999999999999999999}", "not a JSON object");
	check_expires("{\"access_token\":\"x\",\"expires_in\":\"99999999999999999999999999\"}", OAUTH2_MAX_EXPIRES_IN);

	unit_context = "bad token responses";
	check_bad_token("", "not a JSON object");
	check_bad_token("[1]", "not a JSON object");
	check_bad_token("{\"access_token\":\"a\",\"access_token\":\"b\"}", "not a JSON object");
	check_bad_token("{}", "no access_token");
	check_bad_token("{\"access_token\":42}", "no access_token");
	check_bad_token("{\"access_token\":\"\"}", "printable ASCII");
	check_bad_token("{\"access_token\":\"a\\r\\nX-Evil: 1\"}", "printable ASCII");
	check_bad_token("{\"access_token\":\"a\\u0000b\"}", "not a JSON object");
	check_bad_token("{\"access_token\":\"caf\\u00e9\"}", "printable ASCII");
	check_bad_token("{\"access_token\":\"a\",\"token_type\":\"mac\"}", "not \"Bearer\"");
	check_bad_token("{\"access_token\":\"a\",\"token_type\":\"bearer \"}", "not \"Bearer\"");
	check_bad_token("{\"access_token\":\"a\",\"refresh_token\":\"\\n\"}", "refresh_token");
	check_bad_token("{\"access_token\":\"a\",\"expires_in\":-5}", "expires_in");
	check_bad_token("{\"access_token\":\"a\",\"expires_in\":\"5s\"}", "expires_in");
	check_bad_token("{\"access_token\":\"a\",\"expires_in\":true}", "expires_in");
	/* no message quotes the token */
	check_bad_token("{\"access_token\":\"secret\\n\"}", "access_token");
	CHECK(strstr(problem, "secret") == NULL);

	unit_context = "error responses";
	s = "{\"error\":\"invalid_grant\",\"error_description\":\"Token revoked\"}";
	CHECK_INT(oauth2_parse_error(s, strlen(s), &error, &description), 1);
	CHECK_STR(error, "invalid_grant");
	CHECK_STR(description, "Token revoked");
	free(error);
	free(description);
	s = "{\"error\":\"invalid_client\"}";
	CHECK_INT(oauth2_parse_error(s, strlen(s), &error, &description), 1);
	CHECK_STR(error, "invalid_client");
	CHECK(description == NULL);
	free(error);
	s = "<html>no</html>";
	CHECK_INT(oauth2_parse_error(s, strlen(s), &error, &description), 0);
	CHECK(error == NULL && description == NULL);
	s = "{\"error\":\"\"}";
	CHECK_INT(oauth2_parse_error(s, strlen(s), &error, &description), 0);
	s = "{\"error\":{\"code\":1}}";
	CHECK_INT(oauth2_parse_error(s, strlen(s), &error, &description), 0);

	unit_context = "lifetime";
	CHECK_INT(oauth2_lifetime_ms(-1), -1);
	CHECK_INT(oauth2_lifetime_ms(0), 0);
	CHECK_INT(oauth2_lifetime_ms(1), 900);
	CHECK_INT(oauth2_lifetime_ms(60), 54000);
	CHECK_INT(oauth2_lifetime_ms(3600), 3600000 - OAUTH2_MAX_MARGIN_MS);
	CHECK_INT(oauth2_lifetime_ms(OAUTH2_MAX_EXPIRES_IN * 2),
			  OAUTH2_MAX_EXPIRES_IN * 1000 - OAUTH2_MAX_MARGIN_MS);

	unit_context = "scrub";
	secrets[0] = "hunter22";
	secrets[1] = NULL;
	secrets[2] = "abc";			/* too short to scrub: would hide words */
	s = oauth2_scrub("bad secret hunter22, hunter22!", secrets, 3);
	CHECK_STR(s, "bad secret [secret], [secret]!");
	free(s);
	s = oauth2_scrub("abc", secrets, 3);
	CHECK_STR(s, "abc");
	free(s);
	secrets[1] = "hunter2";		/* the longest match wins */
	s = oauth2_scrub("hunter22 hunter2", secrets, 2);
	CHECK_STR(s, "[secret] [secret]");
	free(s);
	s = oauth2_scrub("", secrets, 2);
	CHECK_STR(s, "");
	free(s);

	unit_context = "token text";
	CHECK(oauth2_token_text_ok("a~Z 0", 5));
	CHECK(!oauth2_token_text_ok("", 0));
	CHECK(!oauth2_token_text_ok("a\x7f", 2));

	return UNIT_REPORT();
}
