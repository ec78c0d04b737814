#ifndef DEADBOLT_CSPAWN_H
#define DEADBOLT_CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` in `cwd`, its standard streams on the given
/// descriptors, in a new process group, with default signal dispositions and an empty signal
/// mask, and every other descriptor closed. Returns 0 and sets `*pid`, or an errno value.
int deadbolt_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                   const char *cwd, int stdin_fd, int stdout_fd, int stderr_fd);

/// A pipe whose both ends are close-on-exec, made atomically. Returns 0 or an errno value.
int deadbolt_pipe(int fds[2]);

/// A descriptor that becomes readable when `pid` exits (Linux pidfd), or -1 where there is none.
int deadbolt_pidfd_open(pid_t pid);

/// 1 when the child `pid` has exited (left a zombie, not reaped), 0 while it runs, -1 on error.
int deadbolt_has_exited(pid_t pid);

#endif
