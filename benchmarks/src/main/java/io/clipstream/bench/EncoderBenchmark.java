package io.clipstream.bench;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw image-encoder throughput: preprocessed tensors straight into ONNX Runtime, no decoding, no Kafka. One
 * operation is one batch; images per second = operations per second x batch. The model directory comes from
 * {@code -Dclipstream.bench.model} (default: the tiny CLIP model).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class EncoderBenchmark {

    @Param({"1", "8", "32"})
    int batch;

    private ClipModel model;
    private ImageEncoder encoder;
    private float[] pixels;

    @Setup(Level.Trial)
    public void open() {
        Path dir = Path.of(System.getProperty("clipstream.bench.model", "models/tiny/clip-hf"));
        model = ClipModel.open(dir, ModelOptions.only(Tower.VISION, ExecutionSettings.defaults()));
        encoder = model.vision();
        pixels = new float[batch * encoder.imageSize()];
        Random random = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
    }

    @Benchmark
    public float[][] encodeBatch() throws Exception {
        return encoder.encode(pixels, batch);
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }
}
