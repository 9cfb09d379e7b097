/*-------------------------------------------------------------------------
 *
 * request.c
 *		  Building the requests of a scan: the request from the options,
 *		  and its URLs and bodies from the pushed quals
 *
 * rest_request_init() fills a scan's RestRequest from the table's options:
 * it alone decides what is sent besides the URL and body (see request.h).
 *
 * The planner decides what is sent (pushdown.c); here the values are
 * rendered the way JSON APIs expect (ISO 8601 in UTC, true/false, plain
 * numbers), placed into the op_* templates and the {column} placeholders
 * of path, query and body, and combined into one URL per request.  The
 * same code renders EXPLAIN's Remote Request, with $n for values known
 * only at run time.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "datatype/timestamp.h"
#include "nodes/nodeFuncs.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "backend_text.h"
#include "compat.h"
#include "http_util.h"
#include "request.h"
#include "template.h"
#include "url.h"

/* Find the column a {placeholder} names: its remote name, or its name */
AttrNumber
rest_placeholder_column(RestPushdown *pd, const char *name, size_t len)
{
	AttrNumber	attnum;

	for (attnum = 1; attnum <= pd->natts; attnum++)
	{
		RestColumnPlan *col = &pd->columns[attnum];

		if (col->remote_name && strlen(col->remote_name) == len &&
			strncmp(col->remote_name, name, len) == 0)
			return attnum;
	}
	for (attnum = 1; attnum <= pd->natts; attnum++)
	{
		RestColumnPlan *col = &pd->columns[attnum];

		if (col->name && strlen(col->name) == len && strncmp(col->name, name, len) == 0)
			return attnum;
	}
	return InvalidAttrNumber;
}

/* Does a path name a resource by key values ("/users/{id}")? */
bool
rest_path_has_keys(const char *path)
{
	size_t		pos = 0;
	size_t		start;
	size_t		ns;
	size_t		nl;

	return path != NULL && template_next(path, &pos, &start, &ns, &nl);
}

/*
 * The query parameter that carries the API key, or NULL when the key goes
 * in a header (api_key_header) or there is none: decided here only.
 */
static const char *
secret_param(const RestTableOptions *opts)
{
	return (opts->api_key && opts->api_key_param) ? opts->api_key_param : NULL;
}

/*
 * Fill the request of a scan from its options: everything but the URLs and
 * the body of a target (rest_request_set_target), with the secrets of the
 * user mapping.  counters, the scan's, may be NULL.
 */
void
rest_request_init(RestRequest *req, const RestTableOptions *opts,
				  RestHttpCounters *counters)
{
	List	   *headers = list_copy(opts->headers);

	if (opts->api_key && secret_param(opts) == NULL)
		headers = lappend(headers, rest_header_make(opts->api_key_header, opts->api_key, true));
	if (opts->bearer_token)
		headers = lappend(headers,
						  rest_header_make("Authorization",
										   psprintf("Bearer %s", opts->bearer_token),
										   true));

	memset(req, 0, sizeof(RestRequest));
	req->method = opts->method;
	req->headers = headers;
	req->body = opts->body;
	req->username = opts->username;
	req->password = opts->username ? opts->password : NULL;
	req->timeout_ms = opts->timeout_ms;
	req->connect_timeout_ms = opts->connect_timeout_ms;
	req->max_response_bytes = opts->max_response_bytes;
	req->max_decompression_ratio = opts->max_decompression_ratio;
	req->ssl_verify = opts->ssl_verify;
	req->ca_file = opts->ca_file;
	req->serverid = opts->serverid;
	req->userid = opts->userid;
	req->secret_param = secret_param(opts);
	req->secret_value = req->secret_param ? opts->api_key : NULL;
	req->max_retries = opts->max_retries;
	req->retry_backoff_ms = opts->retry_backoff_ms;
	req->idempotent = opts->idempotent;
	req->counters = counters;
	if (opts->oauth_client_id)
	{
		RestOAuth  *oauth = palloc0(sizeof(RestOAuth));

		oauth->token_url = opts->oauth_token_url;
		oauth->client_id = opts->oauth_client_id;
		oauth->client_secret = opts->oauth_client_secret;
		oauth->refresh_token = opts->oauth_refresh_token;
		oauth->scope = opts->oauth_scope;
		oauth->audience = opts->oauth_audience;
		oauth->basic_auth = (strcmp(opts->oauth_client_auth, "basic") == 0);
		req->oauth = oauth;
	}

	/*
	 * A path built from key values names one resource, which may not exist;
	 * the sql dialect's {sql} placeholder is no key.
	 */
	req->not_found_is_empty = (opts->dialect == REST_DIALECT_PARAMS &&
							   rest_path_has_keys(opts->path));
}

/*
 * Point the request at one of the scan's targets.  Credentials go only to
 * the target's scheme, host and port (url_policy.c), wherever the API's
 * redirects and next pages lead.
 */
void
rest_request_set_target(RestRequest *req, const RestRequestTarget *target)
{
	req->url = target->url;
	req->display_url = target->display_url;
	req->credentials_url = target->url;
	req->body = target->body;
}

/*
 * The text of each value: one item for a scalar, one per non-null element
 * for an array.  sendable is false when some value has no representation
 * an API would understand (NaN, infinity, BC dates).
 */
typedef struct ValueText
{
	bool		is_null;
	bool		sendable;
	bool		raw;			/* EXPLAIN's $n: not encoded */
	List	   *items;			/* of char * */
} ValueText;

static char *
render_timestamp(Timestamp ts, bool with_date_only)
{
	struct pg_tm tm;
	fsec_t		fsec;
	char		buf[64];
	int			len;

	if (TIMESTAMP_NOT_FINITE(ts) ||
		timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0 || tm.tm_year <= 0)
		return NULL;
	if (with_date_only)
		return psprintf("%04d-%02d-%02d", tm.tm_year, tm.tm_mon, tm.tm_mday);
	len = snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d",
				   tm.tm_year, tm.tm_mon, tm.tm_mday,
				   tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (fsec != 0)
	{
		len += snprintf(buf + len, sizeof(buf) - len, ".%06d", (int) fsec);
		while (buf[len - 1] == '0')
			buf[--len] = '\0';
	}
	snprintf(buf + len, sizeof(buf) - len, "Z");
	return pstrdup(buf);
}

/* A value as an API expects it, or NULL when it cannot be sent */
static char *
render_value(Datum value, Oid typid)
{
	Oid			output;
	bool		varlena;
	char	   *text;

	typid = getBaseType(typid);
	switch (typid)
	{
		case BOOLOID:
			return pstrdup(DatumGetBool(value) ? "true" : "false");
		case DATEOID:
			{
				DateADT		date = DatumGetDateADT(value);

				if (DATE_NOT_FINITE(date))
					return NULL;
				return render_timestamp((Timestamp) date * USECS_PER_DAY, true);
			}
		case TIMESTAMPOID:
			/* a timestamp without time zone is taken as UTC, like epochs */
			return render_timestamp(DatumGetTimestamp(value), false);
		case TIMESTAMPTZOID:
			return render_timestamp(DatumGetTimestampTz(value), false);
		case FLOAT4OID:
			if (isnan(DatumGetFloat4(value)) || isinf(DatumGetFloat4(value)))
				return NULL;

			/*
			 * The shortest text that reads back as this value, whatever the
			 * session's extra_float_digits: float4out's rounds when it is
			 * 0 or less, and a rounded value can drop rows remotely.
			 */
			text = palloc(FLOAT_SHORTEST_DECIMAL_LEN);
			float_to_shortest_decimal_buf(DatumGetFloat4(value), text);
			return text;
		case FLOAT8OID:
			if (isnan(DatumGetFloat8(value)) || isinf(DatumGetFloat8(value)))
				return NULL;
			/* as for float4 */
			text = palloc(DOUBLE_SHORTEST_DECIMAL_LEN);
			double_to_shortest_decimal_buf(DatumGetFloat8(value), text);
			return text;
		case NUMERICOID:
			if (numeric_is_nan(DatumGetNumeric(value)))
				return NULL;
			break;
	}
	getTypeOutputInfo(typid, &output, &varlena);
	text = OidOutputFunctionCall(output, value);
	/* numeric's infinity (PostgreSQL 14 and later) spells itself out */
	if (typid == NUMERICOID && strchr(text, 'I') != NULL)
		return NULL;
	return text;
}

static void
value_text_from_datum(ValueText *vt, Datum value, bool isnull, Oid typid)
{
	Oid			elemtype = get_element_type(typid);

	vt->is_null = isnull;
	vt->sendable = true;
	vt->items = NIL;
	if (isnull)
		return;
	if (OidIsValid(elemtype))
	{
		ArrayType  *array = DatumGetArrayTypeP(value);
		int16		elmlen;
		bool		elmbyval;
		char		elmalign;
		Datum	   *elems;
		bool	   *elemnulls;
		int			nelems;
		int			i;

		get_typlenbyvalalign(elemtype, &elmlen, &elmbyval, &elmalign);
		deconstruct_array(array, elemtype, elmlen, elmbyval, elmalign,
						  &elems, &elemnulls, &nelems);
		for (i = 0; i < nelems; i++)
		{
			char	   *text;

			/* "x IN (.., NULL)" never matches on the NULL */
			if (elemnulls[i])
				continue;
			text = render_value(elems[i], elemtype);
			if (text == NULL)
				vt->sendable = false;
			else
				vt->items = lappend(vt->items, text);
		}
	}
	else
	{
		char	   *text = render_value(value, typid);

		if (text == NULL)
			vt->sendable = false;
		else
			vt->items = list_make1(text);
	}
}

static char *
encode(const char *text, bool raw)
{
	size_t		len = strlen(text);
	char	   *out;

	if (raw)
		return pstrdup(text);
	out = palloc(3 * len + 1);
	url_encode(text, len, out);
	return out;
}

/* Substitutions for an op_* or sort template */
typedef struct OpSubst
{
	const char *column;
	const char *value;
	const char *values;
} OpSubst;

static const char *
op_subst(const char *name, size_t len, void *arg)
{
	OpSubst    *s = (OpSubst *) arg;

	if (len == 6 && strncmp(name, "column", len) == 0)
		return s->column;
	if (len == 5 && strncmp(name, "value", len) == 0)
		return s->value;
	if (len == 6 && strncmp(name, "values", len) == 0)
		return s->values;
	return NULL;
}

/* Render a template into palloc'd memory; an unknown placeholder is an error */
char *
rest_render_template(const char *tmpl, TemplateSubst subst, void *arg)
{
	const char *bad;
	size_t		badlen;
	char	   *out = template_render(tmpl, subst, arg, &bad, &badlen);
	char	   *copy;

	if (out == NULL && badlen == 0)
		rest_out_of_memory(NULL);
	if (out == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("unknown placeholder {%.*s} in template \"%s\"",
						(int) badlen, bad, tmpl)));
	copy = pstrdup(out);
	free(out);
	return copy;
}

static void
append_piece(StringInfo query, const char *piece)
{
	if (piece[0] == '\0')
		return;
	if (query->len > 0)
		appendStringInfoChar(query, '&');
	appendStringInfoString(query, piece);
}

/* The query-string piece of one pushed qual, or NULL to send nothing */
static char *
render_qual(RestPushdown *pd, RestPushedQual *qual, ValueText *vt)
{
	RestColumnPlan *col = &pd->columns[qual->attnum];
	const char *tmpl = col->templates[qual->op];
	OpSubst		subst;
	ListCell   *lc;

	subst.column = encode(col->remote_name, false);
	subst.value = NULL;
	subst.values = NULL;

	if (vt == NULL)
		return rest_render_template(tmpl, op_subst, &subst);
	if (!vt->sendable)
		return NULL;		/* checked locally only */

	if (qual->op == REST_OP_IN && !vt->raw)
	{
		StringInfoData list;
		StringInfoData pieces;

		initStringInfo(&list);
		initStringInfo(&pieces);
		foreach(lc, vt->items)
		{
			char	   *item = lfirst(lc);

			/* a comma inside a value would split it in a comma list */
			if (strchr(item, ',') != NULL && strstr(tmpl, "{values}") != NULL)
				return NULL;
			appendStringInfo(&list, "%s%s", list.len ? "," : "", encode(item, false));
			subst.value = encode(item, false);
			subst.values = "";
			append_piece(&pieces, rest_render_template(tmpl, op_subst, &subst));
		}
		if (strstr(tmpl, "{values}") != NULL)
		{
			subst.values = list.data;
			subst.value = "";
			return rest_render_template(tmpl, op_subst, &subst);
		}
		return pieces.data;
	}

	subst.value = encode(linitial(vt->items), vt->raw);
	subst.values = subst.value;
	return rest_render_template(tmpl, op_subst, &subst);
}

/* Substitutions for the {placeholders} of path, query and body */
typedef struct KeySubst
{
	RestPushdown *pd;
	char	  **text;			/* by attnum: the key value, unencoded */
	Bitmapset  *raw;			/* keys holding EXPLAIN's $n: sent as is */
	bool		json;			/* body: escape for a JSON string */
	bool		path;			/* path: no value may be a dot segment */
} KeySubst;

static const char *
key_subst(const char *name, size_t len, void *arg)
{
	KeySubst   *s = (KeySubst *) arg;
	AttrNumber	attnum = rest_placeholder_column(s->pd, name, len);
	const char *text;
	bool		raw;

	if (attnum == InvalidAttrNumber || s->text[attnum] == NULL)
		return NULL;
	text = s->text[attnum];
	raw = bms_is_member(attnum, s->raw);
	if (s->json && !raw)
	{
		char	   *out = palloc(6 * strlen(text) + 1);

		json_escape_string(text, strlen(text), out);
		return out;
	}
	if (s->path && !raw)
	{
		char	   *out = palloc(3 * strlen(text) + 1);

		url_encode_path_value(text, strlen(text), out);
		return out;
	}
	return s->json ? text : encode(text, raw);
}

static char *
render_keys(const char *tmpl, KeySubst *subst, bool json, bool path)
{
	if (tmpl == NULL)
		return NULL;
	subst->json = json;
	subst->path = path;
	return rest_render_template(tmpl, key_subst, subst);
}

/*
 * A request-only column that no placeholder names: its op_eq template with
 * the request's value.
 */
static char *
render_eq_key(RestPushdown *pd, AttrNumber attnum, KeySubst *keys)
{
	RestColumnPlan *col = &pd->columns[attnum];
	OpSubst		subst;

	subst.column = encode(col->remote_name, false);
	subst.value = encode(keys->text[attnum], bms_is_member(attnum, keys->raw));
	subst.values = subst.value;
	return rest_render_template(col->templates[REST_OP_EQ], op_subst, &subst);
}

/*
 * A key's values, each once: "IN (1, 1)" is one request, whose rows must
 * not come twice.  Values that are sent the same are the same request.
 */
static List *
distinct_items(List *items)
{
	List	   *result = NIL;
	ListCell   *lc;
	ListCell   *seen;

	foreach(lc, items)
	{
		bool		dup = false;

		foreach(seen, result)
			if (strcmp(lfirst(seen), lfirst(lc)) == 0)
				dup = true;
		if (!dup)
			result = lappend(result, lfirst(lc));
	}
	return result;
}

/*
 * Set a target's URL from its parts: display_url for messages and EXPLAIN,
 * url with the API key added when it goes in a query parameter.  secrets
 * are the options whose key that is, or NULL for a URL only shown.
 */
void
rest_set_target_url(RestRequestTarget *target, const char *base_url,
					const char *path, const char *query,
					const RestTableOptions *secrets)
{
	const char *param = secrets ? secret_param(secrets) : NULL;
	char	   *url;

	/*
	 * Key values cannot form dot segments (url_encode_path_value), and the
	 * validator rejects a path option that climbs; this is the last word on
	 * what a path made of both may do.
	 */
	if (path && url_path_climbs(path))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
				 errmsg("request path \"%s\" leaves the path of base_url", path),
				 errdetail("Requests are confined to base_url's path; \"..\" segments may not climb above it.")));
	url = url_join(base_url, path, query);
	if (url == NULL)
		rest_out_of_memory(NULL);
	target->display_url = pstrdup(url);
	free(url);
	target->url = target->display_url;
	target->first_page_rows = -1;
	if (param)
	{
		url = url_add_param(target->display_url, param, secrets->api_key);
		if (url == NULL)
			rest_out_of_memory(NULL);
		target->url = pstrdup(url);
		free(url);
	}
}

/*
 * Build the requests for the given value texts.  Returns NIL when a qual
 * can match no row (a comparison with NULL, an empty IN list).
 */
static List *
build_requests(RestPushdown *pd, RestRequestPlan *plan, ValueText *vts,
			   const char *base_url, const RestTableOptions *secrets)
{
	RestTableOptions *opts = pd->opts;
	StringInfoData filters;
	List	   *key_lists = NIL;	/* per key attnum: List of char * */
	List	   *key_attnums = NIL;
	Bitmapset  *raw_keys = NULL;
	List	   *result = NIL;
	ListCell   *lc;
	int			nkeys;
	int		   *index;
	int			attnum;

	initStringInfo(&filters);
	foreach(lc, plan->quals)
	{
		RestPushedQual *qual = lfirst(lc);
		ValueText  *vt = qual->value_index >= 0 ? &vts[qual->value_index] : NULL;
		char	   *piece;

		if (vt && (vt->is_null || (vt->items == NIL && vt->sendable)))
			return NIL;			/* no row can match */
		if (qual->key)
			continue;
		piece = render_qual(pd, qual, vt);
		if (piece)
			append_piece(&filters, piece);
	}

	/* each key's values: from its first equality, else its first IN */
	attnum = -1;
	while ((attnum = bms_next_member(pd->keys, attnum)) >= 0)
	{
		RestPushedQual *chosen = NULL;
		ValueText  *vt;

		foreach(lc, plan->quals)
		{
			RestPushedQual *qual = lfirst(lc);

			if (!qual->key || qual->attnum != attnum)
				continue;
			if (chosen == NULL || (chosen->op == REST_OP_IN && qual->op == REST_OP_EQ))
				chosen = qual;
		}
		if (chosen == NULL)
			elog(ERROR, "no value for key column \"%s\"", pd->columns[attnum].name);
		vt = &vts[chosen->value_index];
		if (!vt->sendable)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_ATTRIBUTE_VALUE),
					 errmsg("cannot send this value of column \"%s\" in a request",
							pd->columns[attnum].name),
					 errdetail("Infinite, NaN and BC values have no text an API understands.")));
		if (vt->raw)
			raw_keys = bms_add_member(raw_keys, attnum);
		key_lists = lappend(key_lists, distinct_items(vt->items));
		key_attnums = lappend_int(key_attnums, attnum);
	}

	/* one request per combination of key values */
	nkeys = list_length(key_lists);
	index = palloc0(sizeof(int) * (nkeys + 1));
	for (;;)
	{
		RestRequestTarget *target = palloc0(sizeof(RestRequestTarget));
		KeySubst	subst;
		StringInfoData query;
		char	   *path;
		int64		first_page_rows = -1;
		int			k;

		subst.pd = pd;
		subst.raw = raw_keys;
		subst.text = palloc0(sizeof(char *) * (pd->natts + 1));
		for (k = 0; k < nkeys; k++)
		{
			List	   *values = list_nth(key_lists, k);

			subst.text[list_nth_int(key_attnums, k)] = list_nth(values, index[k]);
		}
		target->key_text = subst.text;

		initStringInfo(&query);
		path = render_keys(opts->path, &subst, false, true);
		if (opts->query)
			append_piece(&query, render_keys(opts->query, &subst, false, false));
		attnum = -1;
		while ((attnum = bms_next_member(pd->eq_keys, attnum)) >= 0)
			append_piece(&query, render_eq_key(pd, attnum, &subst));
		append_piece(&query, filters.data);
		if (plan->select_attnums && opts->select_param)
		{
			StringInfoData list;

			initStringInfo(&list);
			foreach(lc, plan->select_attnums)
				appendStringInfo(&list, "%s%s",
								 list.len ? (opts->select_separator ? opts->select_separator : ",") : "",
								 encode(pd->columns[lfirst_int(lc)].top_key, false));
			append_piece(&query, psprintf("%s=%s", opts->select_param, list.data));
		}
		if (plan->sort_attnums && opts->sort_param)
		{
			StringInfoData list;
			ListCell   *lc2;

			initStringInfo(&list);
			forboth(lc, plan->sort_attnums, lc2, plan->sort_desc)
			{
				OpSubst		osub;

				osub.column = encode(pd->columns[lfirst_int(lc)].remote_name, false);
				osub.value = osub.values = NULL;
				appendStringInfo(&list, "%s%s",
								 list.len ? (opts->sort_separator ? opts->sort_separator : ",") : "",
								 rest_render_template(lfirst_int(lc2) ? opts->sort_desc : opts->sort_asc,
												 op_subst, &osub));
			}
			append_piece(&query, psprintf("%s=%s", opts->sort_param, list.data));
		}
		if (plan->limit >= 0 && opts->limit_param)
			append_piece(&query, psprintf("%s=" INT64_FORMAT, opts->limit_param, plan->limit));

		/*
		 * A paginated API's first page need not be larger than the LIMIT;
		 * later pages follow by the rows read (pagination.c), so a filter
		 * that is looser than SQL only costs another page.
		 */
		if (plan->first_page_rows >= 0 && opts->pagination != REST_PAGINATION_NONE &&
			opts->pagination != REST_PAGINATION_RANGE)
		{
			first_page_rows = plan->first_page_rows;
			if (opts->page_size > 0)
				first_page_rows = Min(first_page_rows, opts->page_size);
			first_page_rows = Max(first_page_rows, 1);
			append_piece(&query, psprintf("%s=" INT64_FORMAT,
										  opts->page_size_param ? opts->page_size_param : "limit",
										  first_page_rows));
		}

		rest_set_target_url(target, base_url, path, query.data, secrets);

		/*
		 * The pager sends the page size only where no page size is sent
		 * yet: the LIMIT above, or one that the table's own path or query
		 * sets (its number is the API's business).
		 */
		if (first_page_rows < 0 && opts->page_size > 0 &&
			http_url_has_param(target->display_url,
							   opts->page_size_param ? opts->page_size_param : "limit"))
			first_page_rows = 0;
		target->first_page_rows = first_page_rows;
		target->body = render_keys(opts->body, &subst, true, false);
		result = lappend(result, target);

		/* next combination */
		for (k = 0; k < nkeys; k++)
		{
			if (++index[k] < list_length(list_nth(key_lists, k)))
				break;
			index[k] = 0;
		}
		if (k == nkeys)
			break;
	}
	return result;
}

/*
 * The requests a scan sends, from the values of its pushed quals (indexed
 * like fdw_exprs).
 */
List *
rest_build_requests(RestPushdown *pd, RestRequestPlan *plan, Datum *values,
					bool *nulls, Oid *types)
{
	int			nvalues = 0;
	ValueText  *vts;
	ListCell   *lc;
	int			i;

	foreach(lc, plan->quals)
		nvalues = Max(nvalues, ((RestPushedQual *) lfirst(lc))->value_index + 1);
	vts = palloc0(sizeof(ValueText) * (nvalues + 1));
	for (i = 0; i < nvalues; i++)
		value_text_from_datum(&vts[i], values[i], nulls[i], types[i]);
	return build_requests(pd, plan, vts, pd->opts->base_url, pd->opts);
}

/*
 * The request as EXPLAIN shows it: method-less path and query relative to
 * base_url (or the full URL), with constants in place and $n for values
 * known only at run time.
 */
char *
rest_explain_request(RestPushdown *pd, RestRequestPlan *plan, List *value_exprs,
					 bool full_url)
{
	int			nvalues = list_length(value_exprs);
	ValueText  *vts = palloc0(sizeof(ValueText) * (nvalues + 1));
	List	   *requests;
	RestRequestTarget *first;
	ListCell   *lc;
	char	   *text;
	int			i = 0;

	foreach(lc, value_exprs)
	{
		Expr	   *expr = (Expr *) lfirst(lc);

		if (IsA(expr, Const))
			value_text_from_datum(&vts[i], ((Const *) expr)->constvalue,
								  ((Const *) expr)->constisnull,
								  ((Const *) expr)->consttype);
		else
		{
			vts[i].sendable = true;
			vts[i].raw = true;
			vts[i].items = list_make1(psprintf("$%d", i + 1));
		}
		i++;
	}

	/* relative to base_url, unless the full URL is wanted */
	requests = build_requests(pd, plan, vts, full_url ? pd->opts->base_url : "",
							  NULL);

	if (requests == NIL)
		return pstrdup("(none: no row can match)");
	first = linitial(requests);
	text = first->display_url[0] ? first->display_url : "/";
	if (list_length(requests) > 1)
		text = psprintf("%s (and %d more, one per key value)", text,
						list_length(requests) - 1);
	return text;
}

/* "column OP value" for each pushed qual, for EXPLAIN VERBOSE */
char *
rest_describe_quals(RestPushdown *pd, RestRequestPlan *plan, List *value_exprs)
{
	static const char *const opnames[REST_OP_COUNT] = {
		"=", "<>", "<", "<=", ">", ">=", "IN", "LIKE", "ILIKE", "IS NULL", "IS NOT NULL"
	};
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	foreach(lc, plan->quals)
	{
		RestPushedQual *qual = lfirst(lc);
		const char *value = "";

		if (qual->value_index >= 0)
		{
			Expr	   *expr = list_nth(value_exprs, qual->value_index);

			if (IsA(expr, Const) && !((Const *) expr)->constisnull)
			{
				ValueText	vt;

				value_text_from_datum(&vt, ((Const *) expr)->constvalue, false,
									  ((Const *) expr)->consttype);
				if (vt.items == NIL)
					value = "()";
				else if (qual->op == REST_OP_IN)
				{
					/*
					 * The values as they are sent.  (array_to_text cannot
					 * be called without an FmgrInfo: it caches in
					 * fn_extra.)
					 */
					StringInfoData list;
					ListCell   *item;

					initStringInfo(&list);
					foreach(item, vt.items)
						appendStringInfo(&list, "%s%s", list.len ? ", " : "",
										 (char *) lfirst(item));
					value = psprintf("(%s)", list.data);
				}
				else
					value = linitial(vt.items);
			}
			else
				value = psprintf("$%d", qual->value_index + 1);
		}
		appendStringInfo(&buf, "%s%s %s%s%s%s", buf.len ? ", " : "",
						 quote_identifier(pd->columns[qual->attnum].name),
						 opnames[qual->op], value[0] ? " " : "", value,
						 !qual->key ? "" :
						 pd->columns[qual->attnum].request_only ?
						 " (request only)" : " (key)");
	}
	return buf.data;
}

/*
 * The items of a serialized RestRequestPlan, a plain List that fdw_private
 * can hold (Lists of Integers and Strings), by position, as postgres_fdw's
 * FdwScanPrivateIndex does
 */
enum RestRequestPlanIndex
{
	/* of Lists of 4 Integers: attnum, op, key, value_index */
	RestRequestPlanQuals,
	/* Integer Lists, as in RestRequestPlan */
	RestRequestPlanSelectAttnums,
	RestRequestPlanSortAttnums,
	RestRequestPlanSortDesc,
	/* Strings holding int64 values */
	RestRequestPlanLimit,
	RestRequestPlanFirstPageRows
};

/* Plan data for fdw_private (see RestRequestPlanIndex) */
List *
rest_serialize_request_plan(RestRequestPlan *plan)
{
	List	   *quals = NIL;
	ListCell   *lc;

	foreach(lc, plan->quals)
	{
		RestPushedQual *qual = lfirst(lc);

		quals = lappend(quals, list_make4_int(qual->attnum, qual->op, qual->key,
											  qual->value_index));
	}
	/* in the order of RestRequestPlanIndex */
	return lappend(list_make5(quals, plan->select_attnums, plan->sort_attnums,
							  plan->sort_desc,
							  makeString(psprintf(INT64_FORMAT, plan->limit))),
				   makeString(psprintf(INT64_FORMAT, plan->first_page_rows)));
}

RestRequestPlan *
rest_deserialize_request_plan(List *items)
{
	RestRequestPlan *plan = palloc0(sizeof(RestRequestPlan));
	ListCell   *lc;

	foreach(lc, (List *) list_nth(items, RestRequestPlanQuals))
	{
		List	   *q = lfirst(lc);
		RestPushedQual *qual = palloc0(sizeof(RestPushedQual));

		qual->attnum = linitial_int(q);
		qual->op = lsecond_int(q);
		qual->key = lthird_int(q);
		qual->value_index = lfourth_int(q);
		plan->quals = lappend(plan->quals, qual);
	}
	plan->select_attnums = list_nth(items, RestRequestPlanSelectAttnums);
	plan->sort_attnums = list_nth(items, RestRequestPlanSortAttnums);
	plan->sort_desc = list_nth(items, RestRequestPlanSortDesc);
	plan->limit = pg_strtoint64(strVal(list_nth(items, RestRequestPlanLimit)));
	plan->first_page_rows =
		pg_strtoint64(strVal(list_nth(items, RestRequestPlanFirstPageRows)));
	return plan;
}
