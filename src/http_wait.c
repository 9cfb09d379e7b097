/*-------------------------------------------------------------------------
 *
 * http_wait.c
 *		  Driving curl's multi handle for a transfer, and waiting for it
 *
 * Between reads the backend waits on the process latch and the sockets
 * curl reports (wait_for_curl), so that a query cancel ends a wait at
 * once, also while waiting to retry, and postmaster death ends the
 * backend; the wait shows in pg_stat_activity as the wait event
 * RestFdwResponse (Extension before PostgreSQL 17).  Several transfers can
 * share the multi handle: whichever drives curl records a finished
 * transfer in the transfer itself (rest_http_dispatch_messages), and its
 * owner acts on it.
 *
 * Portions Copyright (c) 2026, rest_fdw authors
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"

#include "compat.h"
#include "http_client_int.h"

/*
 * A wait ends on socket activity, curl's own timers, the latch (query
 * cancel and other interrupts set it) or postmaster death.  It also ends
 * after REST_MAX_WAIT_MS in any case, in case curl waits on a socket it did
 * not report (curl_multi_fdset leaves out sockets above FD_SETSIZE), and
 * after REST_BLIND_WAIT_MS when curl reports no socket at all while a
 * request is under way (a resolver without one, say), as curl's
 * documentation advises.
 */
#define REST_MAX_WAIT_MS		1000
#define REST_BLIND_WAIT_MS		50

/* Sockets looked at in one wait without an allocation */
#define REST_WAIT_SOCKETS		16

/*
 * Record which transfers of a multi handle have finished, in the transfers
 * themselves (possibly another's: the next page's, another scan's), and give
 * back the handles of finished drains.
 */
void
rest_http_dispatch_messages(CURLM *multi)
{
	CURLMsg    *msg;
	int			pending;
	bool		drained = false;

	while ((msg = curl_multi_info_read(multi, &pending)) != NULL)
	{
		char	   *owner = NULL;

		if (msg->msg != CURLMSG_DONE ||
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &owner) != CURLE_OK ||
			owner == NULL)
			continue;
		if (rest_connection_drain_finished(owner))
			drained = true;
		else
		{
			((RestTransfer *) owner)->finished = true;
			((RestTransfer *) owner)->result = msg->data.result;
		}
	}
	if (drained || rest_connection_draining())
		rest_connection_reap_drains();
}

/* A failure of curl's multi interface itself, raised for the transfer */
static void
report_multi_error(RestTransfer *t, CURLMcode mc)
{
	rest_http_note_failure(t);
	ereport(ERROR,
			(errcode(ERRCODE_FDW_ERROR),
			 errmsg("%s request to \"%s\" failed", t->method, t->display_url),
			 errdetail_internal("%s", curl_multi_strerror(mc))));
}

/*
 * Let curl do what it can without waiting, and record which transfers of
 * this multi handle have finished.
 */
void
rest_http_drive(RestTransfer *t)
{
	int			running = 0;
	CURLMcode	mc;

	mc = curl_multi_perform(t->multi, &running);
	if (mc != CURLM_OK)
		report_multi_error(t, mc);

	rest_http_dispatch_messages(t->multi);
}

/* One socket curl waits on and what for (WL_SOCKET_READABLE, ...) */
typedef struct RestWaitSocket
{
	pgsocket	sock;
	int			events;
} RestWaitSocket;

static void
add_wait_socket(RestWaitSocket *socks, int *n, pgsocket sock, int events)
{
	int			i;

	/* a socket may be listed once only: epoll rejects a second one */
	for (i = 0; i < *n; i++)
	{
		if (socks[i].sock == sock)
		{
			socks[i].events |= events;
			return;
		}
	}
	socks[*n].sock = sock;
	socks[*n].events = events;
	(*n)++;
}

/*
 * The sockets curl waits on for the transfers of multi, in *socks (palloc'd
 * when there are more than REST_WAIT_SOCKETS); returns their number.
 */
static int
curl_wait_sockets(RestTransfer *t, RestWaitSocket **socks)
{
	int			n = 0;
	CURLMcode	mc;
#ifdef REST_HAVE_CURL_WAITFDS
	struct curl_waitfd fixed[REST_WAIT_SOCKETS];
	struct curl_waitfd *fds = fixed;
	unsigned int count = 0;
	unsigned int i;

	mc = curl_multi_waitfds(t->multi, fds, REST_WAIT_SOCKETS, &count);
	if (mc == CURLM_OUT_OF_MEMORY && count > REST_WAIT_SOCKETS)
	{
		unsigned int size = count;

		fds = palloc(sizeof(struct curl_waitfd) * size);
		mc = curl_multi_waitfds(t->multi, fds, size, &count);
	}
	if (mc != CURLM_OK)
		report_multi_error(t, mc);
	if (count > REST_WAIT_SOCKETS)
		*socks = palloc(sizeof(RestWaitSocket) * count);
	for (i = 0; i < count; i++)
	{
		int			events = 0;

		if (fds[i].events & (CURL_WAIT_POLLIN | CURL_WAIT_POLLPRI))
			events |= WL_SOCKET_READABLE;
		if (fds[i].events & CURL_WAIT_POLLOUT)
			events |= WL_SOCKET_WRITEABLE;
		if (events != 0)
			add_wait_socket(*socks, &n, fds[i].fd, events);
	}
	if (fds != fixed)
		pfree(fds);
#else
	fd_set		readable;
	fd_set		writable;
	fd_set		exceptional;
	int			max_fd = -1;
	int			fd;
	int			count = 0;

	FD_ZERO(&readable);
	FD_ZERO(&writable);
	FD_ZERO(&exceptional);
	mc = curl_multi_fdset(t->multi, &readable, &writable, &exceptional, &max_fd);
	if (mc != CURLM_OK)
		report_multi_error(t, mc);
	for (fd = 0; fd <= max_fd; fd++)
		if (FD_ISSET(fd, &readable) || FD_ISSET(fd, &writable))
			count++;
	if (count > REST_WAIT_SOCKETS)
		*socks = palloc(sizeof(RestWaitSocket) * count);
	for (fd = 0; fd <= max_fd; fd++)
	{
		int			events = 0;

		if (FD_ISSET(fd, &readable))
			events |= WL_SOCKET_READABLE;
		if (FD_ISSET(fd, &writable))
			events |= WL_SOCKET_WRITEABLE;
		if (events != 0)
			add_wait_socket(*socks, &n, fd, events);
	}
#endif
	return n;
}

/* The wait event of a request or page being awaited */
static uint32
response_wait_event(void)
{
	static uint32 wait_event = 0;

	if (wait_event == 0)
		wait_event = rest_wait_event_new("RestFdwResponse");
	return wait_event;
}

/*
 * Wait up to timeout ms for one of the sockets curl waits on, curl's next
 * timer, the latch or postmaster death.  The caller checks for interrupts
 * after it.  blind: a request is under way, so curl reporting no socket
 * means it waits on something we cannot see.
 */
static void
wait_for_curl(RestTransfer *t, long timeout, bool blind)
{
	RestWaitSocket fixed[REST_WAIT_SOCKETS];
	RestWaitSocket *socks = fixed;
	int			nsocks;
	long		curl_timeout = -1;
	CURLMcode	mc;
	WaitEventSet *set;
	WaitEvent	event;
	int			i;

	mc = curl_multi_timeout(t->multi, &curl_timeout);
	if (mc != CURLM_OK)
		report_multi_error(t, mc);
	if (curl_timeout >= 0)
		timeout = Min(timeout, curl_timeout);
	nsocks = curl_wait_sockets(t, &socks);
	if (nsocks == 0 && blind)
		timeout = Min(timeout, REST_BLIND_WAIT_MS);
	timeout = Min(timeout, REST_MAX_WAIT_MS);
	if (timeout < 0)
		timeout = 0;

	set = rest_create_wait_event_set(nsocks + 2);

	/*
	 * Before 17 the set belongs to a memory context, and only freeing it
	 * closes its kernel object: an ERROR in between (epoll_ctl failing)
	 * must free it too.
	 */
	PG_TRY();
	{
		AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, NULL);
		/* single-user mode has no postmaster to watch */
		if (IsUnderPostmaster)
			AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET,
							  NULL, NULL);
		for (i = 0; i < nsocks; i++)
			AddWaitEventToSet(set, socks[i].events, socks[i].sock, NULL, NULL);
		if (WaitEventSetWait(set, timeout, &event, 1, response_wait_event()) > 0 &&
			(event.events & WL_LATCH_SET))
			ResetLatch(MyLatch);
	}
	PG_CATCH();
	{
		FreeWaitEventSet(set);
		PG_RE_THROW();
	}
	PG_END_TRY();
	FreeWaitEventSet(set);
	if (socks != fixed)
		pfree(socks);
}

/*
 * Read from the network until the row stream has new bytes or the response
 * is complete.  Returns false once the whole body has been fed to the
 * stream.  Raises an ERROR for network and HTTP failures (after retries), a
 * stall longer than timeout_ms, or a query cancel.
 */
bool
rest_transfer_fetch(RestTransfer *t)
{
	uint64		bytes_before = t->bytes;
	uint64		activity = t->activity;
	instr_time	quiet_since;
	instr_time	wait_start;
	instr_time	now;

	/* the transfer being read is no longer ahead of its turn */
	rest_transfer_set_prefetch(t, false);
	t->budget = REST_FETCH_BYTES;

	INSTR_TIME_SET_CURRENT(wait_start);
	quiet_since = wait_start;
	while (!t->done)
	{
		long		timeout = REST_MAX_WAIT_MS;

		CHECK_FOR_INTERRUPTS();

		/* bytes taken from curl earlier come first */
		if (rest_http_has_held(t))
		{
			if (!rest_http_decode_held(t))
			{
				curl_multi_remove_handle(t->multi, t->easy);
				t->attached = false;
				rest_http_raise_abort(t);
			}
			if (t->bytes > bytes_before)
				break;
		}
		if (t->paused && !rest_http_has_held(t) && t->easy && t->attached)
		{
			t->paused = false;
			/* may call rest_http_write_body at once with what curl held back */
			curl_easy_pause(t->easy, CURLPAUSE_CONT);
		}

		if (t->waiting)
		{
			double		remaining;

			INSTR_TIME_SET_CURRENT(now);
			remaining = t->retry_at_ms - INSTR_TIME_GET_MILLISEC(now);
			if (remaining <= 0)
			{
				t->waiting = false;
				t->attempts++;
				rest_http_start_request(t);
				quiet_since = now;
				activity = t->activity;
			}
			else
				timeout = Min(timeout, (long) remaining + 1);
		}

		/* also while waiting: the other transfers of the multi handle move on */
		rest_http_drive(t);
		if (t->finished && !rest_http_has_held(t))
		{
			rest_http_finish_attempt(t);
			INSTR_TIME_SET_CURRENT(quiet_since);
			activity = t->activity;
			continue;
		}
		if (t->bytes > bytes_before)
			break;
		if (rest_http_has_held(t))
			continue;

		if (t->activity != activity)
		{
			activity = t->activity;
			INSTR_TIME_SET_CURRENT(quiet_since);
		}
		if (t->request->timeout_ms > 0 && !t->waiting)
		{
			INSTR_TIME_SET_CURRENT(now);
			INSTR_TIME_SUBTRACT(now, quiet_since);
			if (INSTR_TIME_GET_MILLISEC(now) < t->request->timeout_ms)
			{
				/* wake up when the stall would reach timeout_ms */
				timeout = Min(timeout,
							  (long) (t->request->timeout_ms -
									  INSTR_TIME_GET_MILLISEC(now)) + 1);
			}
			else
			{
				rest_http_note_failure(t);
				ereport(ERROR,
						(errcode(REST_TIMEOUT_ERRCODE),
						 errmsg("%s request to \"%s\" timed out", t->method,
								t->display_url),
						 errdetail("No data arrived for %d ms (timeout_ms).",
								   t->request->timeout_ms)));
			}
		}

		wait_for_curl(t, timeout, t->attached && !t->waiting);
	}

	if (t->request->counters)
	{
		INSTR_TIME_SET_CURRENT(now);
		INSTR_TIME_SUBTRACT(now, wait_start);
		t->request->counters->wait_ms += INSTR_TIME_GET_MILLISEC(now);
	}
	return t->bytes > bytes_before || !t->done;
}
