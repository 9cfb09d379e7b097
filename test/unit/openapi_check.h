/*-------------------------------------------------------------------------
 *
 * openapi_check.h
 *	  Helpers of the unit tests of src/openapi*.c: look up a model's
 *	  tables, columns, options and notes, and print a model as text.
 *
 *-------------------------------------------------------------------------
 */
#ifndef OPENAPI_CHECK_H
#define OPENAPI_CHECK_H

#include <stdio.h>
#include <string.h>

#include "openapi.h"

static inline const OapiTable *
find_table(const OapiModel *m, const char *name)
{
	int			i;

	for (i = 0; m != NULL && i < m->ntables; i++)
		if (strcmp(m->tables[i].name, name) == 0)
			return &m->tables[i];
	return NULL;
}

static inline const OapiColumn *
find_col(const OapiTable *t, const char *name)
{
	int			i;

	for (i = 0; t != NULL && i < t->ncolumns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return &t->columns[i];
	return NULL;
}

/* a table option, "-" when unset, "?" when there is no table */
static inline const char *
topt(const OapiTable *t, const char *name)
{
	const char *v;

	if (t == NULL)
		return "?";
	v = oapi_option(t->options, t->noptions, name);
	return v ? v : "-";
}

static inline const char *
copt(const OapiColumn *c, const char *name)
{
	const char *v;

	if (c == NULL)
		return "?";
	v = oapi_option(c->options, c->noptions, name);
	return v ? v : "-";
}

/* the SQL type, "?" when there is no column */
static inline const char *
ctype(const OapiColumn *c)
{
	return c ? oapi_type_sql(c->type, c->is_array) : "?";
}

/* whether a note's what and why contain the two strings */
static inline int
has_note(const OapiModel *m, const char *what, const char *why)
{
	int			i;

	for (i = 0; m != NULL && i < m->nnotes; i++)
		if (strstr(m->notes[i].what, what) != NULL && strstr(m->notes[i].why, why) != NULL)
			return 1;
	return 0;
}

static inline const char *
note_where(const OapiModel *m, const char *what, const char *why)
{
	int			i;

	for (i = 0; m != NULL && i < m->nnotes; i++)
		if (strstr(m->notes[i].what, what) != NULL && strstr(m->notes[i].why, why) != NULL)
			return m->notes[i].where;
	return "?";
}

/* the model as text (tables, columns, options; no notes) */
static inline void
model_text(const OapiModel *m, char *buf, size_t size)
{
	size_t		n = 0;
	int			i,
				j,
				k;

	buf[0] = '\0';
#define EMIT(...) \
	do { \
		int w_ = snprintf(buf + n, size - n, __VA_ARGS__); \
		if (w_ > 0) \
			n = (size_t) w_ < size - n ? n + (size_t) w_ : size - 1; \
	} while (0)
	for (i = 0; i < m->ntables; i++)
	{
		const OapiTable *t = &m->tables[i];

		EMIT("table %s\n", t->name);
		for (k = 0; k < t->noptions; k++)
			EMIT(" %s=%s\n", t->options[k].name, t->options[k].value);
		for (j = 0; j < t->ncolumns; j++)
		{
			EMIT(" column %s %s%s\n", t->columns[j].name,
				 oapi_type_sql(t->columns[j].type, t->columns[j].is_array),
				 t->columns[j].is_key ? " key" : "");
			for (k = 0; k < t->columns[j].noptions; k++)
				EMIT("  %s=%s\n", t->columns[j].options[k].name, t->columns[j].options[k].value);
		}
	}
#undef EMIT
}

#endif							/* OPENAPI_CHECK_H */
