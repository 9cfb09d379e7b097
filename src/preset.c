/*-------------------------------------------------------------------------
 *
 * preset.c
 *		  The presets of option "preset": option settings for known APIs
 *
 * Plain data: each preset is a list of options as their text, which
 * option.c applies before the server's own options.  No PostgreSQL
 * headers.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>

#include "preset.h"

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

/*
 * InfluxDB 1.x: GET /query?q=SELECT ... answers
 * {"results":[{"series":[{"columns":[...],"values":[[...],...]}]}]},
 * and a statement that fails as {"results":[{"error":"..."}]}, with HTTP
 * 200; the database goes in the table's path or query
 */
static const char *const influxql_settings[] = {
	"dialect", "sql",
	"sql_syntax", "influxql",
	"method", "GET",
	"query", "q={sql}",
	"format", "json_columns",
	"rows_path", "results.*.series.*.values",
	"columns_path", "results.*.series.*.columns",
	"error_path", "results.*.error",
	NULL
};

/* In the order of rest_preset_names */
static const char *const *const preset_settings[] = {
	postgrest_settings,
	json_server_settings,
	django_settings,
	clickhouse_settings,
	datasette_settings,
	influxql_settings
};

const char *const rest_preset_names[] = {
	"postgrest", "json_server", "django", "clickhouse", "datasette", "influxql", NULL
};

const char *const *
rest_preset_settings(int preset)
{
	return preset_settings[preset];
}
