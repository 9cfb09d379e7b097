/* rest_fdw--1.2.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION rest_fdw" to load this file. \quit

CREATE FUNCTION rest_fdw_handler()
RETURNS fdw_handler
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT;

CREATE FUNCTION rest_fdw_validator(text[], oid)
RETURNS void
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT;

CREATE FOREIGN DATA WRAPPER rest_fdw
  HANDLER rest_fdw_handler
  VALIDATOR rest_fdw_validator;

-- Creating a server makes outbound HTTP requests possible from the database
-- host, so, like postgres_fdw, USAGE on the wrapper is not granted to PUBLIC.
REVOKE ALL ON FOREIGN DATA WRAPPER rest_fdw FROM PUBLIC;

-- The version of the loaded library, which can differ from the SQL-level
-- version after a package upgrade until ALTER EXTENSION ... UPDATE is run.
CREATE FUNCTION rest_fdw_version()
RETURNS text
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT STABLE PARALLEL SAFE;

-- This backend's cached HTTP connections, one row per server and user (like
-- postgres_fdw_get_connections): valid is false once the server or user
-- mapping has changed; such connections close when their last scan ends.
CREATE FUNCTION rest_fdw_get_connections(
  OUT server_name text, OUT user_name text, OUT valid bool, OUT in_use bool,
  OUT requests bigint, OUT connections_opened bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT VOLATILE PARALLEL RESTRICTED;

-- Close this backend's connections to one server, or to all servers.
-- They return true if a connection was closed.
CREATE FUNCTION rest_fdw_disconnect(text)
RETURNS bool
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT VOLATILE PARALLEL RESTRICTED;

CREATE FUNCTION rest_fdw_disconnect_all()
RETURNS bool
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT VOLATILE PARALLEL RESTRICTED;

-- This backend's cumulative HTTP figures per server, for monitoring.
CREATE FUNCTION rest_fdw_http_stats(
  OUT server_name text, OUT requests bigint, OUT bytes bigint,
  OUT errors bigint, OUT retries bigint, OUT connections_opened bigint,
  OUT time_ms double precision)
RETURNS SETOF record
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT VOLATILE PARALLEL RESTRICTED;
