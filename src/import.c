/*-------------------------------------------------------------------------
 *
 * import.c
 *		  IMPORT FOREIGN SCHEMA: foreign tables from an OpenAPI description
 *		  or from sample responses
 *
 * The remote schema name picks the mode (see import.h).  Documents and
 * samples are fetched as a scan's requests are: a RestRequest filled by
 * rest_request_init() from the server's options and the user's mapping,
 * so auth, TLS, rest_fdw.allowed_hosts, timeouts, retries and
 * max_response_bytes all apply; the transfer keeps the body whole (a
 * transfer begun without a row stream, http_client.h), since a
 * description is one document and may be YAML.  The plain-C core
 * (openapi.h) parses the bytes (freed then) and maps the tree into a
 * model; every note of the model is a NOTICE, and every table that LIMIT
 * TO / EXCEPT keep a CREATE FOREIGN TABLE statement, which this module
 * runs itself in the local schema, one at a time (create_tables() says
 * why), returning an empty list to PostgreSQL.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/stat.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/objectaccess.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "commands/defrem.h"
#include "commands/event_trigger.h"
#include "foreign/fdwapi.h"
#include "foreign/foreign.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"

#include "backend_text.h"
#include "compat.h"
#include "http_client.h"
#include "import.h"
#include "openapi.h"
#include "option.h"
#include "request.h"

/*
 * A document or sample is read whole into memory: without a
 * max_response_bytes on the server, this is the bound (the core's own
 * default limit on a description).
 */
#define IMPORT_MAX_BYTES	(64 * 1024 * 1024)

/* Rows of one sample looked at, by default */
#define IMPORT_SAMPLE_ROWS	100

typedef enum ImportMode
{
	IMPORT_OPENAPI,
	IMPORT_SAMPLE
} ImportMode;

/* The options of IMPORT FOREIGN SCHEMA, and the modes taking each */
typedef struct ImportOptions
{
	char	   *spec;			/* openapi: a URL, or a path under base_url */
	char	   *spec_file;		/* openapi: a file on the database server */
	char	   *paths;			/* sample: paths separated by commas, "\," a
								 * comma of a path (oapi_next_path()) */
	char	   *rows_path;		/* sample: where the rows are */
	bool		flatten;		/* sample: nested objects one level */
	int			sample_rows;	/* sample: rows looked at per path */
} ImportOptions;

static const struct
{
	const char *name;
	ImportMode	mode;
}			import_options[] =
{
	{"spec", IMPORT_OPENAPI},
	{"spec_file", IMPORT_OPENAPI},
	{"paths", IMPORT_SAMPLE},
	{"rows_path", IMPORT_SAMPLE},
	{"flatten", IMPORT_SAMPLE},
	{"sample_rows", IMPORT_SAMPLE},
	{NULL}
};

/*
 * A fetched body, NUL-terminated: the transfer's own buffer, not a copy
 * (a description may be tens of MB), or a file's palloc'd bytes.
 * release_body() frees it as soon as it is parsed.
 */
typedef struct ImportBody
{
	const char *data;
	size_t		len;
	bool		link_next;		/* the response had a Link rel="next" */
	RestTransfer *transfer;		/* owns data, or NULL: data is palloc'd */
} ImportBody;

/*
 * What the core has malloc'd, freed by a callback if an ERROR ends the
 * import: neither lives in a memory context.
 */
typedef struct ImportCore
{
	OapiDocument *doc;
	OapiModel  *model;
} ImportCore;

static void
parse_import_options(ImportMode mode, List *options, ImportOptions *io)
{
	ListCell   *lc;

	memset(io, 0, sizeof(*io));
	io->sample_rows = IMPORT_SAMPLE_ROWS;
	foreach(lc, options)
	{
		DefElem    *def = lfirst(lc);
		int			i;

		for (i = 0; import_options[i].name; i++)
			if (import_options[i].mode == mode &&
				strcmp(import_options[i].name, def->defname) == 0)
				break;
		if (import_options[i].name == NULL)
		{
			StringInfoData valid;

			initStringInfo(&valid);
			for (i = 0; import_options[i].name; i++)
				if (import_options[i].mode == mode)
					appendStringInfo(&valid, "%s%s", valid.len > 0 ? ", " : "",
									 import_options[i].name);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("invalid option \"%s\"", def->defname),
					 errhint("Valid options of IMPORT FOREIGN SCHEMA %s are: %s",
							 mode == IMPORT_OPENAPI ? "openapi" : "sample",
							 valid.data)));
		}
		if (strcmp(def->defname, "spec") == 0)
			io->spec = defGetString(def);
		else if (strcmp(def->defname, "spec_file") == 0)
			io->spec_file = defGetString(def);
		else if (strcmp(def->defname, "paths") == 0)
			io->paths = defGetString(def);
		else if (strcmp(def->defname, "rows_path") == 0)
			io->rows_path = defGetString(def);
		else if (strcmp(def->defname, "flatten") == 0)
			io->flatten = defGetBoolean(def);
		else if (strcmp(def->defname, "sample_rows") == 0)
		{
			char	   *end;
			long		n = strtol(defGetString(def), &end, 10);

			if (*end != '\0' || n < 1 || n > 100000)
				ereport(ERROR,
						(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
						 errmsg("invalid value for option \"sample_rows\": \"%s\"",
								defGetString(def)),
						 errhint("Give a number of rows between 1 and 100000.")));
			io->sample_rows = (int) n;
		}
	}

	if (mode == IMPORT_OPENAPI && (io->spec == NULL) == (io->spec_file == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("IMPORT FOREIGN SCHEMA openapi needs exactly one of the options spec and spec_file"),
				 errhint("Give the description's URL or its path under base_url: OPTIONS (spec '/openapi.json').")));
	if (mode == IMPORT_SAMPLE && (io->paths == NULL || io->paths[0] == '\0'))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("IMPORT FOREIGN SCHEMA sample needs option paths"),
				 errhint("List the paths to sample, separated by commas: OPTIONS (paths '/users,/todos').")));
}

static bool
is_absolute_url(const char *s)
{
	return pg_strncasecmp(s, "http://", 7) == 0 ||
		pg_strncasecmp(s, "https://", 8) == 0;
}

/*
 * GET one document with the server's HTTP client, whole.  A path (with an
 * optional ?query) is taken under base_url and gets the server's
 * credentials; an absolute URL gets them only if it is on base_url's
 * scheme, host and port (url_policy.c), and must be allowed by
 * rest_fdw.allowed_hosts like any other request.
 */
static ImportBody
fetch_body(RestTableOptions *opts, const char *spec)
{
	RestRequest req;
	RestRequestTarget target;
	RestTransfer *t;
	ImportBody	result;
	ListCell   *lc;
	bool		accept = false;

	memset(&target, 0, sizeof(target));
	if (is_absolute_url(spec))
	{
		target.url = target.display_url = pstrdup(spec);
		target.first_page_rows = -1;
	}
	else
	{
		char	   *path = pstrdup(spec);
		char	   *query = strchr(path, '?');

		if (query)
			*query++ = '\0';
		rest_set_target_url(&target, opts->base_url, path, query, opts);
	}

	rest_request_init(&req, opts, NULL);
	rest_request_set_target(&req, &target);
	req.method = "GET";
	req.body = NULL;
	req.credentials_url = opts->base_url;
	req.not_found_is_empty = false;
	req.range_paging = false;
	if (req.max_response_bytes <= 0 || req.max_response_bytes > IMPORT_MAX_BYTES)
		req.max_response_bytes = IMPORT_MAX_BYTES;

	/* a description may be YAML; the server's own Accept wins */
	foreach(lc, req.headers)
		if (pg_strcasecmp(((RestHeader *) lfirst(lc))->name, "Accept") == 0)
			accept = true;
	if (!accept)
	{
		req.headers = lappend(list_copy(req.headers),
							  rest_header_make("Accept",
											   "application/json, application/yaml;q=0.9, */*;q=0.8",
											   false));
	}

	t = rest_transfer_begin(&req, NULL);
	while (rest_transfer_fetch(t))
		;
	result.data = rest_transfer_body(t, &result.len);
	result.link_next = (rest_transfer_link_next(t) != NULL);
	result.transfer = t;
	return result;
}

static void
release_body(ImportBody *body)
{
	if (body->transfer)
		rest_transfer_close(body->transfer);
	else
		pfree(unconstify(char *, body->data));
	body->data = NULL;
	body->transfer = NULL;
}

/*
 * Read a description from a file of the database server, as COPY FROM a
 * file and pg_read_file() do: only for roles allowed to read server files.
 */
static ImportBody
read_spec_file(const char *filename)
{
	ImportBody	result;
	struct stat st;
	FILE	   *f;
	char	   *data;

	if (!has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to read a description from a file"),
				 errdetail("Only roles with privileges of the \"%s\" role may use option spec_file.",
						   "pg_read_server_files"),
				 errhint("Serve the description over HTTP and give its URL in option spec.")));
	if (!is_absolute_path(filename))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("option spec_file must be an absolute path")));

	f = AllocateFile(filename, PG_BINARY_R);
	if (f == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\" for reading: %m", filename)));
	if (fstat(fileno(f), &st) != 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not stat file \"%s\": %m", filename)));
	if (st.st_size > IMPORT_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("file \"%s\" is too large for a description", filename),
				 errdetail("The file has %lld bytes; the limit is %d.",
						   (long long) st.st_size, IMPORT_MAX_BYTES)));
	data = palloc(st.st_size + 1);
	result.len = fread(data, 1, st.st_size, f);
	if (ferror(f))
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read file \"%s\": %m", filename)));
	data[result.len] = '\0';
	result.data = data;
	result.link_next = false;
	result.transfer = NULL;
	FreeFile(f);
	return result;
}

/*
 * Text of the model (UTF-8, from the document) in the database encoding:
 * the model's own string when no conversion is needed, so it lives only
 * as long as the model.
 */
static char *
model_text(const char *s)
{
	return pg_any_to_server(s, strlen(s), PG_UTF8);
}

/* Free what the core holds if an ERROR ends the import */
static void
free_core_callback(void *arg)
{
	ImportCore *core = (ImportCore *) arg;

	oapi_document_free(core->doc);
	core->doc = NULL;
	oapi_model_free(core->model);
	core->model = NULL;
}

/* A failure of the core, as an ERROR about what was read */
static void
report_core_error(int rc, const OapiError *err, const char *what,
				  const char *source)
{
	if (rc == -2)
		rest_out_of_memory(err->message);
	ereport(ERROR,
			(errcode(ERRCODE_FDW_ERROR),
			 errmsg("could not import %s \"%s\"", what, source),
			 errdetail_internal("%s", rest_remote_text(err->message,
													   strlen(err->message))),
			 err->where[0] ?
			 errcontext("at %s", rest_remote_text(err->where,
												  strlen(err->where))) : 0));
}

/* Every note of the model, as a NOTICE: nothing is left out silently */
static void
report_notes(const OapiModel *m)
{
	int			i;

	for (i = 0; i < m->nnotes; i++)
	{
		const OapiNote *n = &m->notes[i];
		char	   *what = rest_remote_text(n->what, strlen(n->what));
		char	   *why = rest_remote_text(n->why, strlen(n->why));

		ereport(NOTICE,
				(errmsg("%s: %s", what, why),
				 n->where[0] ?
				 errdetail_internal("At %s in the description.",
									rest_remote_text(n->where, strlen(n->where))) : 0,
				 n->kind == OAPI_NOTE_GUESSED ?
				 errhint("This is a guess; check the options of the table.") : 0));
	}
}

static void
append_options(StringInfo buf, const OapiOption *options, int noptions)
{
	int			i;

	if (noptions == 0)
		return;
	appendStringInfoString(buf, " OPTIONS (");
	for (i = 0; i < noptions; i++)
		appendStringInfo(buf, "%s%s %s", i > 0 ? ", " : "",
						 quote_identifier(options[i].name),
						 quote_literal_cstr(model_text(options[i].value)));
	appendStringInfoChar(buf, ')');
}

/* The CREATE FOREIGN TABLE statement of one of the model's tables */
static char *
table_statement(const OapiTable *tb, const char *name, const char *server_name)
{
	StringInfoData buf;
	int			j;

	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE FOREIGN TABLE %s (", quote_identifier(name));
	for (j = 0; j < tb->ncolumns; j++)
	{
		const OapiColumn *col = &tb->columns[j];

		appendStringInfo(&buf, "%s\n  %s %s", j > 0 ? "," : "",
						 quote_identifier(model_text(col->name)),
						 oapi_type_sql(col->type, col->is_array));
		append_options(&buf, col->options, col->noptions);
	}
	appendStringInfo(&buf, "\n) SERVER %s", quote_identifier(server_name));
	append_options(&buf, tb->options, tb->noptions);
	return buf.data;
}

/* Which table an ERROR of its creation is about, as PostgreSQL says it */
static void
create_table_callback(void *arg)
{
	const char *name = (const char *) arg;

	if (name != NULL)
		errcontext("importing foreign table \"%s\"", name);
}

/* A table to create: its name and statement, in the database encoding */
typedef struct ImportTable
{
	char	   *name;
	char	   *sql;			/* CREATE FOREIGN TABLE */
} ImportTable;

/*
 * The statements of the model's tables that LIMIT TO / EXCEPT keep (the
 * others are not even built).  A thousand tables of 48 columns are about
 * 5 MB of text, a third of their model.
 */
static List *
table_statements(const OapiModel *m, ImportForeignSchemaStmt *stmt,
				 const char *server_name)
{
	List	   *result = NIL;
	int			i;

	for (i = 0; i < m->ntables; i++)
	{
		/* a copy: model_text() may return the model's own string */
		char	   *name = pstrdup(model_text(m->tables[i].name));
		ImportTable *it;

		if (!IsImportableForeignTable(name, stmt))
			continue;
		it = palloc(sizeof(ImportTable));
		it->name = name;
		it->sql = table_statement(&m->tables[i], name, server_name);
		result = lappend(result, it);
	}
	return result;
}

/*
 * Set the options of the columns of a table just created, as ALTER FOREIGN
 * TABLE ... ALTER COLUMN ... OPTIONS would (ATExecAlterColumnGenericOptions
 * in tablecmds.c): the FDW's validator checks them, the object access hook
 * and event triggers hear of each, one ALTER FOREIGN TABLE a column.
 *
 * PostgreSQL would run those ALTERs itself (transformColumnDefinition), one
 * statement a column, each followed by a command counter increment that
 * rebuilds the new table's cache entry from all its pg_attribute rows: a
 * table's columns cost the square of their number, and a thousand tables
 * of 37 columns, nearly all with a remote_name, spent more time there than
 * in creating the tables.  Here the rows are updated in place and the one
 * increment that follows (create_tables()) rebuilds the entry once.
 */
static void
set_column_options(Oid relid, RangeVar *relation, List *columns,
				   Oid fdwvalidator)
{
	Relation	attrel = table_open(AttributeRelationId, RowExclusiveLock);
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple	tuple;
	int			found = 0;

	/* one scan of the table's rows finds the columns, in any order */
	ScanKeyInit(&key[0], Anum_pg_attribute_attrelid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	ScanKeyInit(&key[1], Anum_pg_attribute_attnum, BTGreaterStrategyNumber,
				F_INT2GT, Int16GetDatum(0));
	scan = systable_beginscan(attrel, AttributeRelidNumIndexId, true, NULL,
							  2, key);
	while (found < list_length(columns) &&
		   HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_attribute att = (Form_pg_attribute) GETSTRUCT(tuple);
		ColumnDef  *def = NULL;
		ListCell   *lc;
		HeapTuple	newtuple;
		Datum		repl_val[Natts_pg_attribute];
		bool		repl_null[Natts_pg_attribute];
		bool		repl_repl[Natts_pg_attribute];
		Datum		options;
		AlterTableStmt *atstmt;
		AlterTableCmd *cmd;
		ObjectAddress address;

		foreach(lc, columns)
			if (namestrcmp(&att->attname, lfirst_node(ColumnDef, lc)->colname) == 0)
				def = lfirst_node(ColumnDef, lc);
		if (def == NULL)
			continue;
		found++;

		/* a new column has no options yet: nothing to merge with */
		options = transformGenericOptions(AttributeRelationId,
										  PointerGetDatum(NULL),
										  def->fdwoptions, fdwvalidator);
		memset(repl_val, 0, sizeof(repl_val));
		memset(repl_null, false, sizeof(repl_null));
		memset(repl_repl, false, sizeof(repl_repl));
		if (PointerIsValid(DatumGetPointer(options)))
			repl_val[Anum_pg_attribute_attfdwoptions - 1] = options;
		else
			repl_null[Anum_pg_attribute_attfdwoptions - 1] = true;
		repl_repl[Anum_pg_attribute_attfdwoptions - 1] = true;
		newtuple = heap_modify_tuple(tuple, RelationGetDescr(attrel),
									 repl_val, repl_null, repl_repl);
		CatalogTupleUpdate(attrel, &newtuple->t_self, newtuple);
		InvokeObjectPostAlterHook(RelationRelationId, relid, att->attnum);

		/* the ALTER FOREIGN TABLE that PostgreSQL would have collected */
		cmd = makeNode(AlterTableCmd);
		cmd->subtype = AT_AlterColumnGenericOptions;
		cmd->name = def->colname;
		cmd->def = (Node *) def->fdwoptions;
		cmd->behavior = DROP_RESTRICT;
		atstmt = makeNode(AlterTableStmt);
		atstmt->relation = relation;
		atstmt->cmds = list_make1(cmd);
		rest_set_alter_table_objtype(atstmt, OBJECT_FOREIGN_TABLE);
		ObjectAddressSubSet(address, RelationRelationId, relid, att->attnum);
		EventTriggerAlterTableStart((Node *) atstmt);
		EventTriggerAlterTableRelid(relid);
		EventTriggerCollectAlterTableSubcmd((Node *) cmd, address);
		EventTriggerAlterTableEnd();

		heap_freetuple(newtuple);
	}
	systable_endscan(scan);
	if (found < list_length(columns))
		elog(ERROR, "a column of table %u just imported is missing", relid);
	table_close(attrel, RowExclusiveLock);
}

/*
 * Create the tables in the IMPORT's local schema.
 *
 * PostgreSQL's ImportForeignSchema() would run the list of statements
 * (parse each, skip what LIMIT TO / EXCEPT leave out, set the schema, run
 * it as a subcommand, advance the command counter), but all in the
 * portal's memory, freed only when the statement ends: a table of 48
 * columns with options costs about 500 kB there (each column's options are
 * an ALTER TABLE of its own), and a thousand of them held 520 MB.  So the
 * same steps are taken here, each table in a memory context reset after
 * it, and the list given back to PostgreSQL is empty.  The columns'
 * options are taken out of the statement and set once the table exists
 * (set_column_options()).  Event triggers see the same subcommands:
 * ProcessUtility() collects the CREATE, set_column_options() the ALTERs.
 */
static void
create_tables(List *tables, const char *local_schema, Oid fdwvalidator)
{
	MemoryContext per_table;
	MemoryContext old;
	ErrorContextCallback errcb;
	ListCell   *lc;

	per_table = AllocSetContextCreate(CurrentMemoryContext,
									  "rest_fdw import",
									  ALLOCSET_DEFAULT_SIZES);
	errcb.callback = create_table_callback;
	errcb.arg = NULL;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;
	old = MemoryContextSwitchTo(per_table);
	foreach(lc, tables)
	{
		ImportTable *it = lfirst(lc);
		RawStmt    *rs = linitial_node(RawStmt, pg_parse_query(it->sql));
		CreateForeignTableStmt *cstmt = castNode(CreateForeignTableStmt,
												 rs->stmt);
		PlannedStmt *pstmt;
		List	   *with_options = NIL;
		ListCell   *lc2;

		cstmt->base.relation->schemaname = pstrdup(local_schema);
		foreach(lc2, cstmt->base.tableElts)
		{
			ColumnDef  *def = lfirst_node(ColumnDef, lc2);

			if (def->fdwoptions != NIL)
				with_options = lappend(with_options, copyObject(def));
			def->fdwoptions = NIL;
		}
		pstmt = makeNode(PlannedStmt);
		pstmt->commandType = CMD_UTILITY;
		pstmt->canSetTag = false;
		pstmt->utilityStmt = (Node *) cstmt;
		pstmt->stmt_location = rs->stmt_location;
		pstmt->stmt_len = rs->stmt_len;

		errcb.arg = it->name;
		RestProcessUtilitySubcommand(pstmt, it->sql);
		CommandCounterIncrement();
		if (with_options != NIL)
		{
			/* the table is ours and locked since its creation */
			Oid			relid = RangeVarGetRelid(cstmt->base.relation,
												 NoLock, false);

			set_column_options(relid, cstmt->base.relation, with_options,
							   fdwvalidator);
			CommandCounterIncrement();
		}
		errcb.arg = NULL;
		MemoryContextReset(per_table);
	}
	MemoryContextSwitchTo(old);
	error_context_stack = errcb.previous;
	MemoryContextDelete(per_table);
}

/*
 * The model of a description, fetched or read from a file.  The bytes are
 * freed once parsed, before the tree is mapped: the peak is the larger of
 * bytes and tree, or tree and model, not all three.
 */
static void
map_description(RestTableOptions *opts, const ImportOptions *io,
				ImportCore *core)
{
	ImportBody	body;
	OapiError	err;
	OapiLimits	limits;
	const char *source;
	int			rc;

	if (io->spec_file)
	{
		body = read_spec_file(io->spec_file);
		source = io->spec_file;
	}
	else
	{
		body = fetch_body(opts, io->spec);
		source = io->spec;
	}
	memset(&limits, 0, sizeof(limits));
	limits.max_document_bytes = IMPORT_MAX_BYTES;
	rc = oapi_parse_document(body.data, body.len, &limits, &core->doc, &err);
	release_body(&body);
	if (rc == 0)
	{
		OapiDocument *doc = core->doc;

		core->doc = NULL;		/* oapi_map_parsed() frees it */
		rc = oapi_map_parsed(doc, &core->model, &err);
		/* the tree is freed: its pages back before the model's statements */
		rest_release_free_memory();
	}
	if (rc != 0)
		report_core_error(rc, &err, "OpenAPI description", source);
}

/*
 * The model of the sampled paths: one table each.  The paths option is
 * split by oapi_next_path(): commas separate, "\," is a comma of a path's
 * query.
 */
static void
sample_paths(RestTableOptions *opts, const ImportOptions *io,
			 ImportCore *core)
{
	char	   *cursor = pstrdup(io->paths);
	char	   *path;

	core->model = oapi_model_new();
	if (core->model == NULL)
		rest_out_of_memory(NULL);
	while ((path = oapi_next_path(&cursor)) != NULL)
	{
		ImportBody	body;
		OapiSampleOptions so;
		OapiError	err;
		int			rc;

		if (*path == '\0')
			continue;
		if (is_absolute_url(path) || path[0] != '/')
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("sampled path \"%s\" does not start with \"/\"", path),
					 errhint("Give paths under the server's base_url, such as '/users', separated by commas; write a comma within a path as \\,.")));

		body = fetch_body(opts, path);
		memset(&so, 0, sizeof(so));
		so.rows_path = io->rows_path;
		so.flatten = io->flatten;
		so.max_rows = io->sample_rows;
		so.link_next = body.link_next;
		so.max_bytes = IMPORT_MAX_BYTES;
		rc = oapi_sample_add(core->model, path, body.data, body.len, &so, &err);
		release_body(&body);
		if (rc != 0)
			report_core_error(rc, &err, "sample", path);
	}
}

/*
 * ImportForeignSchema: the statements for the tables of the remote schema
 * "openapi" or "sample".
 */
List *
rest_import_foreign_schema(ImportForeignSchemaStmt *stmt, Oid serverOid)
{
	ForeignServer *server = GetForeignServer(serverOid);
	RestTableOptions *opts;
	ImportOptions io;
	ImportMode	mode;
	ImportCore *core;
	MemoryContextCallback *cb;
	List	   *tables;

	if (strcmp(stmt->remote_schema, "openapi") == 0)
		mode = IMPORT_OPENAPI;
	else if (strcmp(stmt->remote_schema, "sample") == 0)
		mode = IMPORT_SAMPLE;
	else
		ereport(ERROR,
				(errcode(ERRCODE_FDW_SCHEMA_NOT_FOUND),
				 errmsg("rest_fdw cannot import remote schema \"%s\"",
						stmt->remote_schema),
				 errhint("Import from \"openapi\" (an OpenAPI description) or \"sample\" (sample responses).")));
	parse_import_options(mode, stmt->options, &io);
	opts = rest_get_server_options(serverOid, GetUserId());

	/*
	 * The core's document and model are malloc'd: an ERROR frees them with
	 * this statement's memory, in which the callback and the pointers live.
	 */
	core = palloc0(sizeof(ImportCore));
	cb = palloc0(sizeof(MemoryContextCallback));
	cb->func = free_core_callback;
	cb->arg = core;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, cb);

	if (mode == IMPORT_OPENAPI)
		map_description(opts, &io, core);
	else
		sample_paths(opts, &io, core);

	report_notes(core->model);
	if (core->model->ntables == 0)
		ereport(NOTICE,
				(errmsg("no tables found to import"),
				 errdetail("No operation or path gave rows.")));
	/*
	 * The model is done with once the statements are written: free it, and
	 * give the memory back (the tree's too), before PostgreSQL's caches
	 * grow with the new tables.
	 */
	tables = table_statements(core->model, stmt, server->servername);
	oapi_model_free(core->model);
	core->model = NULL;
	rest_release_free_memory();
	create_tables(tables, stmt->local_schema,
				  GetForeignDataWrapper(server->fdwid)->fdwvalidator);

	/* the tables are created (create_tables()): nothing left to run */
	return NIL;
}
