/*-------------------------------------------------------------------------
 *
 * fuzz_safe_text.c
 *	  libFuzzer target for src/safe_text.c and the path checks of
 *	  src/url.c, on arbitrary bytes: what a server sends that goes into a
 *	  message, and key values that go into a path.
 *
 *	  Besides memory safety, it checks properties that must hold for any
 *	  input: sanitised text is valid UTF-8 with no control character but
 *	  LF (pure ASCII when asked), fits its buffer and is a prefix of the
 *	  uncut result; a path value never holds '/' nor forms a dot segment, so
 *	  that "/x/" followed by it never climbs; the UTF-8 clip never grows.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "safe_text.h"
#include "url.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 if s[0..len) is valid UTF-8 without control characters but LF */
static int
clean_utf8(const unsigned char *s, size_t len, int ascii)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n;
		size_t		k;

		if (c < 0x80)
		{
			if ((c < 0x20 && c != '\n') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (ascii)
			return 0;
		n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (n == 0 || c > 0xF4 || i + n > len)
			return 0;
		for (k = 1; k < n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	size_t		full_size = 4 * size + 1;
	char	   *full = malloc(full_size);
	char	   *cut = malloc(full_size);
	char	   *value = malloc(3 * size + 1);
	char	   *path = malloc(3 * size + 4);
	size_t		n;
	size_t		m;
	int			ascii;

	if (!full || !cut || !value || !path)
		abort();

	for (ascii = 0; ascii <= 1; ascii++)
	{
		n = safe_text_sanitize(s, size, full, full_size, ascii);
		if (n >= full_size || strlen(full) != n ||
			!clean_utf8((unsigned char *) full, n, ascii))
			abort();
		/* a smaller buffer gives a prefix, cut between pieces */
		m = safe_text_sanitize(s, size, cut, (size % 17) + 1, ascii);
		if (m > size % 17 || strncmp(full, cut, m) != 0 ||
			!clean_utf8((unsigned char *) cut, m, ascii))
			abort();
	}

	n = safe_text_utf8_cliplen(s, size);
	if (n > size || size - n > 3)
		abort();
	(void) safe_text_control_char(s, size, size & 1);
	(void) safe_text_header_name(memchr(s, '\0', size) ? s : "x");

	n = url_encode_path_value(s, size, value);
	if (strlen(value) != n || strchr(value, '/') != NULL)
		abort();
	memcpy(path, "/x/", 3);
	memcpy(path + 3, value, n + 1);
	if (url_path_climbs(path))
		abort();
	if (memchr(s, '\0', size) != NULL)
		(void) url_path_climbs(s);

	free(full);
	free(cut);
	free(value);
	free(path);
	return 0;
}
