package io.clipstream.trainer.pairs;

import io.clipstream.trainer.config.TrainerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** The click-pair topology as a bean, wired from the configuration and counted in Micrometer. */
@ApplicationScoped
public class ClickPairTopologyProducer {

    /**
     * Singleton, not application scoped: an application-scoped bean is injected as a client proxy (a subclass),
     * and {@code new KafkaStreams(topology, ...)} reads the topology's builder from a field, not through a
     * method, so it would get the proxy's own empty topology.
     */
    @Produces
    @Singleton
    @ClickPairs
    Topology clickPairTopology(TrainerConfig config, MeterRegistry registry) {
        return ClickPairTopology.build(ClickPairTopics.from(config.topics()), ClickPairSettings.from(config.pairs()),
                new MicrometerClickPairListener(registry));
    }
}
