package io.clipstream.kafka.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of a single-node Kafka cluster (KRaft, one process that is broker and controller) on the
 * loopback interface: what the test harness's child broker and the embedded local mode both run.
 */
public final class SingleNodeKraft {

    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    public static final int NODE_ID = 1;

    private SingleNodeKraft() {
    }

    /**
     * @param dataDir the log directory (also the metadata log's)
     * @param port the client listener ({@code PLAINTEXT}) on 127.0.0.1
     * @param controllerPort the controller listener on 127.0.0.1
     */
    public static Map<String, String> serverProperties(Path dataDir, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static voter set: storage is formatted without --standalone (that is for dynamic quorums).
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        // Internal topics default to 3 replicas, which a single node can never satisfy.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers should get partitions at once, not after the default 3 s delay.
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a kill the restarted controller refuses the broker's registration ("DUPLICATE_BROKER_REGISTRATION")
        // until the dead incarnation's session expires: 9 s by default, 4 s here, so restarts stay quick.
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }
}
