package io.clipstream.query.api;

import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.query.cutoff.Cutoff;
import io.clipstream.query.cutoff.Judged;
import io.clipstream.query.cutoff.RelevanceCutoff;
import io.clipstream.query.search.SearchPage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code cutoff} parameter of the search endpoints: read (400 naming the field), defaulted, applied. */
@ApplicationScoped
public class CutoffParam {

    @Inject
    QueryConfig config;

    @Inject
    RelevanceCutoff cutoff;

    private Cutoff byDefault;

    @PostConstruct
    void start() {
        try {
            byDefault = Cutoff.parse(config.search().defaultCutoff());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("clipstream.search.default-cutoff " + e.getMessage(), e);
        }
    }

    Cutoff requested(String raw) {
        if (raw == null || raw.isBlank()) {
            return byDefault;
        }
        try {
            return Cutoff.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("cutoff", "'cutoff' " + e.getMessage());
        }
    }

    Judged judge(SearchPage page, Cutoff requested) {
        return cutoff.judge(page, requested);
    }
}
