package io.clipstream.cli.publish;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The record of what was published, for {@code --resume}: one line per acknowledged record,
 * {@code topic TAB imageId TAB sha256 TAB absolutePath}, appended only after Kafka acknowledged it. A crash can
 * therefore lose at most lines of records that were acked (they are published again: an idempotent replace
 * under the same id), never claim a record that Kafka did not take. A torn last line is ignored on reading.
 */
public final class PublishState implements AutoCloseable {

    static final String HEADER = "# clipstream publish state v1: topic, image id, sha256, path";

    private final Set<String> entries;
    private final BufferedWriter writer;

    private PublishState(Set<String> entries, BufferedWriter writer) {
        this.entries = entries;
        this.writer = writer;
    }

    /** Opens {@code file} for appending; with {@code read}, what it holds counts as published. */
    public static PublishState open(Path file, boolean read) throws IOException {
        Set<String> entries = new HashSet<>();
        boolean exists = Files.exists(file);
        if (read && exists) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (isEntry(line)) {
                    entries.add(line);
                }
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (!exists || Files.size(file) == 0) {
            writer.write(HEADER);
            writer.newLine();
            writer.flush();
        } else if (!endsWithNewline(file)) {
            // A crash tore the last line: start a fresh one so that the next entry is not glued to it.
            writer.newLine();
            writer.flush();
        }
        return new PublishState(entries, writer);
    }

    /** An in-memory state for callers that keep no file. */
    public static PublishState none() {
        return new PublishState(new HashSet<>(), null);
    }

    public boolean contains(String topic, String imageId, String sha256, Path file) {
        return entries.contains(line(topic, imageId, sha256, file));
    }

    /** Records an acknowledged record; flushed at once so that a crash right after keeps it. */
    public synchronized void append(String topic, String imageId, String sha256, Path file) {
        String line = line(topic, imageId, sha256, file);
        entries.add(line);
        if (writer == null) {
            return;
        }
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the publish state file", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }

    static String line(String topic, String imageId, String sha256, Path file) {
        return String.join("\t", clean(topic), clean(imageId), sha256, clean(file.toAbsolutePath().normalize()
                .toString()));
    }

    /** Tabs and line breaks would break the line format; ids and paths with them never match a stored line. */
    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    static boolean isEntry(String line) {
        if (line.startsWith("#")) {
            return false;
        }
        List<String> parts = List.of(line.split("\t", -1));
        return parts.size() == 4 && !parts.get(0).isEmpty() && !parts.get(1).isEmpty()
                && parts.get(2).matches("[0-9a-f]{64}") && !parts.get(3).isEmpty();
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            channel.position(size - 1);
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n';
        }
    }
}
