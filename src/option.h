/*-------------------------------------------------------------------------
 *
 * option.h
 *		  The options of rest_fdw: what a foreign table says about its API
 *
 * Every option is described once, in the table of option.c: the levels
 * where it may be given (server, foreign table, column, user mapping), how
 * its value is checked, its default, and the RestTableOptions field it
 * fills.  The validator, the defaults and rest_get_table_options() are all
 * driven by that table; nothing else parses an option's text.
 *
 * The contract:
 *	- CREATE and ALTER accept a value when it is valid on its own: a
 *	  combination that needs another option is only known to be incomplete
 *	  once every level has been read, since a server, a table or a preset
 *	  may complete it.
 *	- rest_get_table_options() merges the levels (preset, then server, then
 *	  table, then the user mapping's secrets) and rejects combinations that
 *	  cannot work, naming the table.  It is called when a scan is planned,
 *	  so plain EXPLAIN reports them; later layers may take the options as
 *	  consistent.
 *	- The names of an enum option's values (format, pagination, dialect)
 *	  are spelled only in option.c; rest_pagination_name() gives them out.
 *	- Secrets (user mapping options, a mapping's headers) are never echoed
 *	  in messages.
 *
 * option.c sits below every other backend module: it includes only the
 * plain-C leaves (header_json.h, http_util.h, safe_text.h, template.h,
 * url.h), preset.h and compat.h.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_OPTION_H
#define REST_OPTION_H

#include "access/attnum.h"
#include "nodes/pg_list.h"

/*
 * Defaults of the memory bounds.  Typical JSON compresses 5 to 20 times;
 * past 100 times (the ratio Apache POI's zip-bomb check also uses) a body
 * is taken for a bomb.  One row of 16 MB keeps a row and its converted
 * values well within what one backend should spend on a scan.  Written as
 * plain numbers: option.c's table gives defaults as the options' text.
 */
#define REST_DEFAULT_MAX_DECOMPRESSION_RATIO	100
#define REST_DEFAULT_MAX_ROW_BYTES	16777216	/* 16 MB */

/* Response body formats (option "format") */
typedef enum RestFormat
{
	REST_FORMAT_JSON,
	REST_FORMAT_NDJSON,
	REST_FORMAT_JSON_COLUMNS
} RestFormat;

/* Operators of the params dialect, each with an op_* template option */
typedef enum RestOp
{
	REST_OP_EQ,
	REST_OP_NE,
	REST_OP_LT,
	REST_OP_LE,
	REST_OP_GT,
	REST_OP_GE,
	REST_OP_IN,
	REST_OP_LIKE,
	REST_OP_ILIKE,
	REST_OP_IS_NULL,
	REST_OP_IS_NOT_NULL,
	REST_OP_COUNT
} RestOp;

extern const char *const rest_op_option_names[REST_OP_COUNT];

/* How queries are sent (option "dialect") */
typedef enum RestDialect
{
	REST_DIALECT_PARAMS,		/* REST query parameters (pushdown.c) */
	REST_DIALECT_SQL			/* SQL text (sql_dialect.c, deparse.c) */
} RestDialect;

/* Pagination styles (option "pagination"; pagination.c) */
typedef enum RestPagination
{
	REST_PAGINATION_NONE,
	REST_PAGINATION_OFFSET,
	REST_PAGINATION_PAGE,
	REST_PAGINATION_CURSOR,
	REST_PAGINATION_NEXT_URL,
	REST_PAGINATION_LINK_HEADER,
	REST_PAGINATION_RANGE		/* PostgREST's Range / Content-Range headers */
} RestPagination;

/* One request header, as given by a "headers" option or built for auth */
typedef struct RestHeader
{
	char	   *name;
	char	   *value;
	bool		secret;			/* never shown (user mapping, auth) */
} RestHeader;

extern RestHeader *rest_header_make(const char *name, char *value, bool secret);

/*
 * The effective options of one foreign table for one user: server options,
 * overridden by table options, plus the user mapping's secrets.
 */
typedef struct RestTableOptions
{
	char	   *server_name;
	char	   *table_name;		/* qualified, for messages */
	char	   *base_url;
	char	   *path;
	char	   *method;			/* "GET" or "POST" */
	char	   *query;			/* static query string, without '?' */
	char	   *body;
	char	   *rows_path;
	char	   *columns_path;
	RestFormat	format;
	List	   *headers;		/* of RestHeader *, server/table then mapping */
	int			timeout_ms;
	int			connect_timeout_ms;
	int64		max_response_bytes;
	int			max_decompression_ratio;	/* 0: no limit */
	int64		max_row_bytes;
	bool		ssl_verify;
	char	   *ca_file;

	/* the server and user, for the connection cache and statistics */
	Oid			serverid;
	Oid			userid;

	/* pagination (pagination.c) */
	RestPagination pagination;
	int			page_size;		/* 0: the API's own, no parameter sent */
	char	   *page_size_param;
	char	   *offset_param;
	char	   *page_param;		/* NULL: not set (link_header sends none) */
	int			page_start;
	char	   *cursor_path;
	char	   *cursor_param;
	char	   *total_path;
	char	   *has_more_path;	/* false or null there: the last page */
	char	   *page_count_path;	/* the number of pages there */
	char	   *error_path;		/* a value there: the API reports an error */
	int			max_pages;		/* 0: no limit */
	int			concurrent_pages;	/* pages in flight at once */

	/* retries (http_client.c) */
	int			max_retries;
	int			retry_backoff_ms;
	bool		idempotent;		/* POST may be retried too */

	/* params dialect (pushdown.c): templates from the preset and options */
	char	   *preset;
	char	   *op_templates[REST_OP_COUNT];
	char	   *sort_param;
	char	   *sort_asc;
	char	   *sort_desc;
	char	   *sort_separator;
	char	   *select_param;
	char	   *select_separator;
	char	   *limit_param;

	/* sql dialect (sql_dialect.c, deparse.c) */
	RestDialect dialect;
	char	   *remote_table;	/* [schema.]table to select from */
	char	   *remote_query;	/* or a query, used as a subquery */
	char	   *sql_syntax;		/* quoting and literals: deparse.c */

	/* both dialects: option "pushdown" (see rest_pushdown_enabled) */
	bool		pushdown;

	/* user mapping (secrets) */
	char	   *bearer_token;
	char	   *username;
	char	   *password;
	char	   *api_key;
	char	   *api_key_header;
	char	   *api_key_param;

	/* OAuth 2.0 (http_oauth.c): secrets from the user mapping only */
	char	   *oauth_token_url;
	char	   *oauth_client_id;
	char	   *oauth_client_secret;
	char	   *oauth_refresh_token;
	char	   *oauth_scope;
	char	   *oauth_audience;
	char	   *oauth_client_auth;	/* "basic" or "body" */
} RestTableOptions;

extern RestTableOptions *rest_get_table_options(Oid foreigntableid, Oid userid);
extern RestTableOptions *rest_get_server_options(Oid serverid, Oid userid);
extern char *rest_get_column_option(Oid relid, AttrNumber attnum,
									const char *optname);
extern bool rest_column_is_request_only(Oid relid, AttrNumber attnum);
extern const char *rest_pagination_name(RestPagination style);

/* option_auth.c: credentials that cannot go together */
extern void rest_check_mapping_auth(List *options);
extern void rest_check_auth_options(const RestTableOptions *opts);

extern char *rest_allowed_hosts;	/* GUC rest_fdw.allowed_hosts */
extern const char *rest_allowed_hosts_list(void);
extern bool rest_enable_pushdown;	/* GUC rest_fdw.enable_pushdown */
extern bool rest_pushdown_enabled(const RestTableOptions *opts);

#endif							/* REST_OPTION_H */
