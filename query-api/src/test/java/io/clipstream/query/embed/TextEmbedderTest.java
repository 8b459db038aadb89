package io.clipstream.query.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.onnx.Device;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.PixelInput;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.testing.RepoPaths;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text embedder on the real tiny model: a query's texts share one encoder call, cached texts cost none, and
 * each text's vector is the one the encoder gives it alone.
 */
class TextEmbedderTest {

    private static ClipModel model;
    private TextEmbedder embedder;
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void open() {
        model = ClipModel.open(RepoPaths.tinyModels().resolve("clip-hf"), ModelOptions.only(Tower.TEXT,
                new ExecutionSettings(Device.CPU, false, 0, 1, 1, false, PixelInput.FLOAT)));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (embedder != null) {
            embedder.stop();
        }
    }

    @Test
    void theTextsOfAQueryShareOneEncoderCallAndCachedOnesCostNone() throws Exception {
        start(Map.of());

        List<float[]> first = embedder.embedAll(List.of("a red circle", "grass", "a red circle"));
        assertThat(calls()).isEqualTo(1);
        assertThat(texts()).as("a repeated text is encoded once").isEqualTo(2);
        assertThat(first.get(0)).isEqualTo(first.get(2));
        assertThat(first.get(0)).isEqualTo(model.embedTexts(List.of("a red circle"))[0]);
        assertThat(first.get(1)).isEqualTo(model.embedTexts(List.of("grass"))[0]);

        List<float[]> again = embedder.embedAll(List.of("grass", "a red circle"));
        assertThat(calls()).as("both cached").isEqualTo(1);
        assertThat(again.get(0)).isEqualTo(first.get(1));

        embedder.embedAll(List.of("grass", "sky"));
        assertThat(calls()).isEqualTo(2);
        assertThat(texts()).as("only the text not cached").isEqualTo(3);
        assertThat(embedder.embed("sky")).isEqualTo(model.embedTexts(List.of("sky"))[0]);
        assertThat(calls()).isEqualTo(2);
    }

    @Test
    void withoutACacheEveryQueryCostsOneCall() throws Exception {
        start(Map.of("clipstream.text.cache-size", "0"));

        embedder.embedAll(List.of("red", "blue"));
        embedder.embedAll(List.of("red", "blue"));

        assertThat(calls()).isEqualTo(2);
        assertThat(texts()).isEqualTo(4);
    }

    private void start(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "clipstream.model.dir", "target/no-model",
                "clipstream.model.id", "m"));
        properties.putAll(extra);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(QueryConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        meters = new SimpleMeterRegistry();
        embedder = new TextEmbedder();
        embedder.model = model;
        embedder.config = config.getConfigMapping(QueryConfig.class);
        embedder.registry = meters;
        embedder.start();
    }

    private long calls() {
        return summary().count();
    }

    private long texts() {
        return (long) summary().totalAmount();
    }

    private DistributionSummary summary() {
        return meters.get("clipstream.query.text.batch.size").summary();
    }
}
