package io.clipstream.indexer.project;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/** Records written and write time of one projector. */
public record ProjectionMeters(Counter upserts, Counter deletes, Timer writes) {

    /** The configured base projector: {@code clipstream.project.*}, as before version projectors existed. */
    public static ProjectionMeters base(MeterRegistry registry) {
        return new ProjectionMeters(
                registry.counter("clipstream.project.records", "op", "upsert"),
                registry.counter("clipstream.project.records", "op", "delete"),
                Timer.builder("clipstream.project.write").description("Vector store write time per batch")
                        .publishPercentileHistogram().register(registry));
    }

    /** A version projector: {@code clipstream.reindex.*} tagged with its version. */
    public static ProjectionMeters reindex(MeterRegistry registry, int version) {
        String v = Integer.toString(version);
        return new ProjectionMeters(
                Counter.builder("clipstream.reindex.records").tag("version", v).tag("op", "upsert")
                        .description("Records a version projector wrote to its collection").register(registry),
                Counter.builder("clipstream.reindex.records").tag("version", v).tag("op", "delete")
                        .description("Records a version projector wrote to its collection").register(registry),
                Timer.builder("clipstream.reindex.write").tag("version", v)
                        .description("Vector store write time per batch of a version projector").register(registry));
    }

    /** Drops these meters, for a version that was retired. */
    public void removeFrom(MeterRegistry registry) {
        List.of(upserts, deletes, writes).forEach(registry::remove);
    }
}
