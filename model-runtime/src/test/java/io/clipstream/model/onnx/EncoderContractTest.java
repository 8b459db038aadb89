package io.clipstream.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.clipstream.model.ClipModel;
import io.clipstream.model.Golden;
import io.clipstream.model.ModelLoadException;
import io.clipstream.model.image.PreprocessSpec;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderContractTest {

    private static final GraphContract CLIP_VISION =
            new GraphContract("CLIP vision", List.of("pixel_values"), List.of(), List.of("image_embeds"));

    @Test
    void aGraphWithOtherNamesFailsListingExpectedAndFound() {
        assertThatThrownBy(() -> ImageEncoder.open(Golden.model("clip-hf").resolve("onnx/text_model.onnx"),
                CLIP_VISION, ExecutionSettings.cpu(1), PreprocessSpec.siglip(224)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("expected inputs [pixel_values]")
                .hasMessageContaining("one of [image_embeds]")
                .hasMessageContaining("input_ids: INT64")
                .hasMessageContaining("attention_mask")
                .hasMessageContaining("text_embeds");
    }

    @Test
    void aPreprocessingSizeTheGraphDoesNotTakeFailsAtStartUp() {
        assertThatThrownBy(() -> ImageEncoder.open(Golden.model("clip-openclip").resolve("visual/model.onnx"),
                new GraphContract("OpenCLIP vision", List.of("image"), List.of(), List.of("embedding")),
                ExecutionSettings.cpu(1), PreprocessSpec.siglip(256)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("takes 224x224");
    }

    @Test
    void requireGpuFailsFastWhenCudaIsMissingAndAutoFallsBackToCpu() {
        assumeTrue(!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "CUDA present");
        ExecutionSettings requireGpu = new ExecutionSettings(Device.CUDA, true, 0, 1, 0, true, PixelInput.AUTO);

        assertThatThrownBy(() -> ClipModel.open(Golden.model("clip-hf"), ModelOptions.only(Tower.VISION, requireGpu)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("require-gpu is set").hasMessageContaining("no CUDA execution provider");
        try (ClipModel model = ClipModel.open(Golden.model("clip-hf"),
                ModelOptions.only(Tower.VISION, ExecutionSettings.defaults()))) {
            assertThat(model.vision().executionProvider()).isEqualTo("CPU");
        }
    }

    @Test
    void runsOnCudaWhenTheGpuBuildFindsAGpu() {
        assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "needs the -Pgpu build and a GPU");
        ExecutionSettings requireGpu = new ExecutionSettings(Device.CUDA, true, 0, 0, 0, true, PixelInput.AUTO);
        try (ClipModel model = ClipModel.open(Golden.model("clip-hf"), ModelOptions.only(Tower.VISION, requireGpu))) {
            assertThat(model.vision().executionProvider()).isEqualTo("CUDA:0");
        }
    }

    @Test
    void outOfMemoryMessagesAreRecognised() {
        assertThat(OnnxErrors.isOutOfMemory(new RuntimeException("CUDA failure 2: out of memory"))).isTrue();
        assertThat(OnnxErrors.isOutOfMemory(new RuntimeException("wrap",
                new IllegalStateException("BFCArena::AllocateRawInternal Available memory of 0 is smaller")))).isTrue();
        assertThat(OnnxErrors.isOutOfMemory(new RuntimeException("Invalid rank for input"))).isFalse();
    }
}
