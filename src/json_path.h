/*-------------------------------------------------------------------------
 *
 * json_path.h
 *	  The paths of rows_path and the options read beside the rows: their
 *	  syntax, how they relate to each other, and which segment matches
 *	  which member or element of the response.
 *
 * A path is segments joined by dots (doc/options.md, "Paths in the
 * response"):
 *
 *		key		the member of that name of an object, compared byte-wise
 *				with the key's raw bytes between its quotes
 *		digits	the element at that position of an array (from 0); in an
 *				object, the member of that name
 *		*		every element of an array
 *
 * "" is the top-level value.  json_stream.c drives the matching with these
 * segments; option.c checks a path's syntax with json_path_check(); the
 * scan resolves a column's json_path '^...' against rows_path with
 * json_path_climb().
 *
 * Plain C99 with no PostgreSQL dependency and no allocation: segments
 * point into the caller's copy of the text.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JSON_PATH_H
#define JSON_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* paths with more segments are rejected by json_path_check() */
#define JSON_PATH_MAX_SEGS	64

/* no array index: the segment is not all digits, or too large for one */
#define JSON_PATH_NO_INDEX	UINT32_MAX

typedef enum JsonPathSegKind
{
	JSON_PATH_KEY,				/* an object member only */
	JSON_PATH_INDEX,			/* digits: an array element, or a member */
	JSON_PATH_WILD				/* "*": every array element */
} JsonPathSegKind;

typedef struct JsonPathSeg
{
	const char *str;			/* the segment's text, not terminated */
	uint32_t	len;
	uint8_t		kind;			/* JsonPathSegKind */
	uint32_t	index;			/* JSON_PATH_INDEX: the position */
} JsonPathSeg;

/* How many segments json_path_split() makes of text (0 for ""). */
extern int	json_path_count(const char *text);

/*
 * Split text into segs (json_path_count(text) of them); the segments point
 * into text, which must outlive them.  Returns the number of segments.
 */
extern int	json_path_split(const char *text, JsonPathSeg *segs);

/*
 * Is text a well-formed path?  NULL if so, else why not, as the end of a
 * sentence ("has an empty segment").  "" (the top-level value) is
 * well-formed.
 */
extern const char *json_path_check(const char *text);

/* Does segment seg match an object member whose raw key is key[0..len)? */
static inline bool
json_path_seg_key(const JsonPathSeg *seg, const char *key, size_t len)
{
	return seg->kind != JSON_PATH_WILD && seg->len == len &&
		memcmp(seg->str, key, len) == 0;
}

/* Does segment seg match element number index of an array? */
static inline bool
json_path_seg_element(const JsonPathSeg *seg, uint32_t index)
{
	return seg->kind == JSON_PATH_WILD ||
		(seg->kind == JSON_PATH_INDEX && seg->index == index);
}

/*
 * Can one path and the other meet: is one a path to the value at the other
 * or inside it, for some response?  ("" meets every path.)  A value read
 * beside the rows must not meet rows_path: it would hold the rows or lie
 * within them.
 */
extern bool json_path_meets(const JsonPathSeg *a, int na,
							const JsonPathSeg *b, int nb);

/*
 * The number of leading segments of path that are also rows_path's, up to
 * and including the last "*" among them; 0 if they share no "*".  A value
 * at path belongs to one element of that "*": the rows within the same
 * element are the ones it goes with.
 */
extern int	json_path_shared_wild(const JsonPathSeg *rows, int nrows,
								  const JsonPathSeg *path, int npath);

/*
 * Matching a set of paths against a document as it is scanned.  The scanner
 * reports the structure around the values it meets: a key of the object at
 * depth d (d containers open, the object the innermost), the start of an
 * element of the array at depth d, a container closing back to depth d.
 * A path whose value is about to start is then "pending": PARTIAL when the
 * value is on the path, TARGET when it is the value at the path; the
 * scanner resolves these when the value starts (json_path_step() for
 * PARTIAL) and resets npending.  Only paths whose status is WAITING match;
 * the scanner sets the other statuses.
 */
typedef enum JsonPathStatus
{
	JSON_PATH_DISABLED,			/* can never match */
	JSON_PATH_WAITING,			/* may match (again) */
	JSON_PATH_ACTIVE,			/* a capture: inside its value */
	JSON_PATH_READY,			/* a capture: value complete, not reported */
	JSON_PATH_DONE				/* matched, and not looked for again */
} JsonPathStatus;

typedef enum JsonPathPending
{
	JSON_PATH_NONE,
	JSON_PATH_PARTIAL,			/* the next value is on the path */
	JSON_PATH_TARGET			/* the next value is the one at the path */
} JsonPathPending;

typedef struct JsonPathMatch
{
	const char *text;			/* the path, for messages */
	JsonPathSeg *segs;
	int			nsegs;
	int			first_wild;		/* segment of the first "*", or -1 */
	bool		wild;			/* has a "*": may match again and again */
	uint8_t		status;			/* JsonPathStatus */
	uint8_t		pending;		/* JsonPathPending */
	int			reach;			/* the outermost "reach" open containers are
								 * the containers along this path */
} JsonPathMatch;

typedef struct JsonPathSet
{
	JsonPathMatch *paths;
	int			npaths;
	int			npending;		/* paths with a pending match */
	size_t		max_seglen;		/* longer keys match no path */
	int			max_nsegs;		/* arrays deeper match no path */
	uint32_t	elements[JSON_PATH_MAX_SEGS];	/* per array depth: elements
												 * begun */
} JsonPathSet;

/*
 * Set up paths[0..npaths) from texts (which must outlive them), their
 * segments in segs (json_path_count() of each text, in turn), all WAITING.
 */
extern void json_path_set_init(JsonPathSet *set, JsonPathMatch *paths,
							   int npaths, const char *const *texts,
							   JsonPathSeg *segs);

/* The top-level value is about to be scanned: every WAITING path's. */
extern void json_path_set_start(JsonPathSet *set);

/* A key of the object at depth d: the raw bytes between its quotes. */
extern void json_path_key(JsonPathSet *set, int d, const char *key, size_t len);

/* An element of the array at depth d begins (not a row: rows are on no path). */
extern void json_path_element(JsonPathSet *set, int d);

/* An array opens at depth d (d containers open before it). */
static inline void
json_path_array_open(JsonPathSet *set, int d)
{
	if (d < set->max_nsegs)
		set->elements[d] = 0;
}

/* A container has closed, leaving depth d open. */
static inline void
json_path_close(JsonPathSet *set, int d)
{
	int			i;

	for (i = 0; i < set->npaths; i++)
	{
		if (set->paths[i].reach > d)
			set->paths[i].reach = d;
	}
}

typedef enum JsonPathStep
{
	JSON_PATH_STEP_ON,			/* followed, or not a container the path
								 * goes into */
	JSON_PATH_STEP_WILD_ARRAY,	/* followed into the array of the first "*" */
	JSON_PATH_STEP_NOT_ARRAY	/* a "*" over a value that is no array */
} JsonPathStep;

/*
 * A PARTIAL match: the value at depth d (d containers open) starting with
 * byte c is on path m.  Follows it when it is a container the next
 * segment can go into.
 */
extern JsonPathStep json_path_step(JsonPathMatch *m, int d, unsigned char c);

/*
 * The same two tests on paths given as text, both accepted by
 * json_path_check() (a longer one: false, 0).
 */
extern bool json_path_text_meets(const char *a, const char *b);
extern int	json_path_text_shared_wild(const char *rows, const char *path);

/* The number of leading '^' of a column's json_path. */
extern int	json_path_climbs(const char *json_path);

/*
 * A column's json_path '^...' as the path of the value from the top of
 * the response, given the table's rows_path: each '^' drops the last
 * segment of rows_path, and the rest of json_path is appended to what is
 * left.  Writes it to out (outsize bytes, NUL-terminated) and returns NULL,
 * or returns why it cannot be read (the end of a sentence).
 */
extern const char *json_path_climb(const char *json_path, const char *rows_path,
								   char *out, size_t outsize);

#endif							/* JSON_PATH_H */
