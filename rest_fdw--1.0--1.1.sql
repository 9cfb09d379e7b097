/* rest_fdw--1.0--1.1.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rest_fdw UPDATE TO '1.1'" to load this file. \quit

-- The version of the loaded library, which can differ from the SQL-level
-- version after a package upgrade until ALTER EXTENSION ... UPDATE is run.
CREATE FUNCTION rest_fdw_version()
RETURNS text
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
