#!/usr/bin/env bash
# Text from the wire in databases that are not UTF-8 (issue 12, item 6).
# JSON is UTF-8: in a LATIN1 and an EUC_JP database every column, json and
# jsonb included, holds the text converted to the database encoding (and
# reads back), a character the encoding lacks is an error (22P05), and the
# server's bytes in an error message arrive intact whatever the client
# encoding, instead of an encoding error in place of the real one.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER (a superuser),
# FIXTURE_URL.
set -u
export PGOPTIONS="-c client_min_messages=warning"
passed=0 failed=0
check() {   # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1)); echo "ok - $1"
    else
        failed=$((failed + 1)); echo "not ok - $1"
        printf 'expected: %s\n     got: %s\n' "$2" "$3"
    fi
}
contains() {   # contains NAME PATTERN ACTUAL
    if printf '%s' "$3" | grep -q -- "$2"; then
        passed=$((passed + 1)); echo "ok - $1"
    else
        failed=$((failed + 1)); echo "not ok - $1"
        printf 'expected to contain: %s\n                got: %s\n' "$2" "$3"
    fi
}
dbs="rest_fdw_latin1 rest_fdw_euc_jp"
cleanup() { for d in $dbs; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null; done; }
trap cleanup EXIT
cleanup

setup() {   # setup DB ENCODING
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c \
        "CREATE DATABASE $1 ENCODING '$2' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" || exit 1
    psql -X -q -v ON_ERROR_STOP=1 -d "$1" <<SQL || exit 1
CREATE EXTENSION rest_fdw;
CREATE SERVER wire FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url '$FIXTURE_URL');
CREATE FOREIGN TABLE latin (id int, name text, doc jsonb, docj json)
  SERVER wire OPTIONS (path '/hostile/text/latin');
CREATE FOREIGN TABLE cjk (id int, name text, doc jsonb, docj json)
  SERVER wire OPTIONS (path '/hostile/text/cjk');
CREATE FOREIGN TABLE emoji (id int, name text, doc jsonb)
  SERVER wire OPTIONS (path '/hostile/text/emoji');
CREATE FOREIGN TABLE err (id int) SERVER wire OPTIONS (path '/hostile/error_bytes');
ALTER FOREIGN TABLE latin ALTER COLUMN docj OPTIONS (json_path 'doc');
ALTER FOREIGN TABLE cjk ALTER COLUMN docj OPTIONS (json_path 'doc');
SQL
}
q() {   # q DB CLIENT_ENCODING SQL: the result, or the error with its SQLSTATE
    PGCLIENTENCODING=$2 psql -X -q -At -d "$1" -c '\set VERBOSITY verbose' -c "$3" 2>&1 |
        sed -n '/^LOCATION:/!p'
}

# ---- LATIN1 ----------------------------------------------------------------
setup rest_fdw_latin1 LATIN1
L=rest_fdw_latin1
check "LATIN1: text, jsonb and json hold the characters" \
    'café|{"city": "café"}|{"city": "café"}|t|t' \
    "$(q $L UTF8 "SELECT name, doc, docj, doc->>'city' = 'café', docj->>'city' = 'café' FROM latin WHERE id = 1")"
check "LATIN1: stored as LATIN1 bytes" '\x636166e9|\x636166e9' \
    "$(q $L UTF8 "SELECT convert_to(name, 'LATIN1'), convert_to(doc->>'city', 'LATIN1') FROM latin WHERE id = 1")"
check "LATIN1: \\u escapes: jsonb decodes them, json keeps them" \
    'naïve|["été"]|["\u00e9t\u00e9"]' \
    "$(q $L UTF8 "SELECT name, doc, docj FROM latin WHERE id = 2")"
check "LATIN1: a LATIN1 client reads the same text" '\x636166e9' \
    "$(PGCLIENTENCODING=LATIN1 psql -X -q -At -d $L -c "SELECT name FROM latin WHERE id = 1" | od -An -tx1 | tr -d ' \n' | sed 's/0a$//; s/^/\\x/')"
for col in name doc docj; do
    contains "LATIN1: a character LATIN1 lacks is 22P05 ($col)" \
        'ERROR:  22P05: character with byte sequence 0xe6 0x9d 0xb1 in encoding "UTF8" has no equivalent in encoding "LATIN1"' \
        "$(q $L UTF8 "SELECT $col FROM cjk")"
done
contains "LATIN1: the error body shows invalid bytes and CJK escaped" \
    'DETAIL:  Response body: {"error": "caf\\xE9 \\xFF\\xFE broken", "note": "\\u6771", "ctl": "a b c"}' \
    "$(q $L UTF8 "SELECT * FROM err")"
contains "LATIN1 database, LATIN1 client: the real error arrives" \
    'ERROR:  HV000: GET request to ".*/hostile/error_bytes" failed with HTTP status 500' \
    "$(q $L LATIN1 "SELECT * FROM err")"

# ---- EUC_JP ----------------------------------------------------------------
setup rest_fdw_euc_jp EUC_JP
E=rest_fdw_euc_jp
check "EUC_JP: text, jsonb and json hold the characters and read back" \
    '東京|{"city": "東京"}|{"city": "東京"}|t|東京' \
    "$(q $E UTF8 "SELECT name, doc, docj, doc->>'city' = '東京', doc->>'city' FROM cjk")"
check "EUC_JP: stored as EUC_JP bytes" '\xc5ecb5fe|\xc5ecb5fe' \
    "$(q $E UTF8 "SELECT convert_to(name, 'EUC_JP'), convert_to(doc->>'city', 'EUC_JP') FROM cjk")"
check "EUC_JP: jsonb is valid after a round trip" '{"city": "東京"}' \
    "$(q $E UTF8 "SELECT (doc::text)::jsonb FROM cjk")"
for col in name doc; do
    contains "EUC_JP: a character EUC_JP lacks is 22P05 ($col)" \
        'ERROR:  22P05: character with byte sequence 0xf0 0x9f 0x98 0x80 in encoding "UTF8" has no equivalent in encoding "EUC_JP"' \
        "$(q $E UTF8 "SELECT $col FROM emoji")"
done
contains "EUC_JP: the error body shows invalid bytes and CJK escaped" \
    'DETAIL:  Response body: {"error": "caf\\xE9 \\xFF\\xFE broken", "note": "\\u6771", "ctl": "a b c"}' \
    "$(q $E EUC_JP "SELECT * FROM err")"

# ---- UTF-8 database, LATIN1 client ------------------------------------------
U=postgres
psql -X -q -d $U -c "CREATE EXTENSION IF NOT EXISTS rest_fdw" \
    -c "DROP SERVER IF EXISTS wire_utf8 CASCADE" \
    -c "CREATE SERVER wire_utf8 FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url '$FIXTURE_URL')" >/dev/null
out=$(PGCLIENTENCODING=LATIN1 psql -X -q -At -d $U \
    -c "CREATE FOREIGN TABLE pg_temp.err (id int) SERVER wire_utf8 OPTIONS (path '/hostile/error_bytes')" \
    -c '\set VERBOSITY verbose' -c "SELECT * FROM pg_temp.err" 2>&1)
contains "UTF-8 database, LATIN1 client: the real error arrives" \
    'ERROR:  HV000: GET request to ".*/hostile/error_bytes" failed with HTTP status 500' "$out"
contains "UTF-8 database, LATIN1 client: CJK escaped, invalid bytes shown" \
    '"caf\\xE9 \\xFF\\xFE broken", "note": "\\u6771"' "$out"
out=$(PGCLIENTENCODING=UTF8 psql -X -q -At -d $U \
    -c "CREATE FOREIGN TABLE pg_temp.err (id int) SERVER wire_utf8 OPTIONS (path '/hostile/error_bytes')" \
    -c "SELECT * FROM pg_temp.err" 2>&1)
contains "UTF-8 database and client: the characters themselves" '"note": "東"' "$out"
psql -X -q -d $U -c "DROP SERVER wire_utf8 CASCADE" >/dev/null

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
