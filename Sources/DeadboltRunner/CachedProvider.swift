import DeadboltCore

/// A provider in front of the result cache: an answer stored under the case's key is replayed
/// without calling the provider; a new answer is stored; a failure is passed on, never stored.
public struct CachedProvider: Provider {
    public let inner: any Provider
    public let cache: ResultCache
    public let identity: JSONValue

    public init(_ inner: any Provider, cache: ResultCache) {
        self.inner = inner
        self.cache = cache
        identity = inner.identity
    }

    public func answer(_ planned: PlannedCase, slot: Int, repetition: Int) -> ProviderReply {
        let key = ResultCacheKey.key(provider: identity, request: planned.request, repetition: repetition)
        if let hit = cache.lookup(key) {
            return .answered(hit.answer, durationMs: hit.durationMs, fromCache: true)
        }
        let reply = inner.answer(planned, slot: slot, repetition: repetition)
        if reply.failure == nil, let answer = reply.answer {
            cache.store(answer, durationMs: reply.durationMs, under: key)
        }
        return reply
    }

    public func shutDown() {
        inner.shutDown()
    }
}
