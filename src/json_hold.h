/*-------------------------------------------------------------------------
 *
 * json_hold.h
 *	  The values that go with each array of rows (a column's json_path
 *	  '^...', a per-series columns_path), and the rows held back until
 *	  those values are known.
 *
 * json_stream.c finds the values and the rows; this keeps them.  Each slot
 * is a value read once per element of the "*" that its path shares with
 * rows_path (its owner level: that many segments of rows_path; 0, once
 * per response).  The values are copied, so that the stream's buffer need
 * not keep them.  Every array of rows is a group, numbered from 1; when a
 * group begins before all of its values are known, its rows are queued,
 * with a copy of the values of the group, until json_stream.c says the
 * objects they might still come from have ended.
 *
 * Plain C99 with no PostgreSQL dependency.  Every function that allocates
 * returns -1 when out of memory, and leaves the structure valid.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JSON_HOLD_H
#define JSON_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct JsonHoldSlot
{
	int			owner;			/* owner level */
	bool		set;
	char	   *data;			/* the value, a copy */
	size_t		len;
	size_t		cap;
	uint64_t	since;			/* the groups of the owner's current element
								 * are numbered above this */
} JsonHoldSlot;

typedef struct JsonHeldRow
{
	uint64_t	offset;			/* in the response */
	size_t		len;
	uint64_t	group;
} JsonHeldRow;

/* per held group and slot: where its value is in the arena, or unset */
typedef struct JsonHeldValue
{
	size_t		start;
	size_t		len;
	bool		set;
} JsonHeldValue;

typedef struct JsonHold
{
	JsonHoldSlot *slots;
	int			nslots;
	uint64_t	groups;			/* groups begun */

	/* the rows held, from rows[out] on */
	JsonHeldRow *rows;
	size_t		nrows;
	size_t		rows_cap;
	size_t		out;

	/* the held groups: first_held is the oldest, values per slot */
	uint64_t	first_held;
	JsonHeldValue *values;		/* (group - first_held) * nslots + slot */
	size_t		ngroups_held;
	size_t		values_cap;
	char	   *arena;			/* the held groups' values */
	size_t		arena_len;
	size_t		arena_cap;

	uint64_t	current;		/* group of the row last handed out */
	bool		current_held;

	/* whether new rows are held, and until when */
	bool		holding;
	int			level;			/* until the depth is back to this */
	uint64_t	start;			/* offset of the first row held */
} JsonHold;

/*
 * owners[i] is slot i's owner level, or -1 for a value that can never be
 * found (no row waits for it).  Returns -1 when out of memory.
 */
extern int	json_hold_init(JsonHold *h, const int *owners, int nslots);
extern void json_hold_free(JsonHold *h);

/*
 * The value of a slot has been read, for the element being scanned.  The
 * first one of an element counts; it is also given to the groups held that
 * lack it.
 */
extern int	json_hold_set(JsonHold *h, int slot, const char *data, size_t len);

/*
 * A container has ended, leaving depth "level" open: the slots it owned
 * are unset.  True when the rows held may go now (json_hold_next()).
 */
extern bool json_hold_end_level(JsonHold *h, int level);

/*
 * An array of rows begins at offset "at".  While a value may still come
 * after it (a slot unset), its rows are held, with a copy of the values
 * known so far, until the container that value would be in has ended;
 * and so are the rows of every group that begins meanwhile.
 */
extern int	json_hold_begin_group(JsonHold *h, uint64_t at);

/*
 * The rows held from h->start, up to offset end, and their values' copies
 * take more than max bytes (0: no limit).
 */
static inline bool
json_hold_too_large(const JsonHold *h, uint64_t end, size_t max)
{
	return max > 0 && end - h->start + h->arena_len > max;
}

/* A row of the newest group is held. */
extern int	json_hold_row(JsonHold *h, uint64_t offset, size_t len);

/* Rows held and not yet handed out. */
static inline bool
json_hold_pending(const JsonHold *h)
{
	return h->out < h->nrows;
}

/* The offset of the oldest row held and not handed out (pending only). */
static inline uint64_t
json_hold_first_offset(const JsonHold *h)
{
	return h->rows[h->out].offset;
}

/* Hand out the next held row; the last one empties the queue. */
extern void json_hold_next(JsonHold *h, uint64_t *offset, size_t *len);

/* A row of the newest group is handed out as it is read. */
extern void json_hold_streamed(JsonHold *h);

/* The value of slot for the row last handed out; false if there is none. */
extern bool json_hold_value(const JsonHold *h, int slot, const char **data,
							size_t *len);

/* Bytes the held groups' values take. */
static inline size_t
json_hold_arena_bytes(const JsonHold *h)
{
	return h->arena_len;
}

#endif							/* JSON_HOLD_H */
