package io.clipstream.query.version;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.model.adapter.AdapterLoadException;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorStore;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Activates a model version by hand (and so rolls back): checks that its collection exists and its adapters load,
 * points the store alias at it, and writes ACTIVATED to the models topic. Every replica, this one included,
 * switches when it reads that record.
 */
@ApplicationScoped
public class ModelActivation {

    @Inject
    QueryConfig config;

    @Inject
    ActiveModelHolder active;

    @Inject
    AdapterRegistry registry;

    @Inject
    VectorStore store;

    @Inject
    ModelsTopicWatcher watcher;

    @Inject
    @Channel("models-out")
    MutinyEmitter<Record<String, byte[]>> models;

    /** Activates the version that was live before the last activation. */
    public ModelVersionEvent rollback() throws InterruptedException {
        ModelVersionEvent last = watcher.lastActivation().orElseThrow(() -> ApiProblem.conflict(
                "no version was ever activated: v0 is live and there is nothing to roll back to"));
        if (last.previousVersion() == null) {
            throw ApiProblem.conflict("the last activation (v" + last.version() + ") names no previous version");
        }
        return activate(last.previousVersion());
    }

    public ModelVersionEvent activate(int version) throws InterruptedException {
        String modelId = active.baseModelId();
        if (version < 0) {
            throw ApiProblem.invalid("version", "'version' must be 0 or more");
        }
        String collection = CollectionSpec.nameFor(modelId, version);
        if (!store.collectionExists(collection)) {
            throw ApiProblem.unprocessable("version", "version " + version + " has no collection " + collection
                    + "; it was never built or has been dropped");
        }
        try {
            registry.load(modelId, version, active.dims());
        } catch (AdapterLoadException e) {
            throw ApiProblem.unprocessable("version", e.getMessage());
        }
        store.pointAlias(config.search().alias(), collection);
        ModelVersionEvent event = new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, modelId, version,
                collection, active.current().version(), Instant.now());
        try {
            models.send(Record.of(event.key(), EventJson.mapper().writeValueAsBytes(event)))
                    .subscribeAsCompletionStage().get(10, TimeUnit.SECONDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiProblem.unavailable("the activation could not be written to the models topic: "
                    + e.getMessage(), 5);
        }
        return event;
    }
}
