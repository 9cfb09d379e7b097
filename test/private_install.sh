# Sourced by test/run and bench/run.
#
# private_install DIR MAKE-COMMAND...: build and install rest_fdw into a
# private copy of PostgreSQL's directories under DIR/inst, never into the
# system's, so that two runs on one machine (two work trees, say) do not
# see each other's build.  PostgreSQL finds its share and lib folders
# relative to its own binary, so the binaries are copied, and the rest is
# a tree of symlinks.  Needs PG_CONFIG; sets PGBIN to the private bindir.
private_install() {
    local inst=$1/inst sys_bindir sys_pkglibdir sys_sharedir
    shift
    sys_bindir=$($PG_CONFIG --bindir) sys_pkglibdir=$($PG_CONFIG --pkglibdir)
    sys_sharedir=$($PG_CONFIG --sharedir)
    mkdir -p "$inst$sys_bindir" "$inst$sys_pkglibdir" "$inst$sys_sharedir"
    cp -a "$sys_bindir/." "$inst$sys_bindir/"
    cp -as "$sys_pkglibdir/." "$inst$sys_pkglibdir/"
    cp -as "$sys_sharedir/." "$inst$sys_sharedir/"
    # whatever an earlier installation of rest_fdw left in the system's folders
    rm -f "$inst$sys_pkglibdir"/rest_fdw.so "$inst$sys_sharedir"/extension/rest_fdw*
    rm -rf "$inst$sys_pkglibdir"/bitcode/rest_fdw*
    "$@" >/dev/null || return 1
    "$@" install DESTDIR="$inst" >/dev/null || return 1
    PGBIN=$inst$sys_bindir
}
