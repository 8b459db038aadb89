package io.clipstream.query.version;

import io.clipstream.model.ClipModel;
import io.clipstream.model.adapter.VersionAdapters;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.store.CollectionSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The model version searches use now. Text adapter and collection switch together in one reference swap, so a
 * search that read the reference before a switch completes on the old version and one that read it after runs
 * wholly on the new one. Version 0 (the base model) is active until the models topic says otherwise.
 */
@ApplicationScoped
public class ActiveModelHolder {

    private static final Logger LOG = Logger.getLogger(ActiveModelHolder.class);

    @Inject
    QueryConfig config;

    @Inject
    ClipModel model;

    @Inject
    MeterRegistry registry;

    private final AtomicReference<ActiveModel> active = new AtomicReference<>();

    @PostConstruct
    void start() {
        String id = config.model().id();
        active.set(new ActiveModel(id, 0, CollectionSpec.nameFor(id, 0), VersionAdapters.base(id, model.dims()),
                Instant.now()));
        Gauge.builder("clipstream.query.model.version", active, a -> a.get().version())
                .description("Model version searches use").register(registry);
    }

    public ActiveModel current() {
        return active.get();
    }

    public String baseModelId() {
        return config.model().id();
    }

    public int dims() {
        return model.dims();
    }

    void switchTo(ActiveModel next) {
        ActiveModel previous = active.getAndSet(next);
        if (previous.version() != next.version()) {
            LOG.infof("model %s: searches now use v%d (collection %s), was v%d", next.baseModelId(), next.version(),
                    next.collection(), previous.version());
        }
    }
}
