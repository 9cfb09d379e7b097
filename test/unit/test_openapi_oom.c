/*-------------------------------------------------------------------------
 *
 * test_openapi_oom.c
 *	  Every allocation failure in the OpenAPI mapping (src/openapi*.c,
 *	  src/yaml_json.c, and jansson's allocations on their behalf) must come
 *	  back as -2 "out of memory", never a crash, abort or leak.
 *
 * As in test_oom.c, the sources are compiled into this file with malloc
 * renamed to a wrapper that fails the N-th call, and jansson is
 * given the same wrapper with json_set_alloc_funcs(), for every N until a
 * run completes.  libyaml's own allocations are not covered (it cannot be
 * given an allocator); its failures are reported as out of memory by
 * yaml_json_load().
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "oom_alloc.h"

/*
 * jansson 2.14 reports some failed allocations while parsing as syntax
 * errors ("string or '}' expected"), so its parser is run with the
 * failures held back; every allocation after it, jansson's included, can
 * fail.
 */
static json_t *
parse_unfailing(const char *buf, size_t len, size_t flags, json_error_t *err)
{
	long		saved = oom_countdown;
	json_t	   *v;

	oom_countdown = -1;
	v = json_loadb(buf, len, flags, err);
	oom_countdown = saved;
	return v;
}

/* the sources never call realloc (arrays grow in the arena) */
#define malloc oom_malloc
#define json_loadb parse_unfailing
/* small arena chunks: many more allocations, each of which may fail */
#define CHUNK_SIZE 256
#include "openapi.c"
#include "openapi_schema.c"
#include "openapi_model.c"
#include "openapi_sample.c"
#include "yaml_json.c"
#include "url.c"
#undef malloc
#undef json_loadb

#include "unit.h"

static const char json_doc[] =
	"{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"T\", \"version\": \"1\"},\n"
	" \"servers\": [{\"url\": \"https://{env}.example.com\", \"variables\": {\"env\": {\"default\": \"api\"}}}],\n"
	" \"paths\": {\n"
	"  \"/pets\": {\"get\": {\"parameters\": [\n"
	"      {\"name\": \"status\", \"in\": \"query\", \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}},\n"
	"      {\"name\": \"age_gte\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}},\n"
	"      {\"name\": \"region\", \"in\": \"query\", \"required\": true, \"schema\": {\"type\": \"string\", \"default\": \"eu\"}},\n"
	"      {\"name\": \"cursor\", \"in\": \"query\", \"schema\": {\"type\": \"string\"}},\n"
	"      {\"name\": \"limit\", \"in\": \"query\", \"schema\": {\"type\": \"integer\", \"maximum\": 100}}],\n"
	"    \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\":\n"
	"      {\"schema\": {\"allOf\": [{\"$ref\": \"#/components/schemas/Page\"},\n"
	"         {\"properties\": {\"data\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/components/schemas/Pet\"}}}}]}}}}}},\n"
	"   \"post\": {\"responses\": {}}},\n"
	"  \"/pets/{petId}\": {\"get\": {\"parameters\": [\n"
	"      {\"name\": \"petId\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"string\"}}],\n"
	"    \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\":\n"
	"      {\"schema\": {\"$ref\": \"#/components/schemas/Pet\"}}}}}}}},\n"
	" \"components\": {\"schemas\": {\n"
	"  \"Page\": {\"properties\": {\"data\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}},\n"
	"    \"next_cursor\": {\"type\": \"string\"}, \"total\": {\"type\": \"integer\"}}},\n"
	"  \"Pet\": {\"type\": \"object\", \"properties\": {\n"
	"    \"id\": {\"type\": \"integer\", \"format\": \"int64\"}, \"name\": {\"type\": \"string\"},\n"
	"    \"status\": {\"type\": \"string\"}, \"age\": {\"type\": \"integer\"},\n"
	"    \"aVeryLongCamelCaseNameThatIsLongerThanSixtyThreeBytesOfIdentifierText\": {\"type\": \"string\"},\n"
	"    \"aVeryLongCamelCaseNameThatIsLongerThanSixtyThreeBytesOfIdentifierText2\": {\"type\": \"string\"},\n"
	"    \"kind\": {\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}}}}}}";

static const char yaml_doc[] =
	"openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
	"x-base: &base {type: integer}\n"
	"paths:\n  /users/{id}/posts:\n    get:\n"
	"      parameters: [{name: id, in: path, required: true, schema: *base}]\n"
	"      responses:\n        200:\n          description: ok\n"
	"          headers: {Link: {schema: {type: string}}}\n"
	"          content:\n            application/json:\n              schema:\n"
	"                type: array\n                items:\n                  properties:\n"
	"                    id: *base\n                    title: {type: [string, 'null']}\n"
	"                    <<: {extra: {type: boolean}}\n";

static const char sample_body[] =
	"{\"data\": [{\"id\": 1, \"name\": \"Ada\", \"at\": \"2024-01-15T10:30:00Z\", \"tags\": [\"a\"],"
	" \"address\": {\"city\": \"Berlin\", \"zip\": 10115}, \"big\": 123456789012345678901234567890},"
	" {\"id\": 2, \"x\": null, \"address\": {\"street\": \"Main\"}}],"
	" \"meta\": {\"next_cursor\": \"abc\"}, \"has_more\": true}";

/* 1: completed, 0: out of memory reported properly */
static int
map_once(const char *doc)
{
	OapiModel  *m = NULL;
	OapiError	err;
	int			rc = oapi_map_document(doc, strlen(doc), NULL, &m, &err);

	if (rc == -2)
	{
		CHECK(m == NULL);
		CHECK_STR(err.message, "out of memory");
		return 0;
	}
	CHECK_INT(rc, 0);
	if (rc != 0)
		fprintf(stderr, "error: %s at %s\n", err.message, err.where);
	CHECK(m != NULL && m->ntables >= 1);
	oapi_model_free(m);
	return 1;
}

static int
sample_once(void)
{
	OapiModel  *m = oapi_model_new();
	OapiSampleOptions o;
	OapiError	err;
	int			rc;

	if (m == NULL)
		return 0;
	memset(&o, 0, sizeof(o));
	o.flatten = 1;
	rc = oapi_sample_add(m, "/users?x=1", sample_body, strlen(sample_body), &o, &err);
	if (rc == -2)
	{
		CHECK_STR(err.message, "out of memory");
		oapi_model_free(m);
		return 0;
	}
	CHECK_INT(rc, 0);
	if (rc != 0)
		fprintf(stderr, "error: %s at %s\n", err.message, err.where);
	CHECK_INT(m->ntables, 1);
	oapi_model_free(m);
	return 1;
}

static void
run(const char *name, int (*once) (const char *), const char *arg)
{
	long		n;
	int			completed = 0;

	for (n = 0; n < 100000 && !completed; n++)
	{
		oom_countdown = n;
		oom_hit = 0;
		completed = once(arg);
		/* a run that hit a failure must not complete as if none happened */
		CHECK(completed == !oom_hit);
	}
	oom_countdown = -1;
	CHECK(completed);
	printf("%s: %ld allocation failure points checked\n", name, n - 1);
}

static int
sample_adapter(const char *unused)
{
	(void) unused;
	return sample_once();
}

int
main(void)
{
	json_set_alloc_funcs(oom_malloc, free);
	run("openapi (JSON)", map_once, json_doc);
	run("openapi (YAML)", map_once, yaml_doc);
	run("sample", sample_adapter, NULL);
	return UNIT_REPORT();
}
