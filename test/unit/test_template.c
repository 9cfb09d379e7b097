/*-------------------------------------------------------------------------
 *
 * test_template.c
 *	  Unit tests for src/template.c: placeholders, rendering, JSON escaping.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "unit.h"

static const char *
lookup(const char *name, size_t len, void *arg)
{
	(void) arg;
	if (len == 6 && strncmp(name, "column", len) == 0)
		return "age";
	if (len == 5 && strncmp(name, "value", len) == 0)
		return "30";
	if (len == 5 && strncmp(name, "owner", len) == 0)
		return "o%2Fx";
	if (len == 1 && strncmp(name, "v", len) == 0)
		return "";
	return NULL;
}

static void
check_render(const char *tmpl, const char *expected)
{
	const char *bad;
	size_t		badlen;
	char	   *out = template_render(tmpl, lookup, NULL, &bad, &badlen);

	CHECK_STR(out, expected);
	free(out);
}

static void
check_unknown(const char *tmpl, const char *name)
{
	const char *bad;
	size_t		badlen;
	char	   *out = template_render(tmpl, lookup, NULL, &bad, &badlen);

	CHECK(out == NULL);
	CHECK(bad != NULL && badlen == strlen(name) && strncmp(bad, name, badlen) == 0);
}

int
main(void)
{
	size_t		pos = 0;
	size_t		start;
	size_t		ns;
	size_t		nl;
	char		buf[128];

	unit_context = "next";
	CHECK(template_next("/repos/{owner}/{repo_2}/x", &pos, &start, &ns, &nl));
	CHECK_INT(start, 7);
	CHECK_INT(ns, 8);
	CHECK_INT(nl, 5);
	CHECK(template_next("/repos/{owner}/{repo_2}/x", &pos, &start, &ns, &nl));
	CHECK_INT(ns, 16);
	CHECK_INT(nl, 6);
	CHECK(!template_next("/repos/{owner}/{repo_2}/x", &pos, &start, &ns, &nl));
	pos = 0;
	CHECK(!template_next("{\"a\": 1} {} {1x} { a} {a-b} {a", &pos, &start, &ns, &nl));

	unit_context = "render";
	check_render("{column}_gte={value}", "age_gte=30");
	check_render("{column}=gte.{value}", "age=gte.30");
	check_render("filters[{column}][$gte]={value}", "filters[age][$gte]=30");
	check_render("{column}[$gte]={value}", "age[$gte]=30");
	check_render("{column}:gte={value}", "age:gte=30");
	check_render("/repos/{owner}/issues", "/repos/o%2Fx/issues");
	check_render("{\"q\": \"{owner}\", \"n\": {}}", "{\"q\": \"o%2Fx\", \"n\": {}}");
	check_render("", "");
	check_render("no placeholders", "no placeholders");
	check_render("{v}{v}{value}{v}", "30");
	check_render("{{value}}", "{30}");
	check_unknown("{column}={nope}", "nope");
	check_unknown("{x}", "x");

	unit_context = "json_escape";
	CHECK_INT(json_escape_string("a\"b\\c\n\x01", 7, buf), 19);
	CHECK_STR(buf, "a\\\"b\\\\c\\u000a\\u0001");
	json_escape_string("caf\xc3\xa9", 5, buf);
	CHECK_STR(buf, "caf\xc3\xa9");

	return UNIT_REPORT();
}
