/*-------------------------------------------------------------------------
 *
 * fuzz_http_util.c
 *	  libFuzzer target for src/http_util.c: the parsers of what a server
 *	  sends (Link, Retry-After, HTTP dates, next-page URLs) and of the
 *	  rest_fdw.allowed_hosts list, on arbitrary bytes.
 *
 *	  Besides memory safety, it checks properties that must hold for any
 *	  input: a Link target is a substring of the header, removing a query
 *	  parameter never lengthens a URL and leaves none of that name, and a
 *	  host list that is accepted by the check never matches a host that is
 *	  not in it by accident of a parse error (an empty list matches nothing).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_util.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);
	char	   *target;
	char	   *stripped;
	char		bad[16];
	long long	value = 0;
	int			oom = 0;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	target = http_link_target(s, "next", &oom);
	if (target && strstr(s, target) == NULL)
		abort();
	free(target);

	(void) http_parse_date(s, &value);
	if (http_retry_after_ms(s, 1700000000LL, &value) && value < 0)
		abort();
	value = http_backoff_ms(size > 0 ? data[0] : 0, size > 1 ? data[1] : 1,
							size > 2 ? data[2] / 256.0 : 0.5, 30000);
	if (value < 0 || value > 30000)
		abort();

	if (http_host_patterns_check(s, bad, sizeof(bad)) && strspn(s, " ,\t\r\n") == size &&
		http_host_allowed(s, "example.com", 80))
		abort();
	(void) http_host_allowed(s, "api.example.com", 443);
	(void) http_host_allowed("*.example.com, 127.0.0.1:*, [::1]:8080", s, 8080);

	(void) http_url_has_param(s, "api_key");
	stripped = http_url_without_param(s, "api_key");
	if (stripped && (strlen(stripped) > strlen(s) ||
					 http_url_has_param(stripped, "api_key")))
		abort();
	free(stripped);

	free(s);
	return 0;
}
