"""What the Python checks of test/ print: one "ok - NAME" or "not ok - NAME"
line per check (with its detail on "#" lines below), and at the end the
line "N passed, M failed" that test/run counts.

    from tally import result, skip, finish
    result(ok, "what was checked", "what was wrong")
    sys.exit(finish())
"""

passed = failed = skipped = 0


def result(ok, name, detail=""):
    """Counts and prints one check; returns ok."""
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        for line in str(detail).rstrip("\n").split("\n") if detail else ():
            print("#   " + line)
    return ok


def skip(name, why):
    """A check that cannot run here, and why."""
    global skipped
    skipped += 1
    print("skip - %s: %s" % (name, why))


def finish():
    """Prints the closing counts; returns the exit status (1 if any failed)."""
    print("%d passed, %d failed" % (passed, failed) +
          (", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0
