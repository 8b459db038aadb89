package io.clipstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the configuration of one {@link MilvusStandalone}: {@code configs/milvus.yaml} from the template the
 * {@code milvus} wheel ships (its {@code {{ key(type): default }}} placeholders filled), with every component on
 * 127.0.0.1 and its own free port, and {@code configs/embedEtcd.yaml} binding the embedded etcd's client and peer
 * listeners to 127.0.0.1.
 * <p>
 * Milvus 2.3.5 binds its coordinators' and nodes' gRPC servers and the metrics server to the wildcard address
 * whatever the configuration says ({@code <component>.ip} only sets the address they register and call each other
 * on), so those listeners can only be given private ports; etcd is the one that takes a listen address.
 */
final class MilvusStandaloneConfig {

    static final String LOOPBACK = "127.0.0.1";
    /** The components with a gRPC server, by their section in milvus.yaml. */
    static final List<String> COMPONENTS = List.of("rootCoord", "proxy", "queryCoord", "queryNode", "indexNode",
            "dataCoord", "dataNode");

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\{\\s*([a-z_]+)\\s*(?:\\(\\w+\\))?\\s*(?::([^}]*))?}}");
    private static final YAMLMapper YAML = new YAMLMapper();
    static final int SESSION_TTL_SECONDS = 5;

    /** Every port the server listens on, picked together so none repeats. */
    record Ports(int proxy, int proxyInternal, int rootCoord, int queryCoord, int queryNode, int indexCoord,
                 int indexNode, int dataCoord, int dataNode, int etcdClient, int etcdPeer, int metrics) {

        static Ports pick() {
            List<Integer> p = FreePorts.pick(12);
            return new Ports(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4), p.get(5), p.get(6), p.get(7),
                    p.get(8), p.get(9), p.get(10), p.get(11));
        }

        List<Integer> all() {
            return List.of(proxy, proxyInternal, rootCoord, queryCoord, queryNode, indexCoord, indexNode, dataCoord,
                    dataNode, etcdClient, etcdPeer, metrics);
        }
    }

    private MilvusStandaloneConfig() {
    }

    /** The folder the server reads ({@code MILVUSCONF}). */
    static Path configDir(Path workDir) {
        return workDir.resolve("configs");
    }

    static Path dataDir(Path workDir) {
        return workDir.resolve("data");
    }

    /** Writes both files and glog.conf (read by the C++ segment core) into {@link #configDir}. */
    static void write(Path home, Path workDir, Ports ports) {
        Path configs = configDir(workDir);
        Path data = dataDir(workDir);
        try {
            Files.createDirectories(configs);
            Files.createDirectories(data);
            // glog.conf logs to logs/ below the working directory.
            Files.createDirectories(workDir.resolve("logs"));
            Path etcdConfig = configs.resolve("embedEtcd.yaml");
            Files.writeString(etcdConfig, YAML.writeValueAsString(etcd(ports)), StandardCharsets.UTF_8);
            String template = Files.readString(home.resolve("config.yaml.template"), StandardCharsets.UTF_8);
            ObjectNode milvus = (ObjectNode) YAML.readTree(fill(template, placeholders(ports, data)));
            bindToLoopback(milvus, ports, etcdConfig);
            tuneForTests(milvus);
            Files.writeString(configs.resolve("milvus.yaml"), YAML.writeValueAsString(milvus),
                    StandardCharsets.UTF_8);
            Files.copy(home.resolve("glog.conf"), configs.resolve("glog.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Milvus configuration into " + configs, e);
        }
    }

    /** The template's placeholders: ports, and every path below this server's own data directory. */
    static Map<String, String> placeholders(Ports ports, Path data) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("etcd_port", String.valueOf(ports.etcdClient()));
        values.put("etcd_log_level", "warn");
        // stdout: one log file per server (the harness's), printed when a start fails.
        values.put("etcd_log_path", "stdout");
        values.put("etcd_data_dir", data.resolve("etcd").toString());
        values.put("root_coord_port", String.valueOf(ports.rootCoord()));
        values.put("proxy_port", String.valueOf(ports.proxy()));
        values.put("proxy_internal_port", String.valueOf(ports.proxyInternal()));
        values.put("query_coord_port", String.valueOf(ports.queryCoord()));
        values.put("query_node_port", String.valueOf(ports.queryNode()));
        values.put("index_coord_port", String.valueOf(ports.indexCoord()));
        values.put("index_node_port", String.valueOf(ports.indexNode()));
        values.put("data_coord_port", String.valueOf(ports.dataCoord()));
        values.put("data_node_port", String.valueOf(ports.dataNode()));
        values.put("local_storage_dir", data.toString());
        values.put("rocksmq_data_dir", data.resolve("rocksmq").toString());
        // Empty: no log files of its own, everything to stdout.
        values.put("system_log_path", "");
        return values;
    }

    /**
     * Replaces each {@code {{ key(type): default }}} with its value, else its default.
     *
     * @throws IllegalStateException for a placeholder with neither (a template this class does not know)
     */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = values.containsKey(key) ? values.get(key)
                    : m.group(2) != null ? m.group(2).strip() : null;
            if (value == null) {
                throw new IllegalStateException("the Milvus config template has a placeholder " + key
                        + " without a default that " + MilvusStandaloneConfig.class.getSimpleName() + " does not fill");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void bindToLoopback(ObjectNode milvus, Ports ports, Path etcdConfig) {
        ObjectNode etcd = section(milvus, "etcd");
        etcd.put("endpoints", LOOPBACK + ":" + ports.etcdClient());
        section(etcd, "config").put("path", etcdConfig.toString());
        for (String component : COMPONENTS) {
            section(milvus, component).put("ip", LOOPBACK);
        }
        // Checked, not assumed: a template that moved a port elsewhere would leave a default (shared) port behind.
        Map<String, Integer> expected = Map.of("rootCoord", ports.rootCoord(), "proxy", ports.proxy(),
                "queryCoord", ports.queryCoord(), "queryNode", ports.queryNode(), "indexNode", ports.indexNode(),
                "dataCoord", ports.dataCoord(), "dataNode", ports.dataNode());
        expected.forEach((component, port) -> {
            JsonNode configured = milvus.path(component).path("port");
            if (configured.asInt(-1) != port) {
                throw new IllegalStateException("milvus.yaml: " + component + ".port is " + configured
                        + " after filling the template, expected " + port);
            }
        });
    }

    /**
     * A restarted server waits until the sessions of the process before it expire (they outlive even a clean stop
     * in 2.3.5): with the default 30 s lease a restart takes 35 s, with 5 s about 10 s. The keep-alive runs in the
     * same process as the embedded etcd, so a short lease risks little. The quota center only polls metrics here
     * (no limits are configured), and a stop waits for its poll to time out. Faster time ticks and query coordinator
     * checks make strong-consistency reads and collection loads quicker (a load still takes about 2 s: its progress
     * is observed on a fixed one-second tick).
     */
    private static void tuneForTests(ObjectNode milvus) {
        section(section(milvus, "common"), "session").put("ttl", SESSION_TTL_SECONDS);
        // Info logs every channel tick and task: megabytes a minute, and CPU the tests need.
        section(milvus, "log").put("level", "warn");
        section(milvus, "quotaAndLimits").put("enabled", false);
        section(milvus, "proxy").put("timeTickInterval", 50);
        section(milvus, "rootCoord").put("dmlChannelNum", 4);
        ObjectNode queryCoord = section(milvus, "queryCoord");
        queryCoord.put("checkInterval", 200);
        queryCoord.put("distPullInterval", 100);
        queryCoord.put("checkChannelInterval", 100);
        queryCoord.put("checkSegmentInterval", 200);
    }

    private static ObjectNode section(ObjectNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(name);
    }

    /** The embedded etcd's own configuration: loopback only, private ports, a one-member cluster. */
    private static Map<String, Object> etcd(Ports ports) {
        String client = "http://" + LOOPBACK + ":" + ports.etcdClient();
        String peer = "http://" + LOOPBACK + ":" + ports.etcdPeer();
        Map<String, Object> etcd = new LinkedHashMap<>();
        etcd.put("name", "default");
        etcd.put("listen-client-urls", client);
        etcd.put("advertise-client-urls", client);
        etcd.put("listen-peer-urls", peer);
        etcd.put("initial-advertise-peer-urls", peer);
        etcd.put("initial-cluster", "default=" + peer);
        return etcd;
    }
}
