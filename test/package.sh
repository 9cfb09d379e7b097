#!/usr/bin/env bash
# test/package.sh: rest_fdw as its packages deliver it.
#
#   1. builds the Debian packages from a copy of the tree
#      (dpkg-buildpackage -us -uc -b; the build-time regression run is
#      skipped with nocheck because step 4 runs it on the installed files)
#   2. installs postgresql-NN-rest-fdw with dpkg, as a user would
#   3. checks that the files PostgreSQL loads for rest_fdw are the
#      package's (dpkg --verify, dpkg -S)
#   4. runs the regression suite against the installed package: the
#      autopkgtest, debian/tests/installcheck (a pg_virtualenv cluster and
#      the fixture API)
#   5. builds the RPMs from rpm/rest_fdw.spec with rpmbuild (--nodeps, on
#      Debian's PostgreSQL layout) and checks they hold the same files
#
# Run by test/run (make check) as root.  The package stays installed: its
# files are the ones "make install" of the same tree puts there.
# Closes with "N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0

ok()  { passed=$((passed + 1)); echo "ok - $*"; }
bad() { failed=$((failed + 1)); echo "not ok - $*"; }
finish() { echo "$passed passed, $failed failed"; ((failed == 0)); exit; }

if [ "$(id -u)" != 0 ]; then
    echo "skip - installing a package needs root"
    finish
fi

PG_CONFIG=${PG_CONFIG:-pg_config}
pg_major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
pkg=postgresql-$pg_major-rest-fdw
work=$(mktemp -d /tmp/rest_fdw_pkg.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

# ---- a copy of the tree: what a fresh clone has, plus files not committed yet
src=$work/rest_fdw
mkdir "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$top" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done |
        xargs -0 cp -a --parents -t "$src")
else
    cp -a "$top/." "$src"
    make -s -C "$src" clean PG_CONFIG="$PG_CONFIG" >/dev/null 2>&1
fi
release=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$src/META.json")
tar -C "$work" -czf "$work/rest_fdw-$release.tar.gz" --transform "s,^rest_fdw,rest_fdw-$release," rest_fdw

# ---- 1. build ------------------------------------------------------------
echo "# dpkg-buildpackage -us -uc -b (log: build.log)"
start=$SECONDS
if (cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" DEB_BUILD_PROFILES=nocheck \
        dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
    ok "dpkg-buildpackage built $(cd "$work" && echo *.deb) in $((SECONDS - start)) s"
else
    tail -n 40 "$work/build.log"
    bad "dpkg-buildpackage failed"
    finish
fi
deb=$(ls "$work/${pkg}_"*.deb 2>/dev/null | head -n 1)
if [ -n "$deb" ]; then
    ok "built $pkg"
else
    bad "no $pkg package was built"
    finish
fi
dpkg-deb -f "$deb" Package Version Depends | sed 's/^/#   /'

# ---- 2. install ------------------------------------------------------------
# Installing replaces system files: one make check at a time may do it.
exec 9>/tmp/rest_fdw_package.lock
flock -w 900 9 || { bad "another test/package.sh held /tmp/rest_fdw_package.lock too long"; finish; }
export DEBIAN_FRONTEND=noninteractive
if dpkg -i "$deb" >"$work/install.log" 2>&1 ||
        apt-get install -f -y -q >>"$work/install.log" 2>&1; then
    ok "installed $(dpkg-query -W -f '${Package} ${Version}' "$pkg")"
else
    cat "$work/install.log"
    bad "installing $deb failed"
    finish
fi
echo "# files of $(basename "$deb"):"
dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's,^\./,/,p' | grep -v '/$' | sed 's/^/#   /'

# the documentation: the README and every file of doc/, as written
docs=(README.md $(cd "$src" && ls doc/*.md))
deb_list=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's,^\./,/,p')
missing=()
for f in "${docs[@]}"; do
    grep -qxF "/usr/share/doc/$pkg/$f" <<<"$deb_list" || missing+=("$f")
done
((${#missing[@]} == 0)) && ok "the package ships the README and the ${#docs[@]} files of doc/ in /usr/share/doc/$pkg" ||
    bad "not in /usr/share/doc/$pkg of the package: ${missing[*]}"

# ---- 3. the files PostgreSQL loads are the package's -------------------------
problems=$(dpkg --verify "$pkg" 2>&1)
[ -z "$problems" ] && ok "dpkg --verify: the installed files are the package's" ||
    bad "dpkg --verify: $problems"
strays=()
for f in "$("$PG_CONFIG" --pkglibdir)"/rest_fdw.so "$("$PG_CONFIG" --sharedir)"/extension/rest_fdw*; do
    [ -e "$f" ] || continue
    owner=$(dpkg -S "$f" 2>/dev/null | cut -d: -f1)
    [ "$owner" = "$pkg" ] || strays+=("$f")
done
((${#strays[@]} == 0)) && ok "every rest_fdw file in PostgreSQL's directories belongs to $pkg" ||
    bad "files not from $pkg: ${strays[*]}"

# ---- 4. the regression suite against the installed package --------------------
echo "# debian/tests/installcheck (the autopkgtest)"
mkdir "$work/autopkgtest"
# pg_virtualenv makes its own cluster: it must not reuse make check's port
if (cd "$src" && env -u PGPORT -u PGHOST -u PGDATABASE -u PGUSER \
        AUTOPKGTEST_TMP="$work/autopkgtest" debian/tests/installcheck) >"$work/installcheck.log" 2>&1; then
    ok "regression suite against the installed package: $(grep -E 'All [0-9]+ tests passed' "$work/installcheck.log" | tr -s ' ' | sed 's/^ //; s/ $//')"
else
    grep -E '^(test |not ok|ok )|tests (passed|failed)' "$work/installcheck.log"
    sed -n '/regression.diffs \*\*\*\*/,$p' "$work/installcheck.log" | head -n 200
    tail -n 20 "$work/installcheck.log"
    bad "regression suite against the installed package"
fi

# ---- 5. RPM ---------------------------------------------------------------------
if command -v rpmbuild >/dev/null; then
    rpmtop=$work/rpmbuild
    mkdir -p "$rpmtop/SOURCES"
    cp "$work/rest_fdw-$release.tar.gz" "$rpmtop/SOURCES/"
    # --nodeps: the build dependencies are Debian packages here, unknown to rpm
    if rpmbuild -bb --nodeps "$src/rpm/rest_fdw.spec" \
            --define "_topdir $rpmtop" --define "pgmajorversion $pg_major" \
            --define "pginstdir $("$PG_CONFIG" --bindir | sed 's,/bin$,,')" \
            --define "pglibdir $("$PG_CONFIG" --pkglibdir)" \
            --define "pgsharedir $("$PG_CONFIG" --sharedir)" >"$work/rpmbuild.log" 2>&1; then
        ok "rpmbuild built $(cd "$rpmtop/RPMS"/* && echo *.rpm)"
        rpm_files=$(for r in "$rpmtop"/RPMS/*/*.rpm; do rpm -qpl "$r"; done |
                    grep -E '^/usr/(lib|share)/postgresql/' | sort)
        deb_files=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's,^\./,/,p' |
                    grep -E '^/usr/(lib|share)/postgresql/.*[^/]$' | sort)
        if [ -n "$rpm_files" ] && [ "$rpm_files" = "$deb_files" ]; then
            ok "the RPMs and the Debian package install the same $(echo "$rpm_files" | wc -l) files"
        else
            diff <(echo "$deb_files") <(echo "$rpm_files") | sed 's/^/#   /'
            bad "the RPMs and the Debian package install different files"
        fi
        rpm_docs=$(for r in "$rpmtop"/RPMS/*/*.rpm; do rpm -qpl "$r"; done | grep '/doc/')
        missing=()
        for f in "${docs[@]}"; do
            grep -qE "/doc/[^/]+/$f\$" <<<"$rpm_docs" || missing+=("$f")
        done
        ((${#missing[@]} == 0)) && ok "the RPM ships the README and the files of doc/" ||
            bad "not among the RPM's documentation: ${missing[*]}"
        rpm_version=$(rpm -qp --qf '%{version}\n' "$rpmtop"/RPMS/*/*.rpm | sort -u)
        [ "$rpm_version" = "$release" ] && ok "the RPMs are version $release" ||
            bad "RPM version $rpm_version, META.json $release"
    else
        tail -n 30 "$work/rpmbuild.log"
        bad "rpmbuild failed"
    fi
else
    echo "skip - rpmbuild is not installed"
fi

finish
