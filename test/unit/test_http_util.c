/*-------------------------------------------------------------------------
 *
 * test_http_util.c
 *	  Unit tests for src/http_util.c: HTTP dates, Retry-After, backoff,
 *	  Link headers, allowed-host patterns, query parameters.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "http_util.h"

/* 1994-11-06 08:49:37 UTC, the example of RFC 9110 */
#define RFC_EPOCH 784111777LL

static void
check_link(const char *value, const char *rel, const char *expected)
{
	int			oom = 0;
	char	   *target = http_link_target(value, rel, &oom);

	CHECK_INT(oom, 0);
	if (expected == NULL)
		CHECK(target == NULL);
	else
		CHECK_STR(target, expected);
	free(target);
}

static void
check_without(const char *url, const char *name, const char *expected)
{
	char	   *result = http_url_without_param(url, name);

	CHECK_STR(result, expected);
	free(result);
}

static void
test_dates(void)
{
	long long	t = 0;

	unit_context = "dates";
	CHECK(http_parse_date("Sun, 06 Nov 1994 08:49:37 GMT", &t));
	CHECK_INT(t, RFC_EPOCH);
	CHECK(http_parse_date("Sunday, 06-Nov-94 08:49:37 GMT", &t));
	CHECK_INT(t, RFC_EPOCH);
	CHECK(http_parse_date("Sun Nov  6 08:49:37 1994", &t));
	CHECK_INT(t, RFC_EPOCH);
	CHECK(http_parse_date("  thu, 01 jan 1970 00:00:00 gmt  ", &t));
	CHECK_INT(t, 0);
	CHECK(http_parse_date("Thu, 29 Feb 2024 23:59:60 GMT", &t));
	CHECK_INT(t, 1709251200LL);
	CHECK(http_parse_date("Wed, 01-Jan-25 00:00:00 GMT", &t));
	CHECK_INT(t, 1735689600LL);
	CHECK(!http_parse_date("Sun, 06 Nov 1994 08:49:37", &t));
	CHECK(!http_parse_date("Sun, 06 Nov 1994 08:49:37 GMT x", &t));
	CHECK(!http_parse_date("Sun, 31 Feb 1994 08:49:37 GMT", &t));
	CHECK(!http_parse_date("Sun, 06 Foo 1994 08:49:37 GMT", &t));
	CHECK(!http_parse_date("Sun, 06 Nov 1994 24:00:00 GMT", &t));
	CHECK(!http_parse_date("", &t));
	CHECK(!http_parse_date("120", &t));
	CHECK(!http_parse_date("Sun Nov  6 08:49:37", &t));
}

static void
test_retry_after(void)
{
	long long	ms = -1;

	unit_context = "retry_after";
	CHECK(http_retry_after_ms("2", 0, &ms));
	CHECK_INT(ms, 2000);
	CHECK(http_retry_after_ms(" 0 ", 0, &ms));
	CHECK_INT(ms, 0);
	CHECK(http_retry_after_ms("Sun, 06 Nov 1994 08:49:40 GMT", RFC_EPOCH, &ms));
	CHECK_INT(ms, 3000);
	/* a date in the past means now */
	CHECK(http_retry_after_ms("Sun, 06 Nov 1994 08:49:40 GMT", RFC_EPOCH + 60, &ms));
	CHECK_INT(ms, 0);
	/* huge values saturate instead of overflowing */
	CHECK(http_retry_after_ms("99999999999999999999999999", 0, &ms));
	CHECK(ms > 0);
	CHECK(!http_retry_after_ms("-1", 0, &ms));
	CHECK(!http_retry_after_ms("1.5", 0, &ms));
	CHECK(!http_retry_after_ms("soon", 0, &ms));
	CHECK(!http_retry_after_ms("", 0, &ms));
}

static void
test_backoff(void)
{
	unit_context = "backoff";
	/* delay d: from d/2 (random 0) to just under d (random ~1) */
	CHECK_INT(http_backoff_ms(100, 1, 0.0, 60000), 50);
	CHECK_INT(http_backoff_ms(100, 1, 0.5, 60000), 75);
	CHECK_INT(http_backoff_ms(100, 2, 0.0, 60000), 100);
	CHECK_INT(http_backoff_ms(100, 3, 0.0, 60000), 200);
	CHECK_INT(http_backoff_ms(100, 3, 0.99, 60000), 398);
	CHECK_INT(http_backoff_ms(100, 50, 0.0, 1000), 500);
	CHECK_INT(http_backoff_ms(100, 1000000, 0.0, 60000), 30000);
	CHECK_INT(http_backoff_ms(0, 3, 0.5, 60000), 0);
	CHECK_INT(http_backoff_ms(1, 1, 0.0, 60000), 1);
}

static void
test_link(void)
{
	unit_context = "link";
	check_link("<https://api.github.com/repos?page=2>; rel=\"next\", "
			   "<https://api.github.com/repos?page=5>; rel=\"last\"",
			   "next", "https://api.github.com/repos?page=2");
	check_link("<https://h/p?page=5>; rel=\"last\", <https://h/p?page=2>; rel=\"next\"",
			   "next", "https://h/p?page=2");
	check_link("<https://h/p?page=5>; rel=\"last\"", "next", NULL);
	/* unquoted, upper case, in a list of relations */
	check_link("</items?after=x>; REL=Next", "next", "/items?after=x");
	check_link("<https://h/a>; rel=\"prev next\"", "next", "https://h/a");
	check_link("<https://h/a>; rel=\"nextish\"", "next", NULL);
	/* commas and semicolons inside the target, other parameters first */
	check_link("<https://h/a?x=1,2;y=3>; title=\"a, b; rel=next\"; rel=\"next\"",
			   "next", "https://h/a?x=1,2;y=3");
	/* only the first rel parameter counts */
	check_link("<https://h/a>; rel=last; rel=next, <https://h/b>; rel=next",
			   "next", "https://h/b");
	/* escapes in a quoted value */
	check_link("<https://h/a>; rel=\"n\\ext\"", "next", "https://h/a");
	/* garbage between links is skipped */
	check_link("junk, <https://h/a>; rel=next", "next", "https://h/a");
	check_link("<https://h/a", "next", NULL);
	check_link("", "next", NULL);
	check_link("<https://h/a>; rel=", "next", NULL);
	check_link("<https://h/a>; rel", "next", NULL);
}

static void
test_hosts(void)
{
	char		bad[16];

	unit_context = "hosts";
	CHECK(http_host_patterns_check("", bad, sizeof(bad)));
	CHECK(http_host_patterns_check("api.example.com, *.example.org:443 127.0.0.1:*", bad, sizeof(bad)));
	CHECK(http_host_patterns_check("[::1]:8080,*,*:80", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("ok.com, bad/host", bad, sizeof(bad)));
	CHECK_STR(bad, "bad/host");
	CHECK(!http_host_patterns_check("h:0", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("h:65536", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("h:", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check(":80", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("*.", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("a.*.com", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("[::1", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("http://h", bad, sizeof(bad)));
	CHECK(!http_host_patterns_check("averyveryverylonghost/x", bad, sizeof(bad)));
	CHECK_INT(strlen(bad), sizeof(bad) - 1);

	CHECK(!http_host_allowed("", "h", 80));
	CHECK(http_host_allowed("api.example.com", "API.Example.com", 443));
	CHECK(http_host_allowed("api.example.com", "api.example.com.", 443));
	CHECK(!http_host_allowed("api.example.com", "example.com", 443));
	CHECK(!http_host_allowed("api.example.com", "api.example.com.evil", 443));
	CHECK(http_host_allowed("*.example.com", "a.b.example.com", 80));
	CHECK(!http_host_allowed("*.example.com", "example.com", 80));
	CHECK(!http_host_allowed("*.example.com", "badexample.com", 80));
	CHECK(http_host_allowed("x, 127.0.0.1:8080", "127.0.0.1", 8080));
	CHECK(!http_host_allowed("x, 127.0.0.1:8080", "127.0.0.1", 8081));
	CHECK(http_host_allowed("127.0.0.1:*", "127.0.0.1", 1));
	CHECK(http_host_allowed("*", "anything", 1));
	CHECK(http_host_allowed("*:443", "anything", 443));
	CHECK(!http_host_allowed("*:443", "anything", 80));
	CHECK(http_host_allowed("[::1]:8080", "[::1]", 8080));
	CHECK(!http_host_allowed("[::1]:8080", "[::2]", 8080));
	/* a bad pattern in the list matches nothing, the others still work */
	CHECK(http_host_allowed("bad/, ok", "ok", 80));
}

static void
test_params(void)
{
	unit_context = "params";
	CHECK(http_url_has_param("http://h/p?a=1&api_key=x", "api_key"));
	CHECK(http_url_has_param("http://h/p?api%5Fkey=x", "api_key"));
	CHECK(http_url_has_param("http://h/p?flag&b=2", "flag"));
	CHECK(!http_url_has_param("http://h/p?xapi_key=x", "api_key"));
	CHECK(!http_url_has_param("http://h/p#?api_key=x", "api_key"));
	CHECK(!http_url_has_param("http://h/p", "api_key"));
	CHECK(!http_url_has_param("http://h/p?a=api_key", "api_key"));

	check_without("http://h/p?a=1&api_key=x&b=2", "api_key", "http://h/p?a=1&b=2");
	check_without("http://h/p?api_key=x", "api_key", "http://h/p");
	check_without("http://h/p?api_key=x&api%5fkey=y&c", "api_key", "http://h/p?c");
	check_without("http://h/p?a=1#frag", "api_key", "http://h/p?a=1");
	check_without("http://h/p#frag?api_key=1", "api_key", "http://h/p");
	check_without("http://h/p", "api_key", "http://h/p");
	check_without("http://h/p?", "api_key", "http://h/p");
	check_without("http://h/p?a=1&&b=2", "a", "http://h/p?&b=2");
}

int
main(void)
{
	test_dates();
	test_retry_after();
	test_backoff();
	test_link();
	test_hosts();
	test_params();
	return UNIT_REPORT();
}
