/*-------------------------------------------------------------------------
 *
 * test_url.c
 *	  Unit tests for src/url.c: encoding, joining, origins.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "url.h"

static void
check_join(const char *base, const char *path, const char *query,
		   const char *expected)
{
	char	   *url = url_join(base, path, query);

	CHECK_STR(url, expected);
	free(url);
}

static void
test_encode(void)
{
	char		buf[128];
	const char *raw = "a b&c=d#e%f+g/h?i~j-k.l_m";

	unit_context = "encode";
	CHECK_INT(url_encode(raw, strlen(raw), buf), strlen(buf));
	CHECK_STR(buf, "a%20b%26c%3Dd%23e%25f%2Bg%2Fh%3Fi~j-k.l_m");
	url_encode("\xc3\xa9\xe6\x9d\xb1", 5, buf);
	CHECK_STR(buf, "%C3%A9%E6%9D%B1");
	url_encode("", 0, buf);
	CHECK_STR(buf, "");
	/* a NUL byte inside the given length is encoded, not a terminator */
	url_encode("a\0b", 3, buf);
	CHECK_STR(buf, "a%00b");
}

static void
test_join(void)
{
	unit_context = "join";
	check_join("http://h/v1", "/users", NULL, "http://h/v1/users");
	check_join("http://h/v1/", "/users", NULL, "http://h/v1/users");
	check_join("http://h/v1/", "users", NULL, "http://h/v1/users");
	check_join("http://h/v1", "users", NULL, "http://h/v1/users");
	check_join("http://h", "", NULL, "http://h");
	check_join("http://h", NULL, "a=1", "http://h?a=1");
	check_join("http://h/x", "/users", "a=1&b=2", "http://h/x/users?a=1&b=2");
	check_join("http://h/x", "/users", "?a=1", "http://h/x/users?a=1");
	check_join("http://h/x", "/users?fixed=1", "a=1", "http://h/x/users?fixed=1&a=1");
	check_join("http://h/x?key=v", NULL, "a=1", "http://h/x?key=v&a=1");
	check_join("http://h/x", "?only=query", NULL, "http://h/x?only=query");
	check_join("http://h/x", "/users", "", "http://h/x/users");
	check_join("", "/users", "a=1", "/users?a=1");
}

static void
test_add_param(void)
{
	char	   *url;

	unit_context = "add_param";
	url = url_add_param("http://h/p", "api_key", "k&y=1");
	CHECK_STR(url, "http://h/p?api_key=k%26y%3D1");
	free(url);
	url = url_add_param("http://h/p?a=1", "my key", "v");
	CHECK_STR(url, "http://h/p?a=1&my%20key=v");
	free(url);
}

static void
test_same_origin(void)
{
	unit_context = "same_origin";
	CHECK(url_same_origin("http://h/a", "http://h/b?x"));
	CHECK(url_same_origin("http://H:80/a", "http://h/b"));
	CHECK(url_same_origin("https://h/a", "https://h:443"));
	CHECK(url_same_origin("http://[::1]:8080/a", "http://[::1]:8080/b"));
	CHECK(url_same_origin("http://user@h/a", "http://h/b"));
	CHECK(!url_same_origin("http://h/a", "https://h/a"));
	CHECK(!url_same_origin("http://h/a", "http://h:8080/a"));
	CHECK(!url_same_origin("http://h/a", "http://evil/a"));
	CHECK(!url_same_origin("http://h.evil/a", "http://h/a"));
	CHECK(!url_same_origin("http://h@evil/a", "http://h/a"));
	CHECK(!url_same_origin("ftp://h/a", "ftp://h/a"));
	CHECK(!url_same_origin("http:///a", "http:///a"));
	CHECK(!url_same_origin("http://h:80x/a", "http://h/a"));
	CHECK(!url_same_origin("/relative", "/relative"));
}

/* key values in a path cannot form dot segments */
static void
test_path_value(void)
{
	char		buf[64];

	unit_context = "path value";
	CHECK_INT(url_encode_path_value("..", 2, buf), 6);
	CHECK_STR(buf, "%2E%2E");
	url_encode_path_value(".", 1, buf);
	CHECK_STR(buf, "%2E");
	url_encode_path_value("...", 3, buf);
	CHECK_STR(buf, "%2E%2E%2E");
	/* dots beside other characters cannot be a dot segment */
	url_encode_path_value("1.5", 3, buf);
	CHECK_STR(buf, "1.5");
	url_encode_path_value("../x", 4, buf);
	CHECK_STR(buf, "..%2Fx");
	url_encode_path_value("", 0, buf);
	CHECK_STR(buf, "");
	/* only the given length counts: the value need not end with a NUL */
	url_encode_path_value("..x", 2, buf);
	CHECK_STR(buf, "%2E%2E");
	url_encode_path_value("x..", 1, buf);
	CHECK_STR(buf, "x");
}

static void
test_path_climbs(void)
{
	unit_context = "path climbs";
	CHECK(!url_path_climbs("/items/1"));
	CHECK(!url_path_climbs("/items/.."));
	CHECK(!url_path_climbs("/a/b/../../c"));
	CHECK(!url_path_climbs("/./x"));
	CHECK(!url_path_climbs("/x..y/z"));
	CHECK(!url_path_climbs("/.../z"));
	CHECK(!url_path_climbs(""));
	CHECK(!url_path_climbs("/"));
	CHECK(!url_path_climbs("?q=/../.."));
	CHECK(!url_path_climbs("/x?next=../../y"));
	CHECK(url_path_climbs("/../echo"));
	CHECK(url_path_climbs("/../../echo"));
	CHECK(url_path_climbs(".."));
	CHECK(url_path_climbs("/.."));
	CHECK(url_path_climbs("/a/../../b"));
	CHECK(url_path_climbs("/a/./../.."));
	CHECK(url_path_climbs("/%2e%2e/echo"));
	CHECK(url_path_climbs("/%2E./echo"));
	CHECK(url_path_climbs("/.%2E?x=1"));
	/* an empty segment does not make room to climb */
	CHECK(url_path_climbs("//../echo"));
	CHECK(url_path_climbs("/a//../../echo"));
}

int
main(void)
{
	test_encode();
	test_join();
	test_add_param();
	test_same_origin();
	test_path_value();
	test_path_climbs();
	return UNIT_REPORT();
}
