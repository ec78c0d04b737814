// libgit2 for a program that never talks to a remote through it.
//
// deadbolt reads local repositories only (pushes and fetches are git's own). libgit2 1.5 and 1.8,
// as Debian builds them, prepare for remotes at every git_libgit2_init: mbedTLS gathers entropy
// (HAVEGE) and parses the system's CA certificates, libssh2 initialises OpenSSL, and its SPNEGO
// code needs Kerberos. A hook runs on every push, so none of that may cost it anything:
//
// - the linker's --wrap (Package.swift) sends libgit2's calls to its mbedTLS stream and to its
//   SSH set-up here. TLS streams are refused with a libgit2 error instead of being prepared;
//   libssh2 initialises itself on first use (_libssh2_init_if_needed), so nothing is lost.
// - the GSS-API functions libgit2 refers to answer GSS_S_FAILURE, as on a machine without
//   Kerberos, so six Kerberos libraries are not loaded at start.
#include <stddef.h>
#include <stdint.h>
#include <git2.h>
// 1.8 declares git_error_set_str in <git2/sys/errors.h>, no longer in <git2/errors.h>.
#if __has_include(<git2/sys/errors.h>)
#include <git2/sys/errors.h>
#endif
#include "git_local_only.h"

static const char no_remote[] = "deadbolt reads local repositories only: libgit2's TLS streams are not set up";

int __wrap_git_mbedtls_stream_global_init(void) { return 0; }

// libgit2 1.5 names its SSH set-up git_transport_ssh_global_init; 1.8, which can also run ssh(1),
// calls the libssh2 one git_transport_ssh_libssh2_global_init. Package.swift wraps both names;
// the one the linked libgit2 does not call is never referred to.
int __wrap_git_transport_ssh_global_init(void) { return 0; }

int __wrap_git_transport_ssh_libssh2_global_init(void) { return 0; }

int __wrap_git_mbedtls_stream_new(void **out, const char *host, const char *port) {
    (void)host, (void)port;
    if (out != NULL) {
        *out = NULL;
    }
    git_error_set_str(GIT_ERROR_NET, no_remote);
    return -1;
}

int __wrap_git_mbedtls_stream_wrap(void **out, void *in, const char *host) {
    (void)in, (void)host;
    if (out != NULL) {
        *out = NULL;
    }
    git_error_set_str(GIT_ERROR_NET, no_remote);
    return -1;
}

int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path) {
    (void)file, (void)path;
    git_error_set_str(GIT_ERROR_NET, no_remote);
    return -1;
}

// GSS-API, as <gssapi/gssapi.h> declares it, without the header (Debian's is in libkrb5-dev).
typedef uint32_t OM_uint32;

#define GSS_S_FAILURE ((OM_uint32)13 << 16)

static OM_uint32 unavailable(OM_uint32 *minor) {
    if (minor != NULL) {
        *minor = 0;
    }
    return GSS_S_FAILURE;
}

void *GSS_C_NT_HOSTBASED_SERVICE = NULL;

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mechs) {
    if (mechs != NULL) {
        *mechs = NULL;
    }
    return unavailable(minor);
}

OM_uint32 gss_import_name(OM_uint32 *minor, const void *name, const void *type, void **output) {
    (void)name, (void)type;
    if (output != NULL) {
        *output = NULL;
    }
    return unavailable(minor);
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor, const void *credential, void **context, const void *target,
                               const void *mechanism, OM_uint32 flags, OM_uint32 lifetime, const void *bindings,
                               const void *input, void **actual_mechanism, void *output, OM_uint32 *actual_flags,
                               OM_uint32 *actual_lifetime) {
    (void)credential, (void)context, (void)target, (void)mechanism, (void)flags, (void)lifetime;
    (void)bindings, (void)input, (void)actual_mechanism, (void)output, (void)actual_flags, (void)actual_lifetime;
    return unavailable(minor);
}

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, const void *mechanism,
                             OM_uint32 *context, void *output) {
    (void)status, (void)type, (void)mechanism, (void)output;
    if (context != NULL) {
        *context = 0;
    }
    return unavailable(minor);
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void **context, void *output) {
    (void)context, (void)output;
    return unavailable(minor);
}

OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer) {
    (void)buffer;
    return unavailable(minor);
}

OM_uint32 gss_release_name(OM_uint32 *minor, void **name) {
    (void)name;
    return unavailable(minor);
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set) {
    (void)set;
    return unavailable(minor);
}
