#ifndef DEADBOLT_CLIBGIT2_SHIM_H
#define DEADBOLT_CLIBGIT2_SHIM_H
#define GIT_DEPRECATE_HARD
#include <git2.h>
#endif
