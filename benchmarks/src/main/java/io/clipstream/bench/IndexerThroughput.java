package io.clipstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.KafkaBroker;
import io.clipstream.testing.MilvusLite;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.SyntheticImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One reproducible run, on one machine, of everything docs/benchmarks.md compares: the raw encoder on
 * preprocessed tensors, Java decode + preprocess alone, the Python baseline (Pillow + NumPy + onnxruntime), and
 * the whole indexer from Kafka to Milvus on the same images and model.
 *
 * <pre>
 * IndexerThroughput --model DIR [--images N] [--batch 32] [--width 640 --height 480] [--python PATH]
 *                   [--raw-seconds 20] [--out bench-out]
 * </pre>
 */
public final class IndexerThroughput {

    private final Path model;
    private final int images;
    private final int batch;
    private final int width;
    private final int height;
    private final Path python;
    private final int rawSeconds;
    private final Path out;

    private IndexerThroughput(BenchArgs args) {
        model = Path.of(args.require("model")).toAbsolutePath();
        images = args.getInt("images", 2000);
        batch = args.getInt("batch", 32);
        width = args.getInt("width", 640);
        height = args.getInt("height", 480);
        python = Path.of(args.get("python", ".venv-bench/bin/python"));
        rawSeconds = args.getInt("raw-seconds", 20);
        out = Path.of(args.get("out", "bench-out")).toAbsolutePath();
    }

    public static void main(String[] argv) throws Exception {
        new IndexerThroughput(BenchArgs.parse(argv)).run();
    }

    private void run() throws Exception {
        Path folder = out.resolve("images-" + width + "x" + height);
        List<Path> files = images(folder);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", Machine.describe());
        result.put("model", model.toString());
        result.put("images", images);
        result.put("image_size", width + "x" + height);
        result.put("mean_jpeg_kib", Math.round(bytes / 1024.0 / files.size()));
        result.put("batch", batch);

        result.put("raw_encoder_images_per_s", rawEncoder());
        result.put("java_decode_preprocess_images_per_s", javaPreprocess(files));
        result.put("python_baseline", pythonBaseline(folder));
        result.putAll(endToEnd(folder, files));

        double raw = (double) result.get("raw_encoder_images_per_s");
        double pipeline = (double) result.get("pipeline_images_per_s");
        result.put("pipeline_over_raw", round(pipeline / raw));
        if (result.get("python_baseline") instanceof Map<?, ?> py && py.get("images_per_s") instanceof Number n) {
            result.put("clipstream_over_python", round(pipeline / n.doubleValue()));
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Files.createDirectories(out);
        Files.writeString(out.resolve("indexer-throughput.json"), json);
        System.out.println(json);
    }

    /** The benchmark's images, generated once and kept between runs. */
    private List<Path> images(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "img-%05d.jpg", i));
            if (!Files.exists(file)) {
                Files.write(file, SyntheticImages.jpeg(width, height, 42_000L + i));
            }
            files.add(file);
        }
        try (Stream<Path> extra = Files.list(folder)) {
            for (Path f : extra.filter(p -> !files.contains(p)).toList()) {
                Files.delete(f);
            }
        }
        return files;
    }

    /** Encoder alone, on random tensors, in batches of {@code batch}: the ceiling the pipeline is held against. */
    private double rawEncoder() throws Exception {
        return round(RawImageEncoder.imagesPerSecond(model, batch, rawSeconds));
    }

    /** Decode + preprocess only, one thread per core, as the encode stage does it. */
    private double javaPreprocess(List<Path> files) throws Exception {
        try (ClipModel clip = ClipModel.open(model, ModelOptions.only(Tower.VISION, ExecutionSettings.cpu(1)))) {
            ImagePreprocessor preprocessor = clip.preprocessor();
            ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                long start = System.nanoTime();
                List<Future<?>> tasks = new ArrayList<>();
                for (Path f : files) {
                    tasks.add(pool.submit(() -> {
                        float[] tensor = new float[clip.vision().imageSize()];
                        preprocessor.preprocessInto(decoder.decode(Files.readAllBytes(f)), tensor, 0);
                        return tensor.length;
                    }));
                }
                for (Future<?> t : tasks) {
                    t.get();
                }
                double perSecond = files.size() / ((System.nanoTime() - start) / 1e9);
                log("java decode + preprocess: %.1f images/s on %d threads", perSecond, threads);
                return round(perSecond);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private Object pythonBaseline(Path folder) throws Exception {
        if (!Files.isExecutable(python)) {
            log("python baseline skipped: %s not found (bin/bench prepares it)", python);
            return "not run: no " + python;
        }
        Path script = Path.of("benchmarks", "python", "baseline.py");
        Process p = new ProcessBuilder(python.toString(), script.toString(), "--model", model.toString(),
                "--images", folder.toString(), "--batch", Integer.toString(batch))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("python baseline failed:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        log("python baseline: %s", line);
        return new ObjectMapper().readValue(line, Map.class);
    }

    /**
     * The packaged indexer from Kafka to Milvus. A warm-up round (the first tenth of the images, under other ids)
     * runs first, so that JIT compilation is not timed; then the clock runs from publishing the measured images
     * until the last of them is in Milvus.
     */
    private Map<String, Object> endToEnd(Path folder, List<Path> files) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        int warmup = Math.max(batch, files.size() / 10);
        try (KafkaBroker kafka = KafkaBroker.builder().start(); MilvusLite milvus = MilvusLite.builder().start()) {
            String topic = "bench.images.uploaded";
            kafka.createTopic(topic, 6, Map.of());
            Map<String, String> config = new LinkedHashMap<>();
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            config.put("clipstream.milvus.uri", milvus.uri());
            config.put("clipstream.model.dir", model.toString());
            config.put("clipstream.model.id", "bench");
            config.put("clipstream.topics.uploaded", topic);
            config.put("clipstream.topics.partitions", "6");
            config.put("clipstream.fetch.file-root", folder.toString());
            config.put("clipstream.encode.max-batch-size", Integer.toString(batch));
            Path runJar = Path.of("indexer", "target", "quarkus-app", "quarkus-run.jar");
            String collection = CollectionSpec.nameFor("bench", 0);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            try (QuarkusApp indexer = QuarkusApp.start("indexer-bench", runJar, config, Duration.ofMinutes(3));
                 MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(milvus.uri()));
                 KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                         new StringSerializer());
                 KafkaConsumer<byte[], byte[]> watcher = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                         new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> log = watcher.partitionsFor("images.embeddings.bench", Duration.ofSeconds(60))
                        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                publish(producer, topic, files.subList(0, warmup), "warmup-");
                awaitRows(store, collection, warmup, indexer);
                log("warm-up: %d images indexed", warmup);

                long start = System.nanoTime();
                publish(producer, topic, files, "");
                long encodedAt = 0;
                // Polled twice a second with long-lived clients, so that watching costs the indexer no CPU.
                while (store.count(collection) < warmup + files.size()) {
                    if (encodedAt == 0 && watcher.endOffsets(log).values().stream().mapToLong(Long::longValue)
                            .sum() >= warmup + files.size()) {
                        encodedAt = System.nanoTime();
                    }
                    requireAlive(indexer);
                    TimeUnit.MILLISECONDS.sleep(500);
                }
                long end = System.nanoTime();
                encodedAt = encodedAt == 0 ? end : encodedAt;
                Files.writeString(out.resolve("indexer-metrics.txt"), indexer.get("/q/metrics").body().lines()
                        .filter(l -> l.startsWith("clipstream_")).reduce("", (a, b) -> a + b + "\n"));
                double seconds = (end - start) / 1e9;
                r.put("encode_stage_images_per_s", round(files.size() / ((encodedAt - start) / 1e9)));
                r.put("pipeline_seconds", round(seconds));
                r.put("pipeline_images_per_s", round(files.size() / seconds));
                log("pipeline Kafka -> Milvus: %d images in %.1f s = %.1f images/s", files.size(), seconds,
                        files.size() / seconds);
            }
        }
        return r;
    }

    private static void publish(KafkaProducer<String, String> producer, String topic, List<Path> files,
                                String idPrefix) {
        for (Path f : files) {
            producer.send(new ProducerRecord<>(topic, idPrefix + f.getFileName(),
                    "{\"url\":\"" + f.toUri() + "\"}"));
        }
        producer.flush();
    }

    private static void awaitRows(MilvusVectorStore store, String collection, long rows, QuarkusApp indexer)
            throws InterruptedException {
        while (!store.collectionExists(collection) || store.count(collection) < rows) {
            requireAlive(indexer);
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static void requireAlive(QuarkusApp indexer) {
        if (!indexer.isAlive()) {
            throw new IllegalStateException("the indexer died:\n" + indexer.logTail(40));
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
