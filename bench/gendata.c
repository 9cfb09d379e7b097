/*-------------------------------------------------------------------------
 *
 * gendata.c
 *	  Writes the benchmark's data set: a JSON array of N objects with 11
 *	  members of mixed types, one object per line, about 240 bytes each.
 *
 *	  gendata ROWS > rows.json
 *
 * The output is a pure function of ROWS (a fixed pseudo-random sequence),
 * so every run of the benchmark reads the same bytes.  The mix is meant to
 * look like a real API's rows: integers, a numeric with two decimals, a
 * float, a boolean, ISO 8601 timestamps and dates, text with some escapes
 * and non-ASCII characters, some nulls, and a small array.
 *
 * The members, in order, and the column types the benchmark gives them:
 *	  id bigint, name text, email text, age integer, score numeric,
 *	  ratio double precision, active boolean, created_at timestamptz,
 *	  birthday date, city text, tags text[]
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

/* xorshift64*: fast, and the same on every platform */
static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(0x2545F4914F6CDD1D);
}

static const char *const first_names[] = {
	"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances",
	"Ken", "Margaret", "Dennis", "Radia", "Tony", "Hedy", "Niklaus",
	"Sophie", "John"
};

static const char *const last_names[] = {
	"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth",
	"Allen", "Thompson", "Hamilton", "Ritchie", "Perlman", "Hoare",
	"Lamarr", "Wirth", "Wilson", "Backus"
};

/* written as JSON string contents: some escaped, some raw UTF-8 */
static const char *const cities[] = {
	"Berlin", "Z\xc3\xbcrich", "S\\u00e3o Paulo", "Krak\xc3\xb3w",
	"New York", "Tokyo", "Montr\\u00e9al", "Reykjav\xc3\xadk", "Lagos",
	"Buenos Aires", "Kyiv", "Melbourne", "Nairobi", "Oslo", "Lima",
	"Seoul"
};

static const char *const tag_words[] = {
	"admin", "beta", "customer", "dev", "early", "gold", "ops", "partner",
	"qa", "research", "sales", "trial"
};

int
main(int argc, char **argv)
{
	long long	rows;
	long long	i;
	static char outbuf[1 << 20];

	if (argc != 2 || (rows = atoll(argv[1])) < 0)
	{
		fprintf(stderr, "usage: gendata ROWS > file.json\n");
		return 2;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

	fputs("[\n", stdout);
	for (i = 1; i <= rows; i++)
	{
		uint64_t	r1 = rng();
		uint64_t	r2 = rng();
		const char *first = first_names[r1 & 15];
		const char *last = last_names[(r1 >> 4) & 15];
		int			age = 18 + (int) ((r1 >> 8) % 70);
		long		cents = (long) ((r1 >> 16) % 10000000) - 1000000;
		int			month = 1 + (int) ((r2 >> 0) % 12);
		int			day = 1 + (int) ((r2 >> 4) % 28);
		int			hour = (int) ((r2 >> 9) % 24);
		int			minute = (int) ((r2 >> 14) % 60);
		int			second = (int) ((r2 >> 20) % 60);
		int			millis = (int) ((r2 >> 26) % 1000);
		int			ntags = (int) ((r2 >> 36) % 4);
		int			t;

		printf("%s{\"id\":%lld,", i > 1 ? ",\n" : "", i);

		/* one name in 8 has an escaped quote, one in 16 an accent */
		if ((r1 >> 40) % 8 == 0)
			printf("\"name\":\"%s \\\"%s\\\" %s\",", first, "the", last);
		else if ((r1 >> 40) % 16 == 1)
			printf("\"name\":\"%s Cl\xc3\xa9ment-%s\",", first, last);
		else
			printf("\"name\":\"%s %s\",", first, last);

		/* one email in 10 is null */
		if ((r1 >> 44) % 10 == 0)
			fputs("\"email\":null,", stdout);
		else
			printf("\"email\":\"%s.%s.%lld@example.com\",", first, last, i);

		printf("\"age\":%d,", age);
		printf("\"score\":%s%ld.%02ld,", cents < 0 ? "-" : "",
			   labs(cents) / 100, labs(cents) % 100);
		printf("\"ratio\":%.6f,", (double) (r2 >> 11) / 9007199254740992.0);
		printf("\"active\":%s,", (r1 >> 50) & 1 ? "true" : "false");
		printf("\"created_at\":\"20%02d-%02d-%02dT%02d:%02d:%02d.%03dZ\",",
			   15 + (int) ((r2 >> 40) % 10), month, day, hour, minute, second,
			   millis);
		printf("\"birthday\":\"%d-%02d-%02d\",", 2024 - age, month, day);
		printf("\"city\":\"%s\",", cities[(r1 >> 52) & 15]);
		fputs("\"tags\":[", stdout);
		for (t = 0; t < ntags; t++)
			printf("%s\"%s\"", t > 0 ? "," : "",
				   tag_words[(r2 >> (44 + 4 * t)) % 12]);
		fputs("]}", stdout);
	}
	fputs("\n]\n", stdout);
	return ferror(stdout) ? 1 : 0;
}
