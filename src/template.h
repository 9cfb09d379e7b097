/*-------------------------------------------------------------------------
 *
 * template.h
 *		  {placeholder} templates for rest_fdw, without PostgreSQL headers
 *
 * A placeholder is '{', a name ([A-Za-z_][A-Za-z0-9_]*), '}'.  Any other
 * brace is literal text, so JSON bodies such as {"owner": "{owner}"} need
 * no escaping.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef REST_TEMPLATE_H
#define REST_TEMPLATE_H

#include <stddef.h>

/*
 * Find the next placeholder at or after *pos.  Returns 1 and sets
 * *name_start / *name_len (the name, without braces) and *pos (just after
 * the closing brace), or 0 when there is none.
 */
extern int	template_next(const char *tmpl, size_t *pos, size_t *start,
						  size_t *name_start, size_t *name_len);

/*
 * Replacement text for a placeholder, or NULL when the name is unknown.
 * The text is inserted as is (encode it first).
 */
typedef const char *(*TemplateSubst) (const char *name, size_t len, void *arg);

/*
 * Render a template, malloc'd.  Returns NULL when out of memory or when a
 * placeholder is unknown; then *bad_name / *bad_len name it (bad_len 0 for
 * out of memory).
 */
extern char *template_render(const char *tmpl, TemplateSubst subst, void *arg,
							 const char **bad_name, size_t *bad_len);

/*
 * Escape text for use inside a JSON string (quotes and backslashes, control
 * characters as \u00 escapes) into dst, which needs 6 * len + 1 bytes.  Returns
 * the length written.
 */
extern size_t json_escape_string(const char *src, size_t len, char *dst);

#endif							/* REST_TEMPLATE_H */
