# Sourced by the scripted tests that use npm packages (test/scripts/*.sh):
# the ok / not ok lines and their closing count, and npm_package.  The
# matrix's Debian roots (test/matrix) have no Node.js, and what these tests
# check does not depend on PostgreSQL's version: there they end at once,
# and the host's make check runs them.

passed=0 failed=0
ok()  { passed=$((passed + 1)); echo "ok - $*"; }
bad() { failed=$((failed + 1)); echo "not ok - $*"; }
finish() { echo "$passed passed, $failed failed"; ((failed == 0)); exit; }

if [ "${REST_FDW_TEST_MODE:-}" = matrix ]; then
    echo "# not run in a matrix root: the host's make check runs it"
    finish
fi

# npm_package PREFIX NAME VERSION: NAME@VERSION in PREFIX/node_modules,
# installed with npm unless it is there already.  Without npm, or with the
# registry out of reach, the test says so and ends, skipped (counting
# nothing); any other failure to install is a failure.
npm_package() {
    local prefix=$1 name=$2 version=$3 log
    grep -q "\"version\": \"$version\"" "$prefix/node_modules/$name/package.json" 2>/dev/null &&
        return 0
    if ! command -v npm >/dev/null 2>&1; then
        echo "# skipped: npm is not installed (apt-get install npm), so $name cannot be fetched"
        finish
    fi
    # (npm retries a registry out of reach for minutes: ask once, bounded)
    if ! timeout 20 npm ping --fetch-retries=0 >/dev/null 2>&1; then
        echo "# skipped: the npm registry cannot be reached, so $name@$version cannot be installed"
        finish
    fi
    mkdir -p "$prefix"
    log=$(mktemp /tmp/rest_fdw_npm.XXXXXX)
    if timeout 600 npm install --silent --no-audit --no-fund --prefix "$prefix" "$name@$version" \
        >"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    cat "$log"
    rm -f "$log"
    bad "npm install $name@$version"
    finish
}

# same_as_checked_in SUBJECT WHAT GOT FILE: the file GOT is FILE (a path
# under the top of the tree), which OPENAPI_EXAMPLES_UPDATE=1 rewrites
# first (after a deliberate change)
same_as_checked_in() {
    local subject=$1 what=$2 got=$3 file=$4
    if [ -n "${OPENAPI_EXAMPLES_UPDATE:-}" ]; then
        cp "$got" "$top/$file"
        echo "# wrote $file"
    fi
    if diff -u "$top/$file" "$got" >"$got.diff" 2>&1; then
        ok "$subject: the $what in $file"
    else
        bad "$subject: the $what differs from $file: $(head -c 600 "$got.diff")"
    fi
}
