/*-------------------------------------------------------------------------
 *
 * yaml_json.h
 *	  One YAML document into a jansson tree, with bounded depth and size.
 *
 * The document is read with libyaml's event parser and built into jansson
 * values with an explicit stack, so nesting costs no C stack and is limited
 * to max_depth.  Every value created counts as one node, and an alias
 * counts as many nodes as the anchored value holds: the alias shares the
 * anchored value (json_incref, no copy), so memory stays linear in the
 * input, and max_nodes bounds what a reader of the tree may have to walk,
 * which stops "billion laughs" documents (aliases of aliases) at the limit.
 * An alias can only name an anchor whose value is complete, so the tree
 * never has a cycle.
 *
 * Scalars follow YAML 1.2's core schema: plain null, ~ and the empty
 * scalar are null; true/false (any case as in the spec) are booleans;
 * decimal, 0x and 0o integers that fit in 64 bits are integers; decimal
 * floats are reals; everything else, and every quoted or tagged scalar,
 * is a string.  Mapping keys are always strings (an OpenAPI "200:" key is
 * "200").  The merge key "<<" merges a mapping (or a sequence of them)
 * without overriding explicit keys.  A stream of more than one document,
 * a mapping or sequence as a key, and an alias of an unknown anchor are
 * errors.
 *
 * Plain C99, no PostgreSQL headers (jansson's names clash with them).
 *
 *-------------------------------------------------------------------------
 */
#ifndef YAML_JSON_H
#define YAML_JSON_H

#include <stddef.h>

#include <jansson.h>

typedef struct YamlJsonError
{
	int			out_of_memory;	/* 1 when the failure was an allocation */
	unsigned long line;			/* 1-based position of the problem, 0 if
								 * unknown */
	unsigned long column;
	char		message[160];
} YamlJsonError;

/*
 * Parse the first and only document of data[0 .. len).  Returns a new
 * reference, or NULL with *err filled in.  max_depth bounds the nesting of
 * mappings and sequences, max_nodes the values of the tree counted with
 * their aliases expanded.
 */
/*
 * A new, empty JSON object, for every module that builds JSON in the
 * backend.  Never call jansson's json_object() there: PostgreSQL's
 * executable exports a function of that name (the SQL function
 * json_object), and the dynamic linker binds a loaded library's call to
 * the executable's definition first.  Calls inside libjansson are bound
 * within it, so json_pack() builds the object with the right one.
 */
extern json_t *yaml_json_object(void);

extern json_t *yaml_json_load(const char *data, size_t len, int max_depth,
							  long max_nodes, YamlJsonError *err);

#endif							/* YAML_JSON_H */
