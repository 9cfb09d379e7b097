/*-------------------------------------------------------------------------
 *
 * unit.h
 *	  A tiny assertion harness for the plain-C unit tests.
 *
 * Every CHECK counts as one test.  Failures print file:line and what was
 * expected; UNIT_REPORT() prints the closing "N passed, M failed" line and
 * yields the exit status.
 *
 *-------------------------------------------------------------------------
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int	unit_passed;
static int	unit_failed;
static const char *unit_context = "";

#define UNIT_FAIL_HEADER() \
	fprintf(stderr, "FAIL %s:%d [%s]: ", __FILE__, __LINE__, unit_context)

#define CHECK(cond) \
	do { \
		if (cond) \
			unit_passed++; \
		else \
		{ \
			unit_failed++; \
			UNIT_FAIL_HEADER(); \
			fprintf(stderr, "%s\n", #cond); \
		} \
	} while (0)

#define CHECK_INT(actual, expected) \
	do { \
		long long unit_a_ = (long long) (actual); \
		long long unit_e_ = (long long) (expected); \
		if (unit_a_ == unit_e_) \
			unit_passed++; \
		else \
		{ \
			unit_failed++; \
			UNIT_FAIL_HEADER(); \
			fprintf(stderr, "%s == %lld, expected %lld\n", #actual, \
					unit_a_, unit_e_); \
		} \
	} while (0)

#define CHECK_STR(actual, expected) \
	do { \
		const char *unit_a_ = (actual); \
		const char *unit_e_ = (expected); \
		if (unit_a_ != NULL && unit_e_ != NULL && strcmp(unit_a_, unit_e_) == 0) \
			unit_passed++; \
		else \
		{ \
			unit_failed++; \
			UNIT_FAIL_HEADER(); \
			fprintf(stderr, "%s:\n  got:      %s\n  expected: %s\n", #actual, \
					unit_a_ ? unit_a_ : "(null)", unit_e_ ? unit_e_ : "(null)"); \
		} \
	} while (0)

#define UNIT_REPORT() \
	(printf("%d passed, %d failed\n", unit_passed, unit_failed), \
	 unit_failed > 0 ? 1 : 0)

#endif							/* UNIT_H */
