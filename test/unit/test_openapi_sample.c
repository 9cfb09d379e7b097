/*-------------------------------------------------------------------------
 *
 * test_openapi_sample.c
 *	  Unit tests for src/openapi_sample.c: tables inferred from sample
 *	  responses.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "openapi.h"
#include "openapi_check.h"
#include "unit.h"

static OapiError err;

/* one table from one response; NULL (err set) when refused */
static OapiModel *
sample_opts(const char *path, const char *body, const OapiSampleOptions *opts)
{
	OapiModel  *m = oapi_model_new();
	int			rc;

	CHECK(m != NULL);
	rc = oapi_sample_add(m, path, body, strlen(body), opts, &err);
	if (rc != 0)
	{
		CHECK_INT(m->ntables, 0);
		oapi_model_free(m);
		return NULL;
	}
	CHECK_INT(m->ntables, 1);
	return m;
}

static OapiModel *
sample(const char *path, const char *body)
{
	OapiModel  *m = sample_opts(path, body, NULL);

	if (m == NULL)
		fprintf(stderr, "unexpected error: %s at %s\n", err.message, err.where);
	return m;
}

static void
refused(const char *body, const OapiSampleOptions *opts, const char *msg)
{
	OapiModel  *m = sample_opts("/x", body, opts);

	CHECK(m == NULL);
	oapi_model_free(m);
	if (strstr(err.message, msg) == NULL)
	{
		unit_failed++;
		fprintf(stderr, "FAIL [%s]: error \"%s\", expected \"%s\"\n", unit_context, err.message, msg);
	}
	else
		unit_passed++;
}

static void
test_types(void)
{
	OapiModel  *m;
	const OapiTable *t;

	unit_context = "types";
	m = sample("/things",
			   "[{\"i4\": 2147483647, \"i8\": 2147483648, \"neg\": -2147483648, \"neg8\": -2147483649,"
			   "  \"dec\": 1, \"when\": \"2024-01-15T10:30:00Z\", \"local\": \"2024-01-15T10:30:00\","
			   "  \"day\": \"2024-01-15\", \"mixday\": \"2024-01-15\", \"id\": \"123e4567-e89b-12d3-a456-426614174000\","
			   "  \"ok\": true, \"s\": \"x\", \"tags\": [\"a\"], \"nums\": [1, 2.5], \"objs\": [{\"a\": 1}],"
			   "  \"o\": {\"a\": 1}, \"mixed\": 1, \"nul\": null, \"empty\": [], \"frac\": \"2024-01-15 10:30:00.123+01:00\","
			   "  \"notdate\": \"2024-13-01\", \"CamelCase\": 1},"
			   " {\"i4\": -5, \"dec\": 2.50, \"when\": \"2024-01-15T10:30:00.5+0100\", \"local\": \"2024-01-16T00:00\","
			   "  \"day\": \"2024-02-29\", \"mixday\": \"2024-01-15T10:30:00-05:00\", \"ok\": false, \"s\": \"2024-01-15\","
			   "  \"tags\": [], \"mixed\": \"one\", \"nul\": null, \"later\": 3}]");
	t = find_table(m, "things");
	CHECK_STR(topt(t, "path"), "/things");
	CHECK_STR(topt(t, "rows_path"), "-");
	CHECK_STR(ctype(find_col(t, "i4")), "integer");
	CHECK_STR(ctype(find_col(t, "i8")), "bigint");
	CHECK_STR(ctype(find_col(t, "neg")), "integer");
	CHECK_STR(ctype(find_col(t, "neg8")), "bigint");
	CHECK_STR(ctype(find_col(t, "dec")), "numeric");
	CHECK_STR(ctype(find_col(t, "when")), "timestamp with time zone");
	CHECK_STR(ctype(find_col(t, "local")), "timestamp without time zone");
	CHECK_STR(ctype(find_col(t, "day")), "date");
	CHECK_STR(ctype(find_col(t, "mixday")), "timestamp with time zone");
	CHECK_STR(ctype(find_col(t, "id")), "uuid");
	CHECK_STR(ctype(find_col(t, "ok")), "boolean");
	CHECK_STR(ctype(find_col(t, "s")), "text");
	CHECK_STR(ctype(find_col(t, "tags")), "text[]");
	CHECK_STR(ctype(find_col(t, "nums")), "numeric[]");
	CHECK_STR(ctype(find_col(t, "objs")), "jsonb");
	CHECK_STR(ctype(find_col(t, "o")), "jsonb");
	CHECK_STR(ctype(find_col(t, "mixed")), "jsonb");
	CHECK_STR(ctype(find_col(t, "nul")), "text");
	CHECK_STR(ctype(find_col(t, "empty")), "jsonb");
	CHECK_STR(ctype(find_col(t, "frac")), "timestamp with time zone");
	CHECK_STR(ctype(find_col(t, "notdate")), "text");
	CHECK_STR(copt(find_col(t, "camel_case"), "remote_name"), "CamelCase");
	/* the union of the keys, in the order first seen */
	CHECK_INT(t ? t->ncolumns : 0, 23);
	CHECK_STR(t ? t->columns[t->ncolumns - 1].name : "?", "later");
	oapi_model_free(m);

	/* beyond 64 bits: numeric, the other integers still integers */
	m = sample("/big", "[{\"a\": 123456789012345678901234567890, \"b\": 1, \"c\": 1.5}]");
	t = find_table(m, "big");
	CHECK_STR(ctype(find_col(t, "a")), "numeric");
	CHECK_STR(ctype(find_col(t, "b")), "integer");
	CHECK_STR(ctype(find_col(t, "c")), "numeric");
	oapi_model_free(m);
}

static void
test_rows(void)
{
	OapiModel  *m;
	OapiSampleOptions o;
	const OapiTable *t;

	unit_context = "rows";
	m = sample("/users", "{\"count\": 2, \"results\": [{\"id\": 1}, {\"id\": 2}]}");
	CHECK_STR(topt(find_table(m, "users"), "rows_path"), "results");
	oapi_model_free(m);
	m = sample("/users", "{\"result\": {\"items\": [{\"id\": 1}]}, \"x\": [1, 2]}");
	CHECK_STR(topt(find_table(m, "users"), "rows_path"), "result.items");
	oapi_model_free(m);
	m = sample("/users", "{\"data\": [{\"id\": 1}], \"included\": [{\"type\": \"x\"}]}");
	CHECK_STR(topt(find_table(m, "users"), "rows_path"), "data");
	oapi_model_free(m);
	refused("{\"cats\": [{\"id\": 1}], \"dogs\": [{\"id\": 2}]}", NULL,
			"several arrays of objects (cats, dogs): give rows_path");
	memset(&o, 0, sizeof(o));
	o.rows_path = "dogs";
	m = sample_opts("/x", "{\"cats\": [{\"id\": 1}], \"dogs\": [{\"name\": \"rex\"}]}", &o);
	t = find_table(m, "x");
	CHECK_STR(topt(t, "rows_path"), "dogs");
	CHECK(find_col(t, "name") != NULL);
	oapi_model_free(m);
	o.rows_path = "nope.deeper";
	refused("{\"a\": 1}", &o, "rows_path 'nope.deeper' names no array or object");

	/* one object is one row */
	m = sample("/users/1", "{\"id\": 1, \"name\": \"Ada\", \"tags\": [\"x\"]}");
	t = find_table(m, "users_1");
	CHECK_STR(topt(t, "rows_path"), "-");
	CHECK_STR(ctype(find_col(t, "tags")), "text[]");
	oapi_model_free(m);

	/* the path's query string is the query option */
	m = sample("/issues?state=all&sort=created", "[{\"id\": 1}]");
	t = find_table(m, "issues");
	CHECK_STR(topt(t, "path"), "/issues");
	CHECK_STR(topt(t, "query"), "state=all&sort=created");
	oapi_model_free(m);

	/* bounds: rows looked at, columns */
	memset(&o, 0, sizeof(o));
	o.max_rows = 1;
	m = sample_opts("/x", "[{\"a\": 1}, {\"b\": 2}]", &o);
	CHECK_INT(m ? m->tables[0].ncolumns : -1, 1);
	oapi_model_free(m);
	memset(&o, 0, sizeof(o));
	o.max_columns = 2;
	m = sample_opts("/x", "[{\"a\": 1, \"b\": 2, \"c\": 3}]", &o);
	CHECK_INT(m ? m->tables[0].ncolumns : -1, 2);
	CHECK(has_note(m, "/x", "more than 2 fields"));
	oapi_model_free(m);

	unit_context = "refused";
	refused("<html>", NULL, "is not a JSON object or array");
	refused("42", NULL, "is not a JSON object or array");
	refused("[{\"a\": 1}", NULL, "invalid JSON in the response of /x");
	refused("[1, 2, 3]", NULL, "no rows with fields");
	memset(&o, 0, sizeof(o));
	o.max_bytes = 5;
	refused("[{\"a\": 1}]", &o, "is larger than 5 bytes");
	m = sample("/x", "[{\"a\": 1}, 2, \"s\"]");
	CHECK(has_note(m, "/x", "2 of the sampled rows are not objects"));
	oapi_model_free(m);
	refused("[]", NULL, "no rows with fields");
	CHECK_STR(err.where, "");
}

static void
test_flatten(void)
{
	OapiModel  *m;
	OapiSampleOptions o;
	const OapiTable *t;

	unit_context = "flatten";
	memset(&o, 0, sizeof(o));
	o.flatten = 1;
	m = sample_opts("/u",
					"[{\"id\": 1, \"address\": {\"city\": \"Berlin\", \"geo\": {\"lat\": 1.5}}, \"meta\": {\"a.b\": 1, \"0\": 2},"
					"  \"either\": {\"x\": 1}},"
					" {\"id\": 2, \"address\": {\"city\": \"Paris\", \"zipCode\": \"75001\"}, \"address2\": null,"
					"  \"either\": \"text\"}]", &o);
	t = find_table(m, "u");
	CHECK_STR(ctype(find_col(t, "address_city")), "text");
	CHECK_STR(copt(find_col(t, "address_city"), "json_path"), "address.city");
	CHECK_STR(copt(find_col(t, "address_city"), "remote_name"), "-");
	CHECK_STR(ctype(find_col(t, "address_geo")), "jsonb");
	CHECK_STR(copt(find_col(t, "address_zip_code"), "json_path"), "address.zipCode");
	/* keys json_path cannot name stay in their object's column */
	CHECK_STR(ctype(find_col(t, "meta")), "jsonb");
	/* an object only sometimes: one jsonb column */
	CHECK_STR(ctype(find_col(t, "either")), "jsonb");
	CHECK(find_col(t, "either_x") == NULL);
	CHECK_STR(ctype(find_col(t, "address2")), "text");
	oapi_model_free(m);
}

static void
test_hints(void)
{
	OapiModel  *m;
	OapiSampleOptions o;
	const OapiTable *t;

	unit_context = "hints";
	m = sample("/a", "{\"data\": [{\"id\": 1}], \"links\": {\"next\": \"https://api.example.com/a?page=2\"}}");
	t = find_table(m, "a");
	CHECK_STR(topt(t, "pagination"), "next_url");
	CHECK_STR(topt(t, "cursor_path"), "links.next");
	oapi_model_free(m);

	m = sample("/a", "{\"items\": [{\"id\": 1}], \"nextPageToken\": \"tok\", \"hasMore\": true}");
	t = find_table(m, "a");
	CHECK_STR(topt(t, "pagination"), "cursor");
	CHECK_STR(topt(t, "cursor_path"), "nextPageToken");
	CHECK_STR(topt(t, "cursor_param"), "pageToken");
	CHECK_STR(topt(t, "has_more_path"), "hasMore");
	CHECK(has_note(m, "/a", "cursor_param 'pageToken' guessed"));
	oapi_model_free(m);

	m = sample("/a", "{\"data\": [{\"id\": 1}], \"meta\": {\"next_cursor\": \"c1\"}}");
	CHECK_STR(topt(find_table(m, "a"), "cursor_param"), "cursor");
	oapi_model_free(m);

	/* json-server 1.0's page envelope */
	m = sample("/orders", "{\"first\": 1, \"prev\": null, \"next\": 2, \"last\": 12, \"pages\": 12,"
			   " \"items\": 3000, \"data\": [{\"id\": \"1\"}]}");
	t = find_table(m, "orders");
	CHECK_STR(topt(t, "rows_path"), "data");
	CHECK_STR(topt(t, "pagination"), "page");
	CHECK_STR(topt(t, "has_more_path"), "next");
	CHECK_STR(topt(t, "page_count_path"), "pages");
	CHECK_STR(topt(t, "total_path"), "items");
	oapi_model_free(m);

	m = sample("/a", "{\"data\": [{\"id\": 1}], \"_links\": {\"next\": {\"href\": \"/a?p=2\"}}}");
	CHECK_STR(topt(find_table(m, "a"), "cursor_path"), "_links.next.href");
	oapi_model_free(m);

	/* counts alone say nothing of how to page: a note */
	m = sample("/a", "{\"data\": [{\"id\": 1}], \"total\": 10}");
	CHECK_STR(topt(find_table(m, "a"), "pagination"), "-");
	CHECK(has_note(m, "/a", "paging fields (total)"));
	oapi_model_free(m);

	memset(&o, 0, sizeof(o));
	o.link_next = 1;
	m = sample_opts("/repos", "[{\"id\": 1}]", &o);
	CHECK_STR(topt(find_table(m, "repos"), "pagination"), "link_header");
	oapi_model_free(m);
}

/* several paths into one model: unique table names */
static void
test_model(void)
{
	OapiModel  *m = oapi_model_new();

	unit_context = "model";
	CHECK_INT(oapi_sample_add(m, "/users", "[{\"id\": 1}]", 11, NULL, &err), 0);
	CHECK_INT(oapi_sample_add(m, "/Users", "[{\"id\": 1}]", 11, NULL, &err), 0);
	CHECK_INT(oapi_sample_add(m, "/x", "nope", 4, NULL, &err), -1);
	CHECK_INT(oapi_sample_add(m, "/x/{id}", "[{\"a\": 1}]", 10, NULL, &err), -1);
	CHECK(strstr(err.message, "has a {placeholder}") != NULL);
	CHECK_INT(m->ntables, 2);
	CHECK(find_table(m, "users") != NULL);
	CHECK(find_table(m, "users_2") != NULL);
	oapi_model_free(m);
}

/* the paths option: commas separate, "\," is a comma of a path */
static void
check_paths(const char *list, const char *expected)
{
	char	   *buf = strdup(list);
	char	   *cursor = buf;
	char	   *path;
	char		got[512] = "";

	while ((path = oapi_next_path(&cursor)) != NULL)
	{
		strcat(got, "[");
		strcat(got, path);
		strcat(got, "]");
	}
	CHECK_STR(got, expected);
	free(buf);
}

static void
test_paths(void)
{
	unit_context = "paths";
	check_paths("/users", "[/users]");
	check_paths("/users, /todos?completed=false", "[/users][/todos?completed=false]");
	check_paths(" /a ,\t/b\n", "[/a][/b]");
	check_paths("/items?fields=a\\,b,/users", "[/items?fields=a,b][/users]");
	check_paths("/items?fields=a\\,b\\,c", "[/items?fields=a,b,c]");
	check_paths("/a\\\\b", "[/a\\b]");
	/* a backslash before anything else is kept as it is */
	check_paths("/a\\b", "[/a\\b]");
	check_paths("/a,,/b,", "[/a][][/b][]");
	check_paths("", "[]");
	check_paths("/a\\", "[/a\\]");
}

int
main(void)
{
	test_types();
	test_rows();
	test_flatten();
	test_hints();
	test_model();
	test_paths();
	return UNIT_REPORT();
}
