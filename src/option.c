/*-------------------------------------------------------------------------
 *
 * option.c
 *		  Validation and lookup of rest_fdw's options
 *
 * Every option has a level (server, foreign table, column, user mapping)
 * and a kind that says how its value is checked.  Secrets are only accepted
 * on user mappings, which only their owner and superusers can read.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <curl/curl.h>

#include "access/htup_details.h"
#include "access/reloptions.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_foreign_table.h"
#include "catalog/pg_user_mapping.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "compat.h"
#include "header_json.h"
#include "http_util.h"
#include "option.h"
#include "safe_text.h"
#include "template.h"
#include "url.h"

typedef enum RestOptionKind
{
	OPT_STRING,
	OPT_URL,
	OPT_INT,
	OPT_BOOL,
	OPT_ENUM,
	OPT_HEADERS,
	OPT_TEMPLATE				/* an op_* or sort template: {column}, {value} */
} RestOptionKind;

typedef struct RestOption
{
	const char *name;
	Oid			context;		/* catalog the option belongs to */
	RestOptionKind kind;
	const char *const *values;	/* OPT_ENUM: NULL-terminated */
	int64		min;			/* OPT_INT */
	int64		max;
} RestOption;

static const char *const method_values[] = {"GET", "POST", NULL};
static const char *const format_values[] = {"json", "ndjson", "json_columns", NULL};
static const char *const pagination_values[] = {"none", "offset", "page", "cursor",
	"next_url", "link_header", "range", NULL};
static const char *const preset_values[] = {"postgrest", "json_server", "django",
	"clickhouse", "datasette", NULL};
static const char *const dialect_values[] = {"params", "sql", NULL};
static const char *const sql_syntax_values[] = {"ansi", "clickhouse", "sqlite",
	"postgres", NULL};

const char *const rest_op_option_names[REST_OP_COUNT] = {
	"op_eq", "op_ne", "op_lt", "op_le", "op_gt", "op_ge", "op_in",
	"op_like", "op_ilike", "op_is_null", "op_is_not_null"
};

/*
 * Presets: defaults for a known API style.  Any option set on the server,
 * table or column overrides them.
 */
typedef struct RestPreset
{
	const char *name;
	const char *const *settings;	/* name, value, name, value, ..., NULL */
} RestPreset;

/*
 * PostgREST and Supabase: ?age=gte.30&select=id,name&order=id.asc&limit=10,
 * pages by limit and offset
 */
static const char *const postgrest_settings[] = {
	"op_eq", "{column}=eq.{value}",
	"op_ne", "{column}=neq.{value}",
	"op_lt", "{column}=lt.{value}",
	"op_le", "{column}=lte.{value}",
	"op_gt", "{column}=gt.{value}",
	"op_ge", "{column}=gte.{value}",
	"op_in", "{column}=in.({values})",
	"op_like", "{column}=like.{value}",
	"op_ilike", "{column}=ilike.{value}",
	"op_is_null", "{column}=is.null",
	"op_is_not_null", "{column}=not.is.null",
	"select_param", "select",
	"select_separator", ",",
	"sort_param", "order",
	"sort_asc", "{column}.asc",
	"sort_desc", "{column}.desc",
	"sort_separator", ",",
	"limit_param", "limit",
	"pagination", "offset",
	"offset_param", "offset",
	"page_size_param", "limit",
	NULL
};

/* json-server and similar: ?age_gte=30&_sort=id&_limit=10 */
static const char *const json_server_settings[] = {
	"op_eq", "{column}={value}",
	"op_ne", "{column}_ne={value}",
	"op_lt", "{column}_lt={value}",
	"op_le", "{column}_lte={value}",
	"op_gt", "{column}_gt={value}",
	"op_ge", "{column}_gte={value}",
	"op_in", "{column}={value}",
	"op_like", "{column}_like={value}",
	"sort_param", "_sort",
	"sort_asc", "{column}",
	"sort_desc", "-{column}",
	"sort_separator", ",",
	"limit_param", "_limit",
	NULL
};

/* Django REST framework with django-filter: ?age__gte=30&ordering=-id&limit=10 */
static const char *const django_settings[] = {
	"op_eq", "{column}={value}",
	"op_lt", "{column}__lt={value}",
	"op_le", "{column}__lte={value}",
	"op_gt", "{column}__gt={value}",
	"op_ge", "{column}__gte={value}",
	"op_in", "{column}__in={values}",
	"op_is_null", "{column}__isnull=true",
	"op_is_not_null", "{column}__isnull=false",
	"sort_param", "ordering",
	"sort_asc", "{column}",
	"sort_desc", "-{column}",
	"sort_separator", ",",
	"limit_param", "limit",
	NULL
};

/*
 * ClickHouse's HTTP interface: the query is the POST body, answered as one
 * JSON object a line.  64-bit integers arrive as strings, which convert.
 */
static const char *const clickhouse_settings[] = {
	"dialect", "sql",
	"sql_syntax", "clickhouse",
	"method", "POST",
	"body", "{sql} FORMAT JSONEachRow",
	"format", "ndjson",
	NULL
};

/* Datasette: GET /db.json?sql=...&_shape=array answers an array of objects */
static const char *const datasette_settings[] = {
	"dialect", "sql",
	"sql_syntax", "sqlite",
	"method", "GET",
	"query", "sql={sql}&_shape=array",
	"format", "json",
	NULL
};

static const RestPreset rest_presets[] = {
	{"postgrest", postgrest_settings},
	{"json_server", json_server_settings},
	{"django", django_settings},
	{"clickhouse", clickhouse_settings},
	{"datasette", datasette_settings},
	{NULL}
};

#define SERVER		ForeignServerRelationId
#define TABLE		ForeignTableRelationId
#define COLUMN		AttributeRelationId
#define MAPPING		UserMappingRelationId

static const RestOption rest_options[] = {
	{"base_url", SERVER, OPT_URL},
	{"path", TABLE, OPT_STRING},
	{"method", SERVER, OPT_ENUM, method_values},
	{"method", TABLE, OPT_ENUM, method_values},
	{"query", SERVER, OPT_STRING},
	{"query", TABLE, OPT_STRING},
	{"headers", SERVER, OPT_HEADERS},
	{"headers", TABLE, OPT_HEADERS},
	{"headers", MAPPING, OPT_HEADERS},
	{"body", SERVER, OPT_STRING},
	{"body", TABLE, OPT_STRING},
	{"rows_path", SERVER, OPT_STRING},
	{"rows_path", TABLE, OPT_STRING},
	{"columns_path", SERVER, OPT_STRING},
	{"columns_path", TABLE, OPT_STRING},
	{"format", SERVER, OPT_ENUM, format_values},
	{"format", TABLE, OPT_ENUM, format_values},
	{"timeout_ms", SERVER, OPT_INT, NULL, 0, INT_MAX},
	{"timeout_ms", TABLE, OPT_INT, NULL, 0, INT_MAX},
	{"connect_timeout_ms", SERVER, OPT_INT, NULL, 0, INT_MAX},
	{"connect_timeout_ms", TABLE, OPT_INT, NULL, 0, INT_MAX},
	{"max_response_bytes", SERVER, OPT_INT, NULL, 0, PG_INT64_MAX},
	{"max_response_bytes", TABLE, OPT_INT, NULL, 0, PG_INT64_MAX},
	{"max_decompression_ratio", SERVER, OPT_INT, NULL, 0, INT_MAX},
	{"max_decompression_ratio", TABLE, OPT_INT, NULL, 0, INT_MAX},
	/* a row, whole, may become one json or text field of a tuple */
	{"max_row_bytes", SERVER, OPT_INT, NULL, 1, MaxAllocSize - VARHDRSZ},
	{"max_row_bytes", TABLE, OPT_INT, NULL, 1, MaxAllocSize - VARHDRSZ},
	{"ssl_verify", SERVER, OPT_BOOL},
	{"ca_file", SERVER, OPT_STRING},

	/* pagination (pagination.c) and retries (http_client.c) */
#define SERVER_AND_TABLE(name, ...) \
	{name, SERVER, __VA_ARGS__}, {name, TABLE, __VA_ARGS__}
	SERVER_AND_TABLE("pagination", OPT_ENUM, pagination_values),
	SERVER_AND_TABLE("page_size", OPT_INT, NULL, 1, INT_MAX),
	SERVER_AND_TABLE("page_size_param", OPT_STRING),
	SERVER_AND_TABLE("offset_param", OPT_STRING),
	SERVER_AND_TABLE("page_param", OPT_STRING),
	SERVER_AND_TABLE("page_start", OPT_INT, NULL, 0, INT_MAX),
	SERVER_AND_TABLE("cursor_path", OPT_STRING),
	SERVER_AND_TABLE("cursor_param", OPT_STRING),
	SERVER_AND_TABLE("total_path", OPT_STRING),
	SERVER_AND_TABLE("has_more_path", OPT_STRING),
	SERVER_AND_TABLE("page_count_path", OPT_STRING),
	SERVER_AND_TABLE("max_pages", OPT_INT, NULL, 0, INT_MAX),
	SERVER_AND_TABLE("concurrent_pages", OPT_INT, NULL, 1, 64),
	SERVER_AND_TABLE("max_retries", OPT_INT, NULL, 0, 100),
	SERVER_AND_TABLE("retry_backoff_ms", OPT_INT, NULL, 0, 600000),
	SERVER_AND_TABLE("idempotent", OPT_BOOL),
	{"json_path", COLUMN, OPT_STRING},
	{"remote_name", COLUMN, OPT_STRING},

	/* the params dialect: see pushdown.c */
	{"preset", SERVER, OPT_ENUM, preset_values},
#define OP_TEMPLATE_OPTION(name) \
	{name, SERVER, OPT_TEMPLATE}, {name, TABLE, OPT_TEMPLATE}, {name, COLUMN, OPT_TEMPLATE}
	OP_TEMPLATE_OPTION("op_eq"),
	OP_TEMPLATE_OPTION("op_ne"),
	OP_TEMPLATE_OPTION("op_lt"),
	OP_TEMPLATE_OPTION("op_le"),
	OP_TEMPLATE_OPTION("op_gt"),
	OP_TEMPLATE_OPTION("op_ge"),
	OP_TEMPLATE_OPTION("op_in"),
	OP_TEMPLATE_OPTION("op_like"),
	OP_TEMPLATE_OPTION("op_ilike"),
	OP_TEMPLATE_OPTION("op_is_null"),
	OP_TEMPLATE_OPTION("op_is_not_null"),
	{"sort_param", SERVER, OPT_STRING},
	{"sort_param", TABLE, OPT_STRING},
	{"sort_asc", SERVER, OPT_TEMPLATE},
	{"sort_asc", TABLE, OPT_TEMPLATE},
	{"sort_desc", SERVER, OPT_TEMPLATE},
	{"sort_desc", TABLE, OPT_TEMPLATE},
	{"sort_separator", SERVER, OPT_STRING},
	{"sort_separator", TABLE, OPT_STRING},
	{"select_param", SERVER, OPT_STRING},
	{"select_param", TABLE, OPT_STRING},
	{"select_separator", SERVER, OPT_STRING},
	{"select_separator", TABLE, OPT_STRING},
	{"limit_param", SERVER, OPT_STRING},
	{"limit_param", TABLE, OPT_STRING},

	/* the sql dialect: see sql_dialect.c and deparse.c */
	{"dialect", SERVER, OPT_ENUM, dialect_values},
	{"dialect", TABLE, OPT_ENUM, dialect_values},
	{"remote_table", TABLE, OPT_STRING},
	{"remote_query", TABLE, OPT_STRING},
	{"sql_syntax", SERVER, OPT_ENUM, sql_syntax_values},
	{"sql_syntax", TABLE, OPT_ENUM, sql_syntax_values},
	/* both dialects: send quals, sorts and limits, or filter locally */
	{"pushdown", SERVER, OPT_BOOL},
	{"pushdown", TABLE, OPT_BOOL},
	{"bearer_token", MAPPING, OPT_STRING},
	{"username", MAPPING, OPT_STRING},
	{"password", MAPPING, OPT_STRING},
	{"api_key", MAPPING, OPT_STRING},
	{"api_key_header", MAPPING, OPT_STRING},
	{"api_key_param", MAPPING, OPT_STRING},
	{NULL}
};

static const char *
context_name(Oid context)
{
	switch (context)
	{
		case SERVER:
			return "a server";
		case TABLE:
			return "a foreign table";
		case COLUMN:
			return "a column";
		case MAPPING:
			return "a user mapping";
	}
	return "this object";
}

static const RestOption *
lookup_rest_option(const char *name, Oid context)
{
	const RestOption *opt;

	for (opt = rest_options; opt->name; opt++)
		if (opt->context == context && strcmp(opt->name, name) == 0)
			return opt;
	return NULL;
}

/* Levels where an option is accepted, for the hint of a misplaced one */
static char *
option_levels(const char *name)
{
	StringInfoData buf;
	const RestOption *opt;

	initStringInfo(&buf);
	for (opt = rest_options; opt->name; opt++)
	{
		if (strcmp(opt->name, name) != 0)
			continue;
		if (buf.len > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, context_name(opt->context));
	}
	return buf.data;
}

static void
report_unknown_option(const char *name, Oid context)
{
	StringInfoData valid;
	const RestOption *opt;
	char	   *levels = option_levels(name);

	if (levels[0] != '\0')
	{
		bool		on_mapping = (lookup_rest_option(name, MAPPING) != NULL &&
								  lookup_rest_option(name, SERVER) == NULL);

		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option \"%s\" cannot be set on %s",
						name, context_name(context)),
				 on_mapping ?
				 errhint("Secrets belong in a user mapping, which only its owner and superusers can read: CREATE USER MAPPING ... OPTIONS (%s '...').",
						 name) :
				 errhint("Option \"%s\" is valid on %s.", name, levels)));
	}

	initStringInfo(&valid);
	for (opt = rest_options; opt->name; opt++)
	{
		if (opt->context != context)
			continue;
		if (valid.len > 0)
			appendStringInfoString(&valid, ", ");
		appendStringInfoString(&valid, opt->name);
	}
	ereport(ERROR,
			(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
			 errmsg("invalid option \"%s\"", name),
			 errhint("Valid options in this context are: %s", valid.data)));
}

static bool
parse_int64_value(const char *value, int64 *result)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (end == value || *end != '\0' || errno == ERANGE)
		return false;
	*result = (int64) v;
	return true;
}

/*
 * Check a base_url: http or https, a host, and no credentials (those belong
 * in a user mapping).  The value is not echoed when it holds credentials.
 */
static void
validate_url(const char *name, const char *value)
{
	CURLU	   *url = curl_url();
	CURLUcode	rc;
	char	   *scheme = NULL;
	char	   *host = NULL;
	char	   *user = NULL;
	char	   *password = NULL;
	const char *problem = NULL;
	bool		has_credentials = false;

	if (url == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));

	rc = curl_url_set(url, CURLUPART_URL, value, CURLU_NON_SUPPORT_SCHEME);
	if (rc != CURLUE_OK)
		problem = curl_url_strerror(rc);
	else
	{
		curl_url_get(url, CURLUPART_SCHEME, &scheme, 0);
		curl_url_get(url, CURLUPART_HOST, &host, 0);
		if (curl_url_get(url, CURLUPART_USER, &user, 0) == CURLUE_OK ||
			curl_url_get(url, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK)
			has_credentials = true;
		else if (scheme == NULL ||
				 (pg_strcasecmp(scheme, "http") != 0 &&
				  pg_strcasecmp(scheme, "https") != 0))
			problem = "only http:// and https:// URLs are supported";
		else if (host == NULL || host[0] == '\0')
			problem = "the URL has no host";
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(password);
	curl_url_cleanup(url);

	if (has_credentials)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("option \"%s\" must not contain a user name or password",
						name),
				 errhint("Put credentials in a user mapping: CREATE USER MAPPING ... OPTIONS (username '...', password '...').")));
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"%s\": \"%s\"", name, value),
				 errdetail("The URL is not valid: %s.", problem)));
}

/*
 * The control characters of an option's value, if any, are an error: the
 * value goes into a request line, a header or a body, where a CR or LF
 * would end a header and start another (or, doubled, a second request).
 * Only body templates and SQL, whose length is sent, may hold white space
 * on several lines.  The value is not echoed: it may be a secret.
 */
static void
check_control_chars(const char *name, const char *value, const char *what)
{
	bool		multiline = (strcmp(name, "body") == 0 ||
							 strcmp(name, "remote_query") == 0);
	long		pos = safe_text_control_char(value, strlen(value), multiline);

	if (pos >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"%s\"", name),
				 errdetail("%s contains a control character (byte 0x%02X at offset %ld).",
						   what, (unsigned char) value[pos], pos),
				 errhint("Control characters such as CR and LF could end a header and start another one; they are not allowed%s.",
						 multiline ? " except for tabs and line breaks" : "")));
}

/* A header name is a token: letters, digits and !#$%&'*+-.^_`|~ */
static void
check_header_name(const char *option, const char *name)
{
	if (!safe_text_header_name(name))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"%s\"", option),
				 errdetail("A header name must be one or more letters, digits or the characters !#$%%&'*+-.^_`|~."),
				 errhint("The name is sent as \"name: value\"; a colon, space or line break in it would change the request.")));
	if (safe_text_framing_header(name))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"%s\"", option),
				 errdetail("Header \"%s\" cannot be set: it frames the request or belongs to the connection, and curl sends it itself.",
						   name),
				 errhint("A second value would let the server or a proxy read the request differently (request smuggling).")));
}

/*
 * Parse a "headers" option into a list of RestHeader.  Values are never
 * echoed in errors: a mapping's headers may be secret.
 */
static List *
parse_headers(const char *value, bool secret)
{
	HeaderPair *pairs;
	char		problem[256];
	int			n = header_json_parse(value, &pairs, problem, sizeof(problem));
	List	   *result = NIL;
	ListCell   *lc;
	int			i;

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"headers\""),
				 errdetail_internal("%s", problem),
				 errhint("Give the headers as a JSON object, for example '{\"Accept\": \"application/json\"}'.")));

	for (i = 0; i < n; i++)
	{
		RestHeader *h = palloc(sizeof(RestHeader));

		h->name = pstrdup(pairs[i].name);
		h->value = pstrdup(pairs[i].value);
		h->secret = secret;
		result = lappend(result, h);
	}
	header_json_free(pairs, n);

	/* JSON escapes can spell any control character: check what they gave */
	foreach(lc, result)
	{
		RestHeader *h = lfirst(lc);

		check_header_name("headers", h->name);
		check_control_chars("headers", h->value, "A header's value");
	}
	return result;
}

/*
 * An op_* template may use {column} and {value} ({values} for op_in; no
 * value for the null tests); a sort template needs {column}.
 */
static void
validate_template(const char *name, const char *value)
{
	bool		is_null_test = (strcmp(name, "op_is_null") == 0 ||
								strcmp(name, "op_is_not_null") == 0);
	bool		is_sort = (strncmp(name, "sort_", 5) == 0);
	bool		is_in = (strcmp(name, "op_in") == 0);
	bool		has_value = false;
	bool		has_column = false;
	size_t		pos = 0;
	size_t		start;
	size_t		ns;
	size_t		nl;

	while (template_next(value, &pos, &start, &ns, &nl))
	{
		char	   *placeholder = pnstrdup(value + ns, nl);

		if (strcmp(placeholder, "column") == 0)
			has_column = true;
		else if (!is_sort && !is_null_test &&
				 (strcmp(placeholder, "value") == 0 ||
				  (is_in && strcmp(placeholder, "values") == 0)))
			has_value = true;
		else
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("invalid value for option \"%s\": \"%s\"", name, value),
					 errdetail("Placeholder {%s} is not allowed here.", placeholder),
					 errhint(is_sort ? "A sort template uses {column}." :
							 is_null_test ? "A null-test template uses {column}." :
							 is_in ? "An op_in template uses {column} and {values} (comma-separated) or {value} (repeated for each value)." :
							 "An operator template uses {column} and {value}.")));
	}
	if (is_sort && !has_column)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"%s\": \"%s\"", name, value),
				 errdetail("A sort template must contain {column}.")));
	if (!is_sort && !is_null_test && !has_value)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"%s\": \"%s\"", name, value),
				 errdetail("The template has no {%s} placeholder, so the value would not be sent.",
						   is_in ? "values} or {value" : "value")));
}

static void
validate_option_value(const RestOption *opt, DefElem *def)
{
	char	   *value = defGetString(def);
	int64		number;
	bool		flag;
	const char *const *v;

	check_control_chars(opt->name, value, "The value");
	if (strcmp(opt->name, "api_key_header") == 0)
		check_header_name(opt->name, value);
	if (strcmp(opt->name, "path") == 0 && url_path_climbs(value))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("invalid value for option \"path\": \"%s\"", value),
				 errdetail("The path climbs above base_url's path through \"..\" segments."),
				 errhint("Requests are confined to base_url's path; set base_url to the prefix the table needs.")));

	switch (opt->kind)
	{
		case OPT_STRING:
			break;
		case OPT_URL:
			validate_url(opt->name, value);
			break;
		case OPT_INT:
			if (!parse_int64_value(value, &number) ||
				number < opt->min || number > opt->max)
				ereport(ERROR,
						(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"",
								opt->name, value),
						 errdetail("Expected an integer between " INT64_FORMAT " and " INT64_FORMAT ".",
								   opt->min, opt->max)));
			break;
		case OPT_BOOL:
			if (!parse_bool(value, &flag))
				ereport(ERROR,
						(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"",
								opt->name, value),
						 errhint("Use true or false.")));
			if (strcmp(opt->name, "ssl_verify") == 0 && !flag && !superuser())
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("only superusers can set option \"ssl_verify\" to false"),
						 errdetail("Turning off certificate verification lets anyone on the network read and change the traffic, including credentials.")));
			break;
		case OPT_ENUM:
			for (v = opt->values; *v; v++)
				if (pg_strcasecmp(*v, value) == 0)
					break;
			if (*v == NULL)
			{
				StringInfoData valid;

				initStringInfo(&valid);
				for (v = opt->values; *v; v++)
					appendStringInfo(&valid, "%s%s", valid.len ? ", " : "", *v);
				ereport(ERROR,
						(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"",
								opt->name, value),
						 errhint("Valid values are: %s.", valid.data)));
			}
			break;
		case OPT_HEADERS:
			(void) parse_headers(value, false);
			break;
		case OPT_TEMPLATE:
			validate_template(opt->name, value);
			break;
	}

	/* reading arbitrary server files is a superuser's decision */
	if (strcmp(opt->name, "ca_file") == 0 && !superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only superusers can set option \"ca_file\"")));
}

PG_FUNCTION_INFO_V1(rest_fdw_validator);

/*
 * Validate the options given to a FOREIGN DATA WRAPPER, SERVER, USER MAPPING
 * or FOREIGN TABLE that uses rest_fdw.
 */
Datum
rest_fdw_validator(PG_FUNCTION_ARGS)
{
	List	   *options = untransformRelOptions(PG_GETARG_DATUM(0));
	Oid			catalog = PG_GETARG_OID(1);
	ListCell   *cell;

	foreach(cell, options)
	{
		DefElem    *def = (DefElem *) lfirst(cell);
		const RestOption *opt = lookup_rest_option(def->defname, catalog);

		if (opt == NULL)
			report_unknown_option(def->defname, catalog);
		validate_option_value(opt, def);
	}

	PG_RETURN_VOID();
}

/*
 * Find the user mapping for userid, falling back to PUBLIC.  Unlike
 * GetUserMapping(), a missing mapping is not an error: many APIs need no
 * credentials.
 */
static List *
lookup_user_mapping_options(Oid userid, Oid serverid)
{
	HeapTuple	tp;
	Datum		datum;
	bool		isnull;
	List	   *options = NIL;

	tp = SearchSysCache2(USERMAPPINGUSERSERVER,
						 ObjectIdGetDatum(userid), ObjectIdGetDatum(serverid));
	if (!HeapTupleIsValid(tp))
		tp = SearchSysCache2(USERMAPPINGUSERSERVER,
							 ObjectIdGetDatum(InvalidOid),
							 ObjectIdGetDatum(serverid));
	if (!HeapTupleIsValid(tp))
		return NIL;

	datum = SysCacheGetAttr(USERMAPPINGUSERSERVER, tp,
							Anum_pg_user_mapping_umoptions, &isnull);
	if (!isnull)
		options = untransformRelOptions(datum);
	ReleaseSysCache(tp);
	return options;
}

/* Add or replace headers by case-insensitive name */
static List *
merge_headers(List *headers, List *more)
{
	ListCell   *lc;

	foreach(lc, more)
	{
		RestHeader *h = lfirst(lc);
		ListCell   *old;

		foreach(old, headers)
		{
			RestHeader *o = lfirst(old);

			if (pg_strcasecmp(o->name, h->name) == 0)
			{
				headers = foreach_delete_current(headers, old);
				break;
			}
		}
		headers = lappend(headers, h);
	}
	return headers;
}

static void
apply_option(RestTableOptions *opts, DefElem *def, bool from_mapping)
{
	const char *name = def->defname;
	char	   *value = defGetString(def);
	int64		number;

	if (strcmp(name, "base_url") == 0)
		opts->base_url = value;
	else if (strcmp(name, "path") == 0)
		opts->path = value;
	else if (strcmp(name, "method") == 0)
		opts->method = asc_toupper(value, strlen(value));
	else if (strcmp(name, "query") == 0)
		opts->query = value;
	else if (strcmp(name, "body") == 0)
		opts->body = value;
	else if (strcmp(name, "rows_path") == 0)
		opts->rows_path = value;
	else if (strcmp(name, "columns_path") == 0)
		opts->columns_path = value;
	else if (strcmp(name, "format") == 0)
	{
		if (pg_strcasecmp(value, "ndjson") == 0)
			opts->format = REST_FORMAT_NDJSON;
		else if (pg_strcasecmp(value, "json_columns") == 0)
			opts->format = REST_FORMAT_JSON_COLUMNS;
		else
			opts->format = REST_FORMAT_JSON;
	}
	else if (strcmp(name, "headers") == 0)
		opts->headers = merge_headers(opts->headers,
									  parse_headers(value, from_mapping));
	else if (strcmp(name, "timeout_ms") == 0 && parse_int64_value(value, &number))
		opts->timeout_ms = (int) number;
	else if (strcmp(name, "connect_timeout_ms") == 0 && parse_int64_value(value, &number))
		opts->connect_timeout_ms = (int) number;
	else if (strcmp(name, "max_response_bytes") == 0 && parse_int64_value(value, &number))
		opts->max_response_bytes = number;
	else if (strcmp(name, "max_decompression_ratio") == 0 && parse_int64_value(value, &number))
		opts->max_decompression_ratio = (int) number;
	else if (strcmp(name, "max_row_bytes") == 0 && parse_int64_value(value, &number))
		opts->max_row_bytes = number;
	else if (strcmp(name, "ssl_verify") == 0)
		(void) parse_bool(value, &opts->ssl_verify);
	else if (strcmp(name, "ca_file") == 0)
		opts->ca_file = value;
	else if (strcmp(name, "pagination") == 0)
	{
		int			i;

		for (i = 0; pagination_values[i]; i++)
			if (pg_strcasecmp(value, pagination_values[i]) == 0)
				opts->pagination = (RestPagination) i;
	}
	else if (strcmp(name, "page_size") == 0 && parse_int64_value(value, &number))
		opts->page_size = (int) number;
	else if (strcmp(name, "page_size_param") == 0)
		opts->page_size_param = value;
	else if (strcmp(name, "offset_param") == 0)
		opts->offset_param = value;
	else if (strcmp(name, "page_param") == 0)
		opts->page_param = value;
	else if (strcmp(name, "page_start") == 0 && parse_int64_value(value, &number))
		opts->page_start = (int) number;
	else if (strcmp(name, "cursor_path") == 0)
		opts->cursor_path = value;
	else if (strcmp(name, "cursor_param") == 0)
		opts->cursor_param = value;
	else if (strcmp(name, "total_path") == 0)
		opts->total_path = value;
	else if (strcmp(name, "has_more_path") == 0)
		opts->has_more_path = value;
	else if (strcmp(name, "page_count_path") == 0)
		opts->page_count_path = value;
	else if (strcmp(name, "max_pages") == 0 && parse_int64_value(value, &number))
		opts->max_pages = (int) number;
	else if (strcmp(name, "concurrent_pages") == 0 && parse_int64_value(value, &number))
		opts->concurrent_pages = (int) number;
	else if (strcmp(name, "max_retries") == 0 && parse_int64_value(value, &number))
		opts->max_retries = (int) number;
	else if (strcmp(name, "retry_backoff_ms") == 0 && parse_int64_value(value, &number))
		opts->retry_backoff_ms = (int) number;
	else if (strcmp(name, "idempotent") == 0)
		(void) parse_bool(value, &opts->idempotent);
	else if (strcmp(name, "bearer_token") == 0)
		opts->bearer_token = value;
	else if (strcmp(name, "username") == 0)
		opts->username = value;
	else if (strcmp(name, "password") == 0)
		opts->password = value;
	else if (strcmp(name, "api_key") == 0)
		opts->api_key = value;
	else if (strcmp(name, "api_key_header") == 0)
		opts->api_key_header = value;
	else if (strcmp(name, "api_key_param") == 0)
		opts->api_key_param = value;
	else if (strcmp(name, "sort_param") == 0)
		opts->sort_param = value;
	else if (strcmp(name, "sort_asc") == 0)
		opts->sort_asc = value;
	else if (strcmp(name, "sort_desc") == 0)
		opts->sort_desc = value;
	else if (strcmp(name, "sort_separator") == 0)
		opts->sort_separator = value;
	else if (strcmp(name, "select_param") == 0)
		opts->select_param = value;
	else if (strcmp(name, "select_separator") == 0)
		opts->select_separator = value;
	else if (strcmp(name, "limit_param") == 0)
		opts->limit_param = value;
	else if (strcmp(name, "dialect") == 0)
		opts->dialect = (pg_strcasecmp(value, "sql") == 0) ?
			REST_DIALECT_SQL : REST_DIALECT_PARAMS;
	else if (strcmp(name, "remote_table") == 0)
		opts->remote_table = value;
	else if (strcmp(name, "remote_query") == 0)
		opts->remote_query = value;
	else if (strcmp(name, "sql_syntax") == 0)
		opts->sql_syntax = asc_tolower(value, strlen(value));
	else if (strcmp(name, "pushdown") == 0)
		(void) parse_bool(value, &opts->pushdown);
	else if (strncmp(name, "op_", 3) == 0)
	{
		int			op;

		for (op = 0; op < REST_OP_COUNT; op++)
			if (strcmp(name, rest_op_option_names[op]) == 0)
				opts->op_templates[op] = value;
	}
}

/* Apply a preset's settings, as if they were options set before all others */
static void
apply_preset(RestTableOptions *opts, List *server_options)
{
	ListCell   *lc;
	const RestPreset *preset;
	const char *const *setting;

	foreach(lc, server_options)
	{
		DefElem    *def = lfirst(lc);

		if (strcmp(def->defname, "preset") != 0)
			continue;
		for (preset = rest_presets; preset->name; preset++)
		{
			if (pg_strcasecmp(preset->name, defGetString(def)) != 0)
				continue;
			opts->preset = (char *) preset->name;
			for (setting = preset->settings; *setting; setting += 2)
				apply_option(opts, makeDefElem((char *) setting[0],
											   (Node *) makeString((char *) setting[1]),
											   -1),
							 false);
		}
	}
}

/*
 * Collect the options that apply to a scan of a foreign table by a user.
 */
RestTableOptions *
rest_get_table_options(Oid foreigntableid, Oid userid)
{
	ForeignTable *table = GetForeignTable(foreigntableid);
	ForeignServer *server = GetForeignServer(table->serverid);
	RestTableOptions *opts = palloc0(sizeof(RestTableOptions));
	ListCell   *lc;

	opts->server_name = server->servername;
	opts->table_name = quote_qualified_identifier(get_namespace_name(get_rel_namespace(foreigntableid)),
												  get_rel_name(foreigntableid));
	opts->format = REST_FORMAT_JSON;
	opts->timeout_ms = 30000;
	opts->connect_timeout_ms = 10000;
	opts->max_decompression_ratio = REST_DEFAULT_MAX_DECOMPRESSION_RATIO;
	opts->max_row_bytes = REST_DEFAULT_MAX_ROW_BYTES;
	opts->ssl_verify = true;
	opts->api_key_header = "X-API-Key";
	opts->dialect = REST_DIALECT_PARAMS;
	opts->sql_syntax = "ansi";
	opts->pushdown = true;
	opts->serverid = server->serverid;
	opts->userid = userid;
	opts->pagination = REST_PAGINATION_NONE;
	opts->page_start = 1;
	opts->concurrent_pages = 2;
	opts->max_retries = 2;
	opts->retry_backoff_ms = 100;

	apply_preset(opts, server->options);
	foreach(lc, server->options)
		apply_option(opts, lfirst(lc), false);
	foreach(lc, table->options)
		apply_option(opts, lfirst(lc), false);
	foreach(lc, lookup_user_mapping_options(userid, server->serverid))
		apply_option(opts, lfirst(lc), true);

	/* a body means POST unless the method was given */
	if (opts->method == NULL)
		opts->method = opts->body ? "POST" : "GET";

	if (opts->base_url == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("server \"%s\" has no base_url option", server->servername),
				 errhint("Set it with ALTER SERVER %s OPTIONS (ADD base_url 'https://...').",
						 quote_identifier(server->servername))));
	return opts;
}

/* The value of a column option, or NULL */
char *
rest_get_column_option(Oid relid, AttrNumber attnum, const char *optname)
{
	ListCell   *lc;

	foreach(lc, GetForeignColumnOptions(relid, attnum))
	{
		DefElem    *def = lfirst(lc);

		if (strcmp(def->defname, optname) == 0)
			return defGetString(def);
	}
	return NULL;
}

/*
 * Pushdown can be turned off per server or table (option "pushdown") and
 * per session (rest_fdw.enable_pushdown), to compare what a query costs
 * with and without it, or to work around a remote that answers wrongly.
 * Placeholders in path, query or body are still filled: without them
 * there is no request at all.
 */
bool		rest_enable_pushdown = true;

bool
rest_pushdown_enabled(const RestTableOptions *opts)
{
	return rest_enable_pushdown && opts->pushdown;
}

/*
 * rest_fdw.allowed_hosts: the hosts requests, redirects and next-page URLs
 * may go to.  Superuser-only, since it is the administrator's limit on
 * where the database server may send HTTP requests.
 *
 * Before the library is loaded the name is only a placeholder, which
 * anyone can set.  When _PG_init() defines the variable, PostgreSQL applies
 * the placeholder's values again with the privileges of whoever set them,
 * and refuses (with a WARNING) what a non-superuser set.  That is not
 * enough: a value given at connection start (PGOPTIONS, ALTER ROLE ...
 * SET) becomes the placeholder's reset value in place of the
 * administrator's value from postgresql.conf or ALTER SYSTEM, so refusing
 * it leaves the built-in default, which allows every host.  So if the
 * placeholder had a reset value and the variable's reset value is the
 * built-in default after the definition, the administrator's value is lost
 * for this session, and every request fails (allowed_hosts_lost) rather
 * than go anywhere.  Both are read from the variable's reset source
 * (guc_has_reset_value).
 */
char	   *rest_allowed_hosts = NULL;
static bool allowed_hosts_lost = false;

#define ALLOWED_HOSTS_GUC "rest_fdw.allowed_hosts"

/*
 * The allow-list in force, "" for any host; an error when it is not known
 * in this session (above).
 */
const char *
rest_allowed_hosts_list(void)
{
	if (allowed_hosts_lost)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("rest_fdw.allowed_hosts is not known in this session"),
				 errdetail("The value given before rest_fdw was loaded was refused when it loaded (see the WARNING then): a role that may not set it gave it at connection start (PGOPTIONS, a connection option, ALTER ROLE ... SET), in place of the server's own value, or it is not a valid list."),
				 errhint("Connect without setting rest_fdw.allowed_hosts (only superusers can set it), or have a superuser correct its value.")));
	return rest_allowed_hosts ? rest_allowed_hosts : "";
}

static bool
check_allowed_hosts(char **newval, void **extra, GucSource source)
{
	char		bad[64];

	/* the boot value (see above) */
	if (*newval == NULL)
		return true;
	if (!http_host_patterns_check(*newval, bad, sizeof(bad)))
	{
		GUC_check_errdetail("\"%s\" is not a host pattern.", bad);
		GUC_check_errhint("Give host names or addresses, optionally with :port, separated by commas; \"*.example.com\" matches subdomains and \"*\" any host.");
		return false;
	}
	return true;
}

/*
 * Does a variable (or placeholder) have a reset value from somewhere other
 * than its built-in default: a file, the command line, a connection option?
 * The reset source tells; the reset string does not, since 17 gives a
 * placeholder "" where 16 gave NULL, also once its line has been taken out
 * of the configuration file.
 */
static bool
guc_has_reset_value(const char *name)
{
	struct config_generic **vars;
	int			nvars;
	int			i;

	vars = compat_get_guc_variables(&nvars);
	for (i = 0; i < nvars; i++)
		if (strcmp(vars[i]->name, name) == 0)
			return vars[i]->reset_source != PGC_S_DEFAULT;
	return false;
}

void		_PG_init(void);

void
_PG_init(void)
{
	bool		had_reset_value;

	/* a placeholder with a reset value: from a file, or a connection option */
	had_reset_value = guc_has_reset_value(ALLOWED_HOSTS_GUC);

	DefineCustomStringVariable(ALLOWED_HOSTS_GUC,
							   "Hosts that rest_fdw may send requests to.",
							   "A comma-separated list of host[:port] patterns that every request, redirect and next-page URL must match; empty allows all.  Redirects and next-page URLs go to another host only when it is listed here.",
							   &rest_allowed_hosts,
							   NULL,
							   PGC_SUSET,
							   0,
							   check_allowed_hosts,
							   NULL,
							   NULL);
	if (had_reset_value && !guc_has_reset_value(ALLOWED_HOSTS_GUC))
		allowed_hosts_lost = true;
	DefineCustomBoolVariable("rest_fdw.enable_pushdown",
							 "Sends filters, sorts, limits and aggregates to the remote side.",
							 "When off, rest_fdw only fetches rows and PostgreSQL does all filtering, sorting and aggregation locally.",
							 &rest_enable_pushdown,
							 true,
							 PGC_USERSET,
							 0,
							 NULL,
							 NULL,
							 NULL);
#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("rest_fdw");
#else
	EmitWarningsOnPlaceholders("rest_fdw");
#endif
}
