#ifndef DEADBOLT_GIT_LOCAL_ONLY_H
#define DEADBOLT_GIT_LOCAL_ONLY_H
// Nothing to import: this target only defines symbols the static libgit2 is linked against.
// See git_local_only.c.
#endif
