package io.clipstream.systemtests;

import io.clipstream.kafka.quarkus.NamesConfigSourceFactory;
import io.clipstream.kafka.topics.TopicPlan;
import io.clipstream.kafka.topics.TopicsConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a service's configuration evaluates to under an environment, by SmallRye Config itself as the service
 * runs it: its application.properties, the environment variables, the shared {@code clipstream.topics.*} group with
 * its defaults and the names kafka-support derives ({@code clipstream.names.*}). Without a module, the environment
 * alone: what the CLI's {@code topics} command reads in kafka-init.
 */
final class ServiceConfig {

    private static final String TOPICS = "clipstream.topics";

    private final SmallRyeConfig config;

    private ServiceConfig(SmallRyeConfig config) {
        this.config = config;
    }

    static ServiceConfig of(Path repoRoot, String module, Map<String, String> env) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(TopicsConfig.class, TOPICS)
                .withValidateUnknown(false)
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new NamesConfigSourceFactory());
        if (module != null) {
            Path file = repoRoot.resolve(module).resolve("src/main/resources/application.properties");
            try {
                builder.withSources(new PropertiesConfigSource(file.toUri().toURL(), 250));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new ServiceConfig(builder.build());
    }

    String value(String property) {
        return config.getValue(property, String.class);
    }

    /** The topics this configuration plans (the model id names the embeddings log). */
    TopicPlan plan() {
        return TopicPlan.of(config.getConfigMapping(TopicsConfig.class, TOPICS), value("clipstream.model.id"));
    }
}
