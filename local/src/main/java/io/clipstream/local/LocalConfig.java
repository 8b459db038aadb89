package io.clipstream.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of the one-JVM mode itself; the services keep their own configuration. */
@ConfigMapping(prefix = "clipstream.local")
public interface LocalConfig {

    /** The embedded vector store's directory (one index per collection, aliases beside them). */
    Path storeDir();

    /** A folder to publish at start, through Kafka, by file url. */
    Optional<Path> images();

    /** How long to wait for every published image to be indexed or refused before reporting what is missing. */
    @WithDefault("1800000")
    long indexWaitMs();
}
