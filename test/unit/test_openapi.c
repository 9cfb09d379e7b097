/*-------------------------------------------------------------------------
 *
 * test_openapi.c
 *	  Unit tests for src/openapi.c and openapi_schema.c: descriptions to
 *	  tables, one mapping rule at a time, and the errors with their
 *	  locations.  Names are tested here too (openapi_model.c).
 *
 * Most documents are YAML, which reads better inside C strings; a few are
 * JSON, and test_same() checks that a JSON and a YAML spelling of one
 * description give the same model.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "openapi.h"
#include "openapi_check.h"
#include "unit.h"

static OapiError err;

static OapiModel *
map_limits(const char *doc, const OapiLimits *lim)
{
	OapiModel  *m = NULL;
	int			rc = oapi_map_document(doc, strlen(doc), lim, &m, &err);

	if (rc != 0)
	{
		CHECK(m == NULL);
		return NULL;
	}
	return m;
}

static OapiModel *
map(const char *doc)
{
	OapiModel  *m = map_limits(doc, NULL);

	if (m == NULL)
		fprintf(stderr, "unexpected error: %s at %s\n", err.message, err.where);
	return m;
}

/* the document must be refused with a message containing msg, at where */
static void
check_error(const char *doc, const OapiLimits *lim, const char *msg, const char *where)
{
	OapiModel  *m = map_limits(doc, lim);

	CHECK(m == NULL);
	oapi_model_free(m);
	if (strstr(err.message, msg) == NULL)
	{
		unit_failed++;
		fprintf(stderr, "FAIL [%s]: error \"%s\", expected \"%s\"\n", unit_context,
				err.message, msg);
	}
	else
		unit_passed++;
	CHECK_STR(err.where, where);
}

#define OAS3 "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
#define OAS31 "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"

/* a GET at path answering schema (YAML flow text), with parameters */
static char docbuf[8192];

static const char *
get_doc(const char *path, const char *params, const char *schema, const char *components)
{
	snprintf(docbuf, sizeof(docbuf),
			 OAS3 "paths:\n  %s:\n    get:\n      parameters: %s\n"
			 "      responses:\n        '200':\n          description: ok\n"
			 "          content:\n            application/json:\n              schema: %s\n"
			 "components: %s\n",
			 path, params ? params : "[]", schema, components ? components : "{}");
	return docbuf;
}

static void
test_petstore(void)
{
	static const char doc[] =
		"{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"Petstore\", \"version\": \"1\"},\n"
		" \"servers\": [{\"url\": \"https://{env}.example.com/v1\", \"variables\": {\"env\": {\"default\": \"api\"}}}],\n"
		" \"paths\": {\n"
		"  \"/pets\": {\"get\": {\"summary\": \"List all pets\", \"parameters\": [\n"
		"      {\"name\": \"limit\", \"in\": \"query\", \"schema\": {\"type\": \"integer\", \"format\": \"int32\"}}],\n"
		"    \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\":\n"
		"      {\"schema\": {\"$ref\": \"#/components/schemas/Pets\"}}}}}},\n"
		"   \"post\": {\"responses\": {\"201\": {\"description\": \"made\"}}}},\n"
		"  \"/pets/{petId}\": {\"get\": {\"parameters\": [\n"
		"      {\"name\": \"petId\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"string\"}}],\n"
		"    \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\":\n"
		"      {\"schema\": {\"$ref\": \"#/components/schemas/Pet\"}}}}}}}},\n"
		" \"components\": {\"schemas\": {\n"
		"  \"Pet\": {\"type\": \"object\", \"required\": [\"id\", \"name\"], \"properties\": {\n"
		"    \"id\": {\"type\": \"integer\", \"format\": \"int64\"}, \"name\": {\"type\": \"string\"},\n"
		"    \"tag\": {\"type\": \"string\"}}},\n"
		"  \"Pets\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/components/schemas/Pet\"}}}}}";
	OapiModel  *m;
	const OapiTable *t;
	const OapiColumn *c;

	unit_context = "petstore";
	m = map(doc);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK_STR(m->spec_version, "3.0.0");
	CHECK_STR(m->title, "Petstore");
	CHECK_STR(m->server_url, "https://api.example.com/v1");
	CHECK_INT(m->ntables, 2);
	t = find_table(m, "pets");
	CHECK_STR(topt(t, "path"), "/pets");
	CHECK_STR(topt(t, "rows_path"), "-");
	CHECK_STR(t ? t->source : "?", "GET /pets");
	CHECK_STR(t ? t->where : "?", "#/paths/~1pets/get");
	CHECK_STR(t ? t->description : "?", "List all pets");
	CHECK_INT(t ? t->ncolumns : 0, 3);
	CHECK_STR(ctype(find_col(t, "id")), "bigint");
	CHECK_STR(ctype(find_col(t, "name")), "text");
	CHECK_STR(ctype(find_col(t, "tag")), "text");
	/* a size parameter alone is no pagination, and matches no column */
	CHECK_STR(topt(t, "pagination"), "-");
	CHECK(has_note(m, "GET /pets: query parameter \"limit\"", "no column of that name"));
	CHECK(has_note(m, "POST /pets", "only GET operations become tables"));
	CHECK_STR(note_where(m, "POST /pets", "only GET"), "#/paths/~1pets/post");

	/* a path parameter without a field of its name: a key column, first */
	t = find_table(m, "pets_by_pet_id");
	CHECK_STR(topt(t, "path"), "/pets/{petId}");
	CHECK_INT(t ? t->ncolumns : 0, 4);
	c = t ? &t->columns[0] : NULL;
	CHECK_STR(c ? c->name : "?", "pet_id");
	CHECK(c && c->is_key);
	CHECK_STR(copt(c, "remote_name"), "petId");
	CHECK_STR(ctype(c), "text");
	CHECK(!find_col(t, "id")->is_key);
	oapi_model_free(m);
}

static void
test_types(void)
{
	OapiModel  *m;
	const OapiTable *t;

	unit_context = "types";
	m = map(get_doc("/things", NULL,
					"{type: array, items: {type: object, properties: {"
					"i32: {type: integer, format: int32}, i64: {type: integer, format: int64},"
					"int: {type: integer}, num: {type: number}, f: {type: number, format: float},"
					"d: {type: number, format: double}, ts: {type: string, format: date-time},"
					"day: {type: string, format: date}, id: {type: string, format: uuid},"
					"mail: {type: string, format: email}, ok: {type: boolean},"
					"strs: {type: array, items: {type: string}},"
					"ints: {type: array, items: {type: integer, format: int32}},"
					"objs: {type: array, items: {type: object, properties: {a: {type: string}}}},"
					"nested: {type: array, items: {type: array, items: {type: string}}},"
					"obj: {type: object, properties: {a: {type: string}}},"
					"map: {type: object, additionalProperties: {type: string}},"
					"mixed: {oneOf: [{type: string}, {type: integer}]},"
					"maybe: {anyOf: [{type: string, format: date}, {type: 'null'}]},"
					"nums: {oneOf: [{type: integer}, {type: number}]},"
					"nullable: {type: integer, format: int32, nullable: true},"
					"colour: {enum: [red, green]},"
					"anything: {},"
					"ref: {$ref: '#/components/schemas/When'}}}}",
					"{schemas: {When: {type: string, format: date-time}}}"));
	t = find_table(m, "things");
	CHECK_STR(ctype(find_col(t, "i32")), "integer");
	CHECK_STR(ctype(find_col(t, "i64")), "bigint");
	CHECK_STR(ctype(find_col(t, "int")), "bigint");
	CHECK_STR(ctype(find_col(t, "num")), "numeric");
	CHECK_STR(ctype(find_col(t, "f")), "double precision");
	CHECK_STR(ctype(find_col(t, "d")), "double precision");
	CHECK_STR(ctype(find_col(t, "ts")), "timestamp with time zone");
	CHECK_STR(ctype(find_col(t, "day")), "date");
	CHECK_STR(ctype(find_col(t, "id")), "uuid");
	CHECK_STR(ctype(find_col(t, "mail")), "text");
	CHECK_STR(ctype(find_col(t, "ok")), "boolean");
	CHECK_STR(ctype(find_col(t, "strs")), "text[]");
	CHECK_STR(ctype(find_col(t, "ints")), "integer[]");
	CHECK_STR(ctype(find_col(t, "objs")), "jsonb");
	CHECK_STR(ctype(find_col(t, "nested")), "jsonb");
	CHECK_STR(ctype(find_col(t, "obj")), "jsonb");
	CHECK_STR(ctype(find_col(t, "map")), "jsonb");
	CHECK_STR(ctype(find_col(t, "mixed")), "jsonb");
	CHECK_STR(ctype(find_col(t, "maybe")), "date");
	CHECK_STR(ctype(find_col(t, "nums")), "numeric");
	CHECK_STR(ctype(find_col(t, "nullable")), "integer");
	CHECK_STR(ctype(find_col(t, "colour")), "text");
	CHECK_STR(ctype(find_col(t, "anything")), "jsonb");
	CHECK_STR(ctype(find_col(t, "ref")), "timestamp with time zone");
	oapi_model_free(m);

	/* 3.1: type arrays, null aside */
	snprintf(docbuf, sizeof(docbuf), OAS31
			 "paths:\n  /t:\n    get:\n      responses:\n        '200':\n          description: ok\n"
			 "          content:\n            application/json:\n              schema:\n"
			 "                type: array\n                items:\n                  type: object\n"
			 "                  properties:\n"
			 "                    a: {type: [string, 'null']}\n"
			 "                    b: {type: [string, integer]}\n"
			 "                    c: {type: ['null', integer], format: int32}\n"
			 "                    d: {type: [array, 'null'], items: {type: [boolean, 'null']}}\n");
	m = map(docbuf);
	t = find_table(m, "t");
	CHECK_STR(m ? m->spec_version : "?", "3.1.0");
	CHECK_STR(ctype(find_col(t, "a")), "text");
	CHECK_STR(ctype(find_col(t, "b")), "jsonb");
	CHECK_STR(ctype(find_col(t, "c")), "integer");
	CHECK_STR(ctype(find_col(t, "d")), "boolean[]");
	oapi_model_free(m);
}

static void
test_rows(void)
{
	OapiModel  *m;
	const OapiTable *t;

	unit_context = "rows";
	/* an object wrapping the rows, with a total and offset paging */
	m = map(get_doc("/orders",
					"[{name: offset, in: query, schema: {type: integer}},"
					" {name: limit, in: query, schema: {type: integer, maximum: 100, default: 20}}]",
					"{type: object, properties: {total: {type: integer},"
					" orders: {type: array, items: {$ref: '#/components/schemas/Order'}}}}",
					"{schemas: {Order: {properties: {id: {type: integer}}}}}"));
	t = find_table(m, "orders");
	CHECK_STR(topt(t, "rows_path"), "orders");
	CHECK_STR(topt(t, "pagination"), "offset");
	CHECK_STR(topt(t, "offset_param"), "offset");
	CHECK_STR(topt(t, "page_size_param"), "limit");
	CHECK_STR(topt(t, "page_size"), "100");
	CHECK_STR(topt(t, "total_path"), "total");
	CHECK(has_note(m, "GET /orders", "pagination 'offset' from the query parameters"));
	oapi_model_free(m);

	/* one level further down */
	m = map(get_doc("/r", NULL,
					"{properties: {result: {properties: {items: {type: array,"
					" items: {properties: {id: {type: integer}}}}}}}}", NULL));
	CHECK_STR(topt(find_table(m, "r"), "rows_path"), "result.items");
	oapi_model_free(m);

	/* several arrays: the one with a usual name; else skipped */
	m = map(get_doc("/r", NULL,
					"{properties: {data: {type: array, items: {properties: {id: {type: integer}}}},"
					" included: {type: array, items: {properties: {x: {type: string}}}}}}", NULL));
	CHECK_STR(topt(find_table(m, "r"), "rows_path"), "data");
	oapi_model_free(m);
	m = map(get_doc("/r", NULL,
					"{properties: {cats: {type: array, items: {properties: {id: {type: integer}}}},"
					" dogs: {type: array, items: {properties: {x: {type: string}}}}}}", NULL));
	CHECK_INT(m ? m->ntables : -1, 0);
	CHECK(has_note(m, "GET /r", "several arrays of objects (cats, dogs)"));
	oapi_model_free(m);
	/* an array at the top, not one beside it one level down (STAPI's searches) */
	m = map(get_doc("/r", NULL,
					"{properties: {sort: {properties: {clauses: {type: array,"
					" items: {properties: {name: {type: string}}}}}},"
					" animals: {type: array, items: {properties: {uid: {type: string}}}}}}", NULL));
	CHECK_STR(topt(find_table(m, "r"), "rows_path"), "animals");
	oapi_model_free(m);

	/* one object: a row only for a path with parameters */
	m = map(get_doc("/me", NULL, "{properties: {id: {type: integer}}}", NULL));
	CHECK_INT(m ? m->ntables : -1, 0);
	CHECK(has_note(m, "GET /me", "no path or required query parameter names it"));
	CHECK_STR(note_where(m, "GET /me", "names it"),
			  "#/paths/~1me/get/responses/200/content/application~1json/schema");
	oapi_model_free(m);
	/* a pet with its tags is one row, not a set of tags */
	m = map(get_doc("/pets/{id}", "[{name: id, in: path, required: true, schema: {type: integer}}]",
					"{properties: {id: {type: integer}, name: {type: string},"
					" tags: {type: array, items: {properties: {t: {type: string}}}}}}", NULL));
	t = find_table(m, "pets_by_id");
	CHECK_STR(topt(t, "rows_path"), "-");
	CHECK_STR(topt(t, "path"), "/pets/{id}");
	CHECK(find_col(t, "id") && find_col(t, "id")->is_key);
	CHECK_INT(t ? t->ncolumns : 0, 3);
	CHECK_STR(ctype(find_col(t, "tags")), "jsonb");
	oapi_model_free(m);

	/* one object named by a required query parameter, with a list inside */
	m = map(get_doc("/planet", "[{name: uid, in: query, required: true, schema: {type: string}}]",
					"{properties: {planet: {properties: {uid: {type: string}, name: {type: string},"
					" moons: {type: array, items: {properties: {uid: {type: string}}}}}}}}", NULL));
	t = find_table(m, "planet");
	CHECK_STR(topt(t, "rows_path"), "planet");
	CHECK_STR(ctype(find_col(t, "moons")), "jsonb");
	CHECK_STR(copt(find_col(t, "uid"), "op_eq"), "uid={value}");
	oapi_model_free(m);
	/* the same unkeyed: a list inside one object is not rows either */
	m = map(get_doc("/planet", NULL,
					"{properties: {planet: {properties: {uid: {type: string}, name: {type: string},"
					" moons: {type: array, items: {properties: {uid: {type: string}}}}}}}}", NULL));
	CHECK_INT(m ? m->ntables : -1, 0);
	oapi_model_free(m);

	/* a key named twice, and the row's own field as a key: keys first */
	m = map(get_doc("/a/{x}/b/{p}/c/{x}/d/{y}", NULL,
					"{type: array, items: {properties: {p: {type: string}, q: {type: string}}}}", NULL));
	t = find_table(m, "a_by_x_b_by_p_c_by_x_d_by_y");
	CHECK_STR(topt(t, "path"), "/a/{x}/b/{p}/c/{x}/d/{y}");
	CHECK_INT(t ? t->ncolumns : 0, 4);
	CHECK_STR(t ? t->columns[0].name : "?", "x");
	CHECK_STR(t ? t->columns[1].name : "?", "y");
	CHECK_STR(t ? t->columns[2].name : "?", "p");
	CHECK(t && t->columns[0].is_key && t->columns[1].is_key && t->columns[2].is_key);
	CHECK(t && !t->columns[3].is_key);
	oapi_model_free(m);

	/* not rows */
	m = map(get_doc("/n", NULL, "{type: array, items: {type: string}}", NULL));
	CHECK(has_note(m, "GET /n", "not of objects with declared properties"));
	oapi_model_free(m);
	m = map(get_doc("/n", NULL, "{type: string}", NULL));
	CHECK(has_note(m, "GET /n", "neither an array nor an object"));
	oapi_model_free(m);
	m = map(OAS3 "paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n"
			"          content: {text/plain: {schema: {type: string}}}\n"
			"  /y:\n    get:\n      responses: {'404': {description: no}}\n"
			"  /z:\n    get:\n      responses:\n        '200':\n          description: ok\n"
			"          content: {application/x-ndjson: {schema: {properties: {a: {type: string}}}}}\n"
			"  /w/{k}:\n    get:\n      responses:\n        '2XX':\n          description: ok\n"
			"          content: {application/vnd.api+json: {schema: {properties: {a: {type: string}}}}}\n");
	CHECK(has_note(m, "GET /x", "no JSON media type with a schema"));
	CHECK(has_note(m, "GET /y", "declares no 2xx response"));
	CHECK_STR(topt(find_table(m, "w_by_k"), "path"), "/w/{k}");
	CHECK(has_note(m, "GET /w/{k}", "the path parameter \"k\" is not declared"));
	oapi_model_free(m);
}

static void
test_refs(void)
{
	OapiModel  *m;
	const OapiTable *t;

	unit_context = "refs";
	/* allOf merges; a property declared twice gets both schemas */
	m = map(get_doc("/a", NULL,
					"{allOf: [{$ref: '#/components/schemas/Page'},"
					" {properties: {data: {type: array, items: {$ref: '#/components/schemas/Dog'}}}}]}",
					"{schemas: {Page: {type: object, properties: {data: {type: array, items: {type: object}},"
					"   next: {type: string, format: uri}}},"
					" Animal: {properties: {id: {type: integer}, name: {type: string}}},"
					" Dog: {allOf: [{$ref: '#/components/schemas/Animal'},"
					"   {properties: {bark: {type: boolean}, parent: {$ref: '#/components/schemas/Dog'}}}]}}}"));
	t = find_table(m, "a");
	CHECK_STR(topt(t, "rows_path"), "data");
	CHECK_STR(topt(t, "pagination"), "next_url");
	CHECK_STR(topt(t, "cursor_path"), "next");
	CHECK_STR(ctype(find_col(t, "id")), "bigint");
	CHECK_STR(ctype(find_col(t, "bark")), "boolean");
	/* a schema that contains itself is a jsonb column */
	CHECK_STR(ctype(find_col(t, "parent")), "jsonb");
	oapi_model_free(m);

	/* three members declaring one property: all three apply */
	m = map(get_doc("/w", NULL,
					"{type: array, items: {allOf: [{properties: {p: {type: string}}},"
					" {properties: {p: {format: date-time}}}, {properties: {p: {description: x},"
					" x-rest-fdw-combined: {type: integer}}}]}}", NULL));
	t = find_table(m, "w");
	CHECK_STR(ctype(find_col(t, "p")), "timestamp with time zone");
	CHECK_STR(ctype(find_col(t, "x_rest_fdw_combined")), "bigint");
	oapi_model_free(m);

	/* an allOf cycle is merged once, not followed forever */
	m = map(get_doc("/c", NULL, "{type: array, items: {$ref: '#/components/schemas/A'}}",
					"{schemas: {A: {allOf: [{$ref: '#/components/schemas/B'}], properties: {a: {type: string}}},"
					" B: {allOf: [{$ref: '#/components/schemas/A'}], properties: {b: {type: integer}}}}}"));
	t = find_table(m, "c");
	CHECK_STR(ctype(find_col(t, "a")), "text");
	CHECK_STR(ctype(find_col(t, "b")), "bigint");
	oapi_model_free(m);

	/* escaped references, and parameters and responses by reference */
	m = map(OAS3 "paths:\n  /p/{id}:\n    parameters: [{$ref: '#/components/parameters/Id'}]\n"
			"    get:\n      responses: {'200': {$ref: '#/components/responses/One'}}\n"
			"components:\n  parameters:\n    Id: {name: id, in: path, required: true, schema: {type: integer, format: int32}}\n"
			"  responses:\n    One: {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/a~1b%20c'}}}}\n"
			"  schemas:\n    a/b c: {properties: {x: {type: string}}}\n");
	t = find_table(m, "p_by_id");
	CHECK_STR(ctype(find_col(t, "id")), "integer");
	CHECK_STR(ctype(find_col(t, "x")), "text");
	oapi_model_free(m);

	/* an external reference is unknown: jsonb, with a note */
	m = map(get_doc("/e", NULL, "{type: array, items: {properties: {x: {$ref: 'other.yaml#/X'}}}}", NULL));
	CHECK_STR(ctype(find_col(find_table(m, "e"), "x")), "jsonb");
	CHECK(has_note(m, "GET /e: field \"x\"", "another document"));
	oapi_model_free(m);
	m = map(get_doc("/e", NULL, "{$ref: 'x.yaml'}", NULL));
	CHECK_INT(m ? m->ntables : -1, 0);
	CHECK(has_note(m, "GET /e", "the response's schema is in another document"));
	oapi_model_free(m);

	unit_context = "ref errors";
	check_error(get_doc("/c", NULL, "{$ref: '#/components/schemas/A'}",
						"{schemas: {A: {$ref: '#/components/schemas/B'}, B: {$ref: '#/components/schemas/A'}}}"),
				NULL, "$ref cycle: \"#/components/schemas/A\" leads back to itself",
				"#/components/schemas/B/$ref");
	check_error(get_doc("/c", NULL, "{$ref: '#/components/schemas/Nope'}", NULL),
				NULL, "$ref \"#/components/schemas/Nope\" does not resolve",
				"#/paths/~1c/get/responses/200/content/application~1json/schema/$ref");
	check_error(get_doc("/c", NULL, "{$ref: 7}", NULL), NULL, "$ref is not a string",
				"#/paths/~1c/get/responses/200/content/application~1json/schema/$ref");
	check_error(get_doc("/c", NULL, "{allOf: {type: object}}", NULL), NULL,
				"allOf is not an array", "#/paths/~1c/get/responses/200/content/application~1json/schema/allOf");
	check_error(get_doc("/c", NULL, "[1]", NULL), NULL, "a schema is not an object",
				"#/paths/~1c/get/responses/200/content/application~1json/schema");
}

static void
test_filters(void)
{
	OapiModel  *m;
	const OapiTable *t;

	unit_context = "filters";
	m = map(get_doc("/items",
					"[{name: status, in: query, schema: {type: string}},"
					" {name: age_gte, in: query, schema: {type: integer}},"
					" {name: age__lt, in: query, schema: {type: integer}},"
					" {name: 'price[gt]', in: query, schema: {type: number}},"
					" {name: min_price, in: query, schema: {type: number}},"
					" {name: maxPrice, in: query, schema: {type: number}},"
					" {name: created.lte, in: query, schema: {type: string}},"
					" {name: id_in, in: query, schema: {type: array, items: {type: integer}}, explode: false},"
					" {name: tag, in: query, schema: {type: array, items: {type: string}}},"
					" {name: kind, in: query, schema: {type: array, items: {type: string}}, explode: false},"
					" {name: name_gte, in: query, schema: {type: string}},"
					" {name: NAME, in: query, schema: {type: string}},"
					" {name: q, in: query, schema: {type: string}},"
					" {name: region, in: query, required: true, schema: {type: string, default: eu west}},"
					" {name: tenant, in: query, required: true, schema: {type: string}},"
					" {name: X-Key, in: header, required: true, schema: {type: string}}]",
					"{type: array, items: {properties: {id: {type: integer}, status: {type: string},"
					" age: {type: integer}, price: {type: number}, created: {type: string, format: date-time},"
					" tag: {type: string}, kind: {type: string}, name: {type: string}}}}", NULL));
	t = find_table(m, "items");
	CHECK_STR(copt(find_col(t, "status"), "op_eq"), "status={value}");
	CHECK_STR(copt(find_col(t, "status"), "op_in"), "-");
	CHECK_STR(copt(find_col(t, "age"), "op_ge"), "age_gte={value}");
	CHECK_STR(copt(find_col(t, "age"), "op_lt"), "age__lt={value}");
	CHECK_STR(copt(find_col(t, "price"), "op_gt"), "price%5Bgt%5D={value}");
	CHECK_STR(copt(find_col(t, "price"), "op_ge"), "min_price={value}");
	CHECK_STR(copt(find_col(t, "price"), "op_le"), "maxPrice={value}");
	CHECK_STR(copt(find_col(t, "created"), "op_le"), "created.lte={value}");
	CHECK_STR(copt(find_col(t, "id"), "op_in"), "id_in={values}");
	/* an array parameter: = and IN, repeated or comma-joined */
	CHECK_STR(copt(find_col(t, "tag"), "op_eq"), "tag={value}");
	CHECK_STR(copt(find_col(t, "tag"), "op_in"), "tag={value}");
	CHECK_STR(copt(find_col(t, "kind"), "op_in"), "kind={values}");
	/* text is not ordered remotely; case differs: still the column */
	CHECK_STR(copt(find_col(t, "name"), "op_ge"), "-");
	CHECK(has_note(m, "query parameter \"name_gte\"", "ordering comparisons are pushed for numbers"));
	CHECK_STR(copt(find_col(t, "name"), "op_eq"), "NAME={value}");
	CHECK(has_note(m, "query parameter \"q\"", "no column of that name"));
	CHECK_STR(topt(t, "query"), "region=eu%20west");
	CHECK(has_note(m, "query parameter \"tenant\"", "required, but no column and no default"));
	CHECK(has_note(m, "GET /items", "the required header parameter \"X-Key\" is not sent"));
	oapi_model_free(m);

	/* path-level parameters, overridden by the operation's */
	m = map(OAS3 "paths:\n  /u/{id}:\n    parameters:\n"
			"      - {name: id, in: path, required: true, schema: {type: string}}\n"
			"      - {name: v, in: query, schema: {type: string}}\n"
			"    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer, format: int32}}\n"
			"      responses: {'200': {description: ok, content: {application/json: {schema: {properties: {v: {type: string}}}}}}}\n");
	t = find_table(m, "u_by_id");
	CHECK_STR(ctype(find_col(t, "id")), "integer");
	CHECK_STR(copt(find_col(t, "v"), "op_eq"), "v={value}");
	oapi_model_free(m);
}

static void
test_pagination(void)
{
	OapiModel  *m;
	const OapiTable *t;

	unit_context = "pagination";
	/* a cursor parameter with the cursor beside the rows */
	m = map(get_doc("/ev",
					"[{name: cursor, in: query, schema: {type: string}},"
					" {name: page_size, in: query, schema: {type: integer, default: 50}}]",
					"{properties: {data: {type: array, items: {properties: {id: {type: integer}}}},"
					" meta: {properties: {next_cursor: {type: string}}}, has_more: {type: boolean}}}", NULL));
	t = find_table(m, "ev");
	CHECK_STR(topt(t, "pagination"), "cursor");
	CHECK_STR(topt(t, "cursor_param"), "cursor");
	CHECK_STR(topt(t, "cursor_path"), "meta.next_cursor");
	CHECK_STR(topt(t, "page_size_param"), "page_size");
	CHECK_STR(topt(t, "page_size"), "50");
	CHECK_STR(topt(t, "has_more_path"), "has_more");
	oapi_model_free(m);

	/* a cursor parameter and no cursor field: a note */
	m = map(get_doc("/ev", "[{name: after, in: query, schema: {type: string}}]",
					"{type: array, items: {properties: {id: {type: integer}}}}", NULL));
	CHECK_STR(topt(find_table(m, "ev"), "pagination"), "-");
	CHECK(has_note(m, "GET /ev", "the cursor parameter \"after\" is not used"));
	oapi_model_free(m);

	/* a Link header: GitHub's style */
	m = map(OAS3 "paths:\n  /repos/{owner}/{repo}/issues:\n    get:\n      parameters:\n"
			"        - {name: owner, in: path, required: true, schema: {type: string}}\n"
			"        - {name: repo, in: path, required: true, schema: {type: string}}\n"
			"        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}\n"
			"        - {name: page, in: query, schema: {type: integer}}\n"
			"      responses:\n        '200':\n          description: ok\n"
			"          headers: {Link: {schema: {type: string}}}\n"
			"          content: {application/json: {schema: {type: array, items: {properties: {number: {type: integer}}}}}}\n");
	t = find_table(m, "repos_by_owner_repo_issues");
	CHECK_STR(topt(t, "path"), "/repos/{owner}/{repo}/issues");
	CHECK_STR(topt(t, "pagination"), "link_header");
	CHECK_STR(topt(t, "page_param"), "page");
	CHECK_STR(topt(t, "page_size_param"), "per_page");
	CHECK_STR(topt(t, "page_size"), "100");
	CHECK_STR(t ? t->columns[0].name : "?", "owner");
	CHECK_STR(t ? t->columns[1].name : "?", "repo");
	CHECK(t && t->columns[0].is_key && t->columns[1].is_key);
	oapi_model_free(m);

	/* page numbers from 0, a page count */
	m = map(get_doc("/p",
					"[{name: pageNumber, in: query, schema: {type: integer, minimum: 0}},"
					" {name: pageSize, in: query, schema: {type: integer}}]",
					"{properties: {content: {type: array, items: {properties: {id: {type: integer}}}},"
					" totalPages: {type: integer}, totalElements: {type: integer}}}", NULL));
	t = find_table(m, "p");
	CHECK_STR(topt(t, "pagination"), "page");
	CHECK_STR(topt(t, "page_param"), "pageNumber");
	CHECK_STR(topt(t, "page_start"), "0");
	CHECK_STR(topt(t, "page_size_param"), "pageSize");
	CHECK_STR(topt(t, "page_count_path"), "totalPages");
	CHECK_STR(topt(t, "total_path"), "totalElements");
	CHECK_STR(topt(t, "rows_path"), "content");
	oapi_model_free(m);

	/* HAL's _links.next.href */
	m = map(get_doc("/h", NULL,
					"{properties: {items: {type: array, items: {properties: {id: {type: integer}}}},"
					" _links: {properties: {next: {properties: {href: {type: string}}}}}}}", NULL));
	t = find_table(m, "h");
	CHECK_STR(topt(t, "pagination"), "next_url");
	CHECK_STR(topt(t, "cursor_path"), "_links.next.href");
	oapi_model_free(m);
}

static void
test_names(void)
{
	OapiModel  *m;
	const OapiTable *t;
	char		props[4096];
	char		longname[200];
	char		utf8[200];
	const OapiColumn *c;
	int			i;

	unit_context = "names";
	memset(longname, 'a', 100);
	longname[100] = '\0';
	utf8[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(utf8, "\xc3\xa9");	/* 2 bytes each: 80 bytes */
	snprintf(props, sizeof(props),
			 "{type: array, items: {properties: {createdAt: {type: string}, HTTPServer: {type: string},"
			 " userID: {type: string}, Name: {type: string}, name: {type: string}, 'first name': {type: string},"
			 " '9lives': {type: string}, '$$$': {type: string}, ctid: {type: string}, _id: {type: string},"
			 " '%s': {type: string}, '%sb': {type: string}, '%s': {type: string}, select: {type: string},"
			 " '@odata.etag': {type: string}}}}", longname, longname, utf8);
	m = map(get_doc("/Weird-Path/{Item Id}/v2.json", "[{name: Item Id, in: path, required: true, schema: {type: string}}]",
					props, NULL));
	CHECK_INT(m ? m->ntables : -1, 1);
	t = m && m->ntables ? &m->tables[0] : NULL;
	CHECK_STR(t ? t->name : "?", "weird_path_by_item_id_v2_json");
	CHECK_STR(topt(t, "path"), "/Weird-Path/{item_id}/v2.json");
	c = find_col(t, "item_id");
	CHECK(c && c->is_key);
	CHECK_STR(copt(c, "remote_name"), "Item Id");
	CHECK_STR(copt(find_col(t, "created_at"), "remote_name"), "createdAt");
	CHECK(find_col(t, "http_server") != NULL);
	CHECK(find_col(t, "user_id") != NULL);
	CHECK_STR(copt(find_col(t, "name"), "remote_name"), "Name");
	CHECK_STR(copt(find_col(t, "name_2"), "remote_name"), "name");
	CHECK(find_col(t, "first_name") != NULL);
	CHECK(find_col(t, "_9lives") != NULL);
	CHECK_STR(copt(find_col(t, "column"), "remote_name"), "$$$");
	CHECK_STR(copt(find_col(t, "ctid_2"), "remote_name"), "ctid");
	CHECK_STR(copt(find_col(t, "_id"), "remote_name"), "-");
	CHECK(find_col(t, "select") != NULL);
	CHECK(find_col(t, "_odata_etag") != NULL);
	/* 63 bytes; a second one of the same 63 gets a suffix within 63 */
	CHECK(find_col(t, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") != NULL);
	CHECK(find_col(t, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_2") != NULL);
	/* never cut inside a character: 31 of the 2-byte ones */
	for (i = 0; t != NULL && i < t->ncolumns; i++)
	{
		CHECK(strlen(t->columns[i].name) <= OAPI_NAME_MAX);
		if ((unsigned char) t->columns[i].name[0] == 0xc3)
			CHECK_INT(strlen(t->columns[i].name), 62);
	}
	oapi_model_free(m);

	/* table names are unique too */
	m = map(OAS3 "paths:\n"
			"  /pets: {get: {responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {properties: {a: {type: string}}}}}}}}}}\n"
			"  /Pets: {get: {responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {properties: {a: {type: string}}}}}}}}}}\n"
			"  /{id}: {get: {parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok, content: {application/json: {schema: {properties: {a: {type: string}}}}}}}}}\n"
			"  /: {get: {responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {properties: {a: {type: string}}}}}}}}}}\n");
	CHECK(find_table(m, "pets") != NULL);
	CHECK(find_table(m, "pets_2") != NULL);
	CHECK(find_table(m, "root") != NULL);
	CHECK(find_table(m, "by_id") != NULL);
	oapi_model_free(m);
}

static void
test_swagger(void)
{
	OapiModel  *m;
	const OapiTable *t;

	unit_context = "swagger";
	m = map("swagger: 2.0\ninfo: {title: S, version: '1'}\nhost: api.example.com\nbasePath: /v1\n"
			"schemes: [http]\nproduces: [application/json]\n"
			"paths:\n  /users:\n    get:\n      parameters:\n"
			"        - {$ref: '#/parameters/Ids'}\n"
			"        - {name: limit, in: query, type: integer}\n"
			"        - {name: offset, in: query, type: integer}\n"
			"      responses:\n        200:\n          description: ok\n"
			"          schema: {type: array, items: {$ref: '#/definitions/User'}}\n"
			"  /report:\n    get:\n      produces: [text/csv]\n"
			"      responses: {200: {description: ok, schema: {type: array, items: {$ref: '#/definitions/User'}}}}\n"
			"parameters:\n  Ids: {name: id, in: query, type: array, items: {type: integer}, collectionFormat: multi}\n"
			"definitions:\n  User:\n    properties:\n      id: {type: integer, format: int64}\n"
			"      born: {type: string, format: date}\n");
	CHECK_STR(m ? m->spec_version : "?", "2.0");
	CHECK_STR(m ? m->server_url : "?", "http://api.example.com/v1");
	t = find_table(m, "users");
	CHECK_STR(ctype(find_col(t, "id")), "bigint");
	CHECK_STR(ctype(find_col(t, "born")), "date");
	CHECK_STR(copt(find_col(t, "id"), "op_in"), "id={value}");
	CHECK_STR(topt(t, "pagination"), "offset");
	CHECK(has_note(m, "GET /report", "produces no JSON"));
	oapi_model_free(m);
}

static void
test_errors(void)
{
	OapiLimits	lim;
	char	   *big;
	size_t		i;

	unit_context = "errors";
	check_error("{\"openapi\": \"3.0.0\", \"paths\": {}", NULL, "invalid JSON", "line 1, column 32");
	check_error("openapi: [3.0\n", NULL, "invalid YAML", "line 2, column 1");
	check_error("[1, 2]", NULL, "the document is not an object", "#");
	check_error("{\"info\": {}}", NULL, "it has no \"openapi\" or \"swagger\" member", "#");
	check_error("{\"openapi\": \"4.0.0\"}", NULL, "unsupported version 4.0.0", "#/openapi");
	check_error("{\"openapi\": \"3.10\"}", NULL, "unsupported version 3.10", "#/openapi");
	check_error("{\"swagger\": \"1.2\"}", NULL, "unsupported version 1.2", "#/swagger");
	check_error("{\"openapi\": 3}", NULL, "unsupported version (not a string)", "#/openapi");
	check_error(OAS3 "paths: [1]\n", NULL, "\"paths\" is not an object", "#/paths");
	check_error(OAS3 "paths: {pets: {}}\n", NULL, "a path does not start with \"/\"", "#/paths/pets");
	check_error(OAS3 "paths: {/pets: 1}\n", NULL, "a path item is not an object", "#/paths/~1pets");
	check_error(OAS3 "paths: {/pets: {get: 1}}\n", NULL, "an operation is not an object", "#/paths/~1pets/get");
	check_error(OAS3 "paths: {/pets: {get: {responses: []}}}\n", NULL,
				"\"responses\" is not an object", "#/paths/~1pets/get/responses");
	check_error(OAS3 "paths: {/pets: {get: {responses: {'200': 1}}}}\n", NULL,
				"a response is not an object", "#/paths/~1pets/get/responses/200");
	check_error(OAS3 "paths: {/pets: {get: {parameters: {}, responses: {}}}}\n", NULL,
				"parameters is not an array", "#/paths/~1pets/get/parameters");
	check_error(OAS3 "paths: {/pets: {get: {parameters: [{name: x}], responses: {}}}}\n", NULL,
				"a parameter needs a \"name\" and an \"in\"", "#/paths/~1pets/get/parameters/0");

	unit_context = "limits";
	memset(&lim, 0, sizeof(lim));
	lim.max_operations = 2;
	check_error(OAS3 "paths: {/a: {get: {}, post: {}}, /b: {get: {}}}\n", &lim,
				"the document has more than 2 operations", "#/paths/~1b/get");
	memset(&lim, 0, sizeof(lim));
	lim.max_document_bytes = 10;
	check_error(OAS3, &lim, "the document is larger than 10 bytes", "");
	memset(&lim, 0, sizeof(lim));
	lim.max_depth = 4;
	check_error(OAS3 "x: {a: {b: {c: {d: 1}}}}\n", &lim, "nested more than 4 levels", "line 3, column 16");
	memset(&lim, 0, sizeof(lim));
	lim.max_nodes = 10;
	check_error(OAS3 "x: [1, 2, 3, 4, 5, 6, 7, 8]\n", &lim, "more than 10 values", "line 3, column 4");
	memset(&lim, 0, sizeof(lim));
	lim.max_ref_hops = 2;
	check_error(get_doc("/c", NULL, "{$ref: '#/components/schemas/A'}",
						"{schemas: {A: {$ref: '#/components/schemas/B'}, B: {$ref: '#/components/schemas/C'},"
						" C: {type: object}}}"), &lim,
				"more than 2 $ref hops", "#/components/schemas/B/$ref");
	check_error(get_doc("/c", NULL, "{allOf: [{allOf: [{allOf: [{allOf: [{type: object}]}]}]}]}", NULL), &lim,
				"schemas nest more than 2 levels",
				"#/paths/~1c/get/responses/200/content/application~1json/schema/allOf/0/allOf/0/allOf/0");
	memset(&lim, 0, sizeof(lim));
	lim.max_steps = 20;
	check_error(get_doc("/c", NULL, "{type: array, items: {$ref: '#/components/schemas/Big'}}",
						"{schemas: {Big: {properties: {a: {type: string}, b: {type: string}, c: {type: string},"
						" d: {type: string}, e: {type: string}, f: {type: string}, g: {type: string},"
						" h: {type: string}, i: {type: string}, j: {type: string}, k: {type: string}}}}}"),
				&lim, "mapping the description takes more than 20 steps",
				"#/paths/~1c/get/responses/200/content/application~1json/schema");
	memset(&lim, 0, sizeof(lim));
	lim.max_columns = 2;
	{
		OapiModel  *m = map_limits(get_doc("/c", NULL,
										   "{type: array, items: {properties: {a: {type: string},"
										   " b: {type: string}, c: {type: string}}}}", NULL), &lim);

		CHECK_INT(m && m->ntables ? m->tables[0].ncolumns : -1, 2);
		CHECK(has_note(m, "GET /c: field \"c\"", "the table already has 2 columns"));
		oapi_model_free(m);
	}

	/* a deep JSON document: jansson's own limit, an error, no crash */
	big = malloc(100001);
	for (i = 0; i < 50000; i++)
		big[i] = '[';
	for (i = 50000; i < 100000; i++)
		big[i] = ']';
	big[100000] = '\0';
	check_error(big, NULL, "invalid JSON", "line 1, column 2049");
	free(big);
}

/* a JSON and a YAML spelling of one description give one model */
static void
test_same(void)
{
	static const char json[] =
		"{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {"
		"\"/users/{userId}/posts\": {\"get\": {\"parameters\": ["
		"{\"name\": \"userId\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"integer\"}},"
		"{\"name\": \"page\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}},"
		"{\"name\": \"tag\", \"in\": \"query\", \"schema\": {\"type\": \"string\"}}],"
		"\"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\":"
		"{\"type\": \"object\", \"properties\": {\"posts\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/components/schemas/Post\"}},"
		"\"total\": {\"type\": \"integer\"}}}}}}}}}},"
		"\"components\": {\"schemas\": {\"Post\": {\"properties\": {\"id\": {\"type\": \"integer\"},"
		"\"userId\": {\"type\": \"integer\"}, \"tag\": {\"type\": \"string\"}, \"at\": {\"type\": [\"string\", \"null\"], \"format\": \"date-time\"}}}}}}";
	static const char yaml[] =
		"openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths:\n"
		"  /users/{userId}/posts:\n    get:\n      parameters:\n"
		"        - &uid\n          name: userId\n          in: path\n          required: true\n          schema:\n            type: integer\n"
		"        - {name: page, in: query, schema: {type: integer}}\n"
		"        - name: tag\n          in: query\n          schema: {type: string}\n"
		"      responses:\n        200:\n          description: ok\n          content:\n"
		"            application/json:\n              schema:\n                type: object\n"
		"                properties:\n                  posts:\n                    type: array\n"
		"                    items: {$ref: '#/components/schemas/Post'}\n"
		"                  total: {type: integer}\n"
		"components:\n  schemas:\n    Post:\n      properties:\n        id: {type: integer}\n"
		"        userId: {type: integer}\n        tag: {type: string}\n"
		"        at: {type: [string, 'null'], format: date-time}\n";
	OapiModel  *a = map(json);
	OapiModel  *b = map(yaml);
	char		ta[4096];
	char		tb[4096];
	const OapiTable *t;

	unit_context = "json and yaml";
	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	model_text(a, ta, sizeof(ta));
	model_text(b, tb, sizeof(tb));
	CHECK_STR(ta, tb);
	t = find_table(a, "users_by_user_id_posts");
	CHECK_STR(topt(t, "path"), "/users/{userId}/posts");
	CHECK_STR(topt(t, "rows_path"), "posts");
	CHECK_STR(topt(t, "pagination"), "page");
	CHECK_STR(topt(t, "total_path"), "total");
	/* the rows' own userId is the key */
	CHECK(find_col(t, "user_id") && find_col(t, "user_id")->is_key);
	CHECK_INT(t ? t->ncolumns : 0, 4);
	CHECK_STR(copt(find_col(t, "tag"), "op_eq"), "tag={value}");
	CHECK_STR(ctype(find_col(t, "at")), "timestamp with time zone");
	oapi_model_free(a);
	oapi_model_free(b);
}

static void
test_misc(void)
{
	OapiModel  *m;

	unit_context = "misc";
	/* no paths at all (a 3.1 document of webhooks) */
	m = map(OAS31 "webhooks: {}\n");
	CHECK_INT(m ? m->ntables : -1, 0);
	CHECK(has_note(m, "the document", "it has no paths"));
	oapi_model_free(m);
	/* 3.1: an operation without responses */
	m = map(OAS31 "paths: {/a: {get: {}}}\n");
	CHECK(has_note(m, "GET /a", "declares no responses"));
	oapi_model_free(m);
	CHECK_STR(oapi_type_sql(OAPI_TIMESTAMP, 1), "timestamp without time zone[]");
	CHECK_STR(oapi_type_sql(OAPI_JSONB, 1), "jsonb");
	oapi_model_free(NULL);
}

int
main(void)
{
	test_petstore();
	test_types();
	test_rows();
	test_refs();
	test_filters();
	test_pagination();
	test_names();
	test_swagger();
	test_errors();
	test_same();
	test_misc();
	return UNIT_REPORT();
}
