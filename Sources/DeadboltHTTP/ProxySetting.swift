import AsyncHTTPClient
import Foundation

/// The proxy a runner behind one sets in `HTTPS_PROXY` (or `https_proxy`, `HTTP_PROXY`,
/// `http_proxy`), as curl and git read them; loopback addresses and `NO_PROXY` hosts go direct.
///
/// One client serves one API, so the proxy is chosen for the API's own address.
public enum ProxySetting {
    static func proxy(environment: [String: String], for apiURL: String? = nil) -> HTTPClient.Configuration.Proxy? {
        let secure = apiURL.map { $0.lowercased().hasPrefix("https:") } ?? true
        let names = secure ? ["HTTPS_PROXY", "https_proxy"] : ["HTTP_PROXY", "http_proxy"]
        guard let value = names.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }),
            let url = URL(string: value.contains("://") ? value : "http://" + value), let host = url.host
        else { return nil }
        if let apiURL, let apiHost = URL(string: apiURL)?.host?.lowercased(),
            bypasses(apiHost, environment: environment)
        {
            return nil
        }
        var authorization: HTTPClient.Authorization?
        if let user = url.user {
            authorization = .basic(
                username: user.removingPercentEncoding ?? user,
                password: (url.password ?? "").removingPercentEncoding ?? "")
        }
        return .server(host: host, port: url.port ?? 80, authorization: authorization)
    }

    /// Loopback, `*`, an exact host or a domain suffix (`.corp.example` or `corp.example`) in NO_PROXY.
    public static func bypasses(_ host: String, environment: [String: String]) -> Bool {
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return true }
        let list = (environment["NO_PROXY"] ?? environment["no_proxy"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        return list.contains { entry in
            if entry == "*" { return true }
            let bare = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            let hostOnly = bare.split(separator: ":").first.map(String.init) ?? bare
            return host == hostOnly || host.hasSuffix("." + hostOnly)
        }
    }
}
