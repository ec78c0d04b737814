/// Keeps `git_libgit2_init` from parsing the system's CA certificates.
///
/// Debian's libgit2 1.5 is built with mbedTLS and, while initialising, parses
/// /etc/ssl/certs/ca-certificates.crt (about 200 KB of PEM: 5 ms or more) so that HTTPS
/// remotes can be verified later. deadbolt never talks to a remote through libgit2, and a hook
/// runs on every push, so this executable defines the one mbedTLS function libgit2 calls for
/// that and answers "loaded" without reading anything. The dynamic linker resolves libgit2's
/// call to this definition because the executable comes first in symbol lookup. Anything that
/// did try TLS through libgit2 would find no trusted roots and fail verification: safe.
@_cdecl("mbedtls_x509_crt_parse_file")
public func skipCACertificates(_ chain: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    0
}
