--
-- The upgrade path.  For every older version, installing it and running
-- ALTER EXTENSION rest_fdw UPDATE must give exactly the objects of a fresh
-- install of the default version: same members, same definitions (function
-- properties, the wrapper's handler, validator and ACL, comments).  Any drift
-- between an update script and the full script shows up as rows below.
--
-- The extension is installed in the regression database already, so this
-- runs in a database of its own.
--
\set regress_db :DBNAME
CREATE DATABASE rest_fdw_upgrade;
\c rest_fdw_upgrade

-- every older version has an update path to the default version
SELECT count(*) > 0 AS has_older_versions,
       count(*) FILTER (WHERE p.path IS NULL) AS versions_without_update_path
FROM pg_available_extensions e
JOIN pg_extension_update_paths('rest_fdw') p
  ON p.target = e.default_version AND p.source <> e.default_version
WHERE e.name = 'rest_fdw';

-- The extension's members, each with a description of its definition.
CREATE FUNCTION extension_objects(ext name)
RETURNS TABLE (object text, definition text)
LANGUAGE sql STABLE AS $$
  SELECT pg_describe_object(d.classid, d.objid, d.objsubid),
         concat_ws(E'\n',
           CASE d.classid
             WHEN 'pg_proc'::regclass THEN (
               SELECT CASE WHEN p.prokind IN ('f', 'p')
                           THEN pg_get_functiondef(p.oid)
                           ELSE p.prokind::text END
                      || ' acl=' || coalesce(p.proacl::text, 'default')
               FROM pg_proc p WHERE p.oid = d.objid)
             WHEN 'pg_foreign_data_wrapper'::regclass THEN (
               SELECT format('handler=%s validator=%s options=%s acl=%s',
                             w.fdwhandler::regproc, w.fdwvalidator::regproc,
                             w.fdwoptions, w.fdwacl)
               FROM pg_foreign_data_wrapper w WHERE w.oid = d.objid)
             WHEN 'pg_type'::regclass THEN (
               SELECT format('type=%s input=%s output=%s base=%s notnull=%s default=%s',
                             t.typtype, t.typinput, t.typoutput,
                             t.typbasetype::regtype, t.typnotnull, t.typdefault)
               FROM pg_type t WHERE t.oid = d.objid)
             WHEN 'pg_class'::regclass THEN (
               SELECT format('kind=%s options=%s acl=%s columns=%s view=%s',
                             c.relkind, c.reloptions, c.relacl,
                             (SELECT string_agg(a.attname || ' ' ||
                                                format_type(a.atttypid, a.atttypmod) ||
                                                CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                                                ', ' ORDER BY a.attnum)
                              FROM pg_attribute a
                              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                             CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END)
               FROM pg_class c WHERE c.oid = d.objid)
           END,
           'comment=' || obj_description(d.objid, d.classid::regclass::name))
  FROM pg_depend d
  JOIN pg_extension x ON x.oid = d.refobjid
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
    AND x.extname = ext
  UNION ALL
  SELECT 'extension ' || x.extname,
         format('version=%s relocatable=%s config=%s',
                x.extversion, x.extrelocatable,
                (SELECT array_agg(c::regclass) FROM unnest(x.extconfig) c))
  FROM pg_extension x WHERE x.extname = ext
$$;

CREATE TABLE updated (start_version text, object text, definition text);
CREATE TABLE fresh (object text, definition text);

-- install each older version, update it, and record what we got
DO $$
DECLARE
  v text;
BEGIN
  FOR v IN
    SELECT p.source FROM pg_available_extensions e
    JOIN pg_extension_update_paths('rest_fdw') p
      ON p.target = e.default_version AND p.source <> e.default_version
    WHERE e.name = 'rest_fdw' AND p.path IS NOT NULL
  LOOP
    EXECUTE format('CREATE EXTENSION rest_fdw VERSION %L', v);
    ALTER EXTENSION rest_fdw UPDATE;
    INSERT INTO updated SELECT v, o.* FROM extension_objects('rest_fdw') o;
    DROP EXTENSION rest_fdw;
  END LOOP;
END
$$;

CREATE EXTENSION rest_fdw;
INSERT INTO fresh SELECT * FROM extension_objects('rest_fdw');

-- the comparison is not vacuous: both sides have the wrapper and functions
SELECT count(*) FILTER (WHERE object = 'foreign-data wrapper rest_fdw') = 1 AS has_wrapper,
       count(*) FILTER (WHERE object LIKE 'function %') >= 3 AS has_functions,
       count(*) FILTER (WHERE object LIKE 'extension %') = 1 AS has_extension
FROM fresh;
SELECT count(DISTINCT start_version) > 0 AS versions_tested FROM updated;

-- drift: rows that only one side has
SELECT u.start_version, 'only after update' AS side, u.object, u.definition
FROM updated u
WHERE NOT EXISTS (SELECT FROM fresh f
                  WHERE f.object = u.object
                    AND f.definition IS NOT DISTINCT FROM u.definition)
UNION ALL
SELECT s.start_version, 'only in a fresh install', f.object, f.definition
FROM fresh f CROSS JOIN (SELECT DISTINCT start_version FROM updated) s
WHERE NOT EXISTS (SELECT FROM updated u
                  WHERE u.start_version = s.start_version
                    AND u.object = f.object
                    AND u.definition IS NOT DISTINCT FROM f.definition)
ORDER BY 1, 3, 2;

-- the library that was loaded is the version the SQL scripts say
SELECT rest_fdw_version() = extversion AS library_matches_scripts
FROM pg_extension WHERE extname = 'rest_fdw';

\c :regress_db
DROP DATABASE rest_fdw_upgrade;
