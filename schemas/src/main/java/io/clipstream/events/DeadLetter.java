package io.clipstream.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why and where from a record went to a dead-letter topic (schemas/dead-letter.schema.json).
 * Travels as Kafka headers next to the original key and value.
 */
public record DeadLetter(
        ErrorClass errorClass,
        String reason,
        String exceptionClassName,
        String topic,
        int partition,
        long offset,
        String stage,
        Instant time) {

    public static final String ERROR_CLASS = "dead-letter-error-class";
    public static final String REASON = "dead-letter-reason";
    public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String STAGE = "dead-letter-stage";
    public static final String TIME = "dead-letter-time";

    public DeadLetter {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(time, "time");
    }

    /** Header name to value, in a stable order. */
    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ERROR_CLASS, errorClass.name());
        headers.put(REASON, reason);
        if (exceptionClassName != null) {
            headers.put(EXCEPTION_CLASS_NAME, exceptionClassName);
        }
        headers.put(TOPIC, topic);
        headers.put(PARTITION, Integer.toString(partition));
        headers.put(OFFSET, Long.toString(offset));
        if (stage != null) {
            headers.put(STAGE, stage);
        }
        headers.put(TIME, time.toString());
        return headers;
    }

    public static DeadLetter fromHeaders(Map<String, String> headers) {
        return new DeadLetter(
                ErrorClass.valueOf(required(headers, ERROR_CLASS)),
                required(headers, REASON),
                headers.get(EXCEPTION_CLASS_NAME),
                required(headers, TOPIC),
                Integer.parseInt(required(headers, PARTITION)),
                Long.parseLong(required(headers, OFFSET)),
                headers.get(STAGE),
                Instant.parse(required(headers, TIME)));
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("dead-letter header '" + name + "' is missing");
        }
        return value;
    }
}
