/*-------------------------------------------------------------------------
 *
 * import.h
 *		  IMPORT FOREIGN SCHEMA: foreign tables from an OpenAPI description
 *		  or from sample responses
 *
 * The remote schema name picks the mode: "openapi" maps a description
 * (fetched through the server's HTTP client, or read from a local file by
 * a role allowed to), "sample" infers tables from the first page of the
 * given paths.  The model is built by the plain-C core (openapi.h); this
 * module fetches, reports the model's notes and creates its tables with
 * CREATE FOREIGN TABLE statements it runs itself (the list returned to
 * PostgreSQL is empty).  doc/import.md is the reference.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_IMPORT_H
#define REST_IMPORT_H

#include "nodes/parsenodes.h"

extern List *rest_import_foreign_schema(ImportForeignSchemaStmt *stmt,
										Oid serverOid);

#endif							/* REST_IMPORT_H */
