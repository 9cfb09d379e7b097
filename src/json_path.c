/*-------------------------------------------------------------------------
 *
 * json_path.c
 *	  The paths of rows_path and the options read beside the rows.
 *
 * See json_path.h for the syntax.  Nothing here allocates: a path's
 * segments point into the text they were split from.
 *
 *-------------------------------------------------------------------------
 */
#include "json_path.h"

#define TOO_MANY_SEGS	"has more than 64 segments"

/* The position that a segment of digits names, or JSON_PATH_NO_INDEX */
static uint32_t
segment_index(const char *s, size_t len)
{
	uint64_t	index = 0;
	size_t		i;

	if (len == 0)
		return JSON_PATH_NO_INDEX;
	for (i = 0; i < len; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return JSON_PATH_NO_INDEX;
		index = index * 10 + (uint64_t) (s[i] - '0');
		if (index >= JSON_PATH_NO_INDEX)
			return JSON_PATH_NO_INDEX;
	}
	return (uint32_t) index;
}

int
json_path_count(const char *text)
{
	int			n;

	if (text == NULL || *text == '\0')
		return 0;
	for (n = 1; *text; text++)
		n += (*text == '.');
	return n;
}

int
json_path_split(const char *text, JsonPathSeg *segs)
{
	const char *start = text;
	int			n = 0;

	if (text == NULL || *text == '\0')
		return 0;
	for (;; text++)
	{
		if (*text == '.' || *text == '\0')
		{
			JsonPathSeg *seg = &segs[n++];

			seg->str = start;
			seg->len = (uint32_t) (text - start);
			seg->index = segment_index(start, seg->len);
			if (seg->len == 1 && start[0] == '*')
				seg->kind = JSON_PATH_WILD;
			else if (seg->index != JSON_PATH_NO_INDEX)
				seg->kind = JSON_PATH_INDEX;
			else
				seg->kind = JSON_PATH_KEY;
			if (*text == '\0')
				break;
			start = text + 1;
		}
	}
	return n;
}

const char *
json_path_check(const char *text)
{
	const char *s;
	size_t		seglen = 0;

	if (text == NULL || *text == '\0')
		return NULL;
	if (json_path_count(text) > JSON_PATH_MAX_SEGS)
		return TOO_MANY_SEGS;
	for (s = text;; s++)
	{
		if (*s == '.' || *s == '\0')
		{
			if (seglen == 0)
				return "has an empty segment";
			if (*s == '\0')
				return NULL;
			seglen = 0;
		}
		else if (*s == '^')
			return "climbs with '^', which only a column's json_path can";
		else
			seglen++;
	}
}

/* Can segments a and b match the same member or element? */
static bool
segs_meet(const JsonPathSeg *a, const JsonPathSeg *b)
{
	if (a->kind == JSON_PATH_WILD)
		return b->kind != JSON_PATH_KEY;
	if (b->kind == JSON_PATH_WILD)
		return a->kind != JSON_PATH_KEY;
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

bool
json_path_meets(const JsonPathSeg *a, int na, const JsonPathSeg *b, int nb)
{
	int			n = na < nb ? na : nb;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (!segs_meet(&a[i], &b[i]))
			return false;
	}
	return true;
}

int
json_path_shared_wild(const JsonPathSeg *rows, int nrows,
					  const JsonPathSeg *path, int npath)
{
	int			shared = 0;
	int			i;

	for (i = 0; i < nrows && i < npath; i++)
	{
		if (rows[i].kind != path[i].kind || rows[i].len != path[i].len ||
			memcmp(rows[i].str, path[i].str, rows[i].len) != 0)
			break;
		if (rows[i].kind == JSON_PATH_WILD)
			shared = i + 1;
	}
	return shared;
}

/* Split two paths of text; false when one has too many segments */
static bool
split_two(const char *a, JsonPathSeg *sa, int *na,
		  const char *b, JsonPathSeg *sb, int *nb)
{
	if (json_path_count(a) > JSON_PATH_MAX_SEGS ||
		json_path_count(b) > JSON_PATH_MAX_SEGS)
		return false;
	*na = json_path_split(a, sa);
	*nb = json_path_split(b, sb);
	return true;
}

bool
json_path_text_meets(const char *a, const char *b)
{
	JsonPathSeg sa[JSON_PATH_MAX_SEGS];
	JsonPathSeg sb[JSON_PATH_MAX_SEGS];
	int			na;
	int			nb;

	return split_two(a, sa, &na, b, sb, &nb) && json_path_meets(sa, na, sb, nb);
}

int
json_path_text_shared_wild(const char *rows, const char *path)
{
	JsonPathSeg sa[JSON_PATH_MAX_SEGS];
	JsonPathSeg sb[JSON_PATH_MAX_SEGS];
	int			na;
	int			nb;

	if (!split_two(rows, sa, &na, path, sb, &nb))
		return 0;
	return json_path_shared_wild(sa, na, sb, nb);
}

void
json_path_set_init(JsonPathSet *set, JsonPathMatch *paths, int npaths,
				   const char *const *texts, JsonPathSeg *segs)
{
	int			i;
	int			j;

	memset(set, 0, sizeof(JsonPathSet));
	set->paths = paths;
	set->npaths = npaths;
	for (i = 0; i < npaths; i++)
	{
		JsonPathMatch *m = &paths[i];

		memset(m, 0, sizeof(JsonPathMatch));
		m->text = texts[i];
		m->segs = segs;
		m->nsegs = json_path_split(texts[i], segs);
		segs += m->nsegs;
		m->first_wild = -1;
		for (j = 0; j < m->nsegs; j++)
		{
			if (m->segs[j].len > set->max_seglen)
				set->max_seglen = m->segs[j].len;
			if (m->segs[j].kind == JSON_PATH_WILD && m->first_wild < 0)
				m->first_wild = j;
		}
		m->wild = (m->first_wild >= 0);
		if (m->nsegs > set->max_nsegs)
			set->max_nsegs = m->nsegs;
		m->status = JSON_PATH_WAITING;
	}
	/* deeper paths than that were never accepted by json_path_check() */
	if (set->max_nsegs > JSON_PATH_MAX_SEGS)
		set->max_nsegs = JSON_PATH_MAX_SEGS;
}

void
json_path_set_start(JsonPathSet *set)
{
	int			i;

	for (i = 0; i < set->npaths; i++)
	{
		JsonPathMatch *m = &set->paths[i];

		if (m->status == JSON_PATH_WAITING)
		{
			m->pending = (m->nsegs == 0) ? JSON_PATH_TARGET : JSON_PATH_PARTIAL;
			set->npending++;
		}
	}
}

void
json_path_key(JsonPathSet *set, int d, const char *key, size_t len)
{
	int			i;

	if (len > set->max_seglen)
		return;
	for (i = 0; i < set->npaths; i++)
	{
		JsonPathMatch *m = &set->paths[i];

		if (m->status != JSON_PATH_WAITING || m->reach != d || m->nsegs < d)
			continue;
		if (json_path_seg_key(&m->segs[d - 1], key, len))
		{
			m->pending = (d == m->nsegs) ? JSON_PATH_TARGET : JSON_PATH_PARTIAL;
			set->npending++;
		}
	}
}

void
json_path_element(JsonPathSet *set, int d)
{
	uint32_t	index = set->elements[d - 1]++;
	int			i;

	for (i = 0; i < set->npaths; i++)
	{
		JsonPathMatch *m = &set->paths[i];

		if (m->status == JSON_PATH_WAITING && m->reach == d && m->nsegs >= d &&
			json_path_seg_element(&m->segs[d - 1], index))
		{
			m->pending = (d == m->nsegs) ? JSON_PATH_TARGET : JSON_PATH_PARTIAL;
			set->npending++;
		}
	}
}

JsonPathStep
json_path_step(JsonPathMatch *m, int d, unsigned char c)
{
	const JsonPathSeg *next = &m->segs[d];

	if ((c == '{' && next->kind != JSON_PATH_WILD) ||
		(c == '[' && next->kind != JSON_PATH_KEY))
	{
		m->reach = d + 1;
		return (c == '[' && d == m->first_wild) ?
			JSON_PATH_STEP_WILD_ARRAY : JSON_PATH_STEP_ON;
	}
	if (next->kind == JSON_PATH_WILD)
		return JSON_PATH_STEP_NOT_ARRAY;
	return JSON_PATH_STEP_ON;
}

int
json_path_climbs(const char *json_path)
{
	int			n = 0;

	while (json_path != NULL && json_path[n] == '^')
		n++;
	return n;
}

const char *
json_path_climb(const char *json_path, const char *rows_path,
				char *out, size_t outsize)
{
	JsonPathSeg rows[JSON_PATH_MAX_SEGS];
	JsonPathSeg full[JSON_PATH_MAX_SEGS];
	const char *rest;
	const char *err;
	int			climbs = json_path_climbs(json_path);
	int			nrows;
	int			keep;
	int			nfull;
	int			i;
	size_t		len;

	if (climbs == 0)
		return "does not climb";
	if (rows_path == NULL)
		rows_path = "";
	if (json_path_check(rows_path) != NULL)
		return "climbs a malformed rows_path";
	nrows = json_path_split(rows_path, rows);
	rest = json_path + climbs;
	if (strncmp(rest, "$.", 2) == 0)
		rest += 2;
	if (*rest == '\0' || strcmp(rest, "$") == 0)
		return "names no value after its '^'";
	if ((err = json_path_check(rest)) != NULL)
		return err;
	if (json_path_count(rest) > JSON_PATH_MAX_SEGS)
		return TOO_MANY_SEGS;
	nfull = json_path_split(rest, full);
	for (i = 0; i < nfull; i++)
	{
		if (full[i].kind == JSON_PATH_WILD)
			return "has a '*', which would name more than one value";
	}
	if (climbs > nrows)
		return "climbs above the top of the response";
	keep = nrows - climbs;
	if (rows[keep].kind == JSON_PATH_WILD)
		return "climbs to an array, which has no members to read";

	/* what is left of rows_path, a dot, the rest */
	len = 0;
	if (keep > 0)
		len = (size_t) (rows[keep - 1].str + rows[keep - 1].len - rows_path);
	if (len + 1 + strlen(rest) + 1 > outsize)
		return "is too long";
	memcpy(out, rows_path, len);
	if (len > 0)
		out[len++] = '.';
	strcpy(out + len, rest);

	if (json_path_count(out) > JSON_PATH_MAX_SEGS)
		return TOO_MANY_SEGS;
	nfull = json_path_split(out, full);
	if (json_path_meets(rows, nrows, full, nfull))
		return "names the rows, or a value within them";
	return NULL;
}
