#ifndef DEADBOLT_CLIBGIT2_SHIM_H
#define DEADBOLT_CLIBGIT2_SHIM_H
#define GIT_DEPRECATE_HARD
#include <git2.h>
// deadbolt builds against libgit2 1.5 (Debian 12) and 1.8 (bookworm-backports; scripts/libgit2-compat.sh).
// 1.8 declares git_error_clear in <git2/sys/errors.h>, no longer in <git2/errors.h>.
#if __has_include(<git2/sys/errors.h>)
#include <git2/sys/errors.h>
#endif
// 1.6 renamed GIT_OID_HEXSZ to GIT_OID_SHA1_HEXSIZE; GIT_DEPRECATE_HARD hides the old name.
#ifdef GIT_OID_SHA1_HEXSIZE
#define DEADBOLT_GIT_OID_HEXSIZE GIT_OID_SHA1_HEXSIZE
#else
#define DEADBOLT_GIT_OID_HEXSIZE GIT_OID_HEXSZ
#endif
#endif
