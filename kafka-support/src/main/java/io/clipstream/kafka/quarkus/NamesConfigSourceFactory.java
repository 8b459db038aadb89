package io.clipstream.kafka.quarkus;

import io.clipstream.kafka.naming.Names;
import io.clipstream.kafka.topics.TopicsConfig;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.WithDefault;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Names that {@link Names} builds from the configuration, offered as read-only settings
 * ({@code clipstream.names.*}) so that the channels in application.properties use them instead of building them
 * again: the encode group, the embeddings log and its dead letters. Registered in
 * {@code META-INF/services}; nothing is offered without {@code clipstream.model.id}.
 */
public final class NamesConfigSourceFactory implements ConfigSourceFactory {

    public static final String PREFIX = "clipstream.names.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String modelId = value(context, "clipstream.model.id", null);
        if (modelId == null || modelId.isBlank()) {
            return List.of();
        }
        String prefix = value(context, "clipstream.topics.embeddings-prefix", defaultOf("embeddingsPrefix"));
        String embeddings = Names.embeddingsTopic(prefix, modelId);
        Map<String, String> names = new LinkedHashMap<>();
        names.put(PREFIX + "encode-group", Names.encodeGroup(modelId));
        names.put(PREFIX + "embeddings-topic", embeddings);
        names.put(PREFIX + "embeddings-dlq-topic", Names.deadLetterTopic(embeddings));
        // Above every other source: a derived name is not a setting.
        return List.of(new PropertiesConfigSource(names, "clipstream derived names", Integer.MAX_VALUE));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }

    /** The shared group's own default, so that it stays written once. */
    private static String defaultOf(String member) {
        try {
            return TopicsConfig.class.getMethod(member).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("TopicsConfig has no " + member, e);
        }
    }
}
