/*-------------------------------------------------------------------------
 *
 * header_json.h
 *		  Parsing of the "headers" option, without PostgreSQL headers
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef HEADER_JSON_H
#define HEADER_JSON_H

#include <stddef.h>

typedef struct HeaderPair
{
	char	   *name;
	char	   *value;
} HeaderPair;

/*
 * Parse a JSON object of header names and string values.  Names must be
 * HTTP tokens; values must not hold line breaks or NUL, which could start
 * another header.  Returns the number of headers and a malloc'd array in
 * *pairs, or -1 with a message in errbuf.  Messages name headers but never
 * show a value: a user mapping's headers may be secret.
 */
extern int	header_json_parse(const char *text, HeaderPair **pairs,
							  char *errbuf, size_t errbuflen);
extern void header_json_free(HeaderPair *pairs, int npairs);

#endif							/* HEADER_JSON_H */
