/*-------------------------------------------------------------------------
 *
 * test_json_path.c
 *	  Unit tests for src/json_path.c: the syntax of response paths, how two
 *	  paths relate, a column's '^' climbing out of the row, and the matcher
 *	  driven as json_stream.c drives it.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_path.h"
#include "unit.h"

/* "" when text is well-formed, else the reason */
static const char *
check(const char *text)
{
	const char *problem = json_path_check(text);

	return problem ? problem : "";
}

static void
test_syntax(void)
{
	JsonPathSeg segs[JSON_PATH_MAX_SEGS];
	char		deep[3 * JSON_PATH_MAX_SEGS + 8];
	int			n;
	int			i;

	CHECK_STR(check(""), "");
	CHECK_STR(check("data"), "");
	CHECK_STR(check("results.*.series.*.values"), "");
	CHECK_STR(check("a.0.b"), "");
	CHECK_STR(check("a..b"), "has an empty segment");
	CHECK_STR(check(".a"), "has an empty segment");
	CHECK_STR(check("a."), "has an empty segment");
	CHECK_STR(check("."), "has an empty segment");
	CHECK_STR(check("^a"), "climbs with '^', which only a column's json_path can");
	CHECK_STR(check("a.b^"), "climbs with '^', which only a column's json_path can");

	/* JSON_PATH_MAX_SEGS segments, then one more */
	deep[0] = '\0';
	for (i = 0; i < JSON_PATH_MAX_SEGS; i++)
		strcat(deep, i ? ".a" : "a");
	CHECK_STR(check(deep), "");
	strcat(deep, ".a");
	CHECK_STR(check(deep), "has more than 64 segments");

	CHECK_INT(json_path_count(""), 0);
	CHECK_INT(json_path_count(NULL), 0);
	CHECK_INT(json_path_count("a.*.7"), 3);
	n = json_path_split("a.*.7.07.x*.4294967295.4294967294", segs);
	CHECK_INT(n, 7);
	CHECK_INT(segs[0].kind, JSON_PATH_KEY);
	CHECK_INT(segs[0].len, 1);
	CHECK_INT(segs[1].kind, JSON_PATH_WILD);
	CHECK_INT(segs[2].kind, JSON_PATH_INDEX);
	CHECK_INT(segs[2].index, 7);
	/* leading zeros still name position 7, and the key "07" */
	CHECK_INT(segs[3].kind, JSON_PATH_INDEX);
	CHECK_INT(segs[3].index, 7);
	CHECK(json_path_seg_key(&segs[3], "07", 2));
	CHECK(!json_path_seg_key(&segs[3], "7", 1));
	CHECK_INT(segs[4].kind, JSON_PATH_KEY);
	/* too large for a position: a key only */
	CHECK_INT(segs[5].kind, JSON_PATH_KEY);
	CHECK_INT(segs[6].kind, JSON_PATH_INDEX);
	CHECK(segs[6].index == 4294967294u);

	CHECK(json_path_seg_element(&segs[1], 0));
	CHECK(json_path_seg_element(&segs[1], 99));
	CHECK(!json_path_seg_key(&segs[1], "*", 1));
	CHECK(json_path_seg_element(&segs[2], 7));
	CHECK(!json_path_seg_element(&segs[2], 6));
	CHECK(!json_path_seg_element(&segs[0], 0));
	CHECK(json_path_seg_key(&segs[2], "7", 1));
}

#define meets json_path_text_meets
#define shared json_path_text_shared_wild

static void
test_relations(void)
{
	CHECK(meets("", "a.b"));
	CHECK(meets("data", "data.next"));
	CHECK(meets("data.next", "data"));
	CHECK(!meets("data", "meta.next"));
	CHECK(meets("r.*.v", "r.0.v.x"));
	CHECK(meets("r.0", "r.*"));
	CHECK(!meets("r.*.v", "r.*.name"));
	CHECK(!meets("r.*", "r.key"));
	CHECK(!meets("r.1", "r.2"));

	CHECK_INT(shared("results.*.series.*.values", "results.*.series.*.columns"), 4);
	CHECK_INT(shared("results.*.series.*.values", "results.*.statement_id"), 2);
	CHECK_INT(shared("results.*.series.*.values", "results.0.series.0.columns"), 0);
	CHECK_INT(shared("data.items", "data.total"), 0);
	CHECK_INT(shared("*.v", "*.name"), 1);
	CHECK_INT(shared("", "a"), 0);
}

static void
expect_climb(const char *json_path, const char *rows_path, const char *expected)
{
	char		out[256];
	const char *problem = json_path_climb(json_path, rows_path, out, sizeof(out));

	unit_context = json_path;
	CHECK_STR(problem ? problem : out, expected);
	unit_context = "";
}

static void
test_climb(void)
{
	char		small[8];

	CHECK_INT(json_path_climbs("^^a"), 2);
	CHECK_INT(json_path_climbs("a"), 0);
	CHECK_INT(json_path_climbs(NULL), 0);

	expect_climb("^name", "results.*.series.*.values", "results.*.series.*.name");
	expect_climb("^tags.host", "results.*.series.*.values", "results.*.series.*.tags.host");
	expect_climb("^$.tags", "results.*.series.*.values", "results.*.series.*.tags");
	expect_climb("^^^statement_id", "results.*.series.*.values", "results.*.statement_id");
	expect_climb("^^^^^status", "results.*.series.*.values", "status");
	expect_climb("^metric", "data.result.*.values", "data.result.*.metric");
	expect_climb("^total", "data", "total");
	expect_climb("^x.0", "a.b", "a.x.0");

	expect_climb("^^x", "results.*.series.*.values",
				 "climbs to an array, which has no members to read");
	expect_climb("^^^^^^x", "results.*.series.*.values",
				 "climbs above the top of the response");
	expect_climb("^x", "", "climbs above the top of the response");
	expect_climb("^values", "results.*.series.*.values",
				 "names the rows, or a value within them");
	expect_climb("^values.0", "results.*.series.*.values",
				 "names the rows, or a value within them");
	expect_climb("^", "a.b", "names no value after its '^'");
	expect_climb("^$", "a.b", "names no value after its '^'");
	expect_climb("^a..b", "a.b", "has an empty segment");
	expect_climb("^a.*", "a.b", "has a '*', which would name more than one value");
	expect_climb("^a.^b", "a.b", "climbs with '^', which only a column's json_path can");
	expect_climb("name", "a.b", "does not climb");
	expect_climb("^x", "a..b", "climbs a malformed rows_path");
	CHECK_STR(json_path_climb("^name", "results.*.values", small, sizeof(small)),
			  "is too long");
}

/* Drive a set of one path as json_stream.c would over [{"a":[5,{"b":1}]}] */
static void
test_matcher(void)
{
	static const char *const texts[] = {"*.a.1.b", "0.a.*"};
	JsonPathSeg segs[8];
	JsonPathMatch paths[2];
	JsonPathSet set;

	json_path_set_init(&set, paths, 2, texts, segs);
	CHECK_INT(set.max_nsegs, 4);
	CHECK_INT((int) set.max_seglen, 1);
	CHECK_INT(paths[0].first_wild, 0);
	CHECK_INT(paths[1].first_wild, 2);
	json_path_set_start(&set);
	CHECK_INT(set.npending, 2);

	/* the top-level array */
	CHECK_INT(json_path_step(&paths[0], 0, '['), JSON_PATH_STEP_WILD_ARRAY);
	CHECK_INT(json_path_step(&paths[1], 0, '['), JSON_PATH_STEP_ON);
	paths[0].pending = paths[1].pending = JSON_PATH_NONE;
	set.npending = 0;
	json_path_array_open(&set, 0);

	/* its element 0, an object */
	json_path_element(&set, 1);
	CHECK_INT(set.npending, 2);
	CHECK_INT(json_path_step(&paths[0], 1, '{'), JSON_PATH_STEP_ON);
	CHECK_INT(json_path_step(&paths[1], 1, '{'), JSON_PATH_STEP_ON);
	paths[0].pending = paths[1].pending = JSON_PATH_NONE;
	set.npending = 0;

	/* "a": an array */
	json_path_key(&set, 2, "a", 1);
	CHECK_INT(paths[0].pending, JSON_PATH_PARTIAL);
	CHECK_INT(paths[1].pending, JSON_PATH_PARTIAL);
	CHECK_INT(json_path_step(&paths[0], 2, '['), JSON_PATH_STEP_ON);
	CHECK_INT(json_path_step(&paths[1], 2, '['), JSON_PATH_STEP_WILD_ARRAY);
	paths[0].pending = paths[1].pending = JSON_PATH_NONE;
	set.npending = 0;
	json_path_array_open(&set, 2);

	/* element 0 of "a": 5, the target of "0.a.*" only */
	json_path_element(&set, 3);
	CHECK_INT(paths[0].pending, JSON_PATH_NONE);
	CHECK_INT(paths[1].pending, JSON_PATH_TARGET);
	paths[1].pending = JSON_PATH_NONE;
	set.npending = 0;
	/* element 1: {"b":1}, on "*.a.1.b" and the target of "0.a.*" */
	json_path_element(&set, 3);
	CHECK_INT(paths[0].pending, JSON_PATH_PARTIAL);
	CHECK_INT(paths[1].pending, JSON_PATH_TARGET);
	CHECK_INT(json_path_step(&paths[0], 3, '{'), JSON_PATH_STEP_ON);
	paths[0].pending = paths[1].pending = JSON_PATH_NONE;
	set.npending = 0;
	json_path_key(&set, 4, "bb", 2);
	CHECK_INT(set.npending, 0);
	json_path_key(&set, 4, "b", 1);
	CHECK_INT(paths[0].pending, JSON_PATH_TARGET);

	/* a "*" over an object; a key over an array: not followed */
	CHECK_INT(json_path_step(&paths[1], 2, '{'), JSON_PATH_STEP_NOT_ARRAY);
	paths[0].reach = 1;
	CHECK_INT(json_path_step(&paths[0], 1, '['), JSON_PATH_STEP_ON);
	CHECK_INT(paths[0].reach, 1);

	/* closing back to depth 1 */
	paths[0].reach = 4;
	json_path_close(&set, 1);
	CHECK_INT(paths[0].reach, 1);

	/* a path not WAITING never matches */
	paths[0].status = JSON_PATH_DONE;
	paths[0].pending = JSON_PATH_NONE;
	set.npending = 0;
	paths[0].reach = 1;
	json_path_element(&set, 1);
	CHECK_INT(paths[0].pending, JSON_PATH_NONE);
}

int
main(void)
{
	test_syntax();
	test_relations();
	test_climb();
	test_matcher();
	return UNIT_REPORT();
}
