/*-------------------------------------------------------------------------
 *
 * test_header_json.c
 *	  Unit tests for src/header_json.c: the "headers" option.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "header_json.h"
#include "unit.h"

static void
check_error(const char *json, const char *expected)
{
	HeaderPair *pairs;
	char		err[256];

	CHECK_INT(header_json_parse(json, &pairs, err, sizeof(err)), -1);
	CHECK(pairs == NULL);
	CHECK(strstr(err, expected) != NULL);
}

int
main(void)
{
	HeaderPair *pairs;
	char		err[256];
	int			n;

	unit_context = "valid";
	n = header_json_parse("{\"Accept\": \"application/json\", \"X-Trace\": \"a b\"}",
						  &pairs, err, sizeof(err));
	CHECK_INT(n, 2);
	CHECK_STR(pairs[0].name, "Accept");
	CHECK_STR(pairs[0].value, "application/json");
	CHECK_STR(pairs[1].name, "X-Trace");
	CHECK_STR(pairs[1].value, "a b");
	header_json_free(pairs, n);

	n = header_json_parse("{}", &pairs, err, sizeof(err));
	CHECK_INT(n, 0);
	header_json_free(pairs, n);

	n = header_json_parse("{\"X-Uni\": \"caf\\u00e9\", \"Empty\": \"\"}", &pairs, err, sizeof(err));
	CHECK_INT(n, 2);
	CHECK_STR(pairs[0].value, "caf\xc3\xa9");
	CHECK_STR(pairs[1].value, "");
	header_json_free(pairs, n);

	unit_context = "invalid";
	check_error("{\"Accept\": ", "not valid JSON");
	check_error("[\"Accept\"]", "must be a JSON object");
	check_error("\"x\"", "not valid JSON");
	check_error("{\"Accept\": 1}", "header \"Accept\" is not a JSON string");
	check_error("{\"Accept\": null}", "is not a JSON string");
	check_error("{\"\": \"x\"}", "name is empty");
	check_error("{\"Bad Name\": \"x\"}", "not allowed in a header name");
	check_error("{\"Bad:Name\": \"x\"}", "not allowed in a header name");
	check_error("{\"X\": \"a\\r\\nHost: evil\"}", "line break");
	check_error("{\"X\": \"a\\nb\"}", "line break");
	check_error("{\"X\": \"a\\u0000b\"}", "NUL");
	check_error("{\"A\": \"1\", \"A\": \"2\"}", "duplicate");
	/* a value is never echoed in the message */
	check_error("{\"X\": \"s3cret\\n\"}", "line break");
	n = header_json_parse("{\"X\": \"s3cret\\n\"}", &pairs, err, sizeof(err));
	CHECK(strstr(err, "s3cret") == NULL);

	return UNIT_REPORT();
}
