/*-------------------------------------------------------------------------
 *
 * option.c
 *		  Validation and lookup of rest_fdw's options
 *
 * One table, rest_options[], describes every option: the levels where it
 * may be given (server, foreign table, column, user mapping), its type,
 * which says how its value is checked and how it fills its field of
 * RestTableOptions, its default, and the field.  The validator, the
 * defaults and rest_get_table_options() all read it.  Secrets are only
 * accepted on user mappings, which only their owner and superusers can
 * read.  See option.h for the contract.
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
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "backend_text.h"
#include "compat.h"
#include "header_json.h"
#include "http_util.h"
#include "json_path.h"
#include "option.h"
#include "preset.h"
#include "safe_text.h"
#include "template.h"
#include "url.h"

/*
 * How an option's value is checked, and how it fills its RestTableOptions
 * field: a char * for the text types, an int, int64 or bool, the index of
 * its value for OPT_ENUM (an enum field), the value as spelled in the list
 * for OPT_KEYWORD, or a List of RestHeader for OPT_HEADERS.
 */
typedef enum RestOptionType
{
	OPT_STRING,					/* text on one line */
	OPT_MULTILINE,				/* text that may hold tabs and line breaks */
	OPT_URL,					/* an http or https URL without credentials */
	OPT_PATH,					/* a path that stays below base_url's */
	OPT_RESPONSE_PATH,			/* a path in the response (json_path.h) */
	OPT_HEADER_NAME,			/* a token sent as "name: value" */
	OPT_HEADERS,				/* a JSON object, merged by header name */
	OPT_INT,					/* an integer between min and max */
	OPT_INT64,					/* the same in an int64 field (byte counts) */
	OPT_BOOL,
	OPT_ENUM,					/* one of names, in any case */
	OPT_KEYWORD,				/* one of names, in any case */
	OPT_OP_TEMPLATE,			/* {column} and {value} */
	OPT_IN_TEMPLATE,			/* {column}, and {values} or {value} */
	OPT_NULL_TEMPLATE,			/* {column} only */
	OPT_SORT_TEMPLATE			/* {column}, which it needs */
} RestOptionType;

/* The levels, as bits: where an option may be given */
#define SERVER		0x01
#define TABLE		0x02
#define COLUMN		0x04
#define MAPPING		0x08
#define ANY_LEVEL	(SERVER | TABLE | COLUMN | MAPPING)

/* flags */
#define OPT_SUPERUSER			0x01	/* only superusers may set it */
#define OPT_SUPERUSER_TO_CLEAR	0x02	/* only superusers may set it false */

typedef struct RestOption
{
	const char *name;
	int			levels;
	RestOptionType type;
	int			field;			/* offset in RestTableOptions, or NO_FIELD */
	const char *default_value;	/* as the option's text; NULL: zero */
	const char *const *names;	/* OPT_ENUM, OPT_KEYWORD: NULL-terminated */
	int64		min;			/* OPT_INT, OPT_INT64 */
	int64		max;
	int			flags;
} RestOption;

#define FIELD(member)	offsetof(RestTableOptions, member)
#define NO_FIELD		(-1)

/*
 * The values of the enum options, in the order of their enums (RestFormat,
 * RestPagination, RestDialect, RestOp): the one spelling of each name.
 */
static const char *const format_names[] = {"json", "ndjson", "json_columns", NULL};
static const char *const pagination_names[] = {"none", "offset", "page", "cursor",
	"next_url", "link_header", "range", NULL};
static const char *const dialect_names[] = {"params", "sql", NULL};
static const char *const method_names[] = {"GET", "POST", NULL};
static const char *const oauth_client_auth_names[] = {"basic", "body", NULL};
static const char *const sql_syntax_names[] = {"ansi", "clickhouse", "sqlite",
	"postgres", "influxql", NULL};

const char *const rest_op_option_names[REST_OP_COUNT] = {
	"op_eq", "op_ne", "op_lt", "op_le", "op_gt", "op_ge", "op_in",
	"op_like", "op_ilike", "op_is_null", "op_is_not_null"
};

/* The name of a pagination style, as option "pagination" spells it */
const char *
rest_pagination_name(RestPagination style)
{
	return pagination_names[style];
}

#define ST		(SERVER | TABLE)

/*
 * The options.  A name appears once; the order is that of the hint that
 * lists the options valid on an object.
 */
static const RestOption rest_options[] = {
	{"base_url", SERVER, OPT_URL, FIELD(base_url)},
	{"path", TABLE, OPT_PATH, FIELD(path)},
	{"method", ST, OPT_KEYWORD, FIELD(method), .names = method_names},
	{"query", ST, OPT_STRING, FIELD(query)},
	{"headers", ST | MAPPING, OPT_HEADERS, FIELD(headers)},
	{"body", ST, OPT_MULTILINE, FIELD(body)},
	{"rows_path", ST, OPT_RESPONSE_PATH, FIELD(rows_path)},
	{"columns_path", ST, OPT_RESPONSE_PATH, FIELD(columns_path)},
	{"format", ST, OPT_ENUM, FIELD(format), "json", format_names},
	{"timeout_ms", ST, OPT_INT, FIELD(timeout_ms), "30000", .max = INT_MAX},
	{"connect_timeout_ms", ST, OPT_INT, FIELD(connect_timeout_ms), "10000",
	.max = INT_MAX},
	{"max_response_bytes", ST, OPT_INT64, FIELD(max_response_bytes),
	.max = PG_INT64_MAX},
	{"max_decompression_ratio", ST, OPT_INT, FIELD(max_decompression_ratio),
	CppAsString2(REST_DEFAULT_MAX_DECOMPRESSION_RATIO), .max = INT_MAX},
	/* a row, whole, may become one json or text field of a tuple */
	{"max_row_bytes", ST, OPT_INT64, FIELD(max_row_bytes),
	CppAsString2(REST_DEFAULT_MAX_ROW_BYTES), .min = 1,
	.max = MaxAllocSize - VARHDRSZ},
	{"ssl_verify", SERVER, OPT_BOOL, FIELD(ssl_verify), "true",
	.flags = OPT_SUPERUSER_TO_CLEAR},
	{"ca_file", SERVER, OPT_STRING, FIELD(ca_file), .flags = OPT_SUPERUSER},

	/* pagination (pagination.c) and retries (http_client.c) */
	{"pagination", ST, OPT_ENUM, FIELD(pagination), "none", pagination_names},
	{"page_size", ST, OPT_INT, FIELD(page_size), .min = 1, .max = INT_MAX},
	{"page_size_param", ST, OPT_STRING, FIELD(page_size_param)},
	{"offset_param", ST, OPT_STRING, FIELD(offset_param)},
	{"page_param", ST, OPT_STRING, FIELD(page_param)},
	{"page_start", ST, OPT_INT, FIELD(page_start), "1", .max = INT_MAX},
	{"cursor_path", ST, OPT_RESPONSE_PATH, FIELD(cursor_path)},
	{"cursor_param", ST, OPT_STRING, FIELD(cursor_param)},
	{"total_path", ST, OPT_RESPONSE_PATH, FIELD(total_path)},
	{"has_more_path", ST, OPT_RESPONSE_PATH, FIELD(has_more_path)},
	{"page_count_path", ST, OPT_RESPONSE_PATH, FIELD(page_count_path)},
	{"error_path", ST, OPT_RESPONSE_PATH, FIELD(error_path)},
	{"max_pages", ST, OPT_INT, FIELD(max_pages), .max = INT_MAX},
	{"concurrent_pages", ST, OPT_INT, FIELD(concurrent_pages), "2",
	.min = 1, .max = 64},
	{"max_retries", ST, OPT_INT, FIELD(max_retries), "2", .max = 100},
	{"retry_backoff_ms", ST, OPT_INT, FIELD(retry_backoff_ms), "100",
	.max = 600000},
	{"idempotent", ST, OPT_BOOL, FIELD(idempotent)},
	{"json_path", COLUMN, OPT_STRING, NO_FIELD},
	{"remote_name", COLUMN, OPT_STRING, NO_FIELD},
	/* a parameter of the request, never read from the rows (pushdown.c) */
	{"request_only", COLUMN, OPT_BOOL, NO_FIELD},

	/*
	 * The params dialect: see pushdown.c.  A column's op_* templates are
	 * read by pushdown.c (rest_get_column_option()).
	 */
	{"preset", SERVER, OPT_KEYWORD, FIELD(preset), .names = rest_preset_names},
	{"op_eq", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_EQ])},
	{"op_ne", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_NE])},
	{"op_lt", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_LT])},
	{"op_le", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_LE])},
	{"op_gt", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_GT])},
	{"op_ge", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_GE])},
	{"op_in", ST | COLUMN, OPT_IN_TEMPLATE, FIELD(op_templates[REST_OP_IN])},
	{"op_like", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_LIKE])},
	{"op_ilike", ST | COLUMN, OPT_OP_TEMPLATE, FIELD(op_templates[REST_OP_ILIKE])},
	{"op_is_null", ST | COLUMN, OPT_NULL_TEMPLATE,
	FIELD(op_templates[REST_OP_IS_NULL])},
	{"op_is_not_null", ST | COLUMN, OPT_NULL_TEMPLATE,
	FIELD(op_templates[REST_OP_IS_NOT_NULL])},
	{"sort_param", ST, OPT_STRING, FIELD(sort_param)},
	{"sort_asc", ST, OPT_SORT_TEMPLATE, FIELD(sort_asc)},
	{"sort_desc", ST, OPT_SORT_TEMPLATE, FIELD(sort_desc)},
	{"sort_separator", ST, OPT_STRING, FIELD(sort_separator)},
	{"select_param", ST, OPT_STRING, FIELD(select_param)},
	{"select_separator", ST, OPT_STRING, FIELD(select_separator)},
	{"limit_param", ST, OPT_STRING, FIELD(limit_param)},

	/* the sql dialect: see sql_dialect.c and deparse.c */
	{"dialect", ST, OPT_ENUM, FIELD(dialect), "params", dialect_names},
	{"remote_table", TABLE, OPT_STRING, FIELD(remote_table)},
	{"remote_query", TABLE, OPT_MULTILINE, FIELD(remote_query)},
	{"sql_syntax", ST, OPT_KEYWORD, FIELD(sql_syntax), "ansi", sql_syntax_names},
	/* both dialects: send quals, sorts and limits, or filter locally */
	{"pushdown", ST, OPT_BOOL, FIELD(pushdown), "true"},

	/* secrets: user mappings only */
	{"bearer_token", MAPPING, OPT_STRING, FIELD(bearer_token)},
	{"username", MAPPING, OPT_STRING, FIELD(username)},
	{"password", MAPPING, OPT_STRING, FIELD(password)},
	{"api_key", MAPPING, OPT_STRING, FIELD(api_key)},
	{"api_key_header", MAPPING, OPT_HEADER_NAME, FIELD(api_key_header),
	"X-API-Key"},
	{"api_key_param", MAPPING, OPT_STRING, FIELD(api_key_param)},

	/*
	 * OAuth 2.0 (http_oauth.c): the client's secrets in the user mapping;
	 * the token endpoint and what to ask it for may sit on the server.
	 */
	{"oauth_token_url", SERVER | MAPPING, OPT_URL, FIELD(oauth_token_url)},
	{"oauth_client_id", MAPPING, OPT_STRING, FIELD(oauth_client_id)},
	{"oauth_client_secret", MAPPING, OPT_STRING, FIELD(oauth_client_secret)},
	{"oauth_refresh_token", MAPPING, OPT_STRING, FIELD(oauth_refresh_token)},
	{"oauth_scope", SERVER | MAPPING, OPT_STRING, FIELD(oauth_scope)},
	{"oauth_audience", SERVER | MAPPING, OPT_STRING, FIELD(oauth_audience)},
	{"oauth_client_auth", SERVER | MAPPING, OPT_KEYWORD,
	FIELD(oauth_client_auth), "basic", oauth_client_auth_names},
	{NULL}
};

/* The level of the object a validator call is about; 0 for the wrapper */
static int
catalog_level(Oid catalog)
{
	switch (catalog)
	{
		case ForeignServerRelationId:
			return SERVER;
		case ForeignTableRelationId:
			return TABLE;
		case AttributeRelationId:
			return COLUMN;
		case UserMappingRelationId:
			return MAPPING;
	}
	return 0;
}

static const char *
level_name(int level)
{
	switch (level)
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

/* The option of that name valid on one of levels, or NULL */
static const RestOption *
lookup_rest_option(const char *name, int levels)
{
	const RestOption *opt;

	for (opt = rest_options; opt->name; opt++)
		if ((opt->levels & levels) != 0 && strcmp(opt->name, name) == 0)
			return opt;
	return NULL;
}

/* The levels where an option is valid, for the hint of a misplaced one */
static char *
option_levels(const RestOption *opt)
{
	StringInfoData buf;
	int			level;

	initStringInfo(&buf);
	for (level = SERVER; level <= MAPPING; level <<= 1)
		if (opt->levels & level)
			appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "",
							 level_name(level));
	return buf.data;
}

static void
report_unknown_option(const char *name, int level)
{
	StringInfoData valid;
	const RestOption *opt = lookup_rest_option(name, ANY_LEVEL);

	if (opt)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option \"%s\" cannot be set on %s",
						name, level_name(level)),
				 (opt->levels & (MAPPING | SERVER)) == MAPPING ?
				 errhint("Secrets belong in a user mapping, which only its owner and superusers can read: CREATE USER MAPPING ... OPTIONS (%s '...').",
						 name) :
				 errhint("Option \"%s\" is valid on %s.", name,
						 option_levels(opt))));

	initStringInfo(&valid);
	for (opt = rest_options; opt->name; opt++)
		if (opt->levels & level)
			appendStringInfo(&valid, "%s%s", valid.len > 0 ? ", " : "",
							 opt->name);
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
		rest_out_of_memory(NULL);

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
check_control_chars(const char *name, const char *value, const char *what,
					bool multiline)
{
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

/* A request header: the name is copied, the value taken as it is */
RestHeader *
rest_header_make(const char *name, char *value, bool secret)
{
	RestHeader *h = palloc(sizeof(RestHeader));

	h->name = pstrdup(name);
	h->value = value;
	h->secret = secret;
	return h;
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
		result = lappend(result, rest_header_make(pairs[i].name,
												  pstrdup(pairs[i].value),
												  secret));
	header_json_free(pairs, n);

	/* JSON escapes can spell any control character: check what they gave */
	foreach(lc, result)
	{
		RestHeader *h = lfirst(lc);

		check_header_name("headers", h->name);
		check_control_chars("headers", h->value, "A header's value", false);
	}
	return result;
}

/*
 * An op_* template may use {column} and {value} ({values} for op_in; no
 * value for the null tests); a sort template needs {column}.
 */
static void
validate_template(const char *name, const char *value, RestOptionType type)
{
	bool		is_null_test = (type == OPT_NULL_TEMPLATE);
	bool		is_sort = (type == OPT_SORT_TEMPLATE);
	bool		is_in = (type == OPT_IN_TEMPLATE);
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

/* The index of value in an OPT_ENUM or OPT_KEYWORD option's names, or -1 */
static int
name_index(const RestOption *opt, const char *value)
{
	int			i;

	for (i = 0; opt->names[i]; i++)
		if (pg_strcasecmp(opt->names[i], value) == 0)
			return i;
	return -1;
}

static void
validate_option_value(const RestOption *opt, const char *value)
{
	const char *problem;
	int64		number;
	bool		flag = true;

	check_control_chars(opt->name, value, "The value",
						opt->type == OPT_MULTILINE);

	switch (opt->type)
	{
		case OPT_STRING:
		case OPT_MULTILINE:
			break;
		case OPT_URL:
			validate_url(opt->name, value);
			break;
		case OPT_PATH:
			if (url_path_climbs(value))
				ereport(ERROR,
						(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"",
								opt->name, value),
						 errdetail("The path climbs above base_url's path through \"..\" segments."),
						 errhint("Requests are confined to base_url's path; set base_url to the prefix the table needs.")));
			break;
		case OPT_RESPONSE_PATH:
			if ((problem = json_path_check(value)) != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"",
								opt->name, value),
						 errdetail("The path %s.", problem),
						 errhint("Join keys, array positions and \"*\" (every element of an array) with single dots: \"results.*.series.*.values\".")));
			break;
		case OPT_HEADER_NAME:
			check_header_name(opt->name, value);
			break;
		case OPT_HEADERS:
			(void) parse_headers(value, false);
			break;
		case OPT_INT:
		case OPT_INT64:
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
			break;
		case OPT_ENUM:
		case OPT_KEYWORD:
			if (name_index(opt, value) < 0)
			{
				StringInfoData valid;
				const char *const *v;

				initStringInfo(&valid);
				for (v = opt->names; *v; v++)
					appendStringInfo(&valid, "%s%s", valid.len ? ", " : "", *v);
				ereport(ERROR,
						(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"",
								opt->name, value),
						 errhint("Valid values are: %s.", valid.data)));
			}
			break;
		case OPT_OP_TEMPLATE:
		case OPT_IN_TEMPLATE:
		case OPT_NULL_TEMPLATE:
		case OPT_SORT_TEMPLATE:
			validate_template(opt->name, value, opt->type);
			break;
	}

	/* turning off certificate checks is a superuser's decision */
	if ((opt->flags & OPT_SUPERUSER_TO_CLEAR) && !flag && !superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only superusers can set option \"%s\" to false",
						opt->name),
				 errdetail("Turning off certificate verification lets anyone on the network read and change the traffic, including credentials.")));
	/* so is reading arbitrary server files */
	if ((opt->flags & OPT_SUPERUSER) && !superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only superusers can set option \"%s\"", opt->name)));
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
	int			level = catalog_level(PG_GETARG_OID(1));
	ListCell   *cell;
	bool		request_only = false;
	bool		json_path = false;

	foreach(cell, options)
	{
		DefElem    *def = (DefElem *) lfirst(cell);
		const RestOption *opt = lookup_rest_option(def->defname, level);

		if (opt == NULL)
			report_unknown_option(def->defname, level);
		validate_option_value(opt, defGetString(def));
		if (strcmp(opt->name, "request_only") == 0)
			request_only = defGetBoolean(def);
		else if (strcmp(opt->name, "json_path") == 0)
			json_path = true;
	}
	if (level == MAPPING)
		rest_check_mapping_auth(options);

	/* both are a column's own: no other level can change them */
	if (request_only && json_path)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("options request_only and json_path cannot be used together"),
				 errdetail("A request-only column is never read from the rows, so there is no path to read it from."),
				 errhint("Use remote_name for the name the request gives the column.")));

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

/*
 * Fill an option's field from its text, which the validator has accepted
 * (or which is a default or a preset's setting).
 */
static void
fill_option(RestTableOptions *opts, const RestOption *opt, const char *value,
			bool from_mapping)
{
	char	   *field;
	int64		number;
	int			i;

	if (opt->field == NO_FIELD)
		return;
	field = (char *) opts + opt->field;
	switch (opt->type)
	{
		case OPT_STRING:
		case OPT_MULTILINE:
		case OPT_URL:
		case OPT_PATH:
		case OPT_RESPONSE_PATH:
		case OPT_HEADER_NAME:
		case OPT_OP_TEMPLATE:
		case OPT_IN_TEMPLATE:
		case OPT_NULL_TEMPLATE:
		case OPT_SORT_TEMPLATE:
			*(char **) field = (char *) value;
			break;
		case OPT_HEADERS:
			*(List **) field = merge_headers(*(List **) field,
											 parse_headers(value, from_mapping));
			break;
		case OPT_INT:
			if (parse_int64_value(value, &number))
				*(int *) field = (int) number;
			break;
		case OPT_INT64:
			if (parse_int64_value(value, &number))
				*(int64 *) field = number;
			break;
		case OPT_BOOL:
			(void) parse_bool(value, (bool *) field);
			break;
		case OPT_ENUM:
			/* the field is an enum whose values index the names */
			StaticAssertStmt(sizeof(RestFormat) == sizeof(int) &&
							 sizeof(RestPagination) == sizeof(int) &&
							 sizeof(RestDialect) == sizeof(int),
							 "enum options are filled as int");
			i = name_index(opt, value);
			if (i >= 0)
				*(int *) field = i;
			break;
		case OPT_KEYWORD:
			/* as the names spell it: upper-case methods, lower-case syntaxes */
			i = name_index(opt, value);
			if (i >= 0)
				*(char **) field = (char *) opt->names[i];
			break;
	}
}

/* Fill the option of that name; preset settings name only known options */
static void
apply_option(RestTableOptions *opts, const char *name, const char *value,
			 bool from_mapping)
{
	const RestOption *opt = lookup_rest_option(name, ANY_LEVEL);

	if (opt)
		fill_option(opts, opt, value, from_mapping);
}

static void
apply_options(RestTableOptions *opts, List *options, bool from_mapping)
{
	ListCell   *lc;

	foreach(lc, options)
	{
		DefElem    *def = lfirst(lc);

		apply_option(opts, def->defname, defGetString(def), from_mapping);
	}
}

/*
 * Apply a preset's settings (preset.c), as if they were options set before
 * all others: any option set on the server, table or column overrides them.
 */
static void
apply_preset(RestTableOptions *opts, List *server_options)
{
	const RestOption *opt = lookup_rest_option("preset", SERVER);
	ListCell   *lc;

	foreach(lc, server_options)
	{
		DefElem    *def = lfirst(lc);
		const char *const *setting;
		int			preset;

		if (strcmp(def->defname, opt->name) != 0)
			continue;
		preset = name_index(opt, defGetString(def));
		if (preset < 0)
			continue;
		for (setting = rest_preset_settings(preset); *setting; setting += 2)
			apply_option(opts, setting[0], setting[1], false);
	}
}

/*
 * A value read beside the rows (a cursor, a row count, the column names) is
 * captured from the response object that holds the rows: NDJSON has none,
 * rows_path must be set, and the value must be outside the rows.
 */
static void
check_beside_rows(const RestTableOptions *opts, const char *option,
				  const char *path, const char *what)
{
	if (opts->format == REST_FORMAT_NDJSON)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option %s of foreign table %s cannot be used with format \"ndjson\"",
						option, opts->table_name),
				 errdetail("An NDJSON response has no object around its rows to read the %s from.",
						   what)));
	if (opts->rows_path == NULL || opts->rows_path[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option %s of foreign table %s needs option rows_path",
						option, opts->table_name),
				 errdetail("The %s is read from the response object that holds the rows.",
						   what)));
	if (json_path_text_meets(path, opts->rows_path))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option %s of foreign table %s overlaps option rows_path",
						option, opts->table_name),
				 strlen(path) > strlen(opts->rows_path) ?
				 errdetail("The %s is read beside the rows, but \"%s\" lies within the rows at rows_path \"%s\".",
						   what, path, opts->rows_path) :
				 errdetail("The %s is read beside the rows, but \"%s\" holds the rows at rows_path \"%s\".",
						   what, path, opts->rows_path),
				 errhint("Set %s to the dotted path of a value outside rows_path.",
						 option)));
}

/* total_path, has_more_path and page_count_path: "" is none */
static void
check_paging_path(const RestTableOptions *opts, const char *option,
				  const char *path, const char *what)
{
	if (path == NULL || path[0] == '\0')
		return;
	if (opts->pagination == REST_PAGINATION_NONE)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option %s of foreign table %s needs option pagination",
						option, opts->table_name),
				 errdetail("Without pagination one response is read, and the %s in it is not used.",
						   what),
				 errhint("Set pagination to the API's paging style, or set %s to '' on the table.",
						 option)));
	check_beside_rows(opts, option, path, what);
}

/*
 * Reject the combinations of options that cannot work.  Each level is
 * accepted on its own, since another may complete it; here all of them
 * have been read, so the table is what it is.  Options that only do not
 * apply (page_param with offset, max_pages without pagination) are left
 * alone: a server may set them for tables of several styles.
 */
static void
check_table_options(const RestTableOptions *opts)
{
	RestPagination style = opts->pagination;

	if (style == REST_PAGINATION_CURSOR || style == REST_PAGINATION_NEXT_URL)
	{
		const char *what = (style == REST_PAGINATION_CURSOR) ?
			"cursor" : "next page URL";

		if (opts->cursor_path == NULL || opts->cursor_path[0] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
					 errmsg("pagination \"%s\" of foreign table %s needs option cursor_path",
							rest_pagination_name(style), opts->table_name),
					 errhint("Set cursor_path to the dotted path of the %s in the response.",
							 style == REST_PAGINATION_CURSOR ? "next page's cursor" : "next page's URL")));
		if (opts->format == REST_FORMAT_NDJSON ||
			opts->rows_path == NULL || opts->rows_path[0] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("pagination \"%s\" of foreign table %s needs option rows_path",
							rest_pagination_name(style), opts->table_name),
					 errdetail("The %s is read from the response object that holds the rows.",
							   what)));
		check_beside_rows(opts, "cursor_path", opts->cursor_path, what);
	}
	check_paging_path(opts, "total_path", opts->total_path, "row count");
	check_paging_path(opts, "has_more_path", opts->has_more_path,
					  "more-pages flag");
	check_paging_path(opts, "page_count_path", opts->page_count_path,
					  "page count");
	if (opts->error_path && opts->error_path[0] != '\0')
		check_beside_rows(opts, "error_path", opts->error_path, "error");

	if (opts->format == REST_FORMAT_JSON_COLUMNS && opts->columns_path)
		check_beside_rows(opts, "columns_path", opts->columns_path,
						  "list of column names");
	else if (opts->columns_path && opts->columns_path[0] != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option columns_path of foreign table %s needs format \"json_columns\"",
						opts->table_name),
				 errdetail("Only a json_columns response, whose rows are arrays, has column names beside the rows."),
				 errhint("Set format 'json_columns', or set columns_path to '' on the table.")));

	if (opts->dialect != REST_DIALECT_SQL &&
		(opts->remote_table || opts->remote_query))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option %s of foreign table %s needs dialect \"sql\"",
						opts->remote_table ? "remote_table" : "remote_query",
						opts->table_name),
				 errdetail("The params dialect sends no SQL, so the remote table or query is not used."),
				 errhint("Set dialect 'sql' on the table or its server, or use a preset that sets it (clickhouse, datasette, influxql).")));
}

static RestTableOptions *merge_options(ForeignServer *server,
									   List *table_options, Oid userid,
									   char *table_name);

/*
 * Collect the options that apply to a scan of a foreign table by a user,
 * and reject combinations that cannot work.  Called when a scan is planned.
 */
RestTableOptions *
rest_get_table_options(Oid foreigntableid, Oid userid)
{
	ForeignTable *table = GetForeignTable(foreigntableid);
	ForeignServer *server = GetForeignServer(table->serverid);
	RestTableOptions *opts;

	opts = merge_options(server, table->options, userid,
						 quote_qualified_identifier(get_namespace_name(get_rel_namespace(foreigntableid)),
													get_rel_name(foreigntableid)));
	check_table_options(opts);
	return opts;
}

/*
 * The options of a server for a user, as a table of that server with no
 * options of its own would have them, for the requests that belong to no
 * table (IMPORT FOREIGN SCHEMA's).  The combinations that only a table's
 * scan needs are not checked: such a request reads one response, with no
 * pagination.
 */
RestTableOptions *
rest_get_server_options(Oid serverid, Oid userid)
{
	ForeignServer *server = GetForeignServer(serverid);

	return merge_options(server, NIL, userid,
						 psprintf("server %s",
								  quote_identifier(server->servername)));
}

/*
 * The levels merged: defaults, preset, server, table, then the user
 * mapping's secrets.  table_name is what messages call the result.
 */
static RestTableOptions *
merge_options(ForeignServer *server, List *table_options, Oid userid,
			  char *table_name)
{
	RestTableOptions *opts = palloc0(sizeof(RestTableOptions));
	const RestOption *opt;

	opts->server_name = server->servername;
	opts->table_name = table_name;
	opts->serverid = server->serverid;
	opts->userid = userid;
	for (opt = rest_options; opt->name; opt++)
		if (opt->default_value)
			fill_option(opts, opt, opt->default_value, false);

	apply_preset(opts, server->options);
	apply_options(opts, server->options, false);
	apply_options(opts, table_options, false);
	apply_options(opts, lookup_user_mapping_options(userid, server->serverid),
				  true);

	rest_check_auth_options(opts);

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

/* Is the column a parameter of the request (option request_only)? */
bool
rest_column_is_request_only(Oid relid, AttrNumber attnum)
{
	char	   *value = rest_get_column_option(relid, attnum, "request_only");
	bool		result = false;

	/* the validator has checked the value */
	return value != NULL && parse_bool(value, &result) && result;
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
