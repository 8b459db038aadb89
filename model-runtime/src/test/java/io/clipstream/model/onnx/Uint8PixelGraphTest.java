package io.clipstream.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.model.ClipModel;
import io.clipstream.model.Golden;
import io.clipstream.model.ModelLoadException;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.PixelFormat;
import io.clipstream.model.image.PreprocessSpec;
import io.clipstream.model.image.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The uint8 pixel input: the rewritten graph normalises the raw pixels with the host's formula, so its embeddings
 * equal the float path's up to float32 rounding (the host rounds {@code v * rescale} from double). Bounds: max
 * absolute difference per component 1e-6 for float32 graphs and 1e-3 for float16 ones; measured on CPU over the
 * golden images: at most 2.3e-7 (float32, all three models and both layouts) and 3.0e-4 (float16).
 */
class Uint8PixelGraphTest {

    private static final List<String> IMAGES = List.of("photo_640x480.jpg", "landscape_640x480.png",
            "portrait_300x500.png", "small_50x30.png", "alpha_200x160.png", "exif6_320x240.jpg");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "clip-hf,       '',   1e-6",
        "clip-hf,       fp16, 1e-3",
        "siglip-hf,     '',   1e-6",
        "clip-openclip, '',   1e-6"
    })
    void uint8PixelsEmbedLikeNormalisedFloats(String dir, String variant, double tolerance) throws Exception {
        ExecutionSettings cpu = ExecutionSettings.cpu(1);
        try (ClipModel floats = open(dir, variant, cpu.withPixelInput(PixelInput.FLOAT));
             ClipModel bytes = open(dir, variant, cpu.withPixelInput(PixelInput.UINT8))) {
            assertThat(floats.vision().pixelFormat()).isIn(PixelFormat.FLOAT32_CHW, PixelFormat.FLOAT16_CHW);
            assertThat(bytes.vision().pixelFormat()).isEqualTo(PixelFormat.UINT8_HWC);
            PreprocessSpec spec = floats.preprocessor().spec();
            assertThat(bytes.vision().bytesPerImage()).isEqualTo(3 * spec.cropWidth() * spec.cropHeight());

            float[][] viaFloats = embed(floats, IMAGES);
            float[][] viaBytes = embed(bytes, IMAGES);

            for (int i = 0; i < IMAGES.size(); i++) {
                assertThat(maxAbsDiff(viaFloats[i], viaBytes[i])).as(IMAGES.get(i)).isLessThanOrEqualTo(tolerance);
            }
            // Different images stay different: the comparison above is not between constants.
            assertThat(maxAbsDiff(viaBytes[0], viaBytes[1])).isGreaterThan(Math.max(1e-3, 10 * tolerance));
        }
    }

    @Test
    void autoFeedsFloatsOnCpu() {
        try (ClipModel model = open("clip-hf", "", ExecutionSettings.cpu(1).withPixelInput(PixelInput.AUTO))) {
            assertThat(model.vision().pixelFormat()).isEqualTo(PixelFormat.FLOAT32_CHW);
        }
    }

    @Test
    void aGraphRewrittenOnceIsNotRewrittenAgain(@TempDir Path dir) throws Exception {
        Path once = dir.resolve("once.onnx");
        PreprocessSpec spec = PreprocessSpec.siglip(32);
        assertThat(Uint8PixelGraph.rewrite(Golden.model("clip-hf").resolve("onnx/vision_model.onnx"), "pixel_values",
                spec, once)).isEqualTo(Uint8PixelGraph.FLOAT);

        assertThatThrownBy(() -> Uint8PixelGraph.rewrite(once, "pixel_values", spec, dir.resolve("twice.onnx")))
                .isInstanceOf(Uint8PixelGraph.UnsupportedGraphException.class).hasMessageContaining("already");
    }

    @Test
    void anUnknownInputIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> Uint8PixelGraph.rewrite(Golden.model("clip-hf").resolve("onnx/vision_model.onnx"),
                "image", PreprocessSpec.siglip(32), dir.resolve("out.onnx")))
                .isInstanceOf(Uint8PixelGraph.UnsupportedGraphException.class).hasMessageContaining("no input named");
    }

    @Test
    void weightsInAnExternalFileAreRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("external.onnx");
        Files.write(model, externalDataModel());

        assertThatThrownBy(() -> Uint8PixelGraph.rewrite(model, "pixel_values", PreprocessSpec.siglip(2),
                dir.resolve("out.onnx")))
                .isInstanceOf(Uint8PixelGraph.UnsupportedGraphException.class).hasMessageContaining("external");
    }

    @Test
    void uint8OnAGraphThatCannotTakeItFailsAtStartup() {
        // The text tower has no pixel input: uint8 must refuse to load rather than run on floats silently.
        Path text = Golden.model("clip-hf").resolve("onnx/text_model.onnx");
        GraphContract vision = new GraphContract("test vision", List.of("pixel_values"), List.of(),
                List.of("image_embeds"));
        assertThatThrownBy(() -> ImageEncoder.open(text, vision,
                ExecutionSettings.cpu(1).withPixelInput(PixelInput.UINT8), PreprocessSpec.siglip(32)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("cannot take uint8 pixels");
    }

    @Test
    void aTruncatedModelIsAnErrorNotACrash(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(Golden.model("clip-hf").resolve("onnx/vision_model.onnx"));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 3));

        assertThatThrownBy(() -> Uint8PixelGraph.rewrite(cut, "pixel_values", PreprocessSpec.siglip(32),
                dir.resolve("out.onnx"))).isInstanceOfAny(IOException.class,
                Uint8PixelGraph.UnsupportedGraphException.class);
    }

    private static ClipModel open(String dir, String variant, ExecutionSettings settings) {
        return ClipModel.open(Golden.model(dir), ModelOptions.only(Tower.VISION, settings).withVariant(variant));
    }

    private static float[][] embed(ClipModel model, List<String> names) throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        ImagePreprocessor preprocessor = model.preprocessor();
        ImageEncoder vision = model.vision();
        ByteBuffer batch = ByteBuffer.allocateDirect(names.size() * vision.bytesPerImage())
                .order(ByteOrder.nativeOrder());
        for (int i = 0; i < names.size(); i++) {
            RgbImage window = preprocessor.resizeAndCrop(decoder.decode(Golden.bytes("images/" + names.get(i))));
            preprocessor.toTensor(window, vision.pixelFormat(), batch, i * vision.bytesPerImage());
        }
        return vision.encode(batch, names.size()).toArray(new float[0][]);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** ModelProto { ir_version 8, graph { initializer { name w, data_location EXTERNAL }, input pixel_values } }. */
    private static byte[] externalDataModel() throws IOException {
        byte[] initializer = Uint8PixelGraph.message(o -> {
            o.writeInt64(1, 4);
            o.writeInt32(2, Uint8PixelGraph.FLOAT);
            o.writeString(8, "w");
            o.writeEnum(14, 1);
        });
        byte[] dim = Uint8PixelGraph.message(o -> o.writeInt64(1, 2));
        byte[] channels = Uint8PixelGraph.message(o -> o.writeInt64(1, 3));
        byte[] shape = Uint8PixelGraph.message(o -> {
            o.writeByteArray(1, dim);
            o.writeByteArray(1, channels);
            o.writeByteArray(1, dim);
            o.writeByteArray(1, dim);
        });
        byte[] tensorType = Uint8PixelGraph.message(o -> {
            o.writeInt32(1, Uint8PixelGraph.FLOAT);
            o.writeByteArray(2, shape);
        });
        byte[] type = Uint8PixelGraph.message(o -> o.writeByteArray(1, tensorType));
        byte[] input = Uint8PixelGraph.message(o -> {
            o.writeString(1, "pixel_values");
            o.writeByteArray(2, type);
        });
        byte[] graph = Uint8PixelGraph.message(o -> {
            o.writeByteArray(5, initializer);
            o.writeByteArray(11, input);
        });
        return Uint8PixelGraph.message(o -> {
            o.writeInt64(1, 8);
            o.writeByteArray(7, graph);
        });
    }
}
