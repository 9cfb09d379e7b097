# rest_fdw: a foreign data wrapper for HTTP JSON APIs
#
#   make && make install    build and install with PGXS (pg_config on PATH,
#                           or PG_CONFIG=/path/to/pg_config)
#   make demo               set everything up from nothing and show it working
#   make check              set everything up from nothing and run every test
#
# "check" and "demo" need no PostgreSQL to be installed yet: test/run
# installs what is missing first, so they are kept apart from PGXS, which
# needs pg_config just to be read.

ifneq ($(filter check demo,$(MAKECMDGOALS)),)

.PHONY: check demo
check:
	@bash test/run check
demo:
	@bash test/run demo

else

MODULE_big = rest_fdw
OBJS = \
	src/rest_fdw.o \
	src/option.o \
	src/http_client.o \
	src/convert.o \
	src/json_stream.o \
	src/json_row.o \
	src/url.o \
	src/header_json.o \
	src/template.o
PGFILEDESC = "rest_fdw - foreign data wrapper for HTTP JSON APIs"

EXTENSION = rest_fdw
DATA = rest_fdw--1.0.sql rest_fdw--1.1.sql rest_fdw--1.0--1.1.sql

REGRESS = setup options scan types errors auth


CURL_CONFIG ?= curl-config
PG_CPPFLAGS = -I$(srcdir)/src $(shell $(CURL_CONFIG) --cflags)
PG_CFLAGS = -Wall -Werror
SHLIB_LINK = $(shell $(CURL_CONFIG) --libs) -ljansson

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies; rebuild on any header change
$(OBJS): $(wildcard $(srcdir)/src/*.h)

endif
