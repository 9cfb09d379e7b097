/*-------------------------------------------------------------------------
 *
 * openapi.h
 *	  Foreign tables from an OpenAPI description or from sample responses,
 *	  as a plain model the backend turns into CREATE FOREIGN TABLE.
 *
 * Two ways to build a model (an OapiModel):
 *
 *	- oapi_map_document(): an OpenAPI 3.0 / 3.1 / 3.2 or Swagger 2.0 description,
 *	  JSON or YAML (a first non-blank byte of '{' or '[' means JSON), gives
 *	  one table per GET operation that returns rows (the rules are in
 *	  openapi.c and openapi_schema.c);
 *	- oapi_model_new() then oapi_sample_add() per path: the first page of a
 *	  path's response gives one table, its columns and types inferred from
 *	  the rows.
 *
 * A model holds plain, NUL-terminated UTF-8 strings, ints and enums, all
 * owned by the model: oapi_model_free() releases everything at once, and
 * no function leaks on failure (allocations come from the model's arena).
 * Nothing here includes jansson or libyaml, so the backend can include it
 * next to PostgreSQL's headers.
 *
 * Usage in the backend (IMPORT FOREIGN SCHEMA):
 *
 *		OapiError	err;
 *		OapiModel  *m;
 *		if (oapi_map_document(body, len, NULL, &m, &err) != 0)
 *			ereport(ERROR, errmsg("%s", err.message),
 *					errcontext("at %s", err.where), ...);	(-2: out of memory)
 *		for each m->notes[i]: ereport(NOTICE, "%s: %s", what, why), where
 *		for each m->tables[i] that LIMIT TO / EXCEPT keeps:
 *			CREATE FOREIGN TABLE quote_identifier(name) (
 *				quote_identifier(col.name) oapi_type_sql(col.type, col.is_array)
 *					OPTIONS (opt.name quote_literal(opt.value), ...), ...
 *			) SERVER ... OPTIONS (opt.name quote_literal(opt.value), ...)
 *
 * Every option name is one the validator of src/option.c accepts at that
 * level; a column's op_* templates are column options.  Names are already
 * valid, unique (tables within the model, columns within their table),
 * lower-case PostgreSQL identifiers of at most OAPI_NAME_MAX bytes, never
 * cut inside a UTF-8 character, never a system column name; they still
 * need quote_identifier() (a name may be a keyword).
 *
 * Names: a table is named after its path, a segment at a time, each
 * {parameter} run after "by": /pets -> pets, /pets/{petId} ->
 * pets_by_pet_id, /repos/{owner}/{repo}/issues ->
 * repos_by_owner_repo_issues, / -> root.  A column is named after its
 * field.  camelCase becomes snake_case, other characters '_', a leading
 * digit gets a '_' before it, a name taken gets _2, _3 ... (see
 * openapi_model.c); a column whose name is not the API's spelling has a
 * remote_name option (or a json_path, for flattened samples).  LIMIT TO /
 * EXCEPT compare with these names.
 *
 * Plain C99, no PostgreSQL headers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef OPENAPI_H
#define OPENAPI_H

#include <stddef.h>

/* NAMEDATALEN - 1 */
#define OAPI_NAME_MAX	63

typedef enum OapiType
{
	OAPI_TEXT,
	OAPI_INT4,
	OAPI_INT8,
	OAPI_NUMERIC,
	OAPI_FLOAT8,
	OAPI_BOOL,
	OAPI_DATE,
	OAPI_TIMESTAMP,				/* sample mode only: ISO times without a zone */
	OAPI_TIMESTAMPTZ,
	OAPI_UUID,
	OAPI_JSONB
} OapiType;

typedef struct OapiOption
{
	const char *name;			/* e.g. "rows_path", "op_eq" */
	const char *value;
} OapiOption;

typedef struct OapiColumn
{
	const char *name;			/* the PostgreSQL column name */
	OapiType	type;
	int			is_array;		/* type[] (never with OAPI_JSONB) */
	int			is_key;			/* a {placeholder} of the table's path */
	OapiOption *options;		/* remote_name, json_path, op_* */
	int			noptions;
} OapiColumn;

typedef struct OapiTable
{
	const char *name;			/* the foreign table's name */
	const char *source;			/* "GET /pets/{petId}", or the sampled path */
	const char *where;			/* JSON pointer of the operation, or "" */
	const char *description;	/* the operation's summary, or NULL */
	OapiColumn *columns;
	int			ncolumns;
	OapiOption *options;		/* path, rows_path, pagination, ... */
	int			noptions;
} OapiTable;

typedef enum OapiNoteKind
{
	OAPI_NOTE_SKIPPED,			/* an operation, column or parameter left out */
	OAPI_NOTE_GUESSED			/* an option chosen by a heuristic: check it */
} OapiNoteKind;

typedef struct OapiNote
{
	OapiNoteKind kind;
	const char *what;			/* "GET /pets", "GET /pets: field \"x\"" */
	const char *where;			/* JSON pointer into the document, or "" */
	const char *why;			/* a sentence without a final period */
} OapiNote;

typedef struct OapiArena OapiArena;

typedef struct OapiModel
{
	const char *title;			/* info.title, or NULL */
	const char *api_version;	/* info.version, or NULL */
	const char *spec_version;	/* "2.0", "3.0.3", "3.1.0", or NULL (samples) */
	const char *server_url;		/* servers[0].url or Swagger's
								 * scheme://host/basePath, or NULL */
	OapiTable  *tables;
	int			ntables;
	OapiNote   *notes;
	int			nnotes;
	OapiArena  *arena;			/* owns everything above */
} OapiModel;

typedef struct OapiError
{
	char		message[256];
	char		where[256];		/* JSON pointer ("#/paths/~1pets/get"), or
								 * "line L, column C" for JSON and YAML
								 * syntax and YAML limits, or "" */
} OapiError;

typedef struct OapiLimits
{
	size_t		max_document_bytes; /* default 64 MB */
	int			max_depth;		/* nesting of a YAML document; default 256
								 * (JSON: jansson's own limit, 2048) */
	long		max_nodes;		/* values, YAML aliases expanded; default
								 * 4,000,000 */
	int			max_operations; /* operations of all methods; default 20,000 */
	int			max_columns;	/* per table; default 1,600 (PostgreSQL's) */
	int			max_ref_hops;	/* $ref / allOf nesting; default and most 64 */
	long		max_steps;		/* schemas merged, properties and column
								 * names compared, in all: a small document
								 * can make the same big schema be read for
								 * every operation; default 50,000,000 */
} OapiLimits;

typedef struct OapiSampleOptions
{
	const char *rows_path;		/* NULL: find the rows */
	int			flatten;		/* nested objects one level into columns */
	int			max_rows;		/* rows looked at; default 1,000 */
	int			link_next;		/* the response had a Link rel="next" */
	int			max_columns;	/* default 1,600 */
	size_t		max_bytes;		/* of the body; default 64 MB */
} OapiSampleOptions;

/*
 * Map a description.  Returns 0 and a model in *model, -1 with err filled
 * (a malformed document, an unsupported version, a limit exceeded), or -2
 * when out of memory (err says so).  limits may be NULL for the defaults;
 * a zero field also means its default.
 */
extern int	oapi_map_document(const char *data, size_t len,
							  const OapiLimits *limits, OapiModel **model,
							  OapiError *err);

/*
 * The same in two steps, so that the caller can free the document's bytes
 * between them (IMPORT FOREIGN SCHEMA does: they are no longer needed
 * once parsed, and the peak memory is then the larger of bytes + tree and
 * tree + model, not the three at once).  oapi_parse_document() returns 0
 * and a parsed document in *doc, or -1 / -2 as above; oapi_map_parsed()
 * always consumes doc, and returns as oapi_map_document() does.
 * oapi_document_free() frees a document not given to oapi_map_parsed();
 * NULL is allowed.
 */
typedef struct OapiDocument OapiDocument;

extern int	oapi_parse_document(const char *data, size_t len,
								const OapiLimits *limits, OapiDocument **doc,
								OapiError *err);
extern int	oapi_map_parsed(OapiDocument *doc, OapiModel **model,
							OapiError *err);
extern void oapi_document_free(OapiDocument *doc);

/* An empty model for oapi_sample_add(); NULL when out of memory. */
extern OapiModel *oapi_model_new(void);

/*
 * Add a table for path inferred from one response body (JSON).  The path
 * ("/users", "/issues?state=all") gives the table's name and its path
 * option, what follows a '?' its query option; a path with a
 * {placeholder} is refused (sample a path with its values).  Returns 0,
 * -1 with err filled (not JSON, no rows found, ...), or -2 when out of
 * memory.  opts may be NULL.  After -1 the model is unchanged apart from
 * arena memory; after -2 it can only be freed.
 */
extern int	oapi_sample_add(OapiModel *model, const char *path,
							const char *body, size_t len,
							const OapiSampleOptions *opts, OapiError *err);

/*
 * The next path of a list of paths to sample, cut out in place: commas
 * separate the paths, "\," is a comma within a path and "\\" a backslash,
 * blanks around a path are dropped.  Start with *cursor at the list;
 * returns NULL at its end, "" for an empty entry.
 */
extern char *oapi_next_path(char **cursor);

/* The SQL type name: "bigint", "timestamp with time zone", "text[]" ... */
extern const char *oapi_type_sql(OapiType type, int is_array);

/* The value of a table's or column's option, or NULL. */
extern const char *oapi_option(const OapiOption *options, int noptions,
							   const char *name);

/* Free a model and everything in it; NULL is allowed. */
extern void oapi_model_free(OapiModel *model);

#endif							/* OPENAPI_H */
