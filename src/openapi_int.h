/*-------------------------------------------------------------------------
 *
 * openapi_int.h
 *	  What openapi.c, openapi_sample.c and openapi_model.c share: the
 *	  model's arena, the builders of names, tables, columns and notes, JSON
 *	  pointers, and loading a document into jansson.
 *
 * Allocation: everything of a model comes from its arena; a failed
 * allocation sets arena->failed and returns NULL, and the callers only
 * have to stop and report -2.  Nothing is freed before the model is.
 *
 * Plain C99, no PostgreSQL headers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef OPENAPI_INT_H
#define OPENAPI_INT_H

#include <stdarg.h>

#include <jansson.h>

#include "openapi.h"
#include "yaml_json.h"

/* room for every option of a column (remote_name, json_path, 11 op_*) */
#define OA_COLUMN_OPTIONS	14
/* and of a table (path, rows_path, format, query, pagination's dozen) */
#define OA_TABLE_OPTIONS	24

typedef struct OaNameSet
{
	const char **slots;
	int			cap;
	int			n;
} OaNameSet;

typedef struct OaChunk OaChunk;

struct OapiArena
{
	OaChunk    *chunks;
	int			failed;			/* an allocation failed */
	int			table_cap;		/* of model->tables */
	int			note_cap;		/* of model->notes */
	int			name_counter;	/* suffixes of names alike (oa_make_name) */
	OaNameSet	table_names;
};

/* a table under construction */
typedef struct OaTable
{
	OapiModel  *model;
	OapiTable  *t;				/* model->tables[n], once added */
	int			column_cap;
	int			max_columns;
	OaNameSet	column_names;
	OapiTable	tmp;			/* the table until oa_table_commit() */
} OaTable;

/*
 * A position in the document, as a chain of parents on the C stack: no
 * allocation until a pointer is rendered.  raw: key is an already
 * rendered pointer (a $ref's target) and there is no parent.
 */
typedef struct OaLoc
{
	const struct OaLoc *up;
	const char *key;			/* NULL: index */
	long		index;
	int			raw;
} OaLoc;

/* arena */
extern void *oa_alloc(OapiArena *a, size_t size);
extern char *oa_strndup(OapiArena *a, const char *s, size_t len);
extern char *oa_strdup(OapiArena *a, const char *s);
extern char *oa_printf(OapiArena *a, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

extern int	oa_join(char *dst, size_t size, const char *a, const char *sep,
					const char *b);

/* notes and errors */
extern void oa_note(OapiModel *m, OapiNoteKind kind, const OaLoc *where,
					const char *what, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));
extern void oa_render_loc(const OaLoc *loc, char *buf, size_t size);
extern char *oa_loc_string(OapiArena *a, const OaLoc *loc);
extern void oa_set_error(OapiError *err, const OaLoc *where, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* names */
extern const char *oa_make_name(OapiArena *a, OaNameSet *set, const char *raw,
								size_t len, const char *fallback, int ascii_only);
extern const char *oa_table_name_from_path(OapiModel *m, const char *path);
extern int	oa_is_placeholder_name(const char *s);

/* tables */
extern int	oa_table_begin(OaTable *tb, OapiModel *m, const char *path,
						   int max_columns);
extern OapiColumn *oa_add_column(OaTable *tb, const char *remote, size_t len,
								 OapiType type, int is_array, int ascii_only);
extern int	oa_add_option(OapiArena *a, OapiOption *opts, int *n, int max,
						  const char *name, const char *value);
extern int	oa_table_option(OaTable *tb, const char *name, const char *value);
extern int	oa_column_option(OaTable *tb, OapiColumn *c, const char *name,
							 const char *value);
extern int	oa_table_commit(OaTable *tb);

/* documents */
extern json_t *oa_load(const char *data, size_t len, const OapiLimits *lim,
					   OapiError *err, int *rc);
extern int	oa_name_eq(const char *a, const char *b);
extern int	oa_norm_eq(const char *name, const char *word);
extern int	oa_word_in(const char *name, const char *const *words);
extern const char *const oa_rows_words[];
extern const char *const oa_next_words[];
extern const char *const oa_cursor_field_words[];
extern const char *const oa_has_more_words[];
extern const char *const oa_total_words[];
extern const char *const oa_pages_words[];

/* ------------------------------------------- mapping a description */

#define OA_MAX_ACTIVE	64		/* schemas being merged at once */

/* A description parsed, not mapped yet (openapi.h) */
struct OapiDocument
{
	json_t	   *root;
	OapiLimits	lim;
};

typedef struct OaCtx
{
	OapiModel  *m;
	OapiArena  *a;
	json_t	   *root;
	OapiLimits	lim;
	OapiError  *err;
	int			rc;				/* 0, -1 (err set) or -2 */
	long		steps;			/* work done, against lim.max_steps */
	const struct OaLoc *op;		/* the operation being mapped, or NULL */
	int			swagger;
	json_t	   *scratch;		/* objects made while merging schemas, for
								 * one operation */
	json_t	   *combined;		/* the addresses of the combined schemas
								 * among them */
	struct OaParam *params;		/* OA_MAX_PARAMS, for one operation */
	json_t	   *active[OA_MAX_ACTIVE]; /* schemas being merged: allOf cycles */
	int			nactive;
} OaCtx;

/* a schema with its allOf merged and $refs followed */
typedef struct OaFlat
{
	json_t	   *props;			/* name -> schema, or NULL */
	const char *type;			/* JSON type, "mixed", or NULL (any) */
	const char *format;
	json_t	   *items;
	json_t	   *enumv;
	int			free_form;		/* additionalProperties: a map */
	int			write_only;
	int			external;		/* an external $ref: unknown */
} OaFlat;

typedef struct OaParam
{
	const char *name;
	const char *in;
	int			required;
	int			explode;
	int			used;
	json_t	   *schema;			/* 3.x: schema; 2.0: the parameter */
	json_t	   *param;
} OaParam;

#define OA_MAX_PARAMS	256

/* where the rows are, and the fields beside them */
typedef struct OaRows
{
	OaFlat		row;
	char		path[256];		/* rows_path */
	const char *top_key;		/* the member of the response holding them */
	const OaFlat *wrapper;		/* the response object, or NULL */
} OaRows;


/* openapi_schema.c: schemas */
extern int	oa_fail(OaCtx *c, const OaLoc *loc, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
extern int	oa_failed(OaCtx *c);
extern int	oa_charge(OaCtx *c, long n, const OaLoc *loc);
extern json_t *oa_deref(OaCtx *c, json_t *s, const OaLoc *loc, OaLoc *tmp,
						const OaLoc **where, int *external);
extern int	oa_flatten(OaCtx *c, json_t *s, const OaLoc *loc, int depth, OaFlat *f);
extern int	oa_is_type(const OaFlat *f, const char *t);
extern OapiType oa_scalar_type(const OaFlat *f);
extern int	oa_column_type(OaCtx *c, const OaFlat *f, const OaLoc *loc, int depth,
						   OapiType *type, int *is_array);
extern int	oa_find_rows(OaCtx *c, const OaFlat *top, const OaLoc *loc, int keyed,
						 const char *what, OaRows *rows);

#endif							/* OPENAPI_INT_H */
