/*-------------------------------------------------------------------------
 *
 * test_safe_text.c
 *	  Unit tests for src/safe_text.c: control characters, header names,
 *	  and remote text made valid UTF-8.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "safe_text.h"

static void
test_control_char(void)
{
	unit_context = "control char";
	CHECK_INT(safe_text_control_char("token", 5, 0), -1);
	CHECK_INT(safe_text_control_char("tok\r\nX-Injected: 1", 19, 0), 3);
	CHECK_INT(safe_text_control_char("a\nb", 3, 0), 1);
	CHECK_INT(safe_text_control_char("a\tb", 3, 0), 1);
	CHECK_INT(safe_text_control_char("a\x7f", 2, 0), 1);
	CHECK_INT(safe_text_control_char("a\x01", 2, 1), 1);
	CHECK_INT(safe_text_control_char("a\0b", 3, 0), 1);
	CHECK_INT(safe_text_control_char("{\n\t\"a\": 1\r\n}", 12, 1), -1);
	/* UTF-8 is not a control character */
	CHECK_INT(safe_text_control_char("caf\xc3\xa9", 5, 0), -1);
}

static void
test_header_name(void)
{
	unit_context = "header name";
	CHECK(safe_text_header_name("X-Api-Key"));
	CHECK(safe_text_header_name("x_custom.1~"));
	CHECK(!safe_text_header_name(""));
	CHECK(!safe_text_header_name(NULL));
	CHECK(!safe_text_header_name("X-Api-Key: 1"));
	CHECK(!safe_text_header_name("X Key"));
	CHECK(!safe_text_header_name("X\r\nInjected"));
	CHECK(!safe_text_header_name("caf\xc3\xa9"));

	unit_context = "framing header";
	CHECK(safe_text_framing_header("Content-Length"));
	CHECK(safe_text_framing_header("transfer-encoding"));
	CHECK(safe_text_framing_header("CONNECTION"));
	CHECK(safe_text_framing_header("Upgrade"));
	CHECK(safe_text_framing_header("te"));
	CHECK(!safe_text_framing_header("Content-Type"));
	CHECK(!safe_text_framing_header("Authorization"));
	CHECK(!safe_text_framing_header("X-Content-Length"));
	CHECK(!safe_text_framing_header(""));
}

static void
check_sanitize(const char *src, size_t len, int ascii, const char *expected)
{
	char		buf[256];

	CHECK_INT(safe_text_sanitize(src, len, buf, sizeof(buf), ascii), strlen(expected));
	CHECK_STR(buf, expected);
}

static void
test_sanitize(void)
{
	char		small[8];

	unit_context = "sanitize";
	check_sanitize("plain text", 10, 0, "plain text");
	check_sanitize("caf\xc3\xa9", 5, 0, "caf\xc3\xa9");
	check_sanitize("caf\xc3\xa9", 5, 1, "caf\\u00E9");
	check_sanitize("\xe6\x9d\xb1 \xf0\x9f\x98\x80", 8, 1, "\\u6771 \\U0001F600");
	check_sanitize("bad \xff\xfe bytes", 12, 0, "bad \\xFF\\xFE bytes");
	check_sanitize("caf\xe9", 4, 0, "caf\\xE9");
	/* overlong, surrogate, truncated and too-large sequences */
	check_sanitize("\xc0\xaf", 2, 0, "\\xC0\\xAF");
	check_sanitize("\xed\xa0\x80", 3, 0, "\\xED\\xA0\\x80");
	check_sanitize("\xe6\x9d", 2, 0, "\\xE6\\x9D");
	check_sanitize("\xf4\x90\x80\x80", 4, 0, "\\xF4\\x90\\x80\\x80");
	check_sanitize("a\r\nb\tc\0d\x7f", 9, 0, "a \nb c d ");
	check_sanitize("", 0, 0, "");

	/* output that does not fit stops before a piece, never inside one */
	unit_context = "sanitize cut";
	CHECK_INT(safe_text_sanitize("abcdefghij", 10, small, sizeof(small), 0), 7);
	CHECK_STR(small, "abcdefg");
	CHECK_INT(safe_text_sanitize("abcde\xff", 6, small, sizeof(small), 0), 5);
	CHECK_STR(small, "abcde");
	CHECK_INT(safe_text_sanitize("abcde\xc3\xa9xyz", 10, small, sizeof(small), 0), 7);
	CHECK_STR(small, "abcde\xc3\xa9");
	CHECK_INT(safe_text_sanitize("abcdef\xc3\xa9", 8, small, sizeof(small), 0), 6);
	CHECK_STR(small, "abcdef");
	CHECK_INT(safe_text_sanitize("x", 1, small, 1, 0), 0);
	CHECK_STR(small, "");
}

static void
test_cliplen(void)
{
	unit_context = "cliplen";
	CHECK_INT(safe_text_utf8_cliplen("abc", 3), 3);
	CHECK_INT(safe_text_utf8_cliplen("ab\xc3\xa9", 4), 4);
	CHECK_INT(safe_text_utf8_cliplen("ab\xc3", 3), 2);
	CHECK_INT(safe_text_utf8_cliplen("ab\xe6\x9d", 4), 2);
	CHECK_INT(safe_text_utf8_cliplen("ab\xe6\x9d\xb1", 5), 5);
	CHECK_INT(safe_text_utf8_cliplen("ab\xf0\x9f\x98", 5), 2);
	CHECK_INT(safe_text_utf8_cliplen("ab\xf0\x9f\x98\x80", 6), 6);
	/* stray continuation bytes are left for the sanitizer to show */
	CHECK_INT(safe_text_utf8_cliplen("ab\x80\x80\x80\x80", 6), 6);
	CHECK_INT(safe_text_utf8_cliplen("", 0), 0);
}

int
main(void)
{
	test_cliplen();
	test_control_char();
	test_header_name();
	test_sanitize();
	return UNIT_REPORT();
}
