package io.clipstream.local.logging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded broker's categories log warnings and errors (the configured levels, {@link #properties()}). Until
 * Quarkus configures logging, and for good when its start fails (a bad setting), records queue unfiltered and then
 * reach the console in bulk: some 1,800 lines before the one error that matters. So until then these categories
 * log errors only, and JMX's tracing (which the queue would otherwise overflow with) nothing below INFO.
 */
public final class BrokerLogLevels {

    /** Kafka's server, client and controller categories. */
    public static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger");
    private static final String LEVEL = "WARN";
    /** Held: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final List<Logger> HELD = new ArrayList<>();

    private BrokerLogLevels() {
    }

    /** Sets the levels of the time before Quarkus configures logging; call before the broker starts. */
    public static synchronized void applyUntilConfigured() {
        CATEGORIES.forEach(category -> hold(category, Level.SEVERE));
        hold("javax.management", Level.INFO);
    }

    private static void hold(String category, Level level) {
        Logger logger = Logger.getLogger(category);
        logger.setLevel(level);
        HELD.add(logger);
    }

    /** The same levels as the services' configuration properties, so the log file keeps them too. */
    public static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> p.put("quarkus.log.category.\"" + c + "\".level", LEVEL));
        return p;
    }
}
