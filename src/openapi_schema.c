/*-------------------------------------------------------------------------
 *
 * openapi_schema.c
 *	  Schemas of an OpenAPI description: $ref, allOf, oneOf, types, rows.
 *
 * A schema is read as an OaFlat: $refs followed (local ones only; a cycle
 * of $refs, or one that does not resolve, is an error with its location),
 * allOf members merged (a property or items declared by several members
 * gets all of their schemas), oneOf / anyOf alternatives unioned (null
 * alternatives aside), 3.1 type arrays read with "null" aside.  A schema
 * that is its own allOf member through $refs is merged once.
 *
 * Types: integer -> integer (int32 and smaller) or bigint; number ->
 * numeric, double precision (float, double), integer / bigint (int32 /
 * int64); string -> timestamptz (date-time), date, uuid or text; boolean;
 * an array of one scalar type -> that type's array; objects, maps, arrays
 * of arrays or objects, and unions of different types -> jsonb; no type
 * -> from the enum's values, else jsonb.
 *
 * Rows (oa_find_rows()): an array of objects with properties (rows_path
 * ''); an object with one member that is such an array (rows_path
 * 'data'), or a member of a member that holds nothing else but paging
 * ('result.items'), and with several the one with a usual name (data,
 * items, results ...) if only one has one; or, for an operation keyed by a
 * path parameter or a required query parameter, the object itself as the
 * one row, unless the array has a usual name or is the object's only
 * content besides paging and counts (a pet's tags are not rows,
 * {"data": [...], "total": 3} holds rows).
 *
 * Recursion is bounded by max_ref_hops levels of allOf / oneOf / anyOf
 * and by properties not being descended into beyond what a column needs.
 *
 *-------------------------------------------------------------------------
 */
#include "openapi_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CANDIDATES	8

int
oa_fail(OaCtx *c, const OaLoc *loc, const char *fmt,...)
{
	va_list		ap;

	if (c->rc != 0)
		return -1;
	c->rc = -1;
	va_start(ap, fmt);
	vsnprintf(c->err->message, sizeof(c->err->message), fmt, ap);
	va_end(ap);
	oa_render_loc(loc, c->err->where, sizeof(c->err->where));
	return -1;
}

int
oa_failed(OaCtx *c)
{
	if (c->a->failed && c->rc == 0)
		c->rc = -2;
	return c->rc != 0;
}

/* count n steps of work; -1 (and the error) past lim.max_steps */
int
oa_charge(OaCtx *c, long n, const OaLoc *loc)
{
	if (c->rc != 0)
		return -1;
	if (n > c->lim.max_steps - c->steps)
		return oa_fail(c, loc ? loc : c->op,
					   "mapping the description takes more than %ld steps (schemas merged, names compared)",
					   c->lim.max_steps);
	c->steps += n;
	return 0;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The value a local reference ("#/components/schemas/Pet") names, or NULL */
static json_t *
resolve_pointer(json_t *root, const char *ref)
{
	const char *p = ref + 1;
	json_t	   *cur = root;
	char		tok[512];

	while (*p == '/')
	{
		size_t		n = 0;

		p++;
		while (*p && *p != '/')
		{
			char		ch;

			if (*p == '~' && (p[1] == '0' || p[1] == '1'))
			{
				ch = p[1] == '0' ? '~' : '/';
				p += 2;
			}
			else if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0)
			{
				ch = (char) (hexval(p[1]) * 16 + hexval(p[2]));
				p += 3;
			}
			else
				ch = *p++;
			if (n + 1 >= sizeof(tok))
				return NULL;
			tok[n++] = ch;
		}
		tok[n] = '\0';
		if (json_is_object(cur))
			cur = json_object_get(cur, tok);	/* a %00 in a key: no match */
		else if (json_is_array(cur) && n > 0 && n < 10 &&
				 strspn(tok, "0123456789") == n)
			cur = json_array_get(cur, (size_t) atol(tok));
		else
			return NULL;
		if (cur == NULL)
			return NULL;
	}
	return *p == '\0' ? cur : NULL;
}

/*
 * Follow the $refs of s.  Returns the value, or NULL when it failed or,
 * with *external set (when external is not NULL), when a $ref leaves the
 * document.  *where is set to the location of what is returned; tmp is
 * the storage for it.
 */
json_t *
oa_deref(OaCtx *c, json_t *s, const OaLoc *loc, OaLoc *tmp, const OaLoc **where,
	  int *external)
{
	const char *seen[64];
	int			nseen = 0;
	int			i;

	*where = loc;
	if (external)
		*external = 0;
	while (json_is_object(s))
	{
		json_t	   *r = json_object_get(s, "$ref");
		OaLoc		at = {*where, "$ref", 0, 0};
		const char *ref;

		if (r == NULL)
			return s;
		if (!json_is_string(r))
		{
			oa_fail(c, &at, "$ref is not a string");
			return NULL;
		}
		ref = json_string_value(r);
		if (ref[0] != '#')
		{
			if (external)
			{
				*external = 1;
				return NULL;
			}
			oa_fail(c, &at, "$ref \"%.100s\" names another document, which is not supported", ref);
			return NULL;
		}
		for (i = 0; i < nseen; i++)
			if (strcmp(seen[i], ref) == 0)
			{
				oa_fail(c, &at, "$ref cycle: \"%.100s\" leads back to itself", ref);
				return NULL;
			}
		if (nseen >= 64 || nseen >= c->lim.max_ref_hops)
		{
			oa_fail(c, &at, "more than %d $ref hops", nseen);
			return NULL;
		}
		seen[nseen++] = ref;
		s = resolve_pointer(c->root, ref);
		if (s == NULL)
		{
			oa_fail(c, &at, "$ref \"%.100s\" does not resolve", ref);
			return NULL;
		}
		tmp->up = NULL;
		tmp->key = ref;
		tmp->raw = 1;
		*where = tmp;
	}
	return s;
}

static void
merge_type(OaFlat *f, const char *t)
{
	if (f->type == NULL)
		f->type = t;
	else if (strcmp(f->type, t) != 0)
	{
		/* an integer is a number */
		if ((strcmp(f->type, "integer") == 0 && strcmp(t, "number") == 0) ||
			(strcmp(f->type, "number") == 0 && strcmp(t, "integer") == 0))
			f->type = "number";
		else
			f->type = "mixed";
	}
}

/*
 * Both schemas apply (allOf members declaring the same property or
 * items): a schema made for it, {"allOf": [a, b, ...]}, kept flat so that
 * merging many members nests no deeper.  NULL when out of memory.
 */
static json_t *
combine(OaCtx *c, json_t *a, json_t *b)
{
	json_t	   *all;
	json_t	   *made;
	char		key[32];

	if (a == b)
		return a;
	/* one made here, known by its address: a document cannot fake one */
	snprintf(key, sizeof(key), "%p", (void *) a);
	if (json_object_get(c->combined, key) != NULL)
	{
		if (json_array_append(json_object_get(a, "allOf"), b) != 0)
			return NULL;
		return a;
	}
	made = yaml_json_object();
	all = json_array();
	if (made == NULL || all == NULL || json_array_append_new(c->scratch, made) != 0)
	{
		json_decref(made);
		json_decref(all);
		return NULL;
	}
	snprintf(key, sizeof(key), "%p", (void *) made);
	if (json_object_set_new(made, "allOf", all) != 0 ||
		json_object_set_new(c->combined, key, json_true()) != 0 ||
		json_array_append(all, a) != 0 || json_array_append(all, b) != 0)
		return NULL;
	return made;
}

static int
merge_props(OaCtx *c, OaFlat *f, json_t *props)
{
	const char *k;
	json_t	   *v;

	if (!json_is_object(props) || json_object_size(props) == 0)
		return 0;
	if (oa_charge(c, (long) json_object_size(props), NULL) != 0)
		return -1;
	if (f->props == NULL)
	{
		f->props = yaml_json_object();
		if (f->props == NULL || json_array_append_new(c->scratch, f->props) != 0)
		{
			c->a->failed = 1;
			return -1;
		}
	}
	json_object_foreach(props, k, v)
	{
		json_t	   *had = json_object_get(f->props, k);

		if (had != NULL)
			v = combine(c, had, v);
		if (v == NULL || json_object_set(f->props, k, v) != 0)
		{
			c->a->failed = 1;
			return -1;
		}
	}
	return 0;
}

static void
merge_flat(OaCtx *c, OaFlat *f, const OaFlat *g)
{
	if (g->type)
		merge_type(f, g->type);
	if (g->format && f->format == NULL)
		f->format = g->format;
	else if (g->format && strcmp(g->format, f->format) != 0)
		f->format = "";
	if (f->items == NULL)
		f->items = g->items;
	else if (g->items != NULL && (f->items = combine(c, f->items, g->items)) == NULL)
		c->a->failed = 1;
	if (f->enumv == NULL)
		f->enumv = g->enumv;
	f->free_form |= g->free_form;
	f->external |= g->external;
}


/* oneOf / anyOf: the union of the alternatives, null ones aside */
static int
flatten_union(OaCtx *c, json_t *alts, const OaLoc *loc, int depth, OaFlat *f)
{
	size_t		i;
	OaFlat		u;
	int			n = 0;

	if (!json_is_array(alts))
		return oa_fail(c, loc, "oneOf / anyOf is not an array");
	memset(&u, 0, sizeof(u));
	for (i = 0; i < json_array_size(alts); i++)
	{
		OaLoc		l = {loc, NULL, (long) i, 0};
		OaFlat		g;

		memset(&g, 0, sizeof(g));
		if (oa_flatten(c, json_array_get(alts, i), &l, depth + 1, &g) != 0)
			return -1;
		if (g.type != NULL && strcmp(g.type, "null") == 0 && g.props == NULL)
			continue;
		if (n++ == 0)
			u = g;
		else
		{
			merge_flat(c, &u, &g);
			if (g.type == NULL && g.props == NULL && g.items == NULL)
				u.type = "mixed";	/* an alternative that is anything */
			if (merge_props(c, &u, g.props) != 0)
				return -1;
		}
	}
	if (n == 0)
		return 0;
	merge_flat(c, f, &u);
	return merge_props(c, f, u.props);
}

/*
 * Merge schema s (followed through $refs) into f: its type, format,
 * items, properties, allOf members, and the union of its oneOf / anyOf.
 */
int
oa_flatten(OaCtx *c, json_t *s, const OaLoc *loc, int depth, OaFlat *f)
{
	OaLoc		tmp;
	const OaLoc *l;
	int			external;
	json_t	   *v;
	int			i;
	int			r = 0;

	if (depth > c->lim.max_ref_hops)
		return oa_fail(c, loc, "schemas nest more than %d levels of allOf, oneOf and anyOf",
					c->lim.max_ref_hops);
	if (oa_charge(c, 1, loc) != 0)
		return -1;
	s = oa_deref(c, s, loc, &tmp, &l, &external);
	if (s == NULL)
	{
		if (!external)
			return -1;
		f->external = 1;
		f->type = "mixed";
		return 0;
	}
	if (json_is_boolean(s))
		return 0;				/* 3.1: true (anything) or false (nothing) */
	if (!json_is_object(s))
		return oa_fail(c, l, "a schema is not an object");
	/* a schema that is its own allOf member, through $refs: merged once */
	for (i = 0; i < c->nactive; i++)
		if (c->active[i] == s)
			return 0;
	if (c->nactive >= OA_MAX_ACTIVE)
		return oa_fail(c, l, "schemas nest too deeply");
	c->active[c->nactive++] = s;

	v = json_object_get(s, "type");
	if (json_is_string(v))
		merge_type(f, json_string_value(v));
	else if (json_is_array(v))
	{
		size_t		j;
		int			nonnull = 0;

		for (j = 0; j < json_array_size(v); j++)
		{
			const char *t = json_string_value(json_array_get(v, j));

			if (t != NULL && strcmp(t, "null") != 0)
			{
				merge_type(f, t);
				nonnull++;
			}
		}
		if (nonnull == 0)
			merge_type(f, "null");
	}
	if (json_is_string(v = json_object_get(s, "format")) && f->format == NULL)
		f->format = json_string_value(v);
	if ((v = json_object_get(s, "items")) != NULL)
	{
		f->items = f->items == NULL ? v : combine(c, f->items, v);
		if (f->items == NULL)
			c->a->failed = 1;
	}
	if (json_is_array(v = json_object_get(s, "enum")) && f->enumv == NULL)
		f->enumv = v;
	if (json_is_true(json_object_get(s, "writeOnly")))
		f->write_only = 1;
	if ((v = json_object_get(s, "additionalProperties")) != NULL && !json_is_false(v))
		f->free_form = 1;
	if ((v = json_object_get(s, "properties")) != NULL)
		r = merge_props(c, f, v);
	if (r == 0 && (v = json_object_get(s, "allOf")) != NULL)
	{
		OaLoc		al = {l, "allOf", 0, 0};
		size_t		j;

		if (!json_is_array(v))
			r = oa_fail(c, &al, "allOf is not an array");
		for (j = 0; r == 0 && j < json_array_size(v); j++)
		{
			OaLoc		el = {&al, NULL, (long) j, 0};

			r = oa_flatten(c, json_array_get(v, j), &el, depth + 1, f);
		}
	}
	if (r == 0 && (v = json_object_get(s, "oneOf")) != NULL)
	{
		OaLoc		ol = {l, "oneOf", 0, 0};

		r = flatten_union(c, v, &ol, depth, f);
	}
	if (r == 0 && (v = json_object_get(s, "anyOf")) != NULL)
	{
		OaLoc		ol = {l, "anyOf", 0, 0};

		r = flatten_union(c, v, &ol, depth, f);
	}
	c->nactive--;
	return r != 0 || oa_failed(c) ? -1 : 0;
}

int
oa_is_type(const OaFlat *f, const char *t)
{
	return f->type != NULL && strcmp(f->type, t) == 0;
}

static int
is_format(const OaFlat *f, const char *fmt)
{
	return f->format != NULL && strcmp(f->format, fmt) == 0;
}

static int
is_objectish(const OaFlat *f)
{
	return oa_is_type(f, "object") || (f->type == NULL && (f->props || f->free_form));
}

OapiType
oa_scalar_type(const OaFlat *f)
{
	if (oa_is_type(f, "integer"))
		return is_format(f, "int32") || is_format(f, "int16") || is_format(f, "int8") ||
			is_format(f, "uint8") || is_format(f, "uint16") ? OAPI_INT4 : OAPI_INT8;
	if (oa_is_type(f, "number"))
	{
		if (is_format(f, "float") || is_format(f, "double"))
			return OAPI_FLOAT8;
		if (is_format(f, "int32"))
			return OAPI_INT4;
		if (is_format(f, "int64"))
			return OAPI_INT8;
		return OAPI_NUMERIC;
	}
	if (oa_is_type(f, "string"))
	{
		if (is_format(f, "date-time"))
			return OAPI_TIMESTAMPTZ;
		if (is_format(f, "date"))
			return OAPI_DATE;
		if (is_format(f, "uuid"))
			return OAPI_UUID;
		return OAPI_TEXT;
	}
	if (oa_is_type(f, "boolean"))
		return OAPI_BOOL;
	if (oa_is_type(f, "null"))
		return OAPI_TEXT;
	if (f->type == NULL && f->enumv != NULL && json_array_size(f->enumv) > 0)
	{
		size_t		i;
		int			str = 0,
					integer = 0,
					num = 0,
					boolean = 0;
		size_t		n = json_array_size(f->enumv);

		for (i = 0; i < n; i++)
		{
			json_t	   *e = json_array_get(f->enumv, i);

			str += json_is_string(e);
			integer += json_is_integer(e);
			num += json_is_number(e);
			boolean += json_is_boolean(e);
		}
		if ((size_t) str == n)
			return OAPI_TEXT;
		if ((size_t) integer == n)
			return OAPI_INT8;
		if ((size_t) num == n)
			return OAPI_NUMERIC;
		if ((size_t) boolean == n)
			return OAPI_BOOL;
	}
	return OAPI_JSONB;
}

/* the column type of a (flattened) property */
int
oa_column_type(OaCtx *c, const OaFlat *f, const OaLoc *loc, int depth, OapiType *type,
			int *is_array)
{
	*is_array = 0;
	*type = OAPI_JSONB;
	if (oa_is_type(f, "mixed") || is_objectish(f))
		return 0;
	if (oa_is_type(f, "array") || (f->type == NULL && f->items != NULL))
	{
		OaFlat		g;
		OaLoc		il = {loc, "items", 0, 0};

		if (f->items == NULL)
			return 0;
		memset(&g, 0, sizeof(g));
		if (oa_flatten(c, f->items, &il, depth + 1, &g) != 0)
			return -1;
		if (oa_is_type(&g, "mixed") || is_objectish(&g) || oa_is_type(&g, "array") ||
			(g.type == NULL && g.items != NULL))
			return 0;
		*type = oa_scalar_type(&g);
		*is_array = *type != OAPI_JSONB;
		return 0;
	}
	*type = oa_scalar_type(f);
	return 0;
}

/* an array of objects with properties: row gets the objects' schema */
static int
rows_of(OaCtx *c, const OaFlat *f, const OaLoc *loc, int depth, OaFlat *row)
{
	OaLoc		il = {loc, "items", 0, 0};

	memset(row, 0, sizeof(*row));
	if (!(oa_is_type(f, "array") || (f->type == NULL && f->items != NULL)) || f->items == NULL)
		return 0;
	if (oa_flatten(c, f->items, &il, depth + 1, row) != 0)
		return -1;
	return row->props != NULL && json_object_size(row->props) > 0 && !oa_is_type(row, "mixed");
}

/* the usual names of the fields beside the rows: paging and counts */
static const char *const meta_names[] = {
	"meta", "metadata", "links", "link", "pagination", "paging", "pageinfo", "page",
	"next", "nexturl", "nextlink", "nextpage", "odatanextlink", "odatacount", "nextcursor",
	"cursor", "nextpagetoken", "nexttoken", "continuationtoken", "hasmore", "more", "hasnext",
	"total", "totalcount", "totalresults", "totalitems", "totalrecords", "count", "pages",
	"totalpages", "pagecount", "limit", "offset", "perpage", "pagesize", "previous", "prev",
	"first", "last", "self", "status", "success", "message", "errors", "warnings", NULL
};

/* whether every member of the response object but key is paging or counts */
static int
only_meta_besides(const OaFlat *top, const char *key)
{
	const char *k;
	json_t	   *v;
	int			i;

	json_object_foreach(top->props, k, v)
	{
		int			meta = strcmp(k, key) == 0;

		for (i = 0; !meta && meta_names[i]; i++)
			meta = oa_norm_eq(k, meta_names[i]);
		if (!meta)
			return 0;
	}
	return 1;
}

/*
 * Find the rows in the response schema top.  Returns 1 (found), 0 (a
 * note says why not) or -1.
 */
int
oa_find_rows(OaCtx *c, const OaFlat *top, const OaLoc *loc, int keyed, const char *what,
		  OaRows *rows)
{
	struct
	{
		char		path[256];
		const char *top_key;
		OaFlat		row;
		int			usual;
		int			nested;
	}			cand[MAX_CANDIDATES];
	OaFlat		row;
	int			ncand = 0;
	int			nusual = 0;
	int			ndirect = 0;
	int			chosen = -1;
	int			i;
	const char *k;
	json_t	   *v;

	memset(rows, 0, sizeof(*rows));
	if (oa_is_type(top, "array") || (top->type == NULL && top->items != NULL))
	{
		int			r = rows_of(c, top, loc, 0, &rows->row);

		if (r < 0)
			return -1;
		if (r == 0)
			oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what,
					"the response is an array, but not of objects with declared properties");
		return r;
	}
	if (top->props == NULL || !is_objectish(top))
	{
		oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what,
				"the response is neither an array nor an object with declared properties");
		return 0;
	}
	json_object_foreach(top->props, k, v)
	{
		OaFlat		f;
		OaLoc		pl = {loc, k, 0, 0};
		int			r;

		memset(&f, 0, sizeof(f));
		if (oa_flatten(c, v, &pl, 1, &f) != 0)
			return -1;
		if ((r = rows_of(c, &f, &pl, 1, &row)) < 0)
			return -1;
		if (r > 0 && ncand < MAX_CANDIDATES && strchr(k, '.') == NULL && strlen(k) < 120)
		{
			cand[ncand].row = row;
			snprintf(cand[ncand].path, sizeof(cand[ncand].path), "%s", k);
			cand[ncand].top_key = k;
			cand[ncand].usual = oa_word_in(k, oa_rows_words);
			cand[ncand].nested = 0;
			ncand++;
			ndirect++;
		}
		else if (r == 0 && is_objectish(&f) && f.props != NULL && strchr(k, '.') == NULL &&
				 strlen(k) < 120)
		{
			/*
			 * One level further, {"result": {"items": [...]}}, when the
			 * array is all that object holds besides paging: not the
			 * list inside one object, {"planet": {"name": ..., "moons":
			 * [...]}}.
			 */
			const char *k2;
			json_t	   *v2;

			json_object_foreach(f.props, k2, v2)
			{
				OaFlat		g;
				OaLoc		pl2 = {&pl, k2, 0, 0};

				memset(&g, 0, sizeof(g));
				if (oa_flatten(c, v2, &pl2, 2, &g) != 0)
					return -1;
				if ((r = rows_of(c, &g, &pl2, 2, &row)) < 0)
					return -1;
				if (r > 0 && ncand < MAX_CANDIDATES && strchr(k2, '.') == NULL &&
					strlen(k2) < 120 && only_meta_besides(&f, k2))
				{
					cand[ncand].row = row;
					snprintf(cand[ncand].path, sizeof(cand[ncand].path), "%s.%s", k, k2);
					cand[ncand].top_key = k;
					cand[ncand].usual = oa_word_in(k2, oa_rows_words);
					cand[ncand].nested = 1;
					ncand++;
				}
			}
		}
	}

	/*
	 * One level further is only where no array stands at the top: beside
	 * {"animals": [...]}, {"sort": {"clauses": [...]}} is about the rows,
	 * not the rows (STAPI's search responses).
	 */
	if (ndirect > 0 && ndirect < ncand)
	{
		int			n = 0;

		for (i = 0; i < ncand; i++)
			if (!cand[i].nested)
				cand[n++] = cand[i];
		ncand = n;
	}
	for (i = 0; i < ncand; i++)
		nusual += cand[i].usual;
	if (ncand == 1 && (!keyed || cand[0].usual || only_meta_besides(top, cand[0].top_key)))
		chosen = 0;
	else if (ncand == 1)
		chosen = -1;			/* /pets/{id}: a pet with its tags */
	else if (ncand > 1 && nusual == 1)
	{
		for (i = 0; i < ncand; i++)
			if (cand[i].usual)
				chosen = i;
	}
	else if (ncand > 1 && !keyed)
	{
		oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what,
				"the response holds several arrays of objects (%s, %s%s): set rows_path by hand",
				cand[0].path, cand[1].path, ncand > 2 ? ", ..." : "");
		return 0;
	}
	if (chosen >= 0)
	{
		rows->row = cand[chosen].row;
		memcpy(rows->path, cand[chosen].path, sizeof(rows->path));
		rows->top_key = cand[chosen].top_key;
		rows->wrapper = top;
		return 1;
	}
	if (keyed)
	{
		const char *k1 = NULL;
		json_t	   *v1 = NULL;
		OaFlat		inner;

		/* {"animal": {...}}: the one member is the row (rows_path 'animal') */
		memset(&inner, 0, sizeof(inner));
		if (json_object_size(top->props) == 1)
		{
			void	   *it = json_object_iter(top->props);
			OaLoc		pl;

			k1 = json_object_iter_key(it);
			v1 = json_object_iter_value(it);
			pl.up = loc;
			pl.key = k1;
			pl.index = 0;
			pl.raw = 0;
			if (oa_flatten(c, v1, &pl, 1, &inner) != 0)
				return -1;
		}
		if (k1 != NULL && is_objectish(&inner) && inner.props != NULL &&
			json_object_size(inner.props) > 0 && strchr(k1, '.') == NULL && strlen(k1) < 120)
		{
			rows->row = inner;
			snprintf(rows->path, sizeof(rows->path), "%s", k1);
		}
		else
			rows->row = *top;
		return 1;
	}
	oa_note(c->m, OAPI_NOTE_SKIPPED, loc, what,
			"the response is one object, and no path or required query parameter names it, so it is not a set of rows");
	return 0;
}

