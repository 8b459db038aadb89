package io.clipstream.indexer.health;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.model.ClipModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the image encoder is loaded; reports the model and where it runs. */
@Readiness
@ApplicationScoped
public class EncoderReadiness implements HealthCheck {

    @Inject
    IndexerConfig config;

    @Inject
    Instance<ClipModel> model;

    @Override
    public HealthCheckResponse call() {
        if (!config.encode().enabled()) {
            return HealthCheckResponse.named("encoder").up().withData("encode", "disabled").build();
        }
        ClipModel loaded = model.get();
        return HealthCheckResponse.named("encoder").up()
                .withData("model", loaded.descriptor().modelId())
                .withData("family", loaded.descriptor().family().name())
                .withData("dims", loaded.dims())
                .withData("provider", loaded.visionProvider().orElse("-"))
                .build();
    }
}
