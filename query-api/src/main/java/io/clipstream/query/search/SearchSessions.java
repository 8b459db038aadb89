package io.clipstream.query.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clipstream.query.config.QueryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Recent searches, bounded by memory and age: what paging continues and what clicks are checked against. A
 * search older than the TTL (or evicted) answers 404, so clients search again.
 */
@ApplicationScoped
public class SearchSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    QueryConfig config;

    @Inject
    MeterRegistry registry;

    private Cache<String, SearchSession> sessions;

    @PostConstruct
    void start() {
        sessions = Caffeine.newBuilder()
                .maximumWeight(config.sessions().maxBytes())
                .weigher((String id, SearchSession s) -> s.weight())
                .expireAfterAccess(Duration.ofMinutes(config.sessions().ttlMinutes()))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, sessions, "query-search-sessions");
    }

    /** 128 random bits, URL-safe. */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Optional<SearchSession> find(String searchId) {
        return Optional.ofNullable(sessions.getIfPresent(searchId));
    }

    /** Stores or refreshes {@code session}; re-putting re-weighs it after new ranks were shown. */
    public void put(SearchSession session) {
        sessions.put(session.searchId(), session);
    }

    public long size() {
        return sessions.estimatedSize();
    }
}
