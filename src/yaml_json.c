/*-------------------------------------------------------------------------
 *
 * yaml_json.c
 *	  One YAML document into a jansson tree, with bounded depth and size.
 *
 * See yaml_json.h for the contract.  libyaml's own document loader is not
 * used: it builds the whole node graph before anything can be checked and
 * resolves aliases by sharing nodes, which would let a recursive alias make
 * a cycle.  Building from events lets every limit apply as the bytes are
 * read.
 *
 *-------------------------------------------------------------------------
 */
#include "yaml_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

typedef struct Frame
{
	json_t	   *value;			/* the object or array being built */
	char	   *key;			/* pending key of a mapping, malloc'd */
	size_t		keylen;
	int			key_is_merge;	/* the pending key is a plain "<<" */
	long		nodes;			/* nodes in this value so far */
	char	   *anchor;			/* its anchor, malloc'd, or NULL */
} Frame;

typedef struct Builder
{
	Frame	   *stack;
	int			depth;
	int			max_depth;
	long		nodes;
	long		max_nodes;
	json_t	   *root;
	json_t	   *anchors;		/* name -> [value, node count] */
	YamlJsonError *err;
	const yaml_mark_t *mark;
} Builder;

static void
set_error(Builder *b, const char *message)
{
	b->err->out_of_memory = 0;
	b->err->line = b->mark ? (unsigned long) b->mark->line + 1 : 0;
	b->err->column = b->mark ? (unsigned long) b->mark->column + 1 : 0;
	snprintf(b->err->message, sizeof(b->err->message), "%s", message);
}

static void
set_oom(Builder *b)
{
	set_error(b, "out of memory");
	b->err->out_of_memory = 1;
}

static int
count_nodes(Builder *b, long n)
{
	if (n > b->max_nodes - b->nodes)
	{
		char		msg[120];

		snprintf(msg, sizeof(msg),
				 "the document has more than %ld values (aliases counted expanded)",
				 b->max_nodes);
		set_error(b, msg);
		return -1;
	}
	b->nodes += n;
	return 0;
}

static int
is_digits(const char *s, size_t len, const char *set)
{
	size_t		i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (strchr(set, s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

/* YAML 1.2 core schema float: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
static int
is_float(const char *s, size_t len)
{
	size_t		i = 0;
	size_t		intd = 0;
	size_t		fracd = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, intd++;
	if (i < len && s[i] == '.')
	{
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, fracd++;
	}
	if (intd == 0 && fracd == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E'))
	{
		size_t		expd = 0;

		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, expd++;
		if (expd == 0)
			return 0;
	}
	return i == len;
}

/* a plain scalar's value under the core schema; NULL only when out of memory */
static json_t *
resolve_plain(const char *s, size_t len)
{
	const char *d = s;
	size_t		dlen = len;
	int			base = 10;

	if (len == 0 || (len == 1 && s[0] == '~') ||
		(len == 4 && (strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
					  strcmp(s, "NULL") == 0)))
		return json_null();
	if (len == 4 && (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
					 strcmp(s, "TRUE") == 0))
		return json_true();
	if (len == 5 && (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
					 strcmp(s, "FALSE") == 0))
		return json_false();

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
	{
		base = s[1] == 'x' ? 16 : 8;
		d = s + 2;
		dlen = len - 2;
	}
	else if (len > 1 && (s[0] == '-' || s[0] == '+'))
	{
		d = s + 1;
		dlen = len - 1;
	}
	if (is_digits(d, dlen, base == 16 ? "0123456789abcdefABCDEF" :
				  base == 8 ? "01234567" : "0123456789") &&
		strlen(s) == len)
	{
		long long	v;
		char	   *end;

		errno = 0;
		v = strtoll(base == 10 ? s : d, &end, base);
		if (errno == 0 && *end == '\0')
			return json_integer((json_int_t) v);
		/* too big for 64 bits: fall through to a real, as JSON would */
	}
	if (base == 10 && is_float(s, len) && strlen(s) == len)
	{
		double		v;

		errno = 0;
		v = strtod(s, NULL);
		/* JSON has no infinity: an overflowing float stays a string */
		if (errno != ERANGE || v == 0.0)
			return json_real(v);
	}
	return json_stringn(s, len);
}

static json_t *
scalar_value(const yaml_event_t *ev)
{
	const char *s = (const char *) ev->data.scalar.value;
	size_t		len = ev->data.scalar.length;
	const char *tag = (const char *) ev->data.scalar.tag;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
		(tag != NULL && strcmp(tag, "tag:yaml.org,2002:str") == 0) ||
		(tag != NULL && strcmp(tag, "!") == 0))
		return json_stringn(s, len);
	return resolve_plain(s, len);
}

static int
register_anchor(Builder *b, const char *name, json_t *value, long nodes)
{
	json_t	   *pair = json_array();

	if (pair == NULL || json_array_append(pair, value) != 0 ||
		json_array_append_new(pair, json_integer(nodes)) != 0)
	{
		json_decref(pair);
		set_oom(b);
		return -1;
	}
	/* json_object_set_new() drops pair when it fails */
	if (json_object_set_new(b->anchors, name, pair) != 0)
	{
		set_oom(b);
		return -1;
	}
	return 0;
}

static char *
copy_string(const char *s)
{
	size_t		len = strlen(s);
	char	   *r = malloc(len + 1);

	if (r != NULL)
		memcpy(r, s, len + 1);
	return r;
}

static int
merge_into(Builder *b, json_t *dst, json_t *src)
{
	const char *k;
	json_t	   *v;

	if (!json_is_object(src))
	{
		set_error(b, "the merge key \"<<\" needs a mapping or a sequence of mappings");
		return -1;
	}
	if (count_nodes(b, (long) json_object_size(src)) != 0)
		return -1;
	json_object_foreach(src, k, v)
	{
		if (json_object_get(dst, k) == NULL && json_object_set(dst, k, v) != 0)
		{
			set_oom(b);
			return -1;
		}
	}
	return 0;
}

/*
 * Attach a finished value (a new reference, stolen) to the open container
 * or make it the root.  nodes is what it counts.
 */
static int
add_value(Builder *b, json_t *value, long nodes)
{
	Frame	   *f;
	int			r;

	if (value == NULL)
	{
		set_oom(b);
		return -1;
	}
	if (b->depth == 0)
	{
		b->root = value;
		return 0;
	}
	f = &b->stack[b->depth - 1];
	f->nodes += nodes;
	if (json_is_array(f->value))
	{
		if (json_array_append_new(f->value, value) != 0)
		{
			set_oom(b);
			return -1;
		}
		return 0;
	}
	if (f->key == NULL)
	{
		/* a key: only scalars (or aliases of strings) can be keys */
		if (!json_is_string(value))
		{
			json_decref(value);
			set_error(b, "a mapping key is not a string (complex and aliased keys are not supported)");
			return -1;
		}
		f->keylen = json_string_length(value);
		/* jansson before 2.14 (Debian 11's) has no keys of a given length */
		if (memchr(json_string_value(value), '\0', f->keylen) != NULL)
		{
			json_decref(value);
			set_error(b, "a mapping key contains a NUL character");
			return -1;
		}
		f->key = malloc(f->keylen + 1);
		if (f->key == NULL)
		{
			json_decref(value);
			set_oom(b);
			return -1;
		}
		memcpy(f->key, json_string_value(value), f->keylen + 1);
		json_decref(value);
		return 0;
	}
	if (f->key_is_merge)
	{
		size_t		i;

		r = 0;
		if (json_is_array(value))
		{
			for (i = 0; i < json_array_size(value) && r == 0; i++)
				r = merge_into(b, f->value, json_array_get(value, i));
		}
		else
			r = merge_into(b, f->value, value);
		json_decref(value);
	}
	else
	{
		r = json_object_set_new(f->value, f->key, value);
		if (r != 0)
			set_oom(b);
	}
	free(f->key);
	f->key = NULL;
	f->key_is_merge = 0;
	return r;
}

static int
push_container(Builder *b, json_t *value, const yaml_char_t *anchor)
{
	Frame	   *f;

	if (value == NULL)
	{
		set_oom(b);
		return -1;
	}
	if (b->depth >= b->max_depth)
	{
		char		msg[80];

		json_decref(value);
		snprintf(msg, sizeof(msg), "the document is nested more than %d levels deep",
				 b->max_depth);
		set_error(b, msg);
		return -1;
	}
	if (count_nodes(b, 1) != 0)
	{
		json_decref(value);
		return -1;
	}
	f = &b->stack[b->depth];
	memset(f, 0, sizeof(*f));
	f->value = value;
	f->nodes = 1;
	if (anchor != NULL && (f->anchor = copy_string((const char *) anchor)) == NULL)
	{
		json_decref(value);
		set_oom(b);
		return -1;
	}
	b->depth++;
	return 0;
}

static int
pop_container(Builder *b)
{
	Frame		f = b->stack[--b->depth];
	int			r = 0;

	free(f.key);
	if (f.anchor != NULL)
	{
		r = register_anchor(b, f.anchor, f.value, f.nodes);
		free(f.anchor);
	}
	if (r != 0)
	{
		json_decref(f.value);
		return -1;
	}
	return add_value(b, f.value, f.nodes);
}

static int
handle_event(Builder *b, const yaml_event_t *ev)
{
	switch (ev->type)
	{
		case YAML_SCALAR_EVENT:
			{
				json_t	   *v;
				Frame	   *f = b->depth > 0 ? &b->stack[b->depth - 1] : NULL;

				if (count_nodes(b, 1) != 0)
					return -1;
				/* a plain "<<" in key position is the merge key */
				if (f != NULL && json_is_object(f->value) && f->key == NULL &&
					ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
					ev->data.scalar.length == 2 &&
					memcmp(ev->data.scalar.value, "<<", 2) == 0)
				{
					if (add_value(b, json_string("<<"), 1) != 0)
						return -1;
					f->key_is_merge = 1;
					return 0;
				}
				/* keys are strings whatever they look like */
				if (f != NULL && json_is_object(f->value) && f->key == NULL)
					v = json_stringn((const char *) ev->data.scalar.value,
									 ev->data.scalar.length);
				else
					v = scalar_value(ev);
				if (v == NULL)
				{
					set_oom(b);
					return -1;
				}
				if (ev->data.scalar.anchor != NULL &&
					register_anchor(b, (const char *) ev->data.scalar.anchor, v, 1) != 0)
				{
					json_decref(v);
					return -1;
				}
				return add_value(b, v, 1);
			}
		case YAML_ALIAS_EVENT:
			{
				json_t	   *pair = json_object_get(b->anchors,
												   (const char *) ev->data.alias.anchor);
				long		n;

				if (pair == NULL)
				{
					set_error(b, "an alias names an anchor that is not defined before it (or is recursive)");
					return -1;
				}
				n = (long) json_integer_value(json_array_get(pair, 1));
				if (count_nodes(b, n) != 0)
					return -1;
				return add_value(b, json_incref(json_array_get(pair, 0)), n);
			}
		case YAML_SEQUENCE_START_EVENT:
			return push_container(b, json_array(), ev->data.sequence_start.anchor);
		case YAML_MAPPING_START_EVENT:
			return push_container(b, yaml_json_object(), ev->data.mapping_start.anchor);
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			return pop_container(b);
		default:
			return 0;
	}
}

json_t *
yaml_json_object(void)
{
	return json_pack("{}");
}

json_t *
yaml_json_load(const char *data, size_t len, int max_depth, long max_nodes,
			   YamlJsonError *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	Builder		b;
	int			docs = 0;
	int			done = 0;
	int			failed = 0;

	memset(err, 0, sizeof(*err));
	memset(&b, 0, sizeof(b));
	b.err = err;
	b.max_depth = max_depth > 0 ? max_depth : 1;
	b.max_nodes = max_nodes > 0 ? max_nodes : 1;
	b.stack = malloc(sizeof(Frame) * (size_t) b.max_depth);
	b.anchors = yaml_json_object();
	if (b.stack == NULL || b.anchors == NULL || !yaml_parser_initialize(&parser))
	{
		free(b.stack);
		json_decref(b.anchors);
		set_oom(&b);
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *) data, len);

	while (!done && !failed)
	{
		if (!yaml_parser_parse(&parser, &ev))
		{
			if (parser.error == YAML_MEMORY_ERROR)
				set_oom(&b);
			else
			{
				char		msg[160];

				snprintf(msg, sizeof(msg), "invalid YAML: %s%s%s",
						 parser.problem ? parser.problem : "syntax error",
						 parser.context ? " " : "",
						 parser.context ? parser.context : "");
				b.mark = &parser.problem_mark;
				set_error(&b, msg);
			}
			failed = 1;
			break;
		}
		b.mark = &ev.start_mark;
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1)
		{
			set_error(&b, "the stream holds more than one YAML document");
			failed = 1;
		}
		else if (ev.type == YAML_STREAM_END_EVENT)
			done = 1;
		else if (handle_event(&b, &ev) != 0)
			failed = 1;
		b.mark = NULL;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);

	while (b.depth > 0)
	{
		Frame	   *f = &b.stack[--b.depth];

		json_decref(f->value);
		free(f->key);
		free(f->anchor);
	}
	free(b.stack);
	json_decref(b.anchors);
	if (!failed && b.root == NULL)
	{
		set_error(&b, "the YAML stream holds no document");
		failed = 1;
	}
	if (failed)
	{
		json_decref(b.root);
		return NULL;
	}
	return b.root;
}
