/*-------------------------------------------------------------------------
 *
 * openapi_model.c
 *	  The model of openapi.h: its arena, names, tables, columns, notes and
 *	  JSON pointers, and loading a document (JSON or YAML) into jansson,
 *	  with the limits, as oapi_parse_document() does.
 *
 * Names.  A name is made from the API's spelling: camelCase becomes
 * snake_case (createdAt -> created_at, HTTPServer -> http_server), ASCII
 * letters are lower-cased, other ASCII characters become '_' (runs of them
 * one '_', none at the end), UTF-8 letters are kept unless the name must be
 * a {placeholder} (path keys), a leading digit gets a '_' in front, and the
 * result is cut to OAPI_NAME_MAX bytes at a character boundary.  A name
 * already taken (or a system column's: ctid, xmin ...) gets "_2", "_3" ...,
 * the base cut to make room.
 *
 *-------------------------------------------------------------------------
 */
#include "openapi_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_json.h"

#ifndef CHUNK_SIZE
#define CHUNK_SIZE	16384		/* test_openapi_oom.c makes it small */
#endif

struct OaChunk
{
	OaChunk    *next;
	size_t		used;
	size_t		size;
	/* data follows, aligned for any type */
	union
	{
		long double ld;
		void	   *p;
		long long	ll;
	}			data[];
};

void *
oa_alloc(OapiArena *a, size_t size)
{
	OaChunk    *c = a->chunks;
	size_t		need = (size + 15) & ~(size_t) 15;

	if (a->failed)
		return NULL;
#ifdef OA_ARENA_DEBUG
	/* each allocation a block of its own, so that ASan sees overruns */
	need = size;
	c = NULL;
#endif
	if (c == NULL || c->size - c->used < need)
	{
		size_t		csize = need > CHUNK_SIZE ? need : CHUNK_SIZE;

#ifdef OA_ARENA_DEBUG
		csize = need;
#endif

		c = malloc(sizeof(OaChunk) + csize);
		if (c == NULL)
		{
			a->failed = 1;
			return NULL;
		}
		c->size = csize;
		c->used = 0;
		/* a big block goes behind the current chunk, keeping its free room */
		if (need > CHUNK_SIZE && a->chunks != NULL)
		{
			c->next = a->chunks->next;
			a->chunks->next = c;
		}
		else
		{
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	c->used += need;
	return memset((char *) c->data + c->used - need, 0, need);
}

char *
oa_strndup(OapiArena *a, const char *s, size_t len)
{
	char	   *r = oa_alloc(a, len + 1);

	if (r != NULL)
	{
		memcpy(r, s, len);
		r[len] = '\0';
	}
	return r;
}

char *
oa_strdup(OapiArena *a, const char *s)
{
	return s == NULL ? NULL : oa_strndup(a, s, strlen(s));
}

static char *oa_vprintf(OapiArena *a, const char *fmt, va_list ap)
			__attribute__((format(printf, 2, 0)));

static char *
oa_vprintf(OapiArena *a, const char *fmt, va_list ap)
{
	va_list		ap2;
	int			n;
	char	   *r;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || (r = oa_alloc(a, (size_t) n + 1)) == NULL)
	{
		if (n < 0)
			a->failed = 1;
		return NULL;
	}
	vsnprintf(r, (size_t) n + 1, fmt, ap);
	return r;
}

char *
oa_printf(OapiArena *a, const char *fmt,...)
{
	va_list		ap;
	char	   *r;

	va_start(ap, fmt);
	r = oa_vprintf(a, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * dst = a + sep + b (sep left out when a is empty), if it fits in size;
 * else dst is "" and the result -1.
 */
int
oa_join(char *dst, size_t size, const char *a, const char *sep, const char *b)
{
	int			n = snprintf(dst, size, "%s%s%s", a, a[0] ? sep : "", b);

	if (n < 0 || (size_t) n >= size)
	{
		dst[0] = '\0';
		return -1;
	}
	return 0;
}

/* Grow an arena array of n elements to hold one more; 0, or -1 */
static int
grow(OapiArena *a, void **arr, int *cap, int n, size_t elsize)
{
	void	   *na;
	int			ncap;

	if (n < *cap)
		return 0;
	ncap = *cap > 0 ? *cap * 2 : 8;
	na = oa_alloc(a, elsize * (size_t) ncap);
	if (na == NULL)
		return -1;
	if (n > 0)
		memcpy(na, *arr, elsize * (size_t) n);
	*arr = na;
	*cap = ncap;
	return 0;
}

/* ---------------------------------------------------------------- pointers */

static size_t
append_escaped(char *buf, size_t size, size_t pos, const char *s)
{
	for (; *s && pos + 3 < size; s++)
	{
		if (*s == '~' || *s == '/')
		{
			buf[pos++] = '~';
			buf[pos++] = *s == '~' ? '0' : '1';
		}
		else
			buf[pos++] = *s;
	}
	buf[pos] = '\0';
	return pos;
}

void
oa_render_loc(const OaLoc *loc, char *buf, size_t size)
{
	const OaLoc *chain[64];
	int			n = 0;
	size_t		pos = 0;
	const OaLoc *l;

	buf[0] = '\0';
	if (loc == NULL)
		return;
	/* deeper chains than ours never happen; the root end is kept */
	for (l = loc; l != NULL && n < 64; l = l->up)
		chain[n++] = l;
	if (chain[n - 1]->raw)
		pos = (size_t) snprintf(buf, size, "%s", chain[--n]->key);
	else
		pos = (size_t) snprintf(buf, size, "#");
	if (pos >= size)
	{
		buf[size - 1] = '\0';
		return;
	}
	while (n-- > 0 && pos + 4 < size)
	{
		buf[pos++] = '/';
		buf[pos] = '\0';
		if (chain[n]->key != NULL)
			pos = append_escaped(buf, size, pos, chain[n]->key);
		else
		{
			int			w = snprintf(buf + pos, size - pos, "%ld", chain[n]->index);

			pos = w > 0 && (size_t) w < size - pos ? pos + (size_t) w : size - 1;
		}
	}
}

char *
oa_loc_string(OapiArena *a, const OaLoc *loc)
{
	char		buf[512];

	oa_render_loc(loc, buf, sizeof(buf));
	return oa_strdup(a, buf);
}

void
oa_set_error(OapiError *err, const OaLoc *where, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	oa_render_loc(where, err->where, sizeof(err->where));
}

void
oa_note(OapiModel *m, OapiNoteKind kind, const OaLoc *where, const char *what,
		const char *fmt,...)
{
	OapiArena  *a = m->arena;
	OapiNote   *n;
	va_list		ap;

	if (grow(a, (void **) &m->notes, &a->note_cap, m->nnotes, sizeof(OapiNote)) != 0)
		return;
	n = &m->notes[m->nnotes];
	n->kind = kind;
	n->what = oa_strdup(a, what);
	n->where = where ? oa_loc_string(a, where) : "";
	va_start(ap, fmt);
	n->why = oa_vprintf(a, fmt, ap);
	va_end(ap);
	if (!a->failed)
		m->nnotes++;
}

/* ------------------------------------------------------------------- names */

static unsigned
hash_name(const char *s)
{
	unsigned	h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * 16777619u;
	return h;
}

static int
nameset_has(const OaNameSet *set, const char *name)
{
	unsigned	i;

	if (set->cap == 0)
		return 0;
	for (i = hash_name(name) & (unsigned) (set->cap - 1);
		 set->slots[i] != NULL; i = (i + 1) & (unsigned) (set->cap - 1))
		if (strcmp(set->slots[i], name) == 0)
			return 1;
	return 0;
}

/* name must live in the arena; 0, or -1 when out of memory */
static int
nameset_add(OapiArena *a, OaNameSet *set, const char *name)
{
	unsigned	i;

	if (set->n * 2 >= set->cap)
	{
		OaNameSet	bigger;
		int			j;

		bigger.cap = set->cap > 0 ? set->cap * 2 : 32;
		bigger.n = 0;
		bigger.slots = oa_alloc(a, sizeof(char *) * (size_t) bigger.cap);
		if (bigger.slots == NULL)
			return -1;
		for (j = 0; j < set->cap; j++)
			if (set->slots[j] != NULL)
				nameset_add(a, &bigger, set->slots[j]);
		*set = bigger;
	}
	for (i = hash_name(name) & (unsigned) (set->cap - 1);
		 set->slots[i] != NULL; i = (i + 1) & (unsigned) (set->cap - 1))
		;
	set->slots[i] = name;
	set->n++;
	return 0;
}

/* length of the valid UTF-8 character at s (of at most len bytes), or 0 */
static size_t
utf8_char_len(const unsigned char *s, size_t len)
{
	size_t		n;
	size_t		i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong and surrogate forms */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
		(s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

/* cut s (of length len) to at most max bytes at a character boundary */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char) s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

#define IS_UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define IS_LOWER(c) ((c) >= 'a' && (c) <= 'z')
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

const char *
oa_make_name(OapiArena *a, OaNameSet *set, const char *raw, size_t len,
			 const char *fallback, int ascii_only)
{
	/* a bound on the work: names longer than this are cut first */
	size_t		inlen = len > 1024 ? 1024 : len;
	char	   *buf = oa_alloc(a, inlen * 2 + 8);
	size_t		n = 0;
	size_t		i;
	size_t		blen;
	char	   *name;
	char		try[OAPI_NAME_MAX + 1];
	int			k;

	if (buf == NULL)
		return NULL;
	for (i = 0; i < inlen;)
	{
		unsigned char c = (unsigned char) raw[i];
		size_t		cl;

		if (IS_UPPER(c))
		{
			unsigned char prev = i > 0 ? (unsigned char) raw[i - 1] : 0;
			unsigned char next = i + 1 < inlen ? (unsigned char) raw[i + 1] : 0;

			if (n > 0 && buf[n - 1] != '_' &&
				(IS_LOWER(prev) || IS_DIGIT(prev) || (IS_UPPER(prev) && IS_LOWER(next))))
				buf[n++] = '_';
			buf[n++] = (char) (c - 'A' + 'a');
			i++;
		}
		else if (IS_LOWER(c) || IS_DIGIT(c) || c == '_')
		{
			if (c != '_' || n == 0 || buf[n - 1] != '_')
				buf[n++] = (char) c;
			i++;
		}
		else if (c >= 0x80 && !ascii_only && (cl = utf8_char_len((const unsigned char *) raw + i, inlen - i)) > 0)
		{
			memcpy(buf + n, raw + i, cl);
			n += cl;
			i += cl;
		}
		else
		{
			if (n > 0 && buf[n - 1] != '_')
				buf[n++] = '_';
			else if (n == 0)
				buf[n++] = '_';
			i += (c >= 0x80 && (cl = utf8_char_len((const unsigned char *) raw + i, inlen - i)) > 0) ? cl : 1;
		}
	}
	while (n > 1 && buf[n - 1] == '_')
		n--;
	/* nothing but punctuation: the fallback */
	if (n == 0 || (n == 1 && buf[0] == '_'))
	{
		n = strlen(fallback);
		memcpy(buf, fallback, n);
	}
	if (IS_DIGIT(buf[0]))
	{
		memmove(buf + 1, buf, n);
		buf[0] = '_';
		n++;
	}
	blen = utf8_cut(buf, n, OAPI_NAME_MAX);
	buf[blen] = '\0';
	name = buf;
	for (k = 2; nameset_has(set, k == 2 ? buf : try); k++)
	{
		char		suffix[24];
		size_t		slen;
		size_t		cut;

		/*
		 * After a hundred tries, numbers no name has had yet: however
		 * many names are alike, the tries stay linear in all names.
		 */
		if (k > 100)
			k = 100 + ++a->name_counter;
		slen = (size_t) snprintf(suffix, sizeof(suffix), "_%d", k);
		cut = utf8_cut(buf, blen, OAPI_NAME_MAX - slen);
		snprintf(try, sizeof(try), "%.*s%s", (int) cut, buf, suffix);
	}
	if (k > 2 && (name = oa_strdup(a, try)) == NULL)
		return NULL;
	if (nameset_add(a, set, name) != 0)
		return NULL;
	return name;
}

/*
 * /pets -> pets, /pets/{petId} -> pets_by_pet_id,
 * /repos/{owner}/{repo}/issues -> repos_by_owner_repo_issues, / -> root.
 */
const char *
oa_table_name_from_path(OapiModel *m, const char *path)
{
	size_t		len = strlen(path);
	char	   *buf;
	size_t		n = 0;
	size_t		i = 0;
	int			prev_param = 0;

	if (len > 1024)
		len = 1024;
	buf = oa_alloc(m->arena, len * 2 + 8);
	if (buf == NULL)
		return NULL;
	while (i < len)
	{
		size_t		seg = i;
		size_t		end;

		while (seg < len && path[seg] == '/')
			seg++;
		for (end = seg; end < len && path[end] != '/'; end++)
			;
		if (end == seg)
			break;
		if (path[seg] == '{' && prev_param == 0)
		{
			/* /{id} -> by_id */
			memcpy(buf + n, n > 0 ? "_by_" : "by_", n > 0 ? 4 : 3);
			n += n > 0 ? 4 : 3;
		}
		else if (n > 0)
			buf[n++] = '_';
		prev_param = path[seg] == '{';
		for (i = seg; i < end; i++)
			if (path[i] != '{' && path[i] != '}')
				buf[n++] = path[i];
			else if (i > seg && i + 1 < end)
				buf[n++] = '_';
	}
	if (n == 0)
		return oa_make_name(m->arena, &m->arena->table_names, "root", 4, "root", 0);
	return oa_make_name(m->arena, &m->arena->table_names, buf, n, "table", 0);
}

/* [A-Za-z_][A-Za-z0-9_]*: what template.c takes for a placeholder */
int
oa_is_placeholder_name(const char *s)
{
	if (!(IS_UPPER(*s) || IS_LOWER(*s) || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!(IS_UPPER(*s) || IS_LOWER(*s) || IS_DIGIT(*s) || *s == '_'))
			return 0;
	return 1;
}

/* ASCII case-insensitive equality */
int
oa_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
	{
		char		ca = IS_UPPER(*a) ? (char) (*a - 'A' + 'a') : *a;
		char		cb = IS_UPPER(*b) ? (char) (*b - 'A' + 'a') : *b;

		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

/* name equals word ignoring case, '_', '-', '.', '$' and '@': per_page ~ perpage */
int
oa_norm_eq(const char *name, const char *word)
{
	for (;;)
	{
		while (*name == '_' || *name == '-' || *name == '.' || *name == '$' || *name == '@')
			name++;
		if (*name == '\0' || *word == '\0')
			return *name == '\0' && *word == '\0';
		if ((IS_UPPER(*name) ? *name - 'A' + 'a' : *name) != *word)
			return 0;
		name++;
		word++;
	}
}

/* ------------------------------------------------------------------- words */

/*
 * The usual names of rows and paging fields, compared with oa_norm_eq()
 * (per_page, perPage and PER-PAGE are one word).
 */
const char *const oa_rows_words[] = {
	"data", "items", "results", "records", "rows", "values", "entries", "list",
	"content", "elements", "objects", "hits", "nodes", "collection", NULL
};
const char *const oa_next_words[] = {"next", "nexturl", "nextlink", "nextpage", "odatanextlink",
	"nextpageurl", NULL};
const char *const oa_cursor_field_words[] = {"nextcursor", "cursor", "nextpagetoken", "nexttoken",
	"continuationtoken", "endcursor", "nextmarker", "marker", "after", NULL};
const char *const oa_has_more_words[] = {"hasmore", "more", "hasnext", "hasnextpage",
	"moreitems", "moreresults", NULL};
const char *const oa_total_words[] = {"total", "totalcount", "totalresults", "totalitems",
	"totalrecords", "totalelements", "totalsize", "count", "recordcount", "totalrows", NULL};
const char *const oa_pages_words[] = {"pages", "totalpages", "pagecount", "numpages", NULL};

int
oa_word_in(const char *name, const char *const *words)
{
	int			i;

	for (i = 0; words[i]; i++)
		if (oa_norm_eq(name, words[i]))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ tables */

static const char *const system_columns[] = {
	"tableoid", "xmin", "cmin", "xmax", "cmax", "ctid", NULL
};

int
oa_table_begin(OaTable *tb, OapiModel *m, const char *path, int max_columns)
{
	OapiArena  *a = m->arena;
	int			i;

	memset(tb, 0, sizeof(*tb));
	tb->model = m;
	tb->max_columns = max_columns;
	tb->tmp.options = oa_alloc(a, sizeof(OapiOption) * OA_TABLE_OPTIONS);
	for (i = 0; system_columns[i] != NULL; i++)
		if (nameset_add(a, &tb->column_names, system_columns[i]) != 0)
			return -1;
	if (tb->tmp.options == NULL || oa_table_option(tb, "path", path) != 0)
		return -1;
	return 0;
}

OapiColumn *
oa_add_column(OaTable *tb, const char *remote, size_t len, OapiType type,
			  int is_array, int ascii_only)
{
	OapiArena  *a = tb->model->arena;
	OapiColumn *c;
	const char *name;

	if (tb->tmp.ncolumns >= tb->max_columns)
		return NULL;
	if (grow(a, (void **) &tb->tmp.columns, &tb->column_cap, tb->tmp.ncolumns,
			 sizeof(OapiColumn)) != 0)
		return NULL;
	name = oa_make_name(a, &tb->column_names, remote, len, "column", ascii_only);
	if (name == NULL)
		return NULL;
	c = &tb->tmp.columns[tb->tmp.ncolumns];
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->type = type;
	c->is_array = is_array && type != OAPI_JSONB;
	c->options = oa_alloc(a, sizeof(OapiOption) * OA_COLUMN_OPTIONS);
	if (c->options == NULL)
		return NULL;
	if (strlen(name) != len || memcmp(name, remote, len) != 0)
	{
		char	   *r = oa_strndup(a, remote, len);

		if (r == NULL || oa_column_option(tb, c, "remote_name", r) != 0)
			return NULL;
	}
	tb->tmp.ncolumns++;
	return c;
}

int
oa_add_option(OapiArena *a, OapiOption *opts, int *n, int max,
			  const char *name, const char *value)
{
	int			i;

	if (value == NULL)
		return a->failed ? -1 : 0;
	for (i = 0; i < *n; i++)
		if (strcmp(opts[i].name, name) == 0)
			return 0;			/* the first one set wins */
	if (*n >= max)
		return 0;
	opts[*n].name = name;
	opts[*n].value = oa_strdup(a, value);
	if (opts[*n].value == NULL)
		return -1;
	(*n)++;
	return 0;
}

int
oa_table_option(OaTable *tb, const char *name, const char *value)
{
	return oa_add_option(tb->model->arena, tb->tmp.options, &tb->tmp.noptions,
						 OA_TABLE_OPTIONS, name, value);
}

int
oa_column_option(OaTable *tb, OapiColumn *c, const char *name, const char *value)
{
	return oa_add_option(tb->model->arena, c->options, &c->noptions,
						 OA_COLUMN_OPTIONS, name, value);
}

/* add the table to the model, once complete */
int
oa_table_commit(OaTable *tb)
{
	OapiModel  *m = tb->model;
	OapiArena  *a = m->arena;

	if (a->failed ||
		grow(a, (void **) &m->tables, &a->table_cap, m->ntables, sizeof(OapiTable)) != 0)
		return -1;
	m->tables[m->ntables] = tb->tmp;
	tb->t = &m->tables[m->ntables++];
	return 0;
}

/* ------------------------------------------------------------------- model */

OapiModel *
oapi_model_new(void)
{
	OapiArena	tmp;
	OapiArena  *a;
	OapiModel  *m;

	memset(&tmp, 0, sizeof(tmp));
	a = oa_alloc(&tmp, sizeof(OapiArena));
	if (a == NULL)
		return NULL;
	*a = tmp;
	m = oa_alloc(a, sizeof(OapiModel));
	if (m == NULL)
	{
		OaChunk    *c = a->chunks;

		/* a lives in c */
		free(c);
		return NULL;
	}
	m->arena = a;
	return m;
}

void
oapi_model_free(OapiModel *model)
{
	OaChunk    *c;

	if (model == NULL)
		return;
	c = model->arena->chunks;
	while (c != NULL)
	{
		OaChunk    *next = c->next;

		free(c);
		c = next;
	}
}

const char *
oapi_type_sql(OapiType type, int is_array)
{
	static const char *const names[][2] = {
		[OAPI_TEXT] = {"text", "text[]"},
		[OAPI_INT4] = {"integer", "integer[]"},
		[OAPI_INT8] = {"bigint", "bigint[]"},
		[OAPI_NUMERIC] = {"numeric", "numeric[]"},
		[OAPI_FLOAT8] = {"double precision", "double precision[]"},
		[OAPI_BOOL] = {"boolean", "boolean[]"},
		[OAPI_DATE] = {"date", "date[]"},
		[OAPI_TIMESTAMP] = {"timestamp without time zone", "timestamp without time zone[]"},
		[OAPI_TIMESTAMPTZ] = {"timestamp with time zone", "timestamp with time zone[]"},
		[OAPI_UUID] = {"uuid", "uuid[]"},
		[OAPI_JSONB] = {"jsonb", "jsonb"},
	};

	if ((int) type < 0 || type > OAPI_JSONB)
		return "jsonb";
	return names[type][is_array ? 1 : 0];
}

const char *
oapi_option(const OapiOption *options, int noptions, const char *name)
{
	int			i;

	for (i = 0; i < noptions; i++)
		if (strcmp(options[i].name, name) == 0)
			return options[i].value;
	return NULL;
}

/* --------------------------------------------------------------- documents */

/*
 * A document as jansson, or NULL with *rc -1 (err filled) or -2 (out of
 * memory).  JSON when the first non-blank byte is '{' or '[', else YAML.
 * JSON integers beyond 64 bits are read as reals rather than refused.
 */
json_t *
oa_load(const char *data, size_t len, const OapiLimits *lim, OapiError *err,
		int *rc)
{
	size_t		i = 0;
	json_t	   *root;

	*rc = -1;
	if (len > lim->max_document_bytes)
	{
		oa_set_error(err, NULL, "the document is larger than %zu bytes",
					 lim->max_document_bytes);
		return NULL;
	}
	/* a UTF-8 byte order mark is allowed before either */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < len && (data[i] == '{' || data[i] == '['))
	{
		json_error_t jerr;
		size_t		flags = JSON_DECODE_ANY | JSON_ALLOW_NUL;

		root = json_loadb(data + i, len - i, flags, &jerr);
		if (root == NULL && json_error_code(&jerr) == json_error_numeric_overflow)
			root = json_loadb(data + i, len - i, flags | JSON_DECODE_INT_AS_REAL, &jerr);
		if (root == NULL)
		{
			/* jansson leaves the text empty when its first allocation fails */
			if (json_error_code(&jerr) == json_error_out_of_memory || jerr.text[0] == '\0')
			{
				*rc = -2;
				snprintf(err->message, sizeof(err->message), "out of memory");
				err->where[0] = '\0';
				return NULL;
			}
			if (json_error_code(&jerr) == json_error_stack_overflow)
				snprintf(err->message, sizeof(err->message),
						 "the document is nested more than %d levels deep",
						 JSON_PARSER_MAX_DEPTH);
			else
				snprintf(err->message, sizeof(err->message), "invalid JSON: %s", jerr.text);
			snprintf(err->where, sizeof(err->where), "line %d, column %d",
					 jerr.line, jerr.column);
		}
		return root;
	}
	else
	{
		YamlJsonError yerr;

		root = yaml_json_load(data, len, lim->max_depth, lim->max_nodes, &yerr);
		if (root == NULL)
		{
			if (yerr.out_of_memory)
				*rc = -2;
			snprintf(err->message, sizeof(err->message), "%s", yerr.message);
			if (yerr.line > 0)
				snprintf(err->where, sizeof(err->where), "line %lu, column %lu",
						 yerr.line, yerr.column);
			else
				err->where[0] = '\0';
		}
		return root;
	}
}

/* the given limits, a zero field (or none given) meaning its default */
static void
set_limits(OapiLimits *lim, const OapiLimits *given)
{
	static const OapiLimits defaults = {
		64 * 1024 * 1024, 256, 4000000, 20000, 1600, 64, 50000000
	};

	*lim = defaults;
	if (given == NULL)
		return;
	if (given->max_document_bytes > 0)
		lim->max_document_bytes = given->max_document_bytes;
	if (given->max_depth > 0)
		lim->max_depth = given->max_depth;
	if (given->max_nodes > 0)
		lim->max_nodes = given->max_nodes;
	if (given->max_operations > 0)
		lim->max_operations = given->max_operations;
	if (given->max_columns > 0)
		lim->max_columns = given->max_columns;
	/* schemas merged at once are at most OA_MAX_ACTIVE: no deeper recursion */
	if (given->max_ref_hops > 0 && given->max_ref_hops < OA_MAX_ACTIVE)
		lim->max_ref_hops = given->max_ref_hops;
	if (given->max_steps > 0)
		lim->max_steps = given->max_steps;
}

int
oapi_parse_document(const char *data, size_t len, const OapiLimits *limits,
					OapiDocument **doc, OapiError *err)
{
	OapiDocument *d = malloc(sizeof(OapiDocument));
	int			rc;

	memset(err, 0, sizeof(*err));
	*doc = NULL;
	if (d == NULL)
	{
		snprintf(err->message, sizeof(err->message), "out of memory");
		return -2;
	}
	set_limits(&d->lim, limits);
	d->root = oa_load(data, len, &d->lim, err, &rc);
	if (d->root == NULL)
	{
		free(d);
		return rc;
	}
	*doc = d;
	return 0;
}

void
oapi_document_free(OapiDocument *doc)
{
	if (doc == NULL)
		return;
	json_decref(doc->root);
	free(doc);
}
