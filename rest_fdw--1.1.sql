/* rest_fdw--1.1.sql */

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
