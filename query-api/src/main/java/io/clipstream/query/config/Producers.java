package io.clipstream.query.config;

import io.clipstream.model.ClipModel;
import io.clipstream.model.Tower;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.config.ModelLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumSet;

/**
 * Builds the model (both towers: queries are text or images) and the adapter registry. The one-JVM mode uses
 * these for all the services it runs.
 */
@ApplicationScoped
public class Producers {

    @Produces
    @Singleton
    ClipModel model(QueryConfig config) {
        return ModelLoader.open(config.model(), config.onnx(), EnumSet.of(Tower.VISION, Tower.TEXT));
    }

    void closeModel(@Disposes ClipModel model) {
        model.close();
    }

    @Produces
    @Singleton
    AdapterRegistry registry(QueryConfig config) {
        return new AdapterRegistry(config.registry().dir());
    }
}
