package io.clipstream.store.milvus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders a user value as one literal token of a Milvus boolean expression. Each output is a complete token a
 * parser reads back as exactly the value given, so no value can close the literal and add syntax.
 */
final class MilvusLiterals {

    private static final int LONG_DIGITS = 19;

    private MilvusLiterals() {
    }

    /**
     * A double-quoted string. Only the escapes both Milvus Lite and Milvus know are used ({@code \" \\ \n \r \t});
     * Milvus Lite has no {@code \\u} escape, so other characters go as they are, which both grammars accept
     * inside quotes.
     */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                i = appendSurrogatePair(value, i, out);
                continue;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Integers (up to 64 bits) as plain decimal; everything else as a Java double literal such as {@code 4.5} or
     * {@code 1.0E-5}, which both grammars read as a float. JSON numbers in Milvus compare numerically, so
     * {@code 5} and {@code 5.0} match the same records.
     */
    static String number(Number value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof AtomicInteger || value instanceof AtomicLong) {
            return Long.toString(value.longValue());
        }
        if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            return big.toString();
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            // The digit count comes first: toBigInteger of a value like 1E999999999 would be enormous.
            if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= LONG_DIGITS
                    && stripped.toBigInteger().bitLength() < Long.SIZE) {
                return stripped.toBigInteger().toString();
            }
        }
        if (value instanceof Float f) {
            requireFinite(f.doubleValue(), value);
            // Float.toString keeps 0.1f as 0.1 rather than its binary expansion 0.10000000149011612.
            return Float.toString(f);
        }
        double d = value.doubleValue();
        requireFinite(d, value);
        return Double.toString(d);
    }

    static String bool(Boolean value) {
        return value ? "true" : "false";
    }

    /** Epoch milliseconds of an instant that has no finer part: {@code event_time} holds whole milliseconds. */
    static String exactMillis(Instant value) {
        if (value.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("time " + value + " is finer than the stored milliseconds");
        }
        return Long.toString(value.toEpochMilli());
    }

    /** The largest whole millisecond at or before {@code value}. */
    static String floorMillis(Instant value) {
        return Long.toString(value.toEpochMilli());
    }

    /** The smallest whole millisecond at or after {@code value}. */
    static String ceilMillis(Instant value) {
        long floor = value.toEpochMilli();
        return Long.toString(value.getNano() % 1_000_000 == 0 ? floor : Math.addExact(floor, 1));
    }

    private static void requireFinite(double d, Number value) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("number " + value + " has no literal: only finite numbers do");
        }
    }

    /**
     * Copies a surrogate pair and returns the index of its low half. A lone surrogate has no UTF-8 form: the
     * client would send it as '?' and the filter would test another value than the one given.
     */
    private static int appendSurrogatePair(String value, int i, StringBuilder out) {
        if (Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(value, i, i + 2);
            return i + 1;
        }
        throw new IllegalArgumentException("string value has a lone surrogate at index " + i);
    }
}
