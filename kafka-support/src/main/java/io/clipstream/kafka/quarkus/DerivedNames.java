package io.clipstream.kafka.quarkus;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;

/**
 * {@code clipstream.names.*}: the names {@link NamesConfigSourceFactory} derives from the configuration. Read-only:
 * the derived source ranks above every other, so setting one has no effect. Declared so that the configuration
 * knows them; the channels in application.properties refer to them.
 */
// Unremovable: no bean injects it, yet the configuration must know these names.
@Unremovable
@ConfigMapping(prefix = "clipstream.names")
public interface DerivedNames {

    /** The encode stage's consumer group. */
    String encodeGroup();

    /** The embeddings log of the configured model. */
    String embeddingsTopic();

    /** The dead letters of the embeddings log. */
    String embeddingsDlqTopic();
}
