/*-------------------------------------------------------------------------
 *
 * json_hold.c
 *	  The values that go with each array of rows, and the rows held back
 *	  until those values are known.
 *
 * See json_hold.h.  The queue is emptied lazily: the values of the last
 * row handed out must stay readable until the stream moves on.
 *
 *-------------------------------------------------------------------------
 */
#include "json_hold.h"

#include <stdlib.h>
#include <string.h>

/* Make room for n more bytes at *len in *buf of *cap bytes. */
static int
reserve(char **buf, size_t *cap, size_t len, size_t n)
{
	size_t		newcap = *cap ? *cap : 64;
	char	   *p;

	if (n <= *cap - len)
		return 0;
	if (n > SIZE_MAX / 2 - len)
		return -1;
	while (newcap - len < n)
		newcap *= 2;
	p = realloc(*buf, newcap);
	if (p == NULL)
		return -1;
	*buf = p;
	*cap = newcap;
	return 0;
}

/* Once the last held row has been handed out and moved past, forget all. */
static void
drain(JsonHold *h)
{
	if (h->nrows > 0 && h->out == h->nrows)
	{
		h->nrows = h->out = 0;
		h->ngroups_held = 0;
		h->arena_len = 0;
		h->current_held = false;
	}
}

int
json_hold_init(JsonHold *h, const int *owners, int nslots)
{
	int			i;

	memset(h, 0, sizeof(JsonHold));
	if (nslots <= 0)
		return 0;
	h->slots = calloc((size_t) nslots, sizeof(JsonHoldSlot));
	if (h->slots == NULL)
		return -1;
	h->nslots = nslots;
	for (i = 0; i < nslots; i++)
		h->slots[i].owner = owners[i];
	return 0;
}

void
json_hold_free(JsonHold *h)
{
	int			i;

	for (i = 0; i < h->nslots; i++)
		free(h->slots[i].data);
	free(h->slots);
	free(h->rows);
	free(h->values);
	free(h->arena);
	memset(h, 0, sizeof(JsonHold));
}

/* Copy a value into the arena for held group g's slot. */
static int
hold_value(JsonHold *h, uint64_t g, int slot, const char *data, size_t len)
{
	JsonHeldValue *v = &h->values[(g - h->first_held) * (size_t) h->nslots + slot];

	if (reserve(&h->arena, &h->arena_cap, h->arena_len, len) != 0)
		return -1;
	memcpy(h->arena + h->arena_len, data, len);
	v->start = h->arena_len;
	v->len = len;
	v->set = true;
	h->arena_len += len;
	return 0;
}

int
json_hold_set(JsonHold *h, int slot, const char *data, size_t len)
{
	JsonHoldSlot *s = &h->slots[slot];
	uint64_t	g;

	drain(h);
	if (s->set)
		return 0;
	if (reserve(&s->data, &s->cap, 0, len) != 0)
		return -1;
	memcpy(s->data, data, len);
	s->len = len;
	s->set = true;

	/* the groups of this element that wait for it */
	for (g = h->first_held; g < h->first_held + h->ngroups_held; g++)
	{
		if (g > s->since &&
			!h->values[(g - h->first_held) * (size_t) h->nslots + slot].set &&
			hold_value(h, g, slot, data, len) != 0)
			return -1;
	}
	return 0;
}

bool
json_hold_end_level(JsonHold *h, int level)
{
	int			i;

	for (i = 0; i < h->nslots; i++)
	{
		if (h->slots[i].owner == level)
		{
			h->slots[i].set = false;
			h->slots[i].since = h->groups;
		}
	}
	if (h->holding && level <= h->level)
	{
		h->holding = false;
		return true;
	}
	return false;
}

/* The lowest owner level among the unset slots, or -1 if all are set */
static int
unset_level(const JsonHold *h)
{
	int			level = -1;
	int			i;

	for (i = 0; i < h->nslots; i++)
	{
		if (!h->slots[i].set && h->slots[i].owner >= 0 &&
			(level < 0 || h->slots[i].owner < level))
			level = h->slots[i].owner;
	}
	return level;
}

int
json_hold_begin_group(JsonHold *h, uint64_t at)
{
	int			level = unset_level(h);
	size_t		need;
	size_t		base;
	int			i;

	drain(h);
	if (level >= 0 && (!h->holding || level < h->level))
		h->level = level;
	if (level >= 0 && !h->holding)
	{
		h->holding = true;
		h->start = at;
	}
	if (!h->holding)
	{
		h->groups++;
		return 0;
	}
	need = (h->ngroups_held + 1) * (size_t) h->nslots;
	if (need > h->values_cap)
	{
		size_t		newcap = h->values_cap ? h->values_cap * 2 : (size_t) h->nslots * 4;
		JsonHeldValue *v;

		while (newcap < need)
			newcap *= 2;
		v = realloc(h->values, newcap * sizeof(JsonHeldValue));
		if (v == NULL)
			return -1;
		h->values = v;
		h->values_cap = newcap;
	}
	h->groups++;
	if (h->ngroups_held == 0)
		h->first_held = h->groups;
	base = h->ngroups_held * (size_t) h->nslots;
	h->ngroups_held++;
	for (i = 0; i < h->nslots; i++)
	{
		h->values[base + i].set = false;
		if (h->slots[i].set &&
			hold_value(h, h->groups, i, h->slots[i].data, h->slots[i].len) != 0)
			return -1;
	}
	return 0;
}

int
json_hold_row(JsonHold *h, uint64_t offset, size_t len)
{
	drain(h);
	if (h->nrows == h->rows_cap)
	{
		size_t		newcap = h->rows_cap ? h->rows_cap * 2 : 64;
		JsonHeldRow *r = realloc(h->rows, newcap * sizeof(JsonHeldRow));

		if (r == NULL)
			return -1;
		h->rows = r;
		h->rows_cap = newcap;
	}
	h->rows[h->nrows].offset = offset;
	h->rows[h->nrows].len = len;
	h->rows[h->nrows].group = h->groups;
	h->nrows++;
	return 0;
}

void
json_hold_next(JsonHold *h, uint64_t *offset, size_t *len)
{
	const JsonHeldRow *r = &h->rows[h->out++];

	*offset = r->offset;
	*len = r->len;
	h->current = r->group;
	h->current_held = true;
}

void
json_hold_streamed(JsonHold *h)
{
	drain(h);
	h->current = h->groups;
	h->current_held = false;
}

bool
json_hold_value(const JsonHold *h, int slot, const char **data, size_t *len)
{
	if (slot < 0 || slot >= h->nslots)
		return false;
	if (h->current_held)
	{
		const JsonHeldValue *v =
			&h->values[(h->current - h->first_held) * (size_t) h->nslots + slot];

		if (!v->set)
			return false;
		*data = h->arena + v->start;
		*len = v->len;
		return true;
	}
	if (!h->slots[slot].set)
		return false;
	*data = h->slots[slot].data;
	*len = h->slots[slot].len;
	return true;
}
