package io.clipstream.indexer.config;

import io.clipstream.indexer.encode.EncoderService;
import io.clipstream.store.VectorStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Loads the model at start-up when this instance encodes, so that a wrong model directory or graph stops the
 * process at once with the loader's message instead of failing the first batch.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);

    @Inject
    IndexerConfig config;

    @Inject
    Instance<EncoderService> encoder;

    @Inject
    Instance<VectorStore> store;

    void onStart(@Observes @Priority(600) StartupEvent event) {
        if (config.encode().enabled()) {
            EncoderService service = encoder.get();
            LOG.infof("encode stage on: model %s, %d-d vectors, batches of up to %d", service.modelId(),
                    service.dims(), config.encode().maxBatchSize());
        }
        if (config.projector().enabled()) {
            LOG.infof("projector stage on: model %s version %d, alias %s, %s", config.model().id(),
                    config.projector().version(), config.projector().alias(), store.get().location());
            if (config.reindex().enabled()) {
                LOG.infof("version projectors on: published versions of %s from topic %s, adapters from %s",
                        config.model().id(), config.topics().models(), config.registry().dir().toAbsolutePath());
            }
        }
    }
}
