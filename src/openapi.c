/*-------------------------------------------------------------------------
 *
 * openapi.c
 *	  Foreign tables from an OpenAPI 3.0 / 3.1 or Swagger 2.0 description:
 *	  operations, parameters, pagination and filters (schemas are in
 *	  openapi_schema.c).
 *
 * One table per GET operation whose 2xx JSON response holds rows (see
 * oa_find_rows()), named after its path (oa_table_name_from_path()).
 * Columns are the row schema's properties, in order.  Then:
 *
 *	- each {parameter} of the path is a key: the row's own field of that
 *	  name (ASCII case ignored) or else a column of its own, placed first;
 *	  the path option names it as a {placeholder};
 *	- the usual pagination parameters and response fields choose the
 *	  pagination style: a cursor parameter with a cursor field beside the
 *	  rows is 'cursor'; a next link field is 'next_url'; a declared Link
 *	  response header is 'link_header'; an offset parameter 'offset'; a
 *	  page parameter 'page'; with page_size_param, page_size (the size
 *	  parameter's maximum up to 10000, else its default), total_path,
 *	  page_count_path and has_more_path where such fields are declared;
 *	- every other query parameter named like a column gives that column
 *	  an op_* template: status -> op_eq 'status={value}' (and op_in for an
 *	  array parameter); status_ne, price_gte, price__lt, price[gt],
 *	  min_price, maxPrice ... -> op_ne, op_ge, op_lt, op_gt, op_ge, op_le
 *	  (ordering only on number, date and time columns); name_in, name__in
 *	  -> op_in 'name_in={values}';
 *	- a required query parameter with a default goes into the query
 *	  option; one without a default is a note.
 *
 *-------------------------------------------------------------------------
 */
#include "openapi_int.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const http_methods[] = {
	"get", "put", "post", "delete", "options", "head", "patch", "trace", NULL
};

/* ------------------------------------------------------------ parameters */

/*
 * Collect the parameters of an operation: the path item's, overridden by
 * the operation's of the same name and location.
 */
static int
collect_params(OaCtx *c, json_t *list, const OaLoc *loc, OaParam *params, int *n)
{
	size_t		i;

	if (list == NULL)
		return 0;
	if (!json_is_array(list))
		return oa_fail(c, loc, "parameters is not an array");
	for (i = 0; i < json_array_size(list); i++)
	{
		OaLoc		el = {loc, NULL, (long) i, 0};
		OaLoc		tmp;
		const OaLoc *where;
		json_t	   *p = oa_deref(c, json_array_get(list, i), &el, &tmp, &where, NULL);
		const char *name;
		const char *in;
		json_t	   *v;
		int			j;
		OaParam    *q;

		if (p == NULL)
			return -1;
		name = json_string_value(json_object_get(p, "name"));
		in = json_string_value(json_object_get(p, "in"));
		if (!json_is_object(p) || name == NULL || in == NULL)
			return oa_fail(c, where, "a parameter needs a \"name\" and an \"in\"");
		for (j = 0; j < *n; j++)
			if (strcmp(params[j].name, name) == 0 && strcmp(params[j].in, in) == 0)
				break;
		if (j == *n)
		{
			if (*n >= OA_MAX_PARAMS)
				return oa_fail(c, where, "an operation has more than %d parameters", OA_MAX_PARAMS);
			(*n)++;
		}
		q = &params[j];
		memset(q, 0, sizeof(*q));
		q->name = name;
		q->in = in;
		q->param = p;
		q->required = json_is_true(json_object_get(p, "required"));
		if (c->swagger)
		{
			const char *cf = json_string_value(json_object_get(p, "collectionFormat"));

			q->schema = p;
			q->explode = cf != NULL && strcmp(cf, "multi") == 0;
		}
		else
		{
			const char *style = json_string_value(json_object_get(p, "style"));

			q->schema = json_object_get(p, "schema");
			v = json_object_get(p, "explode");
			q->explode = v != NULL ? json_is_true(v) :
				(style == NULL || strcmp(style, "form") == 0);
		}
	}
	return 0;
}

static OaParam *
find_param(OaParam *params, int n, const char *in, const char *name)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(params[i].in, in) == 0 && strcmp(params[i].name, name) == 0)
			return &params[i];
	return NULL;
}

static int
param_flat(OaCtx *c, OaParam *p, const OaLoc *loc, OaFlat *f)
{
	memset(f, 0, sizeof(*f));
	if (p->schema == NULL)
		return 0;
	return oa_flatten(c, p->schema, loc, 1, f);
}

/* ---------------------------------------------------------------- columns */

static const char *
column_key(const OapiColumn *col)
{
	const char *r = oapi_option(col->options, col->noptions, "remote_name");

	return r ? r : col->name;
}

/* the column for the API's field name: exact, then ignoring ASCII case */
static OapiColumn *
find_column(OaCtx *c, OaTable *tb, const char *name, size_t len)
{
	int			i;

	if (oa_charge(c, 2L * tb->tmp.ncolumns + 1, NULL) != 0)
		return NULL;

	for (i = 0; i < tb->tmp.ncolumns; i++)
	{
		const char *k = column_key(&tb->tmp.columns[i]);

		if (strlen(k) == len && memcmp(k, name, len) == 0)
			return &tb->tmp.columns[i];
	}
	for (i = 0; i < tb->tmp.ncolumns; i++)
	{
		const char *k = column_key(&tb->tmp.columns[i]);
		size_t		j;

		if (strlen(k) != len)
			continue;
		for (j = 0; j < len; j++)
		{
			char		a = k[j] >= 'A' && k[j] <= 'Z' ? (char) (k[j] + 32) : k[j];
			char		b = name[j] >= 'A' && name[j] <= 'Z' ? (char) (name[j] + 32) : name[j];

			if (a != b)
				break;
		}
		if (j == len)
			return &tb->tmp.columns[i];
	}
	return NULL;
}

/* percent-encode a query parameter name for a template's literal text */
static char *
encode_name(OapiArena *a, const char *s)
{
	size_t		len = strlen(s);
	char	   *r = oa_alloc(a, len * 3 + 1);

	if (r != NULL)
		url_encode(s, len, r);
	return r;
}

/* add the row schema's properties as columns */
static int
add_columns(OaCtx *c, OaTable *tb, const OaFlat *row, const OaLoc *loc, const char *what)
{
	const char *k;
	json_t	   *v;

	if (row->props == NULL)
		return 0;
	json_object_foreach(row->props, k, v)
	{
		size_t		klen = strlen(k);
		OaFlat		f;
		OapiType	type;
		int			is_array;
		char		field[160];

		snprintf(field, sizeof(field), "%s: field \"%.100s\"", what, k);
		if (klen == 0)
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, field, "the field's name is empty");
			continue;
		}
		memset(&f, 0, sizeof(f));
		/*
		 * Where a merged property was declared is not kept: a problem in
		 * it is located at the response's schema (or at a $ref's target)
		 */
		if (oa_flatten(c, v, loc, 1, &f) != 0 ||
			oa_column_type(c, &f, loc, 1, &type, &is_array) != 0)
			return -1;
		if (f.write_only)
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, field, "the field is writeOnly");
			continue;
		}
		if (tb->tmp.ncolumns >= tb->max_columns)
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, field,
					"the table already has %d columns", tb->max_columns);
			continue;
		}
		if (oa_add_column(tb, k, klen, type, is_array, 0) == NULL)
			return -1;
		if (f.external)
			oa_note(c->m, OAPI_NOTE_GUESSED, loc, field,
					"its schema is in another document: the column is jsonb");
	}
	return oa_failed(c) ? -1 : 0;
}

/*
 * The path's {parameters} as key columns; *path_out is the path option.
 * Returns 1, 0 (skipped, with a note) or -1.
 */
static int
add_keys(OaCtx *c, OaTable *tb, const char *path, OaParam *params, int nparams,
		 const OaLoc *loc, const char *what, const char **path_out)
{
	OapiArena  *a = c->a;
	const char *out = "";
	const char *s = path;
	int			nfront = 0;		/* key columns added in front so far */

	if (strlen(path) > 2048)
	{
		oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what, "the path is longer than 2048 bytes");
		return 0;
	}
	for (;;)
	{
		const char *open = strchr(s, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		size_t		plen;
		OapiColumn *col;
		OaParam    *p;
		const char *ph;
		char		pname[256];

		if (close == NULL)
			break;
		plen = (size_t) (close - open - 1);
		if (plen == 0 || plen >= sizeof(pname))
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what, "a path parameter's name is empty or too long");
			return 0;
		}
		memcpy(pname, open + 1, plen);
		pname[plen] = '\0';
		p = find_param(params, nparams, "path", pname);
		col = find_column(c, tb, pname, plen);
		if (col == NULL)
		{
			OaFlat		f;
			OapiType	type = OAPI_TEXT;
			int			is_array = 0;
			OaLoc		pl = {loc, "parameters", 0, 0};
			OapiColumn	nc;
			int			k;

			if (p != NULL && p->schema != NULL)
			{
				if (param_flat(c, p, &pl, &f) != 0 ||
					oa_column_type(c, &f, &pl, 1, &type, &is_array) != 0)
					return -1;
				if (is_array || type == OAPI_JSONB)
					type = OAPI_TEXT, is_array = 0;
			}
			if (p == NULL)
				oa_note(c->m, OAPI_NOTE_GUESSED, loc, what,
						"the path parameter \"%s\" is not declared: its column is text", pname);
			if (tb->tmp.ncolumns >= tb->max_columns)
			{
				oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what, "too many columns for the path's keys");
				return 0;
			}
			if (oa_add_column(tb, pname, plen, type, 0, 1) == NULL)
				return -1;
			/*
			 * Keys first: the new column goes after those added before it
			 * (a key named twice in the path, or the row's own field made a
			 * key, adds none).
			 */
			nc = tb->tmp.columns[tb->tmp.ncolumns - 1];
			for (k = tb->tmp.ncolumns - 1; k > nfront; k--)
				tb->tmp.columns[k] = tb->tmp.columns[k - 1];
			tb->tmp.columns[nfront] = nc;
			col = &tb->tmp.columns[nfront];
			nfront++;
		}
		if (p != NULL)
			p->used = 1;
		col->is_key = 1;
		ph = oa_is_placeholder_name(column_key(col)) ? column_key(col) :
			oa_is_placeholder_name(col->name) ? col->name : NULL;
		if (ph == NULL)
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what,
					"the path parameter \"%s\" cannot be a {placeholder} (letters, digits and _ only)",
					pname);
			return 0;
		}
		out = oa_printf(a, "%s%.*s{%s}", out, (int) (open - s), s, ph);
		if (out == NULL)
			return -1;
		s = close + 1;
	}
	*path_out = oa_printf(a, "%s%s", out, s);
	return *path_out == NULL ? -1 : 1;
}

/* ------------------------------------------------------------- pagination */

static const char *const page_words[] = {"page", "pagenumber", "pagenum", "pageno", "pageindex", NULL};
static const char *const size_words[] = {"perpage", "pagesize", "limit", "size", "maxresults",
	"pagelimit", "top", "take", "count", "maxitems", "itemsperpage", "resultsperpage", NULL};
static const char *const offset_words[] = {"offset", "skip", "start", "startindex", "from", NULL};
static const char *const cursor_words[] = {"cursor", "after", "startingafter", "pagetoken",
	"nexttoken", "continuationtoken", "continuation", "marker", "pagecursor", "starttoken", NULL};

typedef struct Fields
{
	char		next_url[256];
	char		next_plain[256];	/* "next": a string without a uri format */
	char		cursor[256];
	char		has_more[256];
	char		total[256];
	char		pages[256];
} Fields;

static void
set_field(char *slot, const char *prefix, const char *key)
{
	if (slot[0] == '\0' && strchr(key, '.') == NULL && strlen(key) < 100)
		snprintf(slot, 256, "%s%s%s", prefix, prefix[0] ? "." : "", key);
}

static int
classify_field(OaCtx *c, Fields *fl, const char *prefix, const char *key, json_t *schema,
			   const OaLoc *loc, int depth)
{
	OaFlat		f;
	OaLoc		kl = {loc, key, 0, 0};

	memset(&f, 0, sizeof(f));
	if (oa_flatten(c, schema, &kl, 1, &f) != 0)
		return -1;
	if (oa_is_type(&f, "string") && oa_word_in(key, oa_next_words))
	{
		if ((f.format && strncmp(f.format, "uri", 3) == 0) || !oa_norm_eq(key, "next"))
			set_field(fl->next_url, prefix, key);
		else
			set_field(fl->next_plain, prefix, key);
	}
	else if (oa_is_type(&f, "string") && oa_word_in(key, oa_cursor_field_words))
		set_field(fl->cursor, prefix, key);
	else if (oa_is_type(&f, "boolean") && oa_word_in(key, oa_has_more_words))
		set_field(fl->has_more, prefix, key);
	else if ((oa_is_type(&f, "integer") || oa_is_type(&f, "number")) && oa_word_in(key, oa_next_words))
		set_field(fl->has_more, prefix, key);	/* json-server's "next": 2 or null */
	else if ((oa_is_type(&f, "integer") || oa_is_type(&f, "number")) && oa_word_in(key, oa_total_words))
		set_field(fl->total, prefix, key);
	else if ((oa_is_type(&f, "integer") || oa_is_type(&f, "number")) && oa_word_in(key, oa_pages_words))
		set_field(fl->pages, prefix, key);
	else if (depth == 0 && f.props != NULL && strchr(key, '.') == NULL && strlen(key) < 100)
	{
		/* meta.total, links.next, pagination.next_cursor, _links.next.href */
		const char *k2;
		json_t	   *v2;

		json_object_foreach(f.props, k2, v2)
		{
			json_t	   *href;
			OaFlat		g;
			OaLoc		k2l = {&kl, k2, 0, 0};
			char		pre[128];

			memset(&g, 0, sizeof(g));
			if (oa_norm_eq(k2, "next") && oa_flatten(c, v2, &k2l, 1, &g) == 0 &&
				g.props != NULL && (href = json_object_get(g.props, "href")) != NULL)
			{
				snprintf(pre, sizeof(pre), "%s.%s", key, k2);
				set_field(fl->next_url, pre, "href");
				continue;
			}
			if (oa_failed(c) || classify_field(c, fl, key, k2, v2, &kl, 1) != 0)
				return -1;
		}
	}
	return oa_failed(c) ? -1 : 0;
}

static const char *
int_text(OapiArena *a, json_t *v)
{
	if (json_is_integer(v) && json_integer_value(v) > 0 && json_integer_value(v) <= 10000)
		return oa_printf(a, "%lld", (long long) json_integer_value(v));
	return NULL;
}

static int
add_pagination(OaCtx *c, OaTable *tb, const OaRows *rows, OaParam *params, int nparams,
			   int link_header, const OaLoc *loc, const char *what)
{
	OaParam    *page = NULL,
			   *size = NULL,
			   *offset = NULL,
			   *cursor = NULL;
	Fields		fl;
	const char *style = NULL;
	int			i;
	int			r = 0;

	memset(&fl, 0, sizeof(fl));
	for (i = 0; i < nparams; i++)
	{
		OaParam    *p = &params[i];

		if (strcmp(p->in, "query") != 0)
			continue;
		if (!page && oa_word_in(p->name, page_words))
			page = p;
		else if (!size && oa_word_in(p->name, size_words))
			size = p;
		else if (!offset && oa_word_in(p->name, offset_words))
			offset = p;
		else if (!cursor && oa_word_in(p->name, cursor_words))
			cursor = p;
	}
	if (rows->wrapper != NULL)
	{
		const char *k;
		json_t	   *v;

		json_object_foreach(rows->wrapper->props, k, v)
		{
			if (rows->top_key != NULL && strcmp(k, rows->top_key) == 0)
				continue;
			if (classify_field(c, &fl, "", k, v, loc, 0) != 0)
				return -1;
		}
	}
	if (cursor && (fl.cursor[0] || fl.next_plain[0]))
	{
		style = "cursor";
		r |= oa_table_option(tb, "cursor_param", cursor->name);
		r |= oa_table_option(tb, "cursor_path", fl.cursor[0] ? fl.cursor : fl.next_plain);
		cursor->used = 1;
	}
	else if (fl.next_url[0] || fl.next_plain[0])
	{
		style = "next_url";
		r |= oa_table_option(tb, "cursor_path", fl.next_url[0] ? fl.next_url : fl.next_plain);
	}
	else if (link_header)
	{
		style = "link_header";
		if (page)
		{
			r |= oa_table_option(tb, "page_param", page->name);
			page->used = 1;
		}
	}
	else if (offset)
	{
		style = "offset";
		r |= oa_table_option(tb, "offset_param", offset->name);
		offset->used = 1;
	}
	else if (page)
	{
		json_t	   *sch = page->schema;
		json_t	   *min = json_object_get(sch, "minimum");
		json_t	   *def = json_object_get(sch, "default");

		style = "page";
		r |= oa_table_option(tb, "page_param", page->name);
		if ((json_is_integer(min) && json_integer_value(min) == 0) ||
			(json_is_integer(def) && json_integer_value(def) == 0))
			r |= oa_table_option(tb, "page_start", "0");
		page->used = 1;
	}
	if (cursor && !cursor->used)
		oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what,
				"the cursor parameter \"%s\" is not used: no cursor field was found beside the rows",
				cursor->name);
	if (style == NULL)
		return r;
	r |= oa_table_option(tb, "pagination", style);
	if (size)
	{
		json_t	   *sch = size->schema;
		const char *ps = int_text(c->a, json_object_get(sch, "maximum"));

		if (ps == NULL)
			ps = int_text(c->a, json_object_get(sch, "default"));
		r |= oa_table_option(tb, "page_size_param", size->name);
		r |= oa_table_option(tb, "page_size", ps);
		size->used = 1;
	}
	if ((strcmp(style, "offset") == 0 || strcmp(style, "page") == 0) && fl.total[0])
		r |= oa_table_option(tb, "total_path", fl.total);
	if (strcmp(style, "page") == 0 && fl.pages[0])
		r |= oa_table_option(tb, "page_count_path", fl.pages);
	if (fl.has_more[0])
		r |= oa_table_option(tb, "has_more_path", fl.has_more);
	oa_note(c->m, OAPI_NOTE_GUESSED, loc, what, "pagination '%s' from the %s", style,
			strcmp(style, "link_header") == 0 ? "Link response header" :
			strcmp(style, "next_url") == 0 ? "next link beside the rows" :
			"query parameters");
	return r;
}

/* ---------------------------------------------------------------- filters */

typedef struct OpPattern
{
	const char *affix;
	int			prefix;			/* 1: affix then the field's name */
	const char *option;
} OpPattern;

static const OpPattern op_patterns[] = {
	{"__gte", 0, "op_ge"}, {"__lte", 0, "op_le"}, {"__gt", 0, "op_gt"}, {"__lt", 0, "op_lt"},
	{"__in", 0, "op_in"}, {"__ne", 0, "op_ne"},
	{"_gte", 0, "op_ge"}, {"_lte", 0, "op_le"}, {"_gt", 0, "op_gt"}, {"_lt", 0, "op_lt"},
	{"_in", 0, "op_in"}, {"_ne", 0, "op_ne"}, {"_min", 0, "op_ge"}, {"_max", 0, "op_le"},
	{"[gte]", 0, "op_ge"}, {"[lte]", 0, "op_le"}, {"[gt]", 0, "op_gt"}, {"[lt]", 0, "op_lt"},
	{"[ne]", 0, "op_ne"}, {"[in]", 0, "op_in"},
	{".gte", 0, "op_ge"}, {".lte", 0, "op_le"}, {".gt", 0, "op_gt"}, {".lt", 0, "op_lt"},
	{"Min", 0, "op_ge"}, {"Max", 0, "op_le"},
	{"min_", 1, "op_ge"}, {"max_", 1, "op_le"}, {"min", 1, "op_ge"}, {"max", 1, "op_le"},
	{NULL, 0, NULL}
};

static int
orderable(const OapiColumn *col)
{
	return !col->is_array && (col->type == OAPI_INT4 || col->type == OAPI_INT8 ||
							  col->type == OAPI_NUMERIC || col->type == OAPI_FLOAT8 ||
							  col->type == OAPI_DATE || col->type == OAPI_TIMESTAMP ||
							  col->type == OAPI_TIMESTAMPTZ);
}

/* a parameter's default as text: "x", 10, true */
static const char *
default_text(OapiArena *a, json_t *def)
{
	if (json_is_string(def))
		return oa_strdup(a, json_string_value(def));
	if (json_is_boolean(def))
		return json_is_true(def) ? "true" : "false";
	if (json_is_integer(def))
		return oa_printf(a, "%lld", (long long) json_integer_value(def));
	return oa_printf(a, "%.17g", json_real_value(def));
}

static int
add_filters(OaCtx *c, OaTable *tb, OaParam *params, int nparams, const OaLoc *loc,
			const char *what)
{
	OapiArena  *a = c->a;
	int			i;
	int			r = 0;
	char	   *query = NULL;

	for (i = 0; i < nparams && r == 0; i++)
	{
		OaParam    *p = &params[i];
		size_t		len = strlen(p->name);
		OapiColumn *col;
		const char *option = NULL;
		const char *enc;
		OaFlat		f;
		OaLoc		pl = {loc, "parameters", 0, 0};
		int			is_list;
		int			j;
		char		sub[200];

		if (strcmp(p->in, "query") != 0 || p->used)
		{
			if (p->required && (strcmp(p->in, "header") == 0 || strcmp(p->in, "cookie") == 0))
				oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what,
						"the required %s parameter \"%s\" is not sent: set it in the table's headers option",
						p->in, p->name);
			continue;
		}
		if (param_flat(c, p, &pl, &f) != 0)
			return -1;
		is_list = oa_is_type(&f, "array");
		col = find_column(c, tb, p->name, len);
		if (col != NULL)
			option = "op_eq";
		for (j = 0; col == NULL && op_patterns[j].affix; j++)
		{
			const OpPattern *op = &op_patterns[j];
			size_t		alen = strlen(op->affix);

			if (len <= alen)
				continue;
			if (op->prefix && strncmp(p->name, op->affix, alen) == 0)
				col = find_column(c, tb, p->name + alen, len - alen);
			else if (!op->prefix && strcmp(p->name + len - alen, op->affix) == 0)
				col = find_column(c, tb, p->name, len - alen);
			if (col != NULL)
				option = op->option;
		}
		snprintf(sub, sizeof(sub), "%s: query parameter \"%.100s\"", what, p->name);
		if (col != NULL && col->is_key && strcmp(option, "op_eq") == 0)
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, sub,
					"column \"%s\" is a key of the path, given there", col->name);
			continue;
		}
		if (col == NULL)
		{
			json_t	   *def = p->schema ? json_object_get(p->schema, "default") : NULL;

			if (p->required && (json_is_string(def) || json_is_number(def) || json_is_boolean(def)))
			{
				const char *val = default_text(a, def);

				enc = encode_name(a, p->name);
				val = val ? encode_name(a, val) : NULL;
				if (enc == NULL || val == NULL)
					return -1;
				query = query ? oa_printf(a, "%s&%s=%s", query, enc, val) :
					oa_printf(a, "%s=%s", enc, val);
				if (query == NULL)
					return -1;
				oa_note(c->m, OAPI_NOTE_GUESSED, loc, sub,
						"required: sent as its default, in the query option");
			}
			else if (p->required)
				oa_note(c->m, OAPI_NOTE_SKIPPED, loc, sub,
						"required, but no column and no default: add it to the table's query option");
			else
				oa_note(c->m, OAPI_NOTE_SKIPPED, loc, sub, "no column of that name");
			continue;
		}
		if (col->type == OAPI_JSONB || col->is_array)
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, sub,
					"column \"%s\" is %s, which is not compared remotely",
					col->name, oapi_type_sql(col->type, col->is_array));
			continue;
		}
		if (strcmp(option, "op_eq") != 0 && strcmp(option, "op_in") != 0 &&
			strcmp(option, "op_ne") != 0 && !orderable(col))
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, sub,
					"column \"%s\" is %s: ordering comparisons are pushed for numbers, dates and times only",
					col->name, oapi_type_sql(col->type, col->is_array));
			continue;
		}
		if (oapi_option(col->options, col->noptions, option) != NULL)
		{
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, sub,
					"column \"%s\" already has %s from another parameter", col->name, option);
			continue;
		}
		enc = encode_name(a, p->name);
		if (enc == NULL)
			return -1;
		if (strcmp(option, "op_in") == 0)
			r = oa_column_option(tb, col, "op_in",
								 oa_printf(a, "%s={%s}", enc, is_list && p->explode ? "value" : "values"));
		else
		{
			r = oa_column_option(tb, col, option, oa_printf(a, "%s={value}", enc));
			if (r == 0 && is_list && strcmp(option, "op_eq") == 0)
				r = oa_column_option(tb, col, "op_in",
									 oa_printf(a, "%s={%s}", enc, p->explode ? "value" : "values"));
		}
		if (p->required)
			oa_note(c->m, OAPI_NOTE_GUESSED, loc, sub,
					"required by the API: queries should give column \"%s\" a value", col->name);
	}
	if (r == 0 && query != NULL)
		r = oa_table_option(tb, "query", query);
	return r != 0 || oa_failed(c) ? -1 : 0;
}
/* ------------------------------------------------------------- operations */

static int
is_json_media(const char *t)
{
	return strstr(t, "json") != NULL;
}

/*
 * The schema of the operation's 2xx JSON response: 200, else the first
 * 2xx or 2XX with one.  *link is set when the response declares a Link
 * header, *ndjson when the media type is NDJSON.  Returns 1, 0 (a note
 * says why not) or -1.
 */
static int
response_schema(OaCtx *c, json_t *op, const OaLoc *oploc, const char *what,
				json_t **schema, OaLoc *sloc, const OaLoc **where, int *link, int *ndjson)
{
	json_t	   *responses = json_object_get(op, "responses");
	OaLoc		rl = {oploc, "responses", 0, 0};
	const char *code;
	json_t	   *resp;
	int			pass;
	int			seen_2xx = 0;

	*schema = NULL;
	*link = *ndjson = 0;
	if (responses == NULL)
	{
		/* optional since OpenAPI 3.1 */
		oa_note(c->m, OAPI_NOTE_SKIPPED, oploc, what, "the operation declares no responses");
		return 0;
	}
	if (!json_is_object(responses))
		return oa_fail(c, &rl, "\"responses\" is not an object");
	for (pass = 0; pass < 2; pass++)
	{
		json_object_foreach(responses, code, resp)
		{
			OaLoc		cl = {&rl, code, 0, 0};
			OaLoc		tmp;
			const OaLoc *l;
			json_t	   *r;
			json_t	   *headers;
			json_t	   *s = NULL;
			const char *k;
			json_t	   *v;

			if (pass == 0 ? strcmp(code, "200") != 0 :
				(code[0] != '2' || strlen(code) != 3 || strcmp(code, "200") == 0))
				continue;
			seen_2xx = 1;
			r = oa_deref(c, resp, &cl, &tmp, &l, NULL);
			if (r == NULL)
				return -1;
			if (!json_is_object(r))
				return oa_fail(c, l, "a response is not an object");
			headers = json_object_get(r, "headers");
			if (json_is_object(headers))
				json_object_foreach(headers, k, v)
					if (oa_name_eq(k, "link"))
					*link = 1;
			if (c->swagger)
			{
				json_t	   *produces = json_object_get(op, "produces");
				size_t		i;
				int			ok = 0;

				if (produces == NULL)
					produces = json_object_get(c->root, "produces");
				for (i = 0; i < json_array_size(produces); i++)
					if (json_is_string(json_array_get(produces, i)) &&
						is_json_media(json_string_value(json_array_get(produces, i))))
						ok = 1;
				if (produces != NULL && !ok)
				{
					oa_note(c->m, OAPI_NOTE_SKIPPED, &cl, what, "the operation produces no JSON");
					return 0;
				}
				s = json_object_get(r, "schema");
				if (s != NULL)
				{
					OaLoc		sl = {l, "schema", 0, 0};

					sloc->key = oa_loc_string(c->a, &sl);
				}
			}
			else
			{
				json_t	   *content = json_object_get(r, "content");
				const char *best = NULL;
				int			rank = 0;

				json_object_foreach(content, k, v)
				{
					int			kr = strncmp(k, "application/json", 16) == 0 ? 3 :
						is_json_media(k) ? 2 : strcmp(k, "*/*") == 0 ? 1 : 0;

					if (kr > rank && json_object_get(v, "schema") != NULL)
						best = k, rank = kr;
				}
				if (best != NULL)
				{
					OaLoc		cl2 = {l, "content", 0, 0};
					OaLoc		ml = {&cl2, best, 0, 0};
					OaLoc		sl = {&ml, "schema", 0, 0};

					s = json_object_get(json_object_get(content, best), "schema");
					*ndjson = strstr(best, "ndjson") != NULL || strstr(best, "jsonl") != NULL;
					sloc->key = oa_loc_string(c->a, &sl);
				}
				else if (content != NULL && json_object_size(content) > 0)
				{
					oa_note(c->m, OAPI_NOTE_SKIPPED, &cl, what,
							"the %s response has no JSON media type with a schema", code);
					return 0;
				}
			}
			if (s != NULL)
			{
				if (sloc->key == NULL)
					return -1;
				/* rendered, since l may point into this frame */
				sloc->raw = 1;
				sloc->up = NULL;
				*schema = s;
				*where = sloc;
				return 1;
			}
		}
	}
	oa_note(c->m, OAPI_NOTE_SKIPPED, &rl, what, seen_2xx ?
			"the 2xx response declares no JSON schema" : "the operation declares no 2xx response");
	return 0;
}

static int
map_operation(OaCtx *c, const char *path, json_t *item, json_t *op, const OaLoc *oploc,
			  const OaLoc *itemloc)
{
	OaParam    *params;
	int			nparams = 0;
	OaLoc		pil = {itemloc, "parameters", 0, 0};
	OaLoc		opl = {oploc, "parameters", 0, 0};
	OaLoc		sloc = {NULL, NULL, 0, 0};
	const OaLoc *swhere;
	json_t	   *schema;
	OaFlat		top;
	OaRows		rows;
	OaTable		tb;
	const char *what = oa_printf(c->a, "GET %.200s", path);
	const char *newpath = NULL;
	const char *summary;
	int			link;
	int			ndjson;
	int			keyed;
	int			i;
	int			r;

	/* one array for every operation: the arena frees nothing */
	if (c->params == NULL)
		c->params = oa_alloc(c->a, sizeof(OaParam) * OA_MAX_PARAMS);
	params = c->params;
	if (params == NULL || what == NULL)
		return -1;
	if (!json_is_object(op))
		return oa_fail(c, oploc, "an operation is not an object");
	if (collect_params(c, json_object_get(item, "parameters"), &pil, params, &nparams) != 0 ||
		collect_params(c, json_object_get(op, "parameters"), &opl, params, &nparams) != 0)
		return -1;
	r = response_schema(c, op, oploc, what, &schema, &sloc, &swhere, &link, &ndjson);
	if (r <= 0)
		return r;
	memset(&top, 0, sizeof(top));
	if (oa_flatten(c, schema, swhere, 0, &top) != 0)
		return -1;
	if (top.external)
	{
		oa_note(c->m, OAPI_NOTE_SKIPPED, swhere, what,
				"the response's schema is in another document ($ref), which is not read");
		return 0;
	}
	/* a path key or a required query parameter may name one object */
	keyed = strchr(path, '{') != NULL;
	for (i = 0; i < nparams; i++)
		keyed |= params[i].required && strcmp(params[i].in, "query") == 0;
	r = oa_find_rows(c, &top, swhere, keyed, what, &rows);
	if (r <= 0)
		return r;
	if (oa_table_begin(&tb, c->m, path, c->lim.max_columns) != 0 ||
		add_columns(c, &tb, &rows.row, swhere, what) != 0)
		return -1;
	r = add_keys(c, &tb, path, params, nparams, oploc, what, &newpath);
	if (r <= 0)
		return r;
	if (tb.tmp.ncolumns == 0)
	{
		oa_note(c->m, OAPI_NOTE_SKIPPED, swhere, what, "the rows have no columns");
		return 0;
	}
	tb.tmp.options[0].value = newpath;
	if ((rows.path[0] && oa_table_option(&tb, "rows_path", rows.path) != 0) ||
		(ndjson && oa_table_option(&tb, "format", "ndjson") != 0) ||
		add_pagination(c, &tb, &rows, params, nparams, link, oploc, what) != 0 ||
		add_filters(c, &tb, params, nparams, oploc, what) != 0)
		return -1;
	tb.tmp.name = oa_table_name_from_path(c->m, path);
	tb.tmp.source = what;
	tb.tmp.where = oa_loc_string(c->a, oploc);
	summary = json_string_value(json_object_get(op, "summary"));
	if (summary == NULL)
		summary = json_string_value(json_object_get(op, "operationId"));
	tb.tmp.description = oa_strdup(c->a, summary);
	if (tb.tmp.name == NULL || tb.tmp.where == NULL || oa_table_commit(&tb) != 0)
		return -1;
	return oa_failed(c) ? -1 : 1;
}

static int
map_paths(OaCtx *c)
{
	json_t	   *paths = json_object_get(c->root, "paths");
	OaLoc		pl = {NULL, "paths", 0, 0};
	const char *path;
	json_t	   *item;
	int			nops = 0;

	if (paths == NULL)
	{
		oa_note(c->m, OAPI_NOTE_SKIPPED, &pl, "the document", "it has no paths");
		return 0;
	}
	if (!json_is_object(paths))
		return oa_fail(c, &pl, "\"paths\" is not an object");
	json_object_foreach(paths, path, item)
	{
		OaLoc		il = {&pl, path, 0, 0};
		OaLoc		tmp;
		const OaLoc *l;
		int			i;

		if (strncmp(path, "x-", 2) == 0)
			continue;
		if (path[0] != '/')
			return oa_fail(c, &il, "a path does not start with \"/\"");
		item = oa_deref(c, item, &il, &tmp, &l, NULL);
		if (item == NULL)
			return -1;
		if (!json_is_object(item))
			return oa_fail(c, l, "a path item is not an object");
		for (i = 0; http_methods[i]; i++)
		{
			json_t	   *op = json_object_get(item, http_methods[i]);
			OaLoc		ol = {l, http_methods[i], 0, 0};

			if (op == NULL)
				continue;
			if (++nops > c->lim.max_operations)
				return oa_fail(c, &ol, "the document has more than %d operations",
							   c->lim.max_operations);
			if (i > 0)
			{
				char		what[240];
				int			j;

				snprintf(what, sizeof(what), "%.10s %.200s", http_methods[i], path);
				for (j = 0; what[j] && what[j] != ' '; j++)
					what[j] = (char) (what[j] - 'a' + 'A');
				oa_note(c->m, OAPI_NOTE_SKIPPED, &ol, what, "only GET operations become tables");
				continue;
			}
			c->op = &ol;
			if (map_operation(c, path, item, op, &ol, l) < 0)
				return -1;
			c->op = NULL;
			/* what was merged for one operation is not needed again */
			json_array_clear(c->scratch);
			json_object_clear(c->combined);
		}
		if (oa_failed(c))
			return -1;
	}
	return 0;
}

/* servers[0].url, with its variables' defaults; or Swagger's host */
static const char *
server_url(OaCtx *c)
{
	json_t	   *r = c->root;

	if (c->swagger)
	{
		const char *host = json_string_value(json_object_get(r, "host"));
		const char *base = json_string_value(json_object_get(r, "basePath"));
		const char *scheme = json_string_value(json_array_get(json_object_get(r, "schemes"), 0));

		if (host == NULL)
			return base ? oa_strdup(c->a, base) : NULL;
		return oa_printf(c->a, "%s://%s%s", scheme ? scheme : "https", host, base ? base : "");
	}
	else
	{
		json_t	   *s0 = json_array_get(json_object_get(r, "servers"), 0);
		const char *url = json_string_value(json_object_get(s0, "url"));
		json_t	   *vars = json_object_get(s0, "variables");
		const char *out = "";

		if (url == NULL)
			return NULL;
		while (*url)
		{
			const char *open = strchr(url, '{');
			const char *close = open ? strchr(open, '}') : NULL;
			const char *def;
			char		name[128];

			if (close == NULL)
				break;
			snprintf(name, sizeof(name), "%.*s", (int) (close - open - 1), open + 1);
			def = json_string_value(json_object_get(json_object_get(vars, name), "default"));
			out = oa_printf(c->a, "%s%.*s%s", out, (int) (open - url), url,
							def ? def : "");
			if (out == NULL)
				return NULL;
			url = close + 1;
		}
		return oa_printf(c->a, "%s%s", out, url);
	}
}

/*
 * OpenAPI 3.0, 3.1 and 3.2 (a backward-compatible release of 3.1), or
 * Swagger 2.0: "3.1", "3.1.0", "3.2.0" ... but not "3.10" or "3.1x".
 */
static int
version_supported(const char *version, int swagger)
{
	if (swagger)
		return strcmp(version, "2.0") == 0;
	return strncmp(version, "3.", 2) == 0 &&
		version[2] >= '0' && version[2] <= '2' &&
		(version[3] == '\0' || version[3] == '.');
}

int
oapi_map_parsed(OapiDocument *doc, OapiModel **model, OapiError *err)
{
	OaCtx		c;
	OaLoc		root = {NULL, "#", 0, 1};
	OaLoc		vl = {&root, NULL, 0, 0};
	json_t	   *v;
	const char *version;
	char		vbuf[32];

	memset(&c, 0, sizeof(c));
	memset(err, 0, sizeof(*err));
	*model = NULL;
	c.lim = doc->lim;
	c.err = err;
	c.root = doc->root;
	doc->root = NULL;
	oapi_document_free(doc);
	c.m = oapi_model_new();
	c.scratch = json_array();
	c.combined = yaml_json_object();
	if (c.m == NULL || c.scratch == NULL || c.combined == NULL)
	{
		c.rc = -2;
		goto done;
	}
	c.a = c.m->arena;
	if (!json_is_object(c.root))
	{
		oa_fail(&c, &root, "the document is not an object, so not an OpenAPI description");
		goto done;
	}
	v = json_object_get(c.root, "openapi");
	vl.key = "openapi";
	if (v == NULL)
	{
		v = json_object_get(c.root, "swagger");
		vl.key = "swagger";
		c.swagger = 1;
	}
	if (json_is_real(v))
	{
		/* an unquoted YAML 2.0 or 3.1 */
		snprintf(vbuf, sizeof(vbuf), "%.1f", json_real_value(v));
		version = vbuf;
	}
	else
		version = json_string_value(v);
	if (v == NULL)
	{
		oa_fail(&c, &root, "not an OpenAPI description: it has no \"openapi\" or \"swagger\" member");
		goto done;
	}
	if (version == NULL || !version_supported(version, c.swagger))
	{
		oa_fail(&c, &vl, "unsupported version %.20s%s (OpenAPI 3.0, 3.1, 3.2 and Swagger 2.0 are supported)",
				version ? version : "(not a string)", "");
		goto done;
	}
	c.m->spec_version = oa_strdup(c.a, version);
	c.m->title = oa_strdup(c.a, json_string_value(json_object_get(json_object_get(c.root, "info"), "title")));
	c.m->api_version = oa_strdup(c.a, json_string_value(json_object_get(json_object_get(c.root, "info"), "version")));
	c.m->server_url = server_url(&c);
	map_paths(&c);
	oa_failed(&c);

done:
	json_decref(c.scratch);
	json_decref(c.combined);
	json_decref(c.root);
	if (c.rc == -2)
	{
		snprintf(err->message, sizeof(err->message), "out of memory");
		err->where[0] = '\0';
	}
	if (c.rc != 0)
	{
		oapi_model_free(c.m);
		return c.rc;
	}
	*model = c.m;
	return 0;
}

int
oapi_map_document(const char *data, size_t len, const OapiLimits *limits,
				  OapiModel **model, OapiError *err)
{
	OapiDocument *doc;
	int			rc = oapi_parse_document(data, len, limits, &doc, err);

	*model = NULL;
	if (rc != 0)
		return rc;
	return oapi_map_parsed(doc, model, err);
}
