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
