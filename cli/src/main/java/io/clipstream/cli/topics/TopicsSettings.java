package io.clipstream.cli.topics;

import io.clipstream.kafka.topics.TopicsConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/**
 * The shared {@code clipstream.topics.*} group read the way the services read it (SmallRye Config with the same
 * defaults and the same environment variables, {@code CLIPSTREAM_TOPICS_PARTITIONS} and so on), so that a command
 * run beside them in one environment plans the topics they would create.
 */
final class TopicsSettings {

    static final String PREFIX = "clipstream.topics";

    private TopicsSettings() {
    }

    /** @param overrides {@code clipstream.topics.*} settings above the environment */
    static TopicsConfig read(Map<String, String> env, Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(TopicsConfig.class, PREFIX)
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(overrides, "--set", 400))
                .build();
        return config.getConfigMapping(TopicsConfig.class, PREFIX);
    }
}
