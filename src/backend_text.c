/*-------------------------------------------------------------------------
 *
 * backend_text.c
 *	  What the plain-C modules and the wire hand the backend, made into
 *	  backend strings and errors (see backend_text.h)
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"

#include "backend_text.h"
#include "safe_text.h"

/*
 * Text a server sent (an error body, a header, an excerpt of JSON), made
 * fit for a message, palloc'd: valid UTF-8 with invalid bytes as \xNN and
 * control characters as spaces.  A message is taken to be in the database
 * encoding and is converted to the client's; a character either of them
 * lacks would replace the whole error with an encoding error.  So unless
 * both are UTF-8, non-ASCII characters are written as \uNNNN.
 */
char *
rest_remote_text(const char *data, size_t len)
{
	char	   *out = palloc(4 * len + 1);

	safe_text_sanitize(data, len, out, 4 * len + 1,
					   GetDatabaseEncoding() != PG_UTF8 ||
					   pg_get_client_encoding() != PG_UTF8);
	return out;
}

/*
 * The ERROR for an allocation that failed outside palloc: curl's, or a
 * malloc'd buffer's.  detail, already translated, says what could not be
 * done, or is NULL.
 */
void
rest_out_of_memory(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory"),
			 detail ? errdetail_internal("%s", detail) : 0));
}

/*
 * A palloc'd copy of a malloc'd string (from url.c or http_util.c), which
 * is freed; NULL, their out of memory, is the ERROR.
 */
char *
rest_pstrdup_malloced(char *str)
{
	char	   *copy;

	if (str == NULL)
		rest_out_of_memory(NULL);
	copy = pstrdup(str);
	free(str);
	return copy;
}
