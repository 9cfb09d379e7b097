# What the scripted tests share; each sources it (". test/scripts/common.bash")
# from the top of the tree, after setting passed=0 failed=0.  Not a test
# itself: test/run runs test/scripts/*.sh only.

check() {   # check NAME CONDITION-STATUS [DETAIL]
    if [ "$2" = 0 ]; then
        passed=$((passed + 1)); echo "ok - $1"
    else
        failed=$((failed + 1)); echo "not ok - $1"; [ -n "${3:-}" ] && printf '%s\n' "$3"
    fi
}

# the fixture's control endpoints, without needing the curl command
fixture_get() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$FIXTURE_URL$1"; }
