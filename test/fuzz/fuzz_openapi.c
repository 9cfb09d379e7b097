/*-------------------------------------------------------------------------
 *
 * fuzz_openapi.c
 *	  libFuzzer target for the OpenAPI mapping (src/openapi*.c and
 *	  src/yaml_json.c): arbitrary bytes as a description (JSON or YAML),
 *	  in one step or parsed then mapped as the backend does, and, when
 *	  they look like JSON, as a sample response and as a list of sampled
 *	  paths.  The model is everything import.c turns into DDL: names,
 *	  types and option names are checked here, the quoting is
 *	  quote_identifier()'s and quote_literal()'s.
 *
 *	  Besides memory safety and bounded work, it checks what must hold for
 *	  any model: every name is a non-empty identifier of at most 63 bytes
 *	  of valid UTF-8, lower case, unique among the model's tables and among
 *	  its table's columns, never a system column's; every table has a path
 *	  option and columns; option names are ones the validator knows; a
 *	  refused document has a message.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openapi.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const table_options[] = {
	"path", "rows_path", "format", "query", "pagination", "page_size", "page_size_param",
	"offset_param", "page_param", "page_start", "cursor_path", "cursor_param", "total_path",
	"has_more_path", "page_count_path", NULL
};

static const char *const column_options[] = {
	"remote_name", "json_path", "op_eq", "op_ne", "op_lt", "op_le", "op_gt", "op_ge", "op_in",
	"op_like", "op_ilike", "op_is_null", "op_is_not_null", NULL
};

static void
check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_openapi: %s\n", what);
		abort();
	}
}

static int
valid_utf8(const unsigned char *s)
{
	while (*s)
	{
		size_t		n = *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC2 ? 2 : 0;
		size_t		k;

		if (n == 0 || *s > 0xF4)
			return 0;
		for (k = 1; k < n; k++)
			if ((s[k] & 0xC0) != 0x80)
				return 0;
		s += n;
	}
	return 1;
}

static void
check_name(const char *name)
{
	const char *p;

	check(name != NULL && name[0] != '\0', "empty name");
	check(strlen(name) <= OAPI_NAME_MAX, "name longer than 63 bytes");
	check(valid_utf8((const unsigned char *) name), "name is not valid UTF-8");
	for (p = name; *p; p++)
		check(!(*p >= 'A' && *p <= 'Z') && (unsigned char) *p > ' ', "name has upper case or blanks");
	check(!(name[0] >= '0' && name[0] <= '9'), "name starts with a digit");
}

static void
check_options(const OapiOption *o, int n, const char *const *known)
{
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		int			found = 0;

		for (j = 0; known[j]; j++)
			found |= strcmp(o[i].name, known[j]) == 0;
		check(found, "unknown option name");
		check(o[i].value != NULL, "option without a value");
		for (j = 0; j < i; j++)
			check(strcmp(o[i].name, o[j].name) != 0, "option set twice");
	}
}

static void
check_model(const OapiModel *m)
{
	static const char *const system[] = {"tableoid", "xmin", "cmin", "xmax", "cmax", "ctid", NULL};
	int			i,
				j,
				k;

	for (i = 0; i < m->ntables; i++)
	{
		const OapiTable *t = &m->tables[i];

		check_name(t->name);
		for (j = 0; j < i; j++)
			check(strcmp(t->name, m->tables[j].name) != 0, "two tables of one name");
		check(t->ncolumns > 0, "a table without columns");
		check(t->noptions > 0 && strcmp(t->options[0].name, "path") == 0, "a table without a path");
		check_options(t->options, t->noptions, table_options);
		for (j = 0; j < t->ncolumns; j++)
		{
			const OapiColumn *c = &t->columns[j];

			check_name(c->name);
			for (k = 0; system[k]; k++)
				check(strcmp(c->name, system[k]) != 0, "a system column's name");
			for (k = 0; k < j; k++)
				check(strcmp(c->name, t->columns[k].name) != 0, "two columns of one name");
			check(!(c->is_array && c->type == OAPI_JSONB), "jsonb[]");
			check(oapi_type_sql(c->type, c->is_array) != NULL, "no type name");
			check_options(c->options, c->noptions, column_options);
		}
	}
	for (i = 0; i < m->nnotes; i++)
		check(m->notes[i].what && m->notes[i].why && m->notes[i].where, "an incomplete note");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OapiLimits	lim;
	OapiModel  *m = NULL;
	OapiError	err;
	int			rc;

	/* limits that keep one run short, still far above the seeds */
	memset(&lim, 0, sizeof(lim));
	lim.max_nodes = 200000;
	lim.max_operations = 500;
	lim.max_depth = 128;
	if (size & 2)
		rc = oapi_map_document((const char *) data, size, &lim, &m, &err);
	else
	{
		/* the backend's way: parsed, the bytes let go, then mapped */
		OapiDocument *doc = NULL;

		rc = oapi_parse_document((const char *) data, size, &lim, &doc, &err);
		check((rc == 0) == (doc != NULL), "a parsed document without success");
		if (rc == 0)
			rc = oapi_map_parsed(doc, &m, &err);
	}
	check(rc == 0 || rc == -1 || rc == -2, "a return code out of range");
	if (rc == 0)
	{
		check(m != NULL, "no model");
		check_model(m);
		oapi_model_free(m);
	}
	else
		check(m == NULL && err.message[0] != '\0', "an error without a message");

	if (size > 0 && (data[0] == '[' || data[0] == '{'))
	{
		OapiSampleOptions o;

		memset(&o, 0, sizeof(o));
		o.flatten = size & 1;
		o.max_rows = 50;
		m = oapi_model_new();
		if (m == NULL)
			return 0;
		rc = oapi_sample_add(m, "/fuzz/x?a=1", (const char *) data, size, &o, &err);
		check(rc == 0 || rc == -1 || rc == -2, "a return code out of range");
		check(rc != 0 || m->ntables == 1, "a sample without its table");
		check(rc == 0 || err.message[0] != '\0', "an error without a message");
		check_model(m);
		oapi_model_free(m);
	}

	/* the bytes as a paths option: every byte ends in one path or a comma */
	{
		char	   *list = malloc(size + 1);
		char	   *cursor = list;
		char	   *path;
		size_t		total = 0;
		size_t		npaths = 0;

		if (list == NULL)
			return 0;
		memcpy(list, data, size);
		list[size] = '\0';
		while ((path = oapi_next_path(&cursor)) != NULL)
		{
			check(path >= list && path + strlen(path) <= list + size, "a path outside the list");
			total += strlen(path);
			npaths++;
		}
		check(npaths >= 1 && total <= size, "paths longer than their list");
		free(list);
	}
	return 0;
}
