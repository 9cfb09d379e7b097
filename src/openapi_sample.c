/*-------------------------------------------------------------------------
 *
 * openapi_sample.c
 *	  A foreign table inferred from a sample response of a path, for APIs
 *	  that publish no description.
 *
 * The rows: rows_path when given; else the response itself if it is an
 * array; else the one array of objects found in the response object (up
 * to three levels down), preferring a usual name (data, items, results
 * ...) when there are several; else the object itself is one row.
 *
 * Columns: the union of the keys of the first max_rows rows, in the order
 * first seen.  Each column's type is the narrowest that holds every
 * non-null value: boolean; integer when all integers fit in 32 bits, else
 * bigint, else numeric; numeric for any fraction (convert.c reads the
 * number's text, so nothing is lost); uuid, date, timestamp (no zone) or
 * timestamptz when every string has that ISO 8601 form (dates mixed with
 * times make timestamps); an array of one scalar type -> its array type;
 * objects, empty arrays, mixed kinds and arrays of objects -> jsonb; only
 * nulls -> text.  With flatten, an object member becomes one column per
 * key of the objects (address.city -> address_city, json_path
 * 'address.city'), one level deep.
 *
 * Pagination hints, from the members beside the rows (and one level into
 * them): a next link (a string starting with http:, https: or /) gives
 * 'next_url'; a cursor token gives 'cursor', with cursor_param guessed
 * from the field's name (next_cursor -> cursor, nextPageToken ->
 * pageToken); a Link rel="next" header (opts->link_next) 'link_header';
 * json-server's integer "next" gives 'page'; has_more / total / pages
 * fields set has_more_path, total_path and page_count_path.  Every guess
 * is a note.
 *
 *-------------------------------------------------------------------------
 */
#include "openapi_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Infer
{
	long		nulls,
				bools,
				ints,
				reals,
				big,
				strings,
				arrays,
				objects;
	long long	min,
				max;
	long		uuids,
				dates,
				times,			/* timestamps without a zone */
				timestamptz;
	struct Infer *elems;		/* of the arrays */
} Infer;

typedef struct Key
{
	const char *key;			/* the API's spelling */
	size_t		keylen;
	Infer		inf;
	json_t	   *subkeys;		/* flatten: key -> index into subs */
	struct Key *subs;
	int			nsubs;
	int			subcap;
} Key;

static int
digits(const char *s, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
is_uuid(const char *s, size_t len)
{
	size_t		i;

	if (len != 36)
		return 0;
	for (i = 0; i < 36; i++)
	{
		char		ch = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23)
		{
			if (ch != '-')
				return 0;
		}
		else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
				   (ch >= 'A' && ch <= 'F')))
			return 0;
	}
	return 1;
}

/* YYYY-MM-DD */
static int
is_date(const char *s, size_t len)
{
	int			m,
				d;

	if (len < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
		!digits(s + 8, 2))
		return 0;
	m = (s[5] - '0') * 10 + s[6] - '0';
	d = (s[8] - '0') * 10 + s[9] - '0';
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/*
 * 0: not a date or time; 1: a date; 2: a timestamp without zone; 3: with
 * one (Z, +hh, +hh:mm, +hhmm).
 */
static int
time_kind(const char *s, size_t len)
{
	size_t		i = 10;

	if (!is_date(s, len))
		return 0;
	if (len == 10)
		return 1;
	if ((s[10] != 'T' && s[10] != ' ') || len < 16 || !digits(s + 11, 2) || s[13] != ':' ||
		!digits(s + 14, 2))
		return 0;
	i = 16;
	if (i < len && s[i] == ':')
	{
		if (i + 3 > len || !digits(s + i + 1, 2))
			return 0;
		i += 3;
		if (i < len && (s[i] == '.' || s[i] == ','))
		{
			i++;
			if (i >= len || !digits(s + i, 1))
				return 0;
			while (i < len && digits(s + i, 1))
				i++;
		}
	}
	if (i == len)
		return 2;
	if (s[i] == 'Z' && i + 1 == len)
		return 3;
	if (s[i] == '+' || s[i] == '-')
	{
		size_t		z = len - i - 1;

		if ((z == 2 && digits(s + i + 1, 2)) ||
			(z == 4 && digits(s + i + 1, 4)) ||
			(z == 5 && digits(s + i + 1, 2) && s[i + 3] == ':' && digits(s + i + 4, 2)))
			return 3;
	}
	return 0;
}

static void
infer_value(OapiArena *a, Infer *inf, json_t *v, int int_as_real)
{
	switch (json_typeof(v))
	{
		case JSON_NULL:
			inf->nulls++;
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			inf->bools++;
			break;
		case JSON_INTEGER:
			{
				long long	i = (long long) json_integer_value(v);

				if (inf->ints == 0 || i < inf->min)
					inf->min = i;
				if (inf->ints == 0 || i > inf->max)
					inf->max = i;
				inf->ints++;
				break;
			}
		case JSON_REAL:
			{
				double		d = json_real_value(v);

				/*
				 * Read with JSON_DECODE_INT_AS_REAL, since some integer was
				 * beyond 64 bits: integral values count as integers.
				 */
				if (int_as_real && d > -9.2e18 && d < 9.2e18 && d == (double) (long long) d)
				{
					long long	iv = (long long) d;

					if (inf->ints == 0 || iv < inf->min)
						inf->min = iv;
					if (inf->ints == 0 || iv > inf->max)
						inf->max = iv;
					inf->ints++;
				}
				else if (int_as_real && (d >= 9.2e18 || d <= -9.2e18))
					inf->big++;
				else
					inf->reals++;
				break;
			}
		case JSON_STRING:
			{
				const char *s = json_string_value(v);
				size_t		len = json_string_length(v);
				int			tk = time_kind(s, len);

				inf->strings++;
				inf->uuids += is_uuid(s, len);
				inf->dates += tk == 1;
				inf->times += tk == 2;
				inf->timestamptz += tk == 3;
				break;
			}
		case JSON_ARRAY:
			{
				size_t		i;

				inf->arrays++;
				if (inf->elems == NULL && (inf->elems = oa_alloc(a, sizeof(Infer))) == NULL)
					return;
				for (i = 0; i < json_array_size(v) && i < 1000; i++)
				{
					json_t	   *e = json_array_get(v, i);

					/* nested containers only count: the column is jsonb */
					if (json_is_array(e))
						inf->elems->arrays++;
					else if (json_is_object(e))
						inf->elems->objects++;
					else
						infer_value(a, inf->elems, e, int_as_real);
				}
				break;
			}
		case JSON_OBJECT:
			inf->objects++;
			break;
	}
}

static void
infer_type(const Infer *inf, OapiType *type, int *is_array)
{
	int			kinds = (inf->bools > 0) + (inf->ints + inf->reals + inf->big > 0) +
		(inf->strings > 0) + (inf->arrays > 0) + (inf->objects > 0);

	*is_array = 0;
	*type = OAPI_JSONB;
	if (kinds == 0)
		*type = OAPI_TEXT;
	else if (kinds > 1 || inf->objects > 0)
		*type = OAPI_JSONB;
	else if (inf->bools > 0)
		*type = OAPI_BOOL;
	else if (inf->reals > 0 || inf->big > 0)
		*type = OAPI_NUMERIC;
	else if (inf->ints > 0)
		*type = inf->min >= -2147483648LL && inf->max <= 2147483647LL ? OAPI_INT4 : OAPI_INT8;
	else if (inf->strings > 0)
	{
		if (inf->uuids == inf->strings)
			*type = OAPI_UUID;
		else if (inf->dates == inf->strings)
			*type = OAPI_DATE;
		else if (inf->dates + inf->times + inf->timestamptz == inf->strings)
			*type = inf->timestamptz > 0 ? OAPI_TIMESTAMPTZ : OAPI_TIMESTAMP;
		else
			*type = OAPI_TEXT;
	}
	else if (inf->arrays > 0 && inf->elems != NULL)
	{
		OapiType	et;
		int			ea;
		const Infer *e = inf->elems;

		if (e->arrays > 0 || e->objects > 0 || e->bools + e->ints + e->reals + e->big + e->strings == 0)
			return;
		infer_type(e, &et, &ea);
		if (et != OAPI_JSONB)
		{
			*type = et;
			*is_array = 1;
		}
	}
}

/* the Key for k in keys (name -> index), adding it; NULL when out of memory */
static Key *
get_key(OapiArena *a, json_t *index, Key **keys, int *nkeys, int *cap,
		const char *k, size_t klen, int max)
{
	json_t	   *i = json_object_get(index, k);

	if (i != NULL)
		return &(*keys)[json_integer_value(i)];
	if (*nkeys >= max)
		return NULL;
	if (*nkeys == *cap)
	{
		Key		   *nk = oa_alloc(a, sizeof(Key) * (size_t) (*cap ? *cap * 2 : 16));

		if (nk == NULL)
			return NULL;
		if (*nkeys > 0)
			memcpy(nk, *keys, sizeof(Key) * (size_t) *nkeys);
		*keys = nk;
		*cap = *cap ? *cap * 2 : 16;
	}
	if (json_object_set_new(index, k, json_integer(*nkeys)) != 0)
	{
		a->failed = 1;
		return NULL;
	}
	memset(&(*keys)[*nkeys], 0, sizeof(Key));
	(*keys)[*nkeys].key = oa_strndup(a, k, klen);
	(*keys)[*nkeys].keylen = klen;
	return &(*keys)[(*nkeys)++];
}

/* a dotted path through objects, or NULL */
static json_t *
walk_path(json_t *v, const char *path)
{
	while (v != NULL && *path)
	{
		const char *dot = strchr(path, '.');
		size_t		n = dot ? (size_t) (dot - path) : strlen(path);
		char		key[256];

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_is_object(v) ? json_object_get(v, key) : NULL;
		path += n + (dot != NULL);
	}
	return v;
}

static int
objects_array(json_t *v)
{
	return json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0));
}

typedef struct Found
{
	char		path[3][256];
	int			usual[3];
	int			n;
} Found;

static void
find_arrays(json_t *obj, const char *prefix, int depth, Found *fd)
{
	const char *k;
	json_t	   *v;

	json_object_foreach(obj, k, v)
	{
		char		p[256];

		if (strchr(k, '.') != NULL || strlen(k) + strlen(prefix) + 2 > sizeof(p))
			continue;
		if (oa_join(p, sizeof(p), prefix, ".", k) != 0)
			continue;
		if (objects_array(v))
		{
			if (fd->n < 3)
			{
				memcpy(fd->path[fd->n], p, sizeof(p));
				fd->usual[fd->n] = 0;
				fd->usual[fd->n] = oa_word_in(k, oa_rows_words);
			}
			fd->n++;
		}
		else if (json_is_object(v) && depth < 2)
			find_arrays(v, p, depth + 1, fd);
	}
}

/* ------------------------------------------------------------- pagination */

typedef struct Hints
{
	char		next_url[256];
	char		cursor[256];
	char		cursor_key[128];
	char		has_more[256];
	char		next_page[256];
	char		total[256];
	char		pages[256];
} Hints;

static void
hint(char *slot, size_t size, const char *prefix, const char *k)
{
	if (slot[0] == '\0')
		oa_join(slot, size, prefix, ".", k);
}

static void
find_hints(json_t *obj, const char *prefix, const char *skip, int depth, Hints *h)
{
	const char *k;
	json_t	   *v;

	json_object_foreach(obj, k, v)
	{
		if ((skip != NULL && strcmp(k, skip) == 0) || strchr(k, '.') != NULL ||
			strlen(k) + strlen(prefix) + 2 > 200)
			continue;
		if (json_is_string(v) && (oa_word_in(k, oa_next_words) || oa_word_in(k, oa_cursor_field_words)))
		{
			const char *s = json_string_value(v);

			if (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
				s[0] == '/' || s[0] == '?')
				hint(h->next_url, sizeof(h->next_url), prefix, k);
			else if (s[0] != '\0' && h->cursor[0] == '\0')
			{
				hint(h->cursor, sizeof(h->cursor), prefix, k);
				snprintf(h->cursor_key, sizeof(h->cursor_key), "%s", k);
			}
		}
		else if (json_is_boolean(v) && oa_word_in(k, oa_has_more_words))
			hint(h->has_more, sizeof(h->has_more), prefix, k);
		else if (json_is_integer(v) && oa_norm_eq(k, "next"))
			hint(h->next_page, sizeof(h->next_page), prefix, k);
		else if (json_is_integer(v) && (oa_word_in(k, oa_total_words) || oa_norm_eq(k, "items")))
			hint(h->total, sizeof(h->total), prefix, k);
		else if (json_is_integer(v) && oa_word_in(k, oa_pages_words))
			hint(h->pages, sizeof(h->pages), prefix, k);
		else if (json_is_object(v) && depth == 0)
		{
			char		p[256];
			json_t	   *href = json_object_get(json_object_get(v, "next"), "href");

			if (oa_join(p, sizeof(p), "", "", k) != 0)
				continue;
			if (json_is_string(href))
			{
				char		np[256];

				if (oa_join(np, sizeof(np), k, ".", "next") == 0)
					hint(h->next_url, sizeof(h->next_url), np, "href");
			}
			find_hints(v, p, NULL, 1, h);
		}
	}
}

/* next_cursor -> cursor, nextPageToken -> pageToken, next -> cursor */
static void
guess_cursor_param(const char *key, char *out, size_t size)
{
	const char *k = key;

	if (strncmp(k, "next_", 5) == 0 || strncmp(k, "next-", 5) == 0)
		k += 5;
	else if (strncmp(k, "next", 4) == 0 && k[4] >= 'A' && k[4] <= 'Z')
	{
		char		first[2] = {(char) (k[4] - 'A' + 'a'), '\0'};

		if (oa_join(out, size, first, "", k + 5) != 0)
			oa_join(out, size, "", "", "cursor");
		return;
	}
	if (oa_join(out, size, "", "", (k[0] == '\0' || strcmp(k, "next") == 0) ? "cursor" : k) != 0)
		oa_join(out, size, "", "", "cursor");
}

static int
add_hints(OaTable *tb, json_t *wrapper, const char *rows_top, const OapiSampleOptions *o,
		  const char *what)
{
	OapiModel  *m = tb->model;
	Hints		h;
	const char *style = NULL;
	int			r = 0;

	memset(&h, 0, sizeof(h));
	if (wrapper != NULL)
		find_hints(wrapper, "", rows_top, 0, &h);
	if (o->link_next)
		style = "link_header";
	else if (h.next_url[0])
	{
		style = "next_url";
		r |= oa_table_option(tb, "cursor_path", h.next_url);
	}
	else if (h.cursor[0])
	{
		char		param[128];

		guess_cursor_param(h.cursor_key, param, sizeof(param));
		style = "cursor";
		r |= oa_table_option(tb, "cursor_path", h.cursor);
		r |= oa_table_option(tb, "cursor_param", param);
		oa_note(m, OAPI_NOTE_GUESSED, NULL, what,
				"cursor_param '%s' guessed from the field \"%s\": check the API's documentation",
				param, h.cursor);
	}
	else if (h.next_page[0])
	{
		style = "page";
		r |= oa_table_option(tb, "has_more_path", h.next_page);
		oa_note(m, OAPI_NOTE_GUESSED, NULL, what,
				"the page number parameter is assumed to be 'page' (page_param)");
	}
	if (style == NULL)
	{
		if (h.total[0] || h.has_more[0] || h.pages[0])
			oa_note(m, OAPI_NOTE_SKIPPED, NULL, what,
					"the response has paging fields (%s) but nothing says how to ask for the next page",
					h.total[0] ? h.total : h.has_more[0] ? h.has_more : h.pages);
		return r;
	}
	r |= oa_table_option(tb, "pagination", style);
	if (h.has_more[0])
		r |= oa_table_option(tb, "has_more_path", h.has_more);
	if (strcmp(style, "page") == 0 && h.total[0])
		r |= oa_table_option(tb, "total_path", h.total);
	if (strcmp(style, "page") == 0 && h.pages[0])
		r |= oa_table_option(tb, "page_count_path", h.pages);
	oa_note(m, OAPI_NOTE_GUESSED, NULL, what, "pagination '%s' from the response", style);
	return r;
}

/* ------------------------------------------------------------------ infer */

static int
flattenable(const Key *k)
{
	const Infer *i = &k->inf;

	return i->objects > 0 && i->bools + i->ints + i->reals + i->big + i->strings + i->arrays == 0 &&
		k->nsubs > 0 && k->subkeys != NULL;
}

static int
add_key_column(OaTable *tb, const Key *k, const char *parent, const char *what)
{
	OapiType	type;
	int			is_array;
	OapiColumn *col;
	char		field[200];

	infer_type(&k->inf, &type, &is_array);
	if (parent == NULL)
		col = oa_add_column(tb, k->key, k->keylen, type, is_array, 0);
	else
	{
		char	   *raw = oa_printf(tb->model->arena, "%s_%s", parent, k->key);
		char	   *path = oa_printf(tb->model->arena, "%s.%s", parent, k->key);

		if (raw == NULL || path == NULL)
			return -1;
		col = oa_add_column(tb, raw, strlen(raw), type, is_array, 0);
		if (col != NULL)
		{
			col->noptions = 0;	/* no remote_name: json_path says where */
			if (oa_column_option(tb, col, "json_path", path) != 0)
				return -1;
		}
	}
	if (col == NULL && !tb->model->arena->failed)
	{
		snprintf(field, sizeof(field), "%s: field \"%.100s\"", what, k->key);
		oa_note(tb->model, OAPI_NOTE_SKIPPED, NULL, field, "the table already has %d columns",
				tb->max_columns);
		return 0;
	}
	return col == NULL ? -1 : 0;
}

int
oapi_sample_add(OapiModel *m, const char *path, const char *body, size_t len,
				const OapiSampleOptions *opts, OapiError *err)
{
	OapiArena  *a = m->arena;
	OapiSampleOptions o;
	json_t	   *root;
	json_t	   *rows;
	json_t	   *index = NULL;
	json_error_t jerr;
	size_t		i = 0;
	int			int_as_real = 0;
	int			too_many = 0;
	long		not_objects = 0;
	const char *rows_path = "";
	const char *rows_top = NULL;
	char		top_buf[256];
	Key		   *keys = NULL;
	int			nkeys = 0,
				cap = 0;
	OaTable		tb;
	const char *q = strchr(path, '?');
	const char *what;
	const char *base;
	int			rc = -1;
	int			r;
	int			j;

	memset(err, 0, sizeof(*err));
	memset(&o, 0, sizeof(o));
	if (opts != NULL)
		o = *opts;
	if (o.max_rows <= 0)
		o.max_rows = 1000;
	if (o.max_columns <= 0)
		o.max_columns = 1600;
	if (o.max_bytes == 0)
		o.max_bytes = 64 * 1024 * 1024;
	if (len > o.max_bytes)
	{
		oa_set_error(err, NULL, "the response of %.200s is larger than %zu bytes", path, o.max_bytes);
		return -1;
	}
	if (strchr(path, '{') != NULL)
	{
		oa_set_error(err, NULL, "the path %.200s has a {placeholder}: sample a path with its values",
					 path);
		return -1;
	}
	while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
		i++;
	if (i == len || (body[i] != '{' && body[i] != '['))
	{
		oa_set_error(err, NULL, "the response of %.200s is not a JSON object or array", path);
		return -1;
	}
	root = json_loadb(body + i, len - i, JSON_ALLOW_NUL, &jerr);
	if (root == NULL && json_error_code(&jerr) == json_error_numeric_overflow)
	{
		root = json_loadb(body + i, len - i, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &jerr);
		int_as_real = 1;
	}
	if (root == NULL)
	{
		/* jansson leaves the text empty when its first allocation fails */
		if (json_error_code(&jerr) == json_error_out_of_memory || jerr.text[0] == '\0')
		{
			snprintf(err->message, sizeof(err->message), "out of memory");
			return -2;
		}
		snprintf(err->message, sizeof(err->message), "invalid JSON in the response of %.60s: %.150s",
				 path, jerr.text);
		snprintf(err->where, sizeof(err->where), "line %d, column %d", jerr.line, jerr.column);
		return -1;
	}

	/* the rows */
	if (o.rows_path != NULL && o.rows_path[0])
	{
		rows = walk_path(root, o.rows_path);
		rows_path = o.rows_path;
		if (!json_is_array(rows) && !json_is_object(rows))
		{
			oa_set_error(err, NULL, "rows_path '%.100s' names no array or object in the response of %.100s",
						 o.rows_path, path);
			goto done;
		}
	}
	else if (json_is_array(root))
		rows = root;
	else
	{
		Found		fd;
		int			chosen = -1;
		int			nusual = 0;

		memset(&fd, 0, sizeof(fd));
		find_arrays(root, "", 0, &fd);
		for (j = 0; j < fd.n && j < 3; j++)
			nusual += fd.usual[j];
		if (fd.n == 1)
			chosen = 0;
		else if (fd.n > 1 && fd.n <= 3 && nusual == 1)
			for (j = 0; j < fd.n; j++)
				if (fd.usual[j])
					chosen = j;
		if (fd.n > 1 && chosen < 0)
		{
			oa_set_error(err, NULL,
						 "the response of %.100s holds several arrays of objects (%s, %s%s): give rows_path",
						 path, fd.path[0], fd.path[1], fd.n > 2 ? ", ..." : "");
			goto done;
		}
		if (chosen >= 0)
		{
			rows_path = oa_strdup(a, fd.path[chosen]);
			snprintf(top_buf, sizeof(top_buf), "%s", fd.path[chosen]);
			if (strchr(top_buf, '.'))
				*strchr(top_buf, '.') = '\0';
			rows_top = top_buf;
			rows = walk_path(root, rows_path);
		}
		else
			rows = root;		/* one object, one row */
	}

	/* the union of the rows' keys */
	index = yaml_json_object();
	if (index == NULL)
		a->failed = 1;
	for (i = 0; !a->failed && i < (json_is_array(rows) ? json_array_size(rows) : 1) &&
		 i < (size_t) o.max_rows; i++)
	{
		json_t	   *row = json_is_array(rows) ? json_array_get(rows, i) : rows;
		const char *k;
		json_t	   *v;

		if (!json_is_object(row))
		{
			not_objects++;
			continue;
		}
		json_object_foreach(row, k, v)
		{
			Key		   *key;
			size_t		klen = strlen(k);

			if (klen == 0)
				continue;
			key = get_key(a, index, &keys, &nkeys, &cap, k, klen, o.max_columns);
			if (key == NULL)
			{
				too_many = !a->failed;
				break;
			}
			infer_value(a, &key->inf, v, int_as_real);
			if (o.flatten && json_is_object(v))
			{
				const char *k2;
				json_t	   *v2;

				if (key->subkeys == NULL && (key->subkeys = yaml_json_object()) == NULL)
					a->failed = 1;
				json_object_foreach(v, k2, v2)
				{
					Key		   *sub;
					size_t		k2len = strlen(k2);

					if (k2len == 0 || strchr(k2, '.') != NULL ||
						strspn(k2, "0123456789") == k2len || key->subkeys == NULL)
						continue;
					sub = get_key(a, key->subkeys, &key->subs, &key->nsubs, &key->subcap,
								  k2, k2len, o.max_columns);
					if (sub == NULL)
						break;
					infer_value(a, &sub->inf, v2, int_as_real);
				}
			}
		}
	}
	if (a->failed)
		goto done;
	if (nkeys == 0)
	{
		oa_set_error(err, NULL, "the response of %.100s has no rows with fields to infer columns from",
					 path);
		goto done;
	}

	/* the table */
	what = oa_strdup(a, path);
	base = q ? oa_strndup(a, path, (size_t) (q - path)) : path;
	if (what == NULL || base == NULL ||
		oa_table_begin(&tb, m, base, o.max_columns) != 0 ||
		(q != NULL && q[1] && oa_table_option(&tb, "query", q + 1) != 0) ||
		(rows_path[0] && oa_table_option(&tb, "rows_path", rows_path) != 0))
		goto done;
	for (j = 0; j < nkeys; j++)
	{
		Key		   *k = &keys[j];

		if (o.flatten && strchr(k->key, '.') == NULL && flattenable(k))
		{
			int			s;

			for (s = 0; s < k->nsubs; s++)
				if (add_key_column(&tb, &k->subs[s], k->key, what) != 0)
					goto done;
		}
		else if (add_key_column(&tb, k, NULL, what) != 0)
			goto done;
	}
	if (not_objects > 0)
		oa_note(m, OAPI_NOTE_SKIPPED, NULL, what,
				"%ld of the sampled rows are not objects and were not looked at", not_objects);
	if (too_many)
		oa_note(m, OAPI_NOTE_SKIPPED, NULL, what,
				"the rows have more than %d fields: the others are left out", o.max_columns);
	r = add_hints(&tb, json_is_object(root) && rows != root ? root : NULL, rows_top, &o, what);
	tb.tmp.name = oa_table_name_from_path(m, base);
	tb.tmp.source = what;
	tb.tmp.where = "";
	if (r != 0 || tb.tmp.name == NULL || oa_table_commit(&tb) != 0)
		goto done;
	rc = 0;

done:
	for (j = 0; j < nkeys; j++)
		json_decref(keys[j].subkeys);
	json_decref(index);
	json_decref(root);
	if (a->failed)
	{
		snprintf(err->message, sizeof(err->message), "out of memory");
		err->where[0] = '\0';
		return -2;
	}
	return rc;
}

/*
 * The next path of a sample's list of paths (the paths option), cut out
 * of the list in place.  Paths are separated by commas; since a query may
 * hold a comma of its own (/items?fields=a,b), a comma that belongs to a
 * path is written "\," and a backslash "\\" (URLs have no backslashes, so
 * nothing else is lost).  Blanks around a path are dropped.  *cursor
 * starts at the list; NULL is returned once the list is read.  An empty
 * entry ("/a,,/b", or a trailing comma) is returned as "".
 */
char *
oapi_next_path(char **cursor)
{
	char	   *s = *cursor;
	char	   *start;
	char	   *out;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	start = out = s;
	for (;;)
	{
		if (*s == '\\' && (s[1] == ',' || s[1] == '\\'))
		{
			*out++ = s[1];
			s += 2;
		}
		else if (*s == ',')
		{
			*cursor = s + 1;
			break;
		}
		else if (*s == '\0')
		{
			*cursor = NULL;
			break;
		}
		else
			*out++ = *s++;
	}
	while (out > start && (out[-1] == ' ' || out[-1] == '\t' ||
						   out[-1] == '\n' || out[-1] == '\r'))
		out--;
	*out = '\0';
	return start;
}
