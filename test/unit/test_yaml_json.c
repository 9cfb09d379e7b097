/*-------------------------------------------------------------------------
 *
 * test_yaml_json.c
 *	  Unit tests for src/yaml_json.c: YAML into jansson, with its limits.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "yaml_json.h"
#include "unit.h"

/* the document as compact JSON (sorted keys), or "error: ..." */
static char result[4096];

static const char *
load(const char *yaml, int depth, long nodes)
{
	YamlJsonError err;
	json_t	   *v = yaml_json_load(yaml, strlen(yaml), depth, nodes, &err);
	char	   *s;

	if (v == NULL)
	{
		snprintf(result, sizeof(result), "error: %s at %lu:%lu", err.message, err.line, err.column);
		return result;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	snprintf(result, sizeof(result), "%s", s ? s : "(dump failed)");
	free(s);
	json_decref(v);
	return result;
}

#define LOAD(yaml) load(yaml, 100, 100000)

int
main(void)
{
	char	   *big;
	size_t		i;

	unit_context = "scalars";
	CHECK_STR(LOAD("a: 1\nb: -2\nc: 1.5\nd: true\ne: False\nf: null\ng: ~\nh:\ni: text\n"),
			  "{\"a\":1,\"b\":-2,\"c\":1.5,\"d\":true,\"e\":false,\"f\":null,\"g\":null,\"h\":null,\"i\":\"text\"}");
	CHECK_STR(LOAD("- '1'\n- \"true\"\n- !!str 2\n- 0x1f\n- 0o17\n- 1e3\n- .5\n- yes\n- 3.0.1\n"),
			  "[\"1\",\"true\",\"2\",31,15,1000.0,0.5,\"yes\",\"3.0.1\"]");
	/* beyond 64 bits an integer is a real, an overflowing float a string */
	CHECK_STR(LOAD("- 99999999999999999999\n- 1e999\n- .inf\n"),
			  "[1e20,\"1e999\",\".inf\"]");
	/* keys are strings, whatever they look like: OpenAPI's response codes */
	CHECK_STR(LOAD("200: ok\ntrue: x\n1.5: y\nnull: z\n"),
			  "{\"200\":\"ok\",\"true\":\"x\",\"1.5\":\"y\",\"null\":\"z\"}");
	CHECK_STR(LOAD("s: \"caf\\u00e9\"\nt: |\n  two\n  lines\n"),
			  "{\"s\":\"caf\xc3\xa9\",\"t\":\"two\\nlines\\n\"}");
	CHECK_STR(LOAD("{\"json\": [1, {\"a\": null}]}"), "{\"json\":[1,{\"a\":null}]}");

	unit_context = "anchors";
	CHECK_STR(LOAD("a: &x {k: 1}\nb: *x\nc: &s str\nd: *s\n"),
			  "{\"a\":{\"k\":1},\"b\":{\"k\":1},\"c\":\"str\",\"d\":\"str\"}");
	/* merge keys: explicit keys win, before or after */
	CHECK_STR(LOAD("base: &b {x: 1, y: 2}\nm:\n  y: 3\n  <<: *b\n  z: 4\n"),
			  "{\"base\":{\"x\":1,\"y\":2},\"m\":{\"y\":3,\"x\":1,\"z\":4}}");
	CHECK_STR(LOAD("a: &a {x: 1}\nb: &b {y: 2}\nm: {<<: [*a, *b]}\n"),
			  "{\"a\":{\"x\":1},\"b\":{\"y\":2},\"m\":{\"x\":1,\"y\":2}}");
	CHECK(strstr(LOAD("m: {<<: 1}\n"), "error: the merge key") != NULL);
	/* an alias inside its own anchor: no cycle can be built */
	CHECK(strstr(LOAD("a: &x [1, *x]\n"), "error: an alias names an anchor that is not defined") != NULL);
	CHECK(strstr(LOAD("a: *nope\n"), "error: an alias names an anchor") != NULL);
	CHECK(strstr(LOAD("? [1]\n: x\n"), "error: a mapping key is not a string") != NULL);

	unit_context = "limits";
	/* billion laughs: 10^9 values once expanded, stopped at the limit */
	CHECK(strstr(load("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
					  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
					  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
					  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
					  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
					  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
					  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
					  "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
					  "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n", 100, 1000000),
				 "error: the document has more than 1000000 values") != NULL);
	CHECK_STR(load("[[[1]]]", 3, 100), "[[[1]]]");
	CHECK(strstr(load("[[[[1]]]]", 3, 100), "error: the document is nested more than 3 levels deep") != NULL);
	CHECK(strstr(load("[1, 2, 3, 4]", 10, 4), "error: the document has more than 4 values") != NULL);
	/* deep nesting costs no C stack: an explicit stack, up to the limit */
	big = malloc(200001);
	for (i = 0; i < 100000; i++)
		big[i] = '[';
	for (i = 100000; i < 200000; i++)
		big[i] = ']';
	big[200000] = '\0';
	CHECK(strstr(load(big, 256, 1000000), "error: the document is nested more than 256 levels") != NULL);
	free(big);

	unit_context = "errors";
	CHECK(strstr(LOAD("a: 1\n---\nb: 2\n"), "error: the stream holds more than one YAML document") != NULL);
	CHECK(strstr(LOAD(""), "error: the YAML stream holds no document") != NULL);
	CHECK_STR(LOAD("a: [1, 2\n"), "error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence at 2:1");
	CHECK(strstr(LOAD("a: b: c\n"), "error: invalid YAML: mapping values are not allowed") != NULL);
	CHECK(strstr(LOAD("a: \"\xff\"\n"), "error: invalid YAML: invalid leading UTF-8 octet") != NULL);
	CHECK(strstr(LOAD("a:\n\tb: 1\n"), "error: invalid YAML") != NULL);

	return UNIT_REPORT();
}
