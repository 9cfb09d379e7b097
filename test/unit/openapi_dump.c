/*-------------------------------------------------------------------------
 *
 * openapi_dump.c
 *	  Map an OpenAPI description (or sample responses) and print the model
 *	  in a stable text form, for test/scripts/openapi_examples.sh and for
 *	  looking at what a document gives.
 *
 *	  openapi_dump FILE				a description
 *	  openapi_dump -s PATH FILE		a sample response of PATH
 *	  openapi_dump -f -s PATH FILE	the same, nested objects flattened
 *
 * Exit status: 0 mapped, 1 the document was refused (the error is
 * printed), 2 usage or I/O error, 3 out of memory.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openapi.h"

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0;
	size_t		n = 0;

	if (f == NULL)
		return NULL;
	for (;;)
	{
		size_t		got;

		if (n == cap)
		{
			char	   *nb = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (nb == NULL)
			{
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void
print_options(const char *indent, const OapiOption *o, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		printf("%s%s = %s\n", indent, o[i].name, o[i].value);
}

static void
print_model(const OapiModel *m)
{
	int			i;
	int			j;

	printf("spec: %s\n", m->spec_version ? m->spec_version : "-");
	printf("title: %s\n", m->title ? m->title : "-");
	printf("server: %s\n", m->server_url ? m->server_url : "-");
	for (i = 0; i < m->ntables; i++)
	{
		const OapiTable *t = &m->tables[i];

		printf("table %s  (%s at %s)\n", t->name, t->source, t->where);
		print_options("  option ", t->options, t->noptions);
		for (j = 0; j < t->ncolumns; j++)
		{
			const OapiColumn *col = &t->columns[j];

			printf("  column %s %s%s\n", col->name, oapi_type_sql(col->type, col->is_array),
				   col->is_key ? " (key)" : "");
			print_options("    option ", col->options, col->noptions);
		}
	}
	for (i = 0; i < m->nnotes; i++)
		printf("note %s: %s: %s (at %s)\n",
			   m->notes[i].kind == OAPI_NOTE_SKIPPED ? "skipped" : "guessed",
			   m->notes[i].what, m->notes[i].why, m->notes[i].where);
}

int
main(int argc, char **argv)
{
	int			flatten = 0;
	const char *sample = NULL;
	const char *file;
	char	   *data;
	size_t		len = 0;
	OapiModel  *m = NULL;
	OapiError	err;
	int			rc;
	int			i = 1;

	if (i < argc && strcmp(argv[i], "-f") == 0)
		flatten = 1, i++;
	if (i + 1 < argc && strcmp(argv[i], "-s") == 0)
		sample = argv[i + 1], i += 2;
	if (i + 1 != argc)
	{
		fprintf(stderr, "usage: openapi_dump [-f] [-s PATH] FILE\n");
		return 2;
	}
	file = argv[i];
	data = read_file(file, &len);
	if (data == NULL)
	{
		fprintf(stderr, "openapi_dump: cannot read %s\n", file);
		return 2;
	}
	if (sample != NULL)
	{
		OapiSampleOptions opts;

		memset(&opts, 0, sizeof(opts));
		opts.flatten = flatten;
		m = oapi_model_new();
		rc = m == NULL ? -2 : oapi_sample_add(m, sample, data, len, &opts, &err);
	}
	else
		rc = oapi_map_document(data, len, NULL, &m, &err);
	free(data);
	if (rc != 0)
	{
		printf("error: %s (at %s)\n", err.message, err.where[0] ? err.where : "-");
		oapi_model_free(m);
		return rc == -2 ? 3 : 1;
	}
	print_model(m);
	oapi_model_free(m);
	return 0;
}
