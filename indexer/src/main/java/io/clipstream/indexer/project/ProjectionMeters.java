package io.clipstream.indexer.project;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/**
 * The meters of one version's projector; every version, v0 included, has the same ones, tagged with its version:
 * {@code clipstream.projector.records{op}}, {@code .refused}, {@code .store.retries}, {@code .failures{kind}} and
 * the {@code .write} timer ({@code .lag} is registered with the runtime it reads).
 */
public record ProjectionMeters(Counter upserts, Counter deletes, Counter refused, Counter storeRetries,
                               Counter adapterFailures, Counter batchFailures, Timer writes) {

    public static ProjectionMeters of(MeterRegistry registry, int version) {
        return of(registry, Integer.toString(version));
    }

    /** The meters of another writer of the embeddings log on the same runtime, tagged {@code version=<tag>}. */
    public static ProjectionMeters of(MeterRegistry registry, String v) {
        return new ProjectionMeters(
                records(registry, v, "upsert"),
                records(registry, v, "delete"),
                Counter.builder("clipstream.projector.refused").tag("version", v)
                        .description("Records the vector store refused for good, sent to the embeddings DLQ")
                        .register(registry),
                Counter.builder("clipstream.projector.store.retries").tag("version", v)
                        .description("Store calls retried because the store was unavailable").register(registry),
                failures(registry, v, "adapters"),
                failures(registry, v, "batch"),
                Timer.builder("clipstream.projector.write").tag("version", v)
                        .description("Vector store write time per partition batch, retries included")
                        .publishPercentileHistogram().register(registry));
    }

    private static Counter records(MeterRegistry registry, String version, String op) {
        return Counter.builder("clipstream.projector.records").tag("version", version).tag("op", op)
                .description("Records a projector wrote to its version's collection").register(registry);
    }

    private static Counter failures(MeterRegistry registry, String version, String kind) {
        return Counter.builder("clipstream.projector.failures").tag("version", version).tag("kind", kind)
                .description("Projector failures other than store outages: adapters that did not load, batches "
                        + "that failed and are consumed again").register(registry);
    }

    /** Drops these meters, for a version that was retired. */
    public void removeFrom(MeterRegistry registry) {
        List<Meter> all = List.of(upserts, deletes, refused, storeRetries, adapterFailures, batchFailures, writes);
        all.forEach(registry::remove);
    }
}
