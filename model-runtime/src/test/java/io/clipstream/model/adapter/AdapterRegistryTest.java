package io.clipstream.model.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.clipstream.model.vector.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterRegistryTest {

    @TempDir
    Path root;

    @Test
    void versionZeroIsTheNormalisedIdentity() {
        VersionAdapters base = new AdapterRegistry(root).load("m", 0, 3);

        assertThat(base.text().isIdentity()).isTrue();
        assertThat(base.image().apply(new float[] {3, 0, 4})).containsExactly(0.6f, 0f, 0.8f);
    }

    @Test
    void residualAdapterComputesNormaliseXPlusScaleTimesAffine() {
        // W swaps the two axes, b = 0, scale 0.5: x=(1,0) -> (1,0) + 0.5*(0,1) = (1,0.5) -> normalised.
        ResidualAdapter swap = new ResidualAdapter(2, new float[] {0, 1, 1, 0}, new float[] {0, 0}, 0.5f);

        float[] y = swap.apply(new float[] {1, 0});

        assertThat(y[0]).isCloseTo((float) (1 / Math.sqrt(1.25)), within(1e-6f));
        assertThat(y[1]).isCloseTo((float) (0.5 / Math.sqrt(1.25)), within(1e-6f));
        assertThat(Vectors.norm(y)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void writtenVersionLoadsBackWithTheSameTensors() throws Exception {
        AdapterRegistry registry = new AdapterRegistry(root);
        ResidualAdapter text = new ResidualAdapter(2, new float[] {1, 2, 3, 4}, new float[] {5, 6}, 0.25f);
        ResidualAdapter image = new ResidualAdapter(2, new float[] {0, 0, 0, 0}, new float[] {0, 1}, 1f);

        Path dir = registry.write("m", 3, text, image, null);
        VersionAdapters loaded = registry.load("m", 3, 2);

        assertThat(dir).isEqualTo(root.resolve("m").resolve("v3"));
        assertThat(((ResidualAdapter) loaded.text()).weight()).containsExactly(1, 2, 3, 4);
        assertThat(((ResidualAdapter) loaded.text()).bias()).containsExactly(5, 6);
        assertThat(((ResidualAdapter) loaded.text()).scale()).isEqualTo(0.25f);
        assertThat(loaded.image().apply(new float[] {1, 0})).containsExactly(
                (float) (1 / Math.sqrt(2)), (float) (1 / Math.sqrt(2)));
        try (var files = Files.list(root.resolve("m"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("v3");
        }
    }

    @Test
    void safetensorsHeaderIsReadableByOtherTools() throws Exception {
        Path file = root.resolve("t.safetensors");
        SafeTensors.write(file, Map.of("bias", new SafeTensors.Tensor(new int[] {3}, new float[] {1, 2, 3})));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8).strip();

        assertThat(headerLength % 8).isZero();
        assertThat(header).isEqualTo("{\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}");
        assertThat(bytes).hasSize(8 + (int) headerLength + 12);
    }

    @Test
    void missingVersionAndWrongShapeAreClearErrors() {
        AdapterRegistry registry = new AdapterRegistry(root);
        registry.write("m", 1, new ResidualAdapter(2, new float[4], new float[2], 1f),
                new ResidualAdapter(2, new float[4], new float[2], 1f), null);

        assertThatThrownBy(() -> registry.load("m", 2, 2)).isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("v2").hasMessageContaining("manifest.json");
        assertThatThrownBy(() -> registry.load("m", 1, 4)).isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("must be 4x4");
    }
}
