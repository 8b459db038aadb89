package io.clipstream.bench;

import io.clipstream.model.onnx.PixelInput;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.KafkaBroker;
import io.clipstream.testing.MilvusLite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The three rows that run the packaged indexer, each in a fresh child JVM on one Kafka broker and one Milvus Lite
 * started on this machine: the encode stage alone (projector off), the projector alone (encode stage off) over
 * the embeddings that the encode stage logged, and both together.
 *
 * <p>Every row first runs a warm-up round of {@code warmup} images under other ids, untimed, so that JIT
 * compilation is not measured; then the clock starts just before the first measured record is published and
 * stops at the broker's append time of the last record that completes the row, read afterwards from topics
 * created here with {@code message.timestamp.type=LogAppendTime}: millisecond-exact, and the harness only polls
 * end offsets (twice a second) to know when to look.
 */
final class IngestRows implements AutoCloseable {

    private static final String WARMUP = "warmup-";
    private static final int PARTITIONS = 6;
    private static final long STALL_MS = TimeUnit.MINUTES.toMillis(3);
    private static final Map<String, String> COMPACT_APPEND_TIME = Map.of("cleanup.policy", "compact",
            "message.timestamp.type", "LogAppendTime");
    private static final Map<String, String> DELETE = Map.of("cleanup.policy", "delete");

    private final Path model;
    private final int batch;
    private final String heap;
    private final Path out;
    private final KafkaBroker kafka;
    private final MilvusLite milvus;
    private final MilvusVectorStore store;
    private final KafkaProducer<byte[], byte[]> producer;
    private final TopicLog topics;

    /** What the encode stage logged: the projector row replays it. */
    record EmbeddingLog(List<ConsumerRecord<byte[], byte[]>> warmup, List<ConsumerRecord<byte[], byte[]>> measured) {
    }

    /** A row's numbers and, for the encode stage, its log. */
    record Row(Map<String, Object> result, EmbeddingLog log) {
    }

    IngestRows(Path model, int batch, String heap, Path out) {
        this.model = model;
        this.batch = batch;
        this.heap = heap;
        this.out = out;
        kafka = KafkaBroker.builder().start();
        milvus = MilvusLite.builder().start();
        store = new MilvusVectorStore(MilvusSettings.of(milvus.uri()));
        producer = kafka.clients().producer("bench-ingest", new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"));
        topics = new TopicLog(kafka.clients());
    }

    /**
     * Encode stage alone: {@code clipstream.projector.enabled=false}, file urls in on the uploads topic, the
     * clock stopping at the append time of the last measured embedding on the embeddings log.
     */
    Row encodeStage(ImageSet set, List<Path> files, int warmup, boolean profile, PixelInput input)
            throws Exception {
        String suffix = input == PixelInput.UINT8 ? "-uint8" : "";
        String id = modelId(set, suffix);
        String uploads = "bench." + set.name() + ".uploads" + suffix;
        String embeddings = "images.embeddings." + id;
        kafka.createTopic(uploads, PARTITIONS, DELETE);
        kafka.createTopic(embeddings, PARTITIONS, COMPACT_APPEND_TIME);
        Map<String, String> config = baseConfig(set, id);
        config.put("clipstream.topics.uploaded", uploads);
        config.put("clipstream.projector.enabled", "false");
        config.put("clipstream.onnx.pixel-input", input.name().toLowerCase(java.util.Locale.ROOT));
        Path jfr = out.resolve("encode-stage-" + set.name() + ".jfr");
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap));
        if (profile) {
            Files.deleteIfExists(jfr);
            jvm.add(JfrProfile.jvmOption(jfr.toAbsolutePath()));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        try (IndexerChild indexer = IndexerChild.start(config, jvm, logFile("encode-stage" + suffix, set))) {
            publishUploads(uploads, files.subList(0, warmup), WARMUP);
            await(indexer, embeddings, warmup, "warm-up embeddings");
            ThreadCpu cpuBefore = ThreadCpu.snapshot(indexer.pid());
            long start = System.currentTimeMillis();
            publishUploads(uploads, files, "");
            await(indexer, embeddings, warmup + files.size(), "embeddings");
            ThreadCpu cpuAfter = ThreadCpu.snapshot(indexer.pid());
            long seen = System.currentTimeMillis();
            List<ConsumerRecord<byte[], byte[]>> all = topics.readAll(embeddings);
            EmbeddingLog log = split(all, files.size());
            long end = lastAppend(log.measured());
            r.putAll(rate(files.size(), start, end));
            Files.writeString(out.resolve("indexer-metrics-encode-stage" + suffix + "-" + set.name() + ".txt"),
                    indexer.metrics());
            if (profile) {
                dump(indexer.pid(), jfr);
                Map<String, Object> p = JfrProfile.summarise(jfr, Instant.ofEpochMilli(start),
                        Instant.ofEpochMilli(end));
                // The snapshots bracket publish to the poll that saw the end, a little more than the window.
                p.put("threads_cpu", cpuAfter.since(cpuBefore, (seen - start) / 1000.0));
                p.put("recording", out.relativize(jfr.toAbsolutePath()).toString());
                r.put("profile", p);
            }
            log("encode stage %s (%s input): %s images/s", set.name(), input, r.get("images_per_s"));
            return new Row(r, log);
        }
    }

    /**
     * Projector alone: {@code clipstream.encode.enabled=false}, reading a fresh copy of the encode stage's log
     * (same keys, values and headers; a fresh consumer group and collection), the clock stopping at the append
     * time of the last INDEXED status, which the projector publishes once Milvus acknowledged the upsert.
     */
    Map<String, Object> projector(ImageSet set, EmbeddingLog log) throws Exception {
        String id = modelId(set, "");
        String prefix = "bench.projector.";
        String embeddings = prefix + id;
        String indexed = "bench." + set.name() + ".indexed.projector";
        kafka.createTopic(embeddings, PARTITIONS, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(indexed, PARTITIONS, COMPACT_APPEND_TIME);
        Map<String, String> config = baseConfig(set, id);
        config.put("clipstream.encode.enabled", "false");
        config.put("clipstream.topics.embeddings-prefix", prefix);
        config.put("clipstream.topics.indexed", indexed);
        config.put("clipstream.milvus.uri", milvus.uri());
        String collection = CollectionSpec.nameFor(id, 0);
        int n = log.measured().size();
        try (IndexerChild indexer = IndexerChild.start(config, List.of("-Xmx" + heap), logFile("projector", set))) {
            replay(embeddings, log.warmup());
            await(indexer, indexed, log.warmup().size(), "warm-up statuses");
            long start = System.currentTimeMillis();
            replay(embeddings, log.measured());
            await(indexer, indexed, log.warmup().size() + n, "statuses");
            long end = lastAppend(indexedOnly(topics.readAll(indexed)));
            awaitStore(indexer, collection, log.warmup().size() + n);
            Map<String, Object> r = rate(n, start, end);
            r.put("collection", collection);
            Files.writeString(out.resolve("indexer-metrics-projector-" + set.name() + ".txt"), indexer.metrics());
            log("projector %s: %s images/s", set.name(), r.get("images_per_s"));
            return r;
        }
    }

    /** Both stages in one indexer, Kafka to Milvus; stops at the last measured INDEXED status. */
    Map<String, Object> pipeline(ImageSet set, List<Path> files, int warmup) throws Exception {
        String id = modelId(set, "-e2e");
        String uploads = "bench." + set.name() + ".uploads.e2e";
        String indexed = "bench." + set.name() + ".indexed.e2e";
        kafka.createTopic(uploads, PARTITIONS, DELETE);
        kafka.createTopic(indexed, PARTITIONS, COMPACT_APPEND_TIME);
        Map<String, String> config = baseConfig(set, id);
        config.put("clipstream.topics.uploaded", uploads);
        config.put("clipstream.topics.indexed", indexed);
        config.put("clipstream.milvus.uri", milvus.uri());
        String collection = CollectionSpec.nameFor(id, 0);
        try (IndexerChild indexer = IndexerChild.start(config, List.of("-Xmx" + heap), logFile("pipeline", set))) {
            publishUploads(uploads, files.subList(0, warmup), WARMUP);
            await(indexer, indexed, warmup, "warm-up statuses");
            long start = System.currentTimeMillis();
            publishUploads(uploads, files, "");
            await(indexer, indexed, warmup + files.size(), "statuses");
            List<ConsumerRecord<byte[], byte[]>> statuses = indexedOnly(topics.readAll(indexed));
            long end = lastAppend(statuses);
            awaitStore(indexer, collection, warmup + files.size());
            Map<String, Object> r = rate(files.size(), start, end);
            r.put("collection", collection);
            Files.writeString(out.resolve("indexer-metrics-pipeline-" + set.name() + ".txt"), indexer.metrics());
            log("pipeline %s: %s images/s", set.name(), r.get("images_per_s"));
            return r;
        }
    }

    private Map<String, String> baseConfig(ImageSet set, String id) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("clipstream.model.dir", model.toString());
        config.put("clipstream.model.id", id);
        config.put("clipstream.topics.partitions", Integer.toString(PARTITIONS));
        config.put("clipstream.fetch.file-root", set.folder().toAbsolutePath().toString());
        config.put("clipstream.encode.max-batch-size", Integer.toString(batch));
        return config;
    }

    /** {@code bench-640x480}, {@code bench-12mp-e2e}: a model id per set and row, so nothing is shared. */
    private static String modelId(ImageSet set, String suffix) {
        return "bench-" + set.name() + suffix;
    }

    private Path logFile(String row, ImageSet set) {
        return out.resolve("logs").resolve("indexer-" + row + "-" + set.name() + ".log");
    }

    private void publishUploads(String topic, List<Path> files, String idPrefix) {
        for (Path f : files) {
            producer.send(new ProducerRecord<>(topic, utf8(idPrefix + f.getFileName()),
                    utf8("{\"url\":\"" + f.toAbsolutePath().toUri() + "\"}")));
        }
        producer.flush();
    }

    private void replay(String topic, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers()));
        }
        producer.flush();
    }

    /** Waits until {@code topic} holds {@code records}; fails when nothing moves for minutes or the indexer died. */
    private void await(IndexerChild indexer, String topic, long records, String what) throws InterruptedException {
        long seen = -1;
        long movedAt = System.currentTimeMillis();
        while (true) {
            long now = topics.records(topic);
            if (now >= records) {
                return;
            }
            if (now != seen) {
                seen = now;
                movedAt = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - movedAt > STALL_MS) {
                throw new IllegalStateException(String.format(Locale.ROOT, "no progress for %d s: %s holds %d of "
                        + "%d %s (rejected images go to the dead-letter topic; see %s)%n%s", STALL_MS / 1000, topic,
                        now, records, what, "the indexer log", indexer.logTail(30)));
            }
            indexer.requireAlive();
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** The projector publishes a status after Milvus acknowledged the upsert; confirm the store has the rows. */
    private void awaitStore(IndexerChild indexer, String collection, long rows) throws InterruptedException {
        long deadline = System.currentTimeMillis() + STALL_MS;
        while (store.count(collection) < rows) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(collection + " holds " + store.count(collection) + " of " + rows);
            }
            indexer.requireAlive();
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static EmbeddingLog split(List<ConsumerRecord<byte[], byte[]>> all, int expected) {
        List<ConsumerRecord<byte[], byte[]>> warmup = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> measured = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : all) {
            (key(r).startsWith(WARMUP) ? warmup : measured).add(r);
        }
        if (measured.size() != expected) {
            throw new IllegalStateException("the embeddings log holds " + measured.size() + " measured records, "
                    + "expected " + expected);
        }
        return new EmbeddingLog(warmup, measured);
    }

    private static List<ConsumerRecord<byte[], byte[]>> indexedOnly(List<ConsumerRecord<byte[], byte[]>> statuses) {
        List<ConsumerRecord<byte[], byte[]>> measured = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : statuses) {
            if (!key(r).startsWith(WARMUP) && r.value() != null
                    && new String(r.value(), StandardCharsets.UTF_8).contains("\"INDEXED\"")) {
                measured.add(r);
            }
        }
        return measured;
    }

    private static long lastAppend(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().mapToLong(ConsumerRecord::timestamp).max()
                .orElseThrow(() -> new IllegalStateException("no measured records"));
    }

    private static Map<String, Object> rate(int images, long startMs, long endMs) {
        double seconds = (endMs - startMs) / 1000.0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("images_per_s", Rounding.round(images / seconds));
        r.put("seconds", Rounding.round(seconds));
        r.put("images", images);
        return r;
    }

    /** Writes the recording so far: the summary needs it while the indexer still runs. */
    private static void dump(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "JFR.dump", "name=bench",
                "filename=" + file.toAbsolutePath()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("jcmd JFR.dump failed:\n" + output);
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    @Override
    public void close() {
        topics.close();
        producer.close();
        store.close();
        milvus.close();
        kafka.close();
    }
}
