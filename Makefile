# rest_fdw: a foreign data wrapper for HTTP JSON APIs
#
#   make && make install    build and install with PGXS (pg_config on PATH,
#                           or PG_CONFIG=/path/to/pg_config)
#   make demo               set everything up from nothing and show it working
#   make check              set everything up from nothing and run every test
#   make check-matrix       the tests on PostgreSQL 13, 15, 17 and 18, each in
#                           a Debian root of its own (PG=17 for one of them)
#
# "check" and "demo" need no PostgreSQL to be installed yet: test/run
# installs what is missing first, so they are kept apart from PGXS, which
# needs pg_config just to be read.

ifneq ($(filter check check-matrix demo,$(MAKECMDGOALS)),)

.PHONY: check check-matrix demo
check:
	@bash test/run check
check-matrix:
	@bash test/matrix $(PG)
demo:
	@bash test/run demo

else

MODULE_big = rest_fdw
OBJS = \
	src/rest_fdw.o \
	src/option.o \
	src/option_auth.o \
	src/preset.o \
	src/http_client.o \
	src/http_body.o \
	src/http_response.o \
	src/http_wait.o \
	src/http_oauth.o \
	src/oauth2.o \
	src/url_policy.o \
	src/convert.o \
	src/json_stream.o \
	src/json_path.o \
	src/json_hold.o \
	src/json_row.o \
	src/url.o \
	src/header_json.o \
	src/template.o \
	src/pushdown.o \
	src/request.o \
	src/connection.o \
	src/http_util.o \
	src/pagination.o \
	src/deparse.o \
	src/sql_syntax.o \
	src/influxql.o \
	src/sql_dialect.o \
	src/dialect.o \
	src/safe_text.o \
	src/backend_text.o \
	src/body_decoder.o \
	src/openapi.o \
	src/openapi_schema.o \
	src/openapi_model.o \
	src/openapi_sample.o \
	src/yaml_json.o \
	src/import.o
PGFILEDESC = "rest_fdw - foreign data wrapper for HTTP JSON APIs"

EXTENSION = rest_fdw
DATA = rest_fdw--1.0.sql rest_fdw--1.1.sql rest_fdw--1.2.sql rest_fdw--1.0--1.1.sql rest_fdw--1.1--1.2.sql

REGRESS = setup options option_combinations scan types errors auth oauth upgrade pushdown request_only pagination pagination_end http sql_deparse hostile limits explain_only import import_limits series


CURL_CONFIG ?= curl-config
PG_CPPFLAGS = -I$(srcdir)/src $(shell $(CURL_CONFIG) --cflags)
PG_CFLAGS = -Wall -Werror
SHLIB_LINK = $(shell $(CURL_CONFIG) --libs) -ljansson -lyaml -lz -lbrotlidec

# The extension's version has one source, default_version in rest_fdw.control.
# The library is told it here (rest_fdw_version()); test/check_versions.py
# checks that META.json, debian/changelog and rpm/rest_fdw.spec agree with it.
EXTVERSION = $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" $(srcdir)/rest_fdw.control)
PG_CPPFLAGS += -DREST_FDW_VERSION=\"$(EXTVERSION)\"

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies; rebuild on any header change
$(OBJS): $(wildcard $(srcdir)/src/*.h)
src/rest_fdw.o: $(srcdir)/rest_fdw.control

# In a VPATH build (pg_buildext builds in build-NN/) the objects go to src/
# under the build directory, which nothing else creates.  The absolute name
# keeps make from finding $(srcdir)/src through VPATH instead.
ifdef VPATH
$(OBJS): | $(CURDIR)/src
$(CURDIR)/src:
	$(MKDIR_P) $@
endif

endif
