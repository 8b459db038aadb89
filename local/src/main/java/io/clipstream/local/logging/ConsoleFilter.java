package io.clipstream.local.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The quiet console of {@code clipstream local}: only the categories a user acts on (clipstream's own, Quarkus's)
 * reach it; Kafka, Kafka Streams, SmallRye and the rest stay in the log file. A filter on the console handler
 * rather than category handlers, because the broker starts before Quarkus configures logging and whatever is
 * logged until then is replayed to the root handlers only, past any category routing.
 */
@LoggingFilter(name = ConsoleFilter.NAME)
public final class ConsoleFilter implements Filter {

    public static final String NAME = "clipstream-console";

    private final List<String> categories;

    public ConsoleFilter(@ConfigProperty(name = "clipstream.local.console-categories") List<String> categories) {
        this.categories = List.copyOf(categories);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        return categories.stream().anyMatch(c -> name.equals(c) || name.startsWith(c + "."));
    }
}
