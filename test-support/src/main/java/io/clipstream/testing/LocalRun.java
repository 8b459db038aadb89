package io.clipstream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./clipstream local}: a Kafka broker (KRaft), Milvus Lite and the indexer on this machine, with their
 * data kept under {@code .clipstream/}; optionally publishes a folder of images through Kafka like any producer
 * would, and waits until each one is indexed or refused. Runs until Ctrl-C.
 */
public final class LocalRun {

    private static final Set<String> IMAGE_SUFFIXES = Set.of(".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp");
    private static final String UPLOADS = "images.uploaded";
    private static final String INDEXED = "images.indexed";

    private LocalRun() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        Path root = RepoPaths.root();
        Path data = root.resolve(".clipstream");
        Path model = Path.of(args.getOrDefault("model", root.resolve("models/tiny/clip-hf").toString()))
                .toAbsolutePath();
        Path images = args.containsKey("images") ? Path.of(args.get("images")).toAbsolutePath().normalize() : null;
        if (!args.containsKey("model")) {
            System.out.println("NOTE: using the bundled tiny model (random weights): search results are not "
                    + "semantically meaningful until you pass --model with a real CLIP or SigLIP export.");
        }
        try (KafkaBroker kafka = KafkaBroker.builder().persistent(data.resolve("kafka"), 9092, 9093).start();
             MilvusLite milvus = MilvusLite.builder().persistent(data.resolve("milvus"), 19530).start()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            config.put("clipstream.milvus.uri", milvus.uri());
            config.put("clipstream.model.dir", model.toString());
            config.put("clipstream.model.id", args.getOrDefault("model-id", modelId(model)));
            // One registry and one models topic for all three services: versions the trainer publishes are
            // reindexed by the indexer and activated in the query API.
            config.put("clipstream.registry.dir", data.resolve("registry").toString());
            if (images != null) {
                config.put("clipstream.fetch.file-root", images.toString());
            }
            Path runJar = root.resolve("indexer/target/quarkus-app/quarkus-run.jar");
            Map<String, String> queryConfig = new LinkedHashMap<>(config);
            queryConfig.remove("clipstream.fetch.file-root");
            String adminKey = UUID.randomUUID().toString();
            queryConfig.put("clipstream.admin.api-key", adminKey);
            queryConfig.put("clipstream.thumbnails.state-dir", data.resolve("query-api").toString());
            // publishAndWait tags each image with its path below the folder: let searches filter on it.
            queryConfig.put("clipstream.search.filter-fields.path", "string");
            Path queryJar = root.resolve("query-api/target/quarkus-app/quarkus-run.jar");
            Map<String, String> trainerConfig = new LinkedHashMap<>(queryConfig);
            trainerConfig.remove("clipstream.thumbnails.state-dir");
            trainerConfig.remove("clipstream.search.filter-fields.path");
            trainerConfig.put("clipstream.pairs.state-dir", data.resolve("click-pairs").toString());
            Path trainerJar = root.resolve("trainer/target/quarkus-app/quarkus-run.jar");
            try (QuarkusApp indexer = QuarkusApp.start("indexer", runJar, config, Duration.ofMinutes(3));
                 QuarkusApp query = QuarkusApp.start("query-api", queryJar, queryConfig, Duration.ofMinutes(3));
                 QuarkusApp trainer = QuarkusApp.start("trainer", trainerJar, trainerConfig, Duration.ofMinutes(3))) {
                System.out.printf("Kafka on %s, Milvus Lite on %s, indexer health on http://127.0.0.1:%d/q/health%n",
                        kafka.bootstrapServers(), milvus.uri(), indexer.httpPort());
                System.out.printf("logs: %s, %s, %s%n", indexer.logFile(), query.logFile(), trainer.logFile());
                if (images != null) {
                    publishAndWait(kafka.bootstrapServers(), images);
                }
                System.out.printf("%nSearch UI: http://127.0.0.1:%d/   API: http://127.0.0.1:%d/v1/search?q=...   "
                        + "OpenAPI: http://127.0.0.1:%d/q/swagger-ui%n", query.httpPort(), query.httpPort(),
                        query.httpPort());
                System.out.printf("Trainer: http://127.0.0.1:%d/v1/trainer/runs (start a cycle: POST with "
                        + "X-API-Key: %s; the same key opens the query API's /v1/admin)%n", trainer.httpPort(),
                        adminKey);
                System.out.println("Running. Publish more events to " + UPLOADS + " on " + kafka.bootstrapServers()
                        + "; press Ctrl-C to stop (data stays in " + data + ").");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
        }
    }

    private static void publishAndWait(String bootstrap, Path folder) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> IMAGE_SUFFIXES.stream()
                            .anyMatch(s -> p.toString().toLowerCase(Locale.ROOT).endsWith(s)))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            System.out.println("no images (" + IMAGE_SUFFIXES + ") under " + folder);
            return;
        }
        Map<String, Path> ids = new LinkedHashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (Path file : files) {
                // Content hash: publishing the same folder twice replaces rather than duplicates.
                String id = sha256(Files.readAllBytes(file));
                ids.put(id, file);
                String relative = folder.relativize(file).toString().replace("\\", "/").replace("\"", "\\\"");
                producer.send(new ProducerRecord<>(UPLOADS, id, "{\"url\":\"" + file.toUri()
                        + "\",\"metadata\":{\"path\":\"" + relative + "\"}}"));
            }
            producer.flush();
        }
        System.out.printf("published %d images from %s to %s; waiting for the indexer...%n", ids.size(), folder,
                UPLOADS);
        waitForStatuses(bootstrap, ids);
    }

    private static void waitForStatuses(String bootstrap, Map<String, Path> ids) throws InterruptedException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "clipstream-local-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> status = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(INDEXED));
            while (status.size() < ids.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (ids.containsKey(r.key()) && r.value() != null) {
                        status.put(r.key(), r.value());
                    }
                }
                System.out.printf("\r  %d / %d done", status.size(), ids.size());
            }
        }
        System.out.println();
        long refused = status.values().stream().filter(v -> v.contains("\"REJECTED\"")).count();
        System.out.printf("indexed %d, refused %d%n", status.size() - refused, refused);
        status.forEach((id, json) -> {
            if (json.contains("\"REJECTED\"")) {
                System.out.printf("  refused %s: %s%n", ids.get(id), json);
            }
        });
    }

    private static String modelId(Path model) {
        Path side = model.resolve("clipstream.json");
        if (Files.isRegularFile(side)) {
            try {
                String id = new ObjectMapper().readTree(side.toFile()).path("modelId").asText("");
                if (!id.isBlank()) {
                    return id;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + side, e);
            }
        }
        return model.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "-");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("usage: clipstream local [--images DIR] [--model DIR] "
                        + "[--model-id ID]; got " + String.join(" ", argv));
            }
            args.put(argv[i].substring(2), argv[++i]);
        }
        return args;
    }
}
